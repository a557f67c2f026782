// `nnc compile --target pytorch`: lowers a model (dense merged with its bias, as torch's Linear),
// checks that every layer has a faithful PyTorch form and that the train run can be written as
// train.py, and generates the package (pytorch/package.ts). What cannot be exported is reported as
// NN4009 at the layer (or the run) with the reason; nothing is generated then.

import type { Catalogue } from '../../catalogue/types.js';
import type { ModelGraph } from '../../check/graph.js';
import type { TrainRun } from '../../check/train.js';
import { compileModel } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Target, TargetProblem } from '../target.js';
import type { IrModel } from '../../ir/ir.js';
import { optimizeForExport } from '../../ir/pipeline.js';
import { activationProblem } from './model-module.js';
import { ownOpOf, refusalOf } from '../../catalogue/index.js';
import { opShapes } from '../../ir/op-shapes.js';
import { layerEmitterFor } from './layers.js';
import { generatePytorchPackage } from './package.js';
import { snakeCase } from './python-text.js';
import { trainScriptProblem } from './train-script.js';
import type { SourceText } from '../../syntax/source.js';

export interface PytorchCompileOptions {
  compilerVersion?: string;
}

export interface PytorchOutput {
  model: string;
  run?: string;
  /** The package folder: the model's name in snake_case (`SineFit` → `sine_fit`). */
  packageName: string;
  /** File name → text, all in the package folder. */
  files: Record<string, string>;
  /** The IR that was exported. */
  ir: IrModel;
}

/** Why each op of the model has no faithful PyTorch form, if any. */
export function pytorchProblems(
  ir: IrModel,
  catalogue: Catalogue,
): { layer: string; kind: string; reason: string }[] {
  const problems: { layer: string; kind: string; reason: string }[] = [];
  for (const op of ir.ops) {
    const emitter = layerEmitterFor(op);
    const own = ownOpOf(catalogue, op.kind);
    const reason =
      op.kind === 'activation'
        ? activationProblem(op.attrs.activation, catalogue)
        : own
          ? refusalOf(own, 'pytorch', { attrs: op.attrs, shapes: opShapes(ir, op) })
          : emitter
            ? emitter.check?.(op, ir, catalogue)
            : `nnet cannot export \`${op.kind}\` ops to PyTorch`;
    if (reason) problems.push({ layer: op.source.layer, kind: op.kind, reason });
  }
  for (const param of ir.params) {
    if (
      param.values ||
      param.load ||
      // python/nnet_checkpoint.py implements every initializer of the catalogue.
      catalogue.initializers.has(param.init) ||
      /^constant\(.*\)$/.test(param.init)
    )
      continue;
    const layer = param.name.slice(0, param.name.lastIndexOf('/'));
    problems.push({
      layer,
      kind: 'layer',
      reason: `nnet_checkpoint.py has no initializer \`${param.init}\` for \`${param.name}\``,
    });
  }
  return problems;
}

export function compileModelToPytorch(
  graph: ModelGraph,
  run: TrainRun | undefined,
  sources: ReadonlyMap<string, SourceText>,
  catalogue: Catalogue,
  options: PytorchCompileOptions = {},
): { value?: PytorchOutput; diagnostics: Diagnostic[] } {
  return compileModel(graph, run, pytorchTarget, { sources, catalogue, targetOptions: options });
}

/** The PyTorch target: the exported IR (dense merged with its bias) as a Python package. */
export const pytorchTarget: Target<PytorchCompileOptions, PytorchOutput> = {
  name: 'pytorch',
  title: 'PyTorch',
  lowersRun: false,
  passes: (lowered) => [optimizeForExport(lowered)],
  problems({ graph, run, ir: [ir], catalogue }) {
    const problems: TargetProblem[] = pytorchProblems(ir, catalogue).map((problem) => ({
      layer: problem.layer,
      reason: problem.reason,
      help: 'the model still checks, counts and trains with nnc',
    }));
    if (run?.loss) {
      const reason =
        graph.inputs.length !== 1 || graph.outputs.length !== 1
          ? `train.py trains a model with one input and one output; ${graph.name} has ${graph.inputs.length} and ${graph.outputs.length}`
          : trainScriptProblem(run, catalogue);
      if (reason)
        problems.push({
          at: { file: run.file, span: run.span },
          what: `train run \`${run.name}\``,
          reason,
        });
    }
    return problems;
  },
  emit({ graph, run, ir: [ir], catalogue, options }) {
    const files = generatePytorchPackage(ir, graph, run, catalogue, {
      compilerVersion: options.compilerVersion ?? '0.0.0',
    });
    return {
      value: {
        model: graph.name,
        ...(run ? { run: run.name } : {}),
        packageName: snakeCase(graph.name),
        files,
        ir,
      },
    };
  },
};
