// Inlay hints: after each layer statement of a model or block, its output shape and parameter count
// (`→ [100] · 10,100 params`), with `×3` when a `repeat` makes several equal copies. Takes the
// checked graphs that include the document; a statement that made no node gets no hint.

import type { FlowStatement, ModelGraph } from '@nnet/compiler';
import {
  InlayHintKind,
  MarkupKind,
  type InlayHint,
  type InlayHintParams,
} from 'vscode-languageserver';
import { bodyDeclarations, flowStatements } from '../ast-query.js';
import type { ServerContext } from '../context.js';
import { formatCount, formatShape, paramsOf, paramsText } from '../describe.js';
import { overlaps, positionAt, spanOf } from '../positions.js';
import { statementExecutions, type Execution } from '../step-nodes.js';
import { stepNodesFor } from './hover-content.js';

export function inlayHints(ctx: ServerContext, params: InlayHintParams): InlayHint[] {
  if (!ctx.settings.inlayHints) return [];
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const range = spanOf(doc.source, params.range);
  const steps = stepNodesFor(ctx, doc.path);
  const hints: InlayHint[] = [];
  for (const decl of bodyDeclarations(doc.ast)) {
    if (!overlaps(decl.span, range)) continue;
    for (const statement of flowStatements(decl.body)) {
      if (!overlaps(statement.span, range)) continue;
      const executions = statementExecutions(steps, statement);
      if (executions.length === 0) continue;
      const label = decl.kind === 'Model' ? modelHint(executions, ctx) : blockHint(executions, ctx);
      hints.push({
        position: positionAt(doc.source, statement.span.end),
        label,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: tooltip(statement, executions, ctx) },
      });
    }
  }
  return hints;
}

interface Outcome {
  shape: string;
  params: number;
}

function outcome(execution: Execution, ctx: ServerContext): Outcome {
  const last = execution.nodes[execution.nodes.length - 1];
  return {
    shape: formatShape(last?.outputShape),
    params: paramsOf(execution.graph, execution.nodes, ctx.catalogue, ctx.settings.convention)
      .total,
  };
}

function label({ shape, params }: Outcome): string {
  return params > 0 ? `→ ${shape} · ${paramsText(params)}` : `→ ${shape}`;
}

/** One execution, or the copies a `repeat` made: `×3` when equal, the total when not. */
export function modelHint(executions: readonly Execution[], ctx: ServerContext): string {
  const outcomes = executions.map((e) => outcome(e, ctx));
  const last = outcomes[outcomes.length - 1];
  if (outcomes.length === 1) return label(last);
  const allEqual = outcomes.every((o) => o.shape === last.shape && o.params === last.params);
  if (allEqual) return `${label(last)} ×${outcomes.length}`;
  const total = outcomes.reduce((sum, o) => sum + o.params, 0);
  return `${label({ shape: last.shape, params: total })} in ${outcomes.length} copies`;
}

/**
 * A block's statement runs once per instance: what one instance computes when all agree, else
 * the first and last output shapes and the number of copies, short enough that the editor does not
 * cut it; the tooltip says which copy (instance and call site) computes what.
 */
function blockHint(executions: readonly Execution[], ctx: ServerContext): string {
  const outcomes = executions.map((e) => outcome(e, ctx));
  const labels = new Set(outcomes.map(label));
  if (labels.size === 1) return label(outcomes[0]);
  const shapes = [...new Set(outcomes.map((o) => o.shape))];
  const copies = `(${outcomes.length} copies)`;
  if (shapes.length === 1) return `→ ${shapes[0]} ${copies}`;
  return `→ ${shapes[0]} … ${shapes[shapes.length - 1]} ${copies}`;
}

/** `ConvBlock_1` (imports.nnet:6): the instance a copy belongs to and where it was called. */
function instanceName(execution: Execution, ctx: ServerContext): string {
  const node = execution.nodes[execution.nodes.length - 1];
  if (!node) return execution.graph.name;
  // In a block: the instance (`ConvBlock_1`); in a model's `repeat`: the copy's last layer.
  const instance = node.blockPath[node.blockPath.length - 1] ?? node.name;
  const call = node.callSites[node.callSites.length - 1];
  const source = call ? ctx.files.source(call.file) : undefined;
  if (!call || !source) return `\`${instance}\``;
  const line = source.position(call.span.start).line;
  return `\`${instance}\` (${call.file.split(/[\\/]/).pop()}:${line})`;
}

function tooltip(
  statement: FlowStatement,
  executions: readonly Execution[],
  ctx: ServerContext,
): string {
  const rows = ['| layer | kind | output | params |', '|---|---|---|---:|'];
  const graphs = new Set<ModelGraph>();
  for (const execution of executions) {
    graphs.add(execution.graph);
    for (const node of execution.nodes) {
      const params = paramsOf(
        execution.graph,
        [node],
        ctx.catalogue,
        ctx.settings.convention,
      ).total;
      rows.push(
        `| \`${node.name}\` | ${node.kind} | ${formatShape(node.outputShape)} | ${formatCount(params)} |`,
      );
    }
  }
  const where = [...graphs].map((g) => `\`${g.name}\``).join(', ');
  const rowsShown = rows.length > 42 ? [...rows.slice(0, 42), `| … | | | |`] : rows;
  const copies =
    executions.length > 1
      ? [
          '',
          'Copy by copy:',
          '',
          ...executions
            .slice(0, 20)
            .map((e, i) => `${i + 1}. ${instanceName(e, ctx)} ${label(outcome(e, ctx))}`),
          ...(executions.length > 20 ? [`… and ${executions.length - 20} more`] : []),
        ]
      : [];
  return [
    `In ${where}, ${statement.steps.length > 1 ? 'this pipeline' : 'this statement'} makes:`,
    '',
    ...rowsShown,
    ...copies,
  ].join('\n');
}
