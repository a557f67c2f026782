// Markdown for hovers on the user's own things: a definition (const, model, block, parameter, value,
// input, run) with its doc comment, and what a step or statement computes (input and output shapes,
// weights, parameters) from the checked graph.

import type {
  FlowStatement,
  LayerNode,
  ModelGraph,
  Node,
  SourceFile,
  SourceText,
  Span,
  Convention,
} from '@nnet/compiler';
import { walk } from '../ast-query.js';
import type { DocumentState, ServerContext } from '../context.js';
import { formatCount, formatShape, paramsOf, paramsText, summaryOf } from '../describe.js';
import { StepNodes, statementExecutions, stepNodesInput, type Execution } from '../step-nodes.js';

type SymbolDefinition = NonNullable<
  DocumentState['analysis']['result']['checked']
>['definitions'][number];

export function codeBlock(text: string): string {
  return ['```nnet', text, '```'].join('\n');
}

/** The node declaring a definition: the declaration, parameter, input or statement named by it. */
function declaringNode(ast: SourceFile, span: Span): Node | undefined {
  let found: Node | undefined;
  for (const node of walk(ast)) {
    const named = node as {
      name?: { span?: Span };
      target?: { span?: Span };
      runName?: { span?: Span };
    };
    const nameSpan = named.target?.span ?? named.runName?.span ?? named.name?.span;
    if (
      node.kind !== 'Identifier' &&
      node.kind !== 'Field' &&
      node.kind !== 'Argument' &&
      node.kind !== 'Name' &&
      nameSpan?.start === span.start
    )
      found = node;
  }
  return found;
}

function headerText(source: SourceText, node: Node): string {
  const text = source.text.slice(node.span.start, node.span.end);
  const brace =
    node.kind === 'Model' || node.kind === 'Block' || node.kind === 'Train'
      ? text.indexOf('{')
      : -1;
  const head = (brace >= 0 ? text.slice(0, brace) : text).trim();
  const oneLine = head.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

export function definitionMarkdown(
  ctx: ServerContext,
  doc: DocumentState,
  definition: SymbolDefinition,
): string {
  const parsed = ctx
    .analysesIncluding(definition.file)
    .map((a) => a.result.program?.files.get(definition.file))
    .find((p) => p);
  const node = parsed ? declaringNode(parsed.ast, definition.span) : undefined;
  const parts: string[] = [];
  const header = node && parsed ? headerText(parsed.source, node) : definition.name;
  parts.push(codeBlock(definition.kind === 'parameter' ? `(parameter) ${header}` : header));
  const docComment = (node as { doc?: string } | undefined)?.doc;
  if (docComment) parts.push(docComment);
  if (definition.kind === 'model') {
    const graph = doc.analysis.result.checked?.models.find(
      (g) => g.name === definition.name && g.location.file === definition.file,
    );
    if (graph) parts.push(modelTotals(ctx, graph));
    const ensemble = doc.analysis.result.checked?.ensembles.find(
      (e) => e.name === definition.name && e.file === definition.file,
    );
    if (ensemble) parts.push(ensembleTotals(ctx, ensemble));
  }
  if ((definition.kind === 'value' || definition.kind === 'input') && parsed && node) {
    const shape = valueShape(ctx, definition, node);
    if (shape) parts.push(`Shape: \`${shape}\``);
  }
  if (definition.file !== doc.path)
    parts.push(`Defined in \`${definition.file.split(/[\\/]/).pop()}\``);
  return parts.join('\n\n');
}

/** The summary's count for an ensemble: rounds × the learner's parameters + one α per round. */
function ensembleTotals(
  ctx: ServerContext,
  ensemble: NonNullable<DocumentState['analysis']['result']['checked']>['ensembles'][number],
): string {
  const rounds = typeof ensemble.args.rounds === 'number' ? ensemble.args.rounds : 0;
  const learner = ensemble.graph
    ? summaryOf(ensemble.graph, ctx.catalogue, ctx.settings.convention).totals.total
    : 0;
  return [
    `${paramsText(rounds * learner + rounds)} at most: ${formatCount(rounds)} × ${formatCount(learner)} (\`${ensemble.learnerText ?? ensemble.learner}\`) + ${formatCount(rounds)} α`,
    ensemble.classes !== undefined ? `Voting for ${ensemble.classes} classes` : '',
  ]
    .filter(Boolean)
    .join('  \n');
}

function modelTotals(ctx: ServerContext, graph: ModelGraph): string {
  const { totals } = summaryOf(graph, ctx.catalogue, ctx.settings.convention);
  const inputs = graph.inputs.map((i) => `\`${i.name}\` ${formatShape(i.shape)}`).join(', ');
  const lastShape = graph.outputs.map((id) => formatShape(graph.values[id]?.shape)).join(', ');
  return [
    `${paramsText(totals.total)} (${formatCount(totals.trainable)} trainable, ${formatCount(totals.nonTrainable)} non-trainable)`,
    `Inputs: ${inputs || 'none'} → outputs: ${lastShape || 'none'}`,
  ].join('  \n');
}

function valueShape(
  ctx: ServerContext,
  definition: SymbolDefinition,
  node: Node,
): string | undefined {
  const graphs = ctx
    .analysesIncluding(definition.file)
    .flatMap((a) => a.result.checked?.models ?? []);
  if (node.kind === 'Input') {
    for (const graph of graphs) {
      const input = graph.inputs.find(
        (i) =>
          i.location.file === definition.file && i.location.span.start === definition.span.start,
      );
      if (input) return `${input.dtype === 'int' ? 'int' : ''}${formatShape(input.shape)}`;
    }
    return undefined;
  }
  if (node.kind !== 'Flow') return undefined;
  const executions = statementExecutions(stepNodesFor(ctx, definition.file), node);
  const shapes = [
    ...new Set(executions.map((e) => formatShape(e.nodes[e.nodes.length - 1]?.outputShape))),
  ];
  return shapes.length ? shapes.join(' | ') : undefined;
}

function inputShapes(execution: Execution): string {
  const first = execution.nodes[0];
  if (!first) return '[?]';
  const shapes = first.inputs.map((id) => formatShape(execution.graph.values[id]?.shape));
  return shapes.length === 1 ? shapes[0] : shapes.join(' + ');
}

function weightsText(node: LayerNode, convention: Convention): string {
  const weights = node.weights.filter((w) => !w.conventions || w.conventions.includes(convention));
  return weights
    .map(
      (w) =>
        `\`${w.name}\` ${formatShape(w.shape)}${w.trainable && node.trainable ? '' : ' (non-trainable)'}`,
    )
    .join(', ');
}

/** What the executions of a step or statement compute: one line each (the first few of many). */
export function executionsMarkdown(ctx: ServerContext, executions: readonly Execution[]): string {
  const lines: string[] = [];
  for (const execution of executions.slice(0, 8)) {
    const params = paramsOf(
      execution.graph,
      execution.nodes,
      ctx.catalogue,
      ctx.settings.convention,
    ).total;
    const last = execution.nodes[execution.nodes.length - 1];
    const names =
      execution.nodes.length === 1
        ? `\`${last.name}\``
        : `\`${execution.nodes[0].name}\` … \`${last.name}\``;
    const where = execution.graph.name;
    let line = `${names} in \`${where}\`: input ${inputShapes(execution)} → output ${formatShape(last.outputShape)} · ${paramsText(params)}`;
    if (execution.nodes.length === 1 && last.weights.length > 0)
      line += `  \nweights: ${weightsText(last, ctx.settings.convention)}`;
    lines.push(line);
  }
  if (executions.length > 8) lines.push(`… and ${executions.length - 8} more copies`);
  return lines.join('\n\n');
}

/** The innermost flow statement on a path of nodes. */
export function statementAt(path: readonly Node[]): FlowStatement | undefined {
  for (let i = path.length - 1; i >= 0; i--)
    if (path[i].kind === 'Flow') return path[i] as FlowStatement;
  return undefined;
}

/** Which nodes each step of a file made, in every model that includes the file. */
export function stepNodesFor(ctx: ServerContext, file: string): StepNodes {
  return new StepNodes(file, stepNodesInput(ctx.analysesIncluding(file)));
}
