// `nnc compile --target onnx`: lowers a model (dropout kept, in its inference form), merges each
// matmul with its bias, and writes the ONNX graph with the model's weights (given, e.g. from a
// checkpoint; hand-set; loaded with `load(…)`; or initialized from a seed as the JS module would).
// Layers ONNX export cannot express, and weights that cannot be had, are reported as NN4009 at the
// layer, with the reason; nothing is written then.

import { loadTensorInto } from '@nnet/runtime';
import type { Catalogue } from '../catalogue/types.js';
import type { ModelGraph } from '../check/graph.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { IrModel } from '../ir/ir.js';
import { lowerModel } from '../ir/lower.js';
import { optimizeForExport } from '../ir/pipeline.js';
import { buildOnnxModel, exportProblems } from '../onnx/export-model.js';
import { initialWeights } from '../onnx/initial-weights.js';
import { encodeModel, type ModelProto } from '../onnx/proto.js';
import type { SourceText } from '../syntax/source.js';

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
  const bag = new DiagnosticBag(graph.location.file);
  const ir = optimizeForExport(lowerModel(graph, { catalogue, sources }));
  const reported = new Set<string>();
  const report = (layer: string, fallbackKind: string, reason: string, help?: string) => {
    if (reported.has(layer)) return;
    reported.add(layer);
    const node = graph.nodes.find((n) => n.name === layer);
    const at = node?.location ?? graph.location;
    const target = at.file === bag.file ? bag : new DiagnosticBag(at.file);
    target.report(Messages.CannotCompile, at.span, {
      what: `\`${node?.kind ?? fallbackKind}\` (layer \`${layer}\`)`,
      target: 'ONNX',
      reason,
      ...(help ? { help } : {}),
    });
    if (target !== bag) bag.items.push(...target.items);
  };
  for (const problem of exportProblems(ir, catalogue))
    report(problem.op.source.layer, problem.op.kind, problem.reason);

  const initial = initialWeights(ir.params, options.seed ?? 0);
  const weights = new Map<string, Float32Array>();
  for (const param of ir.params) {
    const size = param.shape.reduce((a, b) => a * b, 1);
    const given = options.weights?.[param.name];
    const layer = param.name.slice(0, param.name.lastIndexOf('/'));
    if (given && given.length !== size) {
      report(
        layer,
        'layer',
        `the weights given for \`${param.name}\` have ${given.length} values, but its shape [${param.shape.join(', ')}] holds ${size}`,
      );
    } else if (given) weights.set(param.name, given);
    else if (options.weightsSource)
      report(layer, 'layer', `\`${options.weightsSource}\` has no tensor \`${param.name}\``);
    else if (param.load) {
      const values = new Float32Array(size);
      try {
        loadTensorInto(values, param.load.file, param.load.tensor, graph.location.file);
        weights.set(param.name, values);
      } catch (error) {
        report(
          layer,
          'layer',
          `its weight \`${param.name}\` cannot be loaded: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    } else weights.set(param.name, initial.get(param.name)!);
  }
  if (bag.items.length) return { diagnostics: bag.items };

  const proto = buildOnnxModel(ir, (name) => weights.get(name)!, {
    producerVersion: options.compilerVersion ?? '0.0.0',
    layerKinds: new Map(graph.nodes.map((node) => [node.name, node.kind])),
    catalogue,
  });
  return { value: { model: graph.name, bytes: encodeModel(proto), proto, ir }, diagnostics: [] };
}
