// `nnc compile --target onnx`: lowers a model (dropout kept, in its inference form), merges each
// matmul with its bias, and writes the ONNX graph with the model's weights (given, e.g. from a
// checkpoint; hand-set; loaded with `load(…)`; or initialized from a seed as the JS module would).
// Layers ONNX export cannot express, and weights that cannot be had, are reported as NN4009 at the
// layer, with the reason; nothing is written then.

import { loadTensorInto } from '@nnet/runtime/train';
import type { Catalogue } from '../../catalogue/types.js';
import type { ModelGraph } from '../../check/graph.js';
import { compileModel } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Target, TargetProblem } from '../target.js';
import type { IrModel } from '../../ir/ir.js';
import { optimizeForExport } from '../../ir/pipeline.js';
import { buildOnnxModel, exportProblems } from './export-model.js';
import { initialWeights } from './initial-weights.js';
import { encodeModel, type ModelProto } from '../../onnx/proto.js';
import type { SourceText } from '../../syntax/source.js';

export interface OnnxCompileOptions {
  /** Weights by parameter name (`dense/weights`, Keras layout), e.g. a loaded model's `params`. */
  weights?: Readonly<Record<string, Float32Array>>;
  /** Where `weights` come from (a checkpoint's path): then every parameter must be among them. */
  weightsSource?: string;
  /** Seed for the weights that are neither given nor hand-set (as `create({ seed })`); default 0. */
  seed?: number;
  compilerVersion?: string;
}

export interface OnnxOutput {
  model: string;
  bytes: Uint8Array;
  proto: ModelProto;
  /** The IR that was exported. */
  ir: IrModel;
}

export function compileModelToOnnx(
  graph: ModelGraph,
  sources: ReadonlyMap<string, SourceText>,
  catalogue: Catalogue,
  options: OnnxCompileOptions = {},
): { value?: OnnxOutput; diagnostics: Diagnostic[] } {
  return compileModel(graph, undefined, onnxTarget, { sources, catalogue, targetOptions: options });
}

/** The ONNX target: the exported IR (dense merged with its bias) as an opset 17 graph. */
export const onnxTarget: Target<OnnxCompileOptions, OnnxOutput> = {
  name: 'onnx',
  title: 'ONNX',
  lowersRun: false,
  passes: (lowered) => [optimizeForExport(lowered)],
  problems: ({ graph, ir: [ir], catalogue, options }) => [
    ...exportProblems(ir, catalogue).map((problem) => ({
      layer: problem.op.source.layer,
      reason: problem.reason,
    })),
    ...modelWeights(graph, ir, options).problems,
  ],
  emit({ graph, ir: [ir], catalogue, options }) {
    const { weights, problems } = modelWeights(graph, ir, options);
    if (problems.length) return { problems };
    const proto = buildOnnxModel(ir, (name) => weights.get(name)!, {
      producerVersion: options.compilerVersion ?? '0.0.0',
      layerKinds: new Map(graph.nodes.map((node) => [node.name, node.kind])),
      catalogue,
    });
    return { value: { model: graph.name, bytes: encodeModel(proto), proto, ir } };
  },
};

/** Every weight's values (given, hand-set, loaded or initialized), or why one cannot be had. */
function modelWeights(
  graph: ModelGraph,
  ir: IrModel,
  options: OnnxCompileOptions,
): { weights: Map<string, Float32Array>; problems: TargetProblem[] } {
  const problems: TargetProblem[] = [];
  const report = (layer: string, reason: string) => problems.push({ layer, reason });
  const initial = initialWeights(ir.params, options.seed ?? 0);
  const weights = new Map<string, Float32Array>();
  for (const param of ir.params) {
    const size = param.shape.reduce((a, b) => a * b, 1);
    const given = options.weights?.[param.name];
    const layer = param.name.slice(0, param.name.lastIndexOf('/'));
    if (given && given.length !== size) {
      report(
        layer,
        `the weights given for \`${param.name}\` have ${given.length} values, but its shape [${param.shape.join(', ')}] holds ${size}`,
      );
    } else if (given) weights.set(param.name, given);
    else if (options.weightsSource)
      report(layer, `\`${options.weightsSource}\` has no tensor \`${param.name}\``);
    else if (param.load) {
      const values = new Float32Array(size);
      try {
        loadTensorInto(values, param.load.file, param.load.tensor, graph.location.file);
        weights.set(param.name, values);
      } catch (error) {
        report(
          layer,
          `its weight \`${param.name}\` cannot be loaded: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    } else weights.set(param.name, initial.get(param.name)!);
  }
  return { weights, problems };
}
