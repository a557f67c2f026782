// `nnc compile --target js`: picks a model (and its train run), lowers it, runs the training and
// inference pipelines of passes, and generates the ES module and its .d.ts. Layers the JS
// generator cannot emit yet are reported as NN4009 with the layer's location.

import { ownOpOf, refusalOf } from '../../catalogue/index.js';
import type { Catalogue } from '../../catalogue/types.js';
import type { CheckedProgram } from '../../check/index.js';
import type { ModelGraph } from '../../check/graph.js';
import type { TrainRun } from '../../check/train.js';
import { compileModel } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Target, TargetProblem } from '../target.js';
import type { IrModel } from '../../ir/ir.js';
import { optimizeForInference, optimizeForTraining } from '../../ir/pipeline.js';
import type { SourceText } from '../../syntax/source.js';
import { generateDts } from './dts.js';
import { generateJsModule } from './module.js';
import { emitterFor, unsupportedReason } from './ops.js';

export interface JsCompileOptions {
  runtimeImport?: string;
  compilerVersion?: string;
}

export interface JsOutput {
  model: string;
  run?: string;
  js: string;
  dts: string;
  train: IrModel;
  infer: IrModel;
}

export function compileModelToJs(
  graph: ModelGraph,
  run: TrainRun | undefined,
  checked: CheckedProgram,
  sources: ReadonlyMap<string, SourceText>,
  catalogue: Catalogue,
  options: JsCompileOptions = {},
): { value?: JsOutput; diagnostics: Diagnostic[] } {
  void checked;
  return compileModel(graph, run, jsTarget, { sources, catalogue, targetOptions: options });
}

/** The JS target: training and inference graphs as one ES module over the runtime's kernels. */
export const jsTarget: Target<JsCompileOptions, JsOutput> = {
  name: 'js',
  title: 'JavaScript',
  lowersRun: true,
  passes: (lowered, catalogue) => [
    optimizeForTraining(lowered, catalogue),
    optimizeForInference(lowered, catalogue),
  ],
  problems({ graph, ir: [train], catalogue }) {
    // Several inputs are packed one after the other in each sample (module.ts); one output.
    if (graph.outputs.length !== 1)
      return [
        {
          what: `model \`${graph.name}\``,
          reason: `the generated API gives one output; it has ${graph.outputs.length}`,
        },
      ];
    const problems: TargetProblem[] = [];
    for (const op of train.ops) {
      // A layer's own op is refused by its file's words; the others when no emitter or kernel fits.
      const own = ownOpOf(catalogue, op.kind);
      const reason = own
        ? refusalOf(own, 'js')
        : emitterFor(op)
          ? unsupportedReason(op)
          : 'the runtime has no kernels for it yet';
      if (reason)
        problems.push({
          layer: op.source.layer,
          reason,
          help: 'the model still checks and counts with `nnc check` and `nnc summary`',
        });
    }
    return problems;
  },
  emit({ graph, run, ir: [train, infer], catalogue, options }) {
    const moduleOptions = {
      runtimeImport: options.runtimeImport ?? '@nnet/runtime',
      compilerVersion: options.compilerVersion ?? '0.0.0',
      catalogue,
    };
    return {
      value: {
        model: graph.name,
        ...(run ? { run: run.name } : {}),
        js: generateJsModule(train, infer, moduleOptions),
        dts: generateDts(train),
        train,
        infer,
      },
    };
  },
};
