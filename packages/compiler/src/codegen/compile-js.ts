// `nnc compile --target js`: picks a model (and its train run), lowers it, runs the training and
// inference pipelines of passes, and generates the ES module and its .d.ts. Layers the JS
// generator cannot emit yet are reported as NN4009 with the layer's location.

import type { Catalogue } from '../catalogue/types.js';
import type { CheckedProgram } from '../check/index.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { IrModel } from '../ir/ir.js';
import { lowerModel } from '../ir/lower.js';
import { optimizeForInference, optimizeForTraining } from '../ir/pipeline.js';
import type { SourceText } from '../syntax/source.js';
import { generateDts } from './js/dts.js';
import { generateJsModule } from './js/module.js';
import { opEmitters, unsupportedReason } from './js/ops.js';

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
  const bag = new DiagnosticBag(graph.location.file);
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    bag.report(Messages.CannotCompile, graph.location.span, {
      what: `model \`${graph.name}\``,
      target: 'JavaScript',
      reason: `the generated API takes one input and gives one output; it has ${graph.inputs.length} and ${graph.outputs.length}`,
    });
    return { diagnostics: bag.items };
  }
  const lowered = lowerModel(graph, { catalogue, sources, ...(run ? { run } : {}) });
  for (const op of lowered.ops) {
    const reason = opEmitters[op.kind]
      ? unsupportedReason(op)
      : 'the runtime has no kernels for it yet';
    if (!reason) continue;
    const node = graph.nodes.find((n) => n.name === op.source.layer);
    const at = node?.location ?? graph.location;
    const diagnosticBag = at.file === bag.file ? bag : new DiagnosticBag(at.file);
    diagnosticBag.report(Messages.CannotCompile, at.span, {
      what: `\`${node?.kind ?? op.kind}\``,
      target: 'JavaScript',
      reason,
      help: 'the model still checks and counts with `nnc check` and `nnc summary`',
    });
    if (diagnosticBag !== bag) bag.items.push(...diagnosticBag.items);
  }
  if (bag.items.length) return { diagnostics: bag.items };
  void checked;
  const train = optimizeForTraining(lowered, catalogue);
  const infer = optimizeForInference(lowered, catalogue);
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
    diagnostics: [],
  };
}
