// Code lenses on each model: total and trainable parameters (runs `nnet.showSummary`) and a diagram
// link (`nnet.showDiagram`), both with the file URI and model name, which the VS Code extension
// implements. Also the `nnet/summary` and `nnet/graph` requests those commands can ask for.

import {
  renderModelSvg,
  renderSummaryMarkdown,
  renderSummaryText,
  summarize,
  summaryJson,
  type ModelGraph,
  type TrainRun,
} from '@nnet/compiler';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { formatCount, formatShape } from '../describe.js';
import { rangeOf } from '../positions.js';
import { searchCodeLenses } from './search.js';

export function codeLenses(ctx: ServerContext, params: CodeLensParams): CodeLens[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const lenses: CodeLens[] = [];
  for (const graph of doc.analysis.result.checked?.models ?? []) {
    if (graph.location.file !== doc.path) continue;
    const decl = doc.ast.declarations.find(
      (d) => d.kind === 'Model' && d.name.span.start === graph.location.span.start,
    );
    const range = rangeOf(
      doc.source,
      decl ? { start: decl.span.start, end: decl.span.start } : graph.location.span,
    );
    const { totals } = summarize(graph, ctx.catalogue, ctx.settings.convention);
    const incomplete = graph.complete ? '' : ' (so far: the model has errors)';
    const title = `${formatCount(totals.total)} params · ${formatCount(totals.trainable)} trainable${incomplete}`;
    const args = [params.textDocument.uri, graph.name];
    lenses.push({ range, command: { title, command: 'nnet.showSummary', arguments: args } });
    lenses.push({
      range,
      command: { title: 'Show diagram', command: 'nnet.showDiagram', arguments: args },
    });
  }
  lenses.push(...searchCodeLenses(doc));
  return lenses;
}

export function findGraph(
  ctx: ServerContext,
  uri: string,
  model: string,
): { graph: ModelGraph; runs: TrainRun[] } | undefined {
  const checked = ctx.document(uri)?.analysis.result.checked;
  const graph = checked?.models.find((g) => g.name === model);
  return checked && graph ? { graph, runs: checked.runs } : undefined;
}

/** `nnet/summary`: the model's summary as Markdown, text and JSON (what `nnc summary` prints). */
export function modelSummary(
  ctx: ServerContext,
  params: { uri: string; model: string; convention?: string },
) {
  const found = findGraph(ctx, params.uri, params.model);
  if (!found) return null;
  const convention =
    params.convention === 'torch' || params.convention === 'keras'
      ? params.convention
      : ctx.settings.convention;
  const summary = summarize(found.graph, ctx.catalogue, convention, found.runs);
  return {
    markdown: renderSummaryMarkdown(summary),
    text: renderSummaryText(summary),
    json: summaryJson(summary),
  };
}

/** `nnet/graph`: the model's layers and edges, for drawing the diagram. */
export function modelGraph(ctx: ServerContext, params: { uri: string; model: string }) {
  const found = findGraph(ctx, params.uri, params.model);
  if (!found) return null;
  const { graph } = found;
  const producer = (valueId: number) => {
    const value = graph.values[valueId];
    return value?.producer !== undefined
      ? graph.nodes[value.producer]?.name
      : graph.inputs.find((i) => i.valueId === valueId)?.name;
  };
  return {
    model: graph.name,
    complete: graph.complete,
    // The same SVG `nnc graph` writes; its layer boxes carry data-node="<index into nodes>".
    svg: renderModelSvg(graph, summarize(graph, ctx.catalogue, ctx.settings.convention), {
      catalogue: ctx.catalogue,
    }),
    inputs: graph.inputs.map((i) => ({
      name: i.name,
      shape: formatShape(i.shape),
      dtype: i.dtype,
    })),
    nodes: graph.nodes.map((n) => ({
      name: n.name,
      kind: n.kind,
      shape: formatShape(n.outputShape),
      inputs: n.inputs.map(producer).filter((x): x is string => x !== undefined),
      block: n.blockPath.join('/'),
      location: {
        uri: ctx.files.uriOf(n.location.file),
        start: n.location.span.start,
        end: n.location.span.end,
      },
    })),
    outputs: graph.outputs.map(producer).filter((x): x is string => x !== undefined),
  };
}
