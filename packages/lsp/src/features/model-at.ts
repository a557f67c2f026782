// `nnet/modelAt`: the models a document declares, and the one under the cursor (a `train` run
// counts its model; outside every model a file with one model answers with it) with its parameter
// totals, from the server's own check — the VS Code status bar and commands ask this.

import { summarize, type Convention } from '@nnet/compiler';
import type { ServerContext } from '../context.js';

export interface ModelAtCursor {
  model: string;
  totals: { total: number; trainable: number; nonTrainable: number };
  convention: Convention;
  /** False when errors left the model incomplete: the totals count what is known so far. */
  complete: boolean;
  /** True when the cursor is in a `train` run of the model rather than in the model itself. */
  viaTrainRun: boolean;
}

export interface ModelsAt {
  /** The models the document itself declares, in source order. */
  models: string[];
  found: ModelAtCursor | null;
}

export function modelsAt(
  ctx: ServerContext,
  params: { uri: string; offset: number; convention?: string },
): ModelsAt | null {
  const doc = ctx.document(params.uri);
  if (!doc) return null;
  const models = doc.ast.declarations.flatMap((d) => (d.kind === 'Model' ? [d.name.name] : []));
  return { models, found: modelAtCursor(ctx, doc, models, params) };
}

function modelAtCursor(
  ctx: ServerContext,
  doc: NonNullable<ReturnType<ServerContext['document']>>,
  models: readonly string[],
  params: { offset: number; convention?: string },
): ModelAtCursor | null {
  const checked = doc.analysis.result.checked;
  if (!checked) return null;
  const declarations = doc.ast.declarations;
  const decl = declarations.find(
    (d) =>
      d.span.start <= params.offset &&
      params.offset <= d.span.end &&
      (d.kind === 'Model' || d.kind === 'Train'),
  );
  let name: string;
  if (decl?.kind === 'Model') name = decl.name.name;
  else if (decl?.kind === 'Train') name = decl.model.name;
  else if (models.length === 1) name = models[0];
  else return null;
  const graph =
    checked.models.find((g) => g.name === name && g.location.file === doc.path) ??
    checked.models.find((g) => g.name === name);
  if (!graph) return null;
  const convention: Convention =
    params.convention === 'torch' || params.convention === 'keras'
      ? params.convention
      : ctx.settings.convention;
  const { totals } = summarize(graph, ctx.catalogue, convention);
  return {
    model: graph.name,
    totals,
    convention,
    complete: graph.complete,
    viaTrainRun: decl?.kind === 'Train',
  };
}
