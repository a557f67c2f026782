// `nnet/ir`: the IR a model compiles to for a target — lowered, then the target's passes, as
// `nnc compile --dump ir --target X` prints it — from the server's check of the unsaved text, with
// what the target cannot express (NN4009). Answered by hosts given the targets (the Node server).

import { renderDiagnostic, targetIr, printIr, type Target } from '@nnet/compiler';
import type { ServerContext } from '../context.js';
import { findGraph } from './code-lens.js';

/** The targets by name, as `@nnet/compiler/targets` exports them. */
export type TargetsByName = Readonly<Record<string, Target<object, unknown>>>;

export interface IrAnswer {
  model: string;
  target: string;
  /** The IR, one graph after another (JS: training, then inference); empty when there is none. */
  text: string;
  /** Why there is no IR, or what the target cannot express in it, one rendered diagnostic each. */
  problems: string[];
}

export function modelIr(
  ctx: ServerContext,
  targets: TargetsByName,
  params: { uri: string; model: string; target: string },
): IrAnswer | null {
  const target = targets[params.target];
  const found = findGraph(ctx, params.uri, params.model);
  const doc = ctx.document(params.uri);
  if (!target || !found || !doc) return null;
  const answer = { model: params.model, target: params.target };
  const result = doc.analysis.result;
  // As `nnc compile --dump ir`: the data files are not read, so their errors do not count.
  const dataFiles = new Set(doc.analysis.dataDiagnostics);
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !dataFiles.has(d));
  if (!found.graph.complete || errors.length > 0)
    return {
      ...answer,
      text: '',
      problems: ['the file has errors: the IR is shown once it checks, as for nnc compile'],
    };
  const run = found.runs.find(
    (r) => r.model === found.graph.name && r.file === found.graph.location.file,
  );
  const { ir, diagnostics } = targetIr(found.graph, run, target, {
    sources: result.sources,
    catalogue: ctx.catalogue,
    targetOptions: {},
  });
  return {
    ...answer,
    text: ir.map(printIr).join('\n\n'),
    problems: diagnostics.map((d) =>
      renderDiagnostic(d, result.sources.get(d.file), {
        color: false,
        displayPath: (file) => file.split(/[\\/]/).pop() ?? file,
      }),
    ),
  };
}
