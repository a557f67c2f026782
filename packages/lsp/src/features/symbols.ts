// Document symbols (the outline: imports, consts, models and blocks with their inputs and layer
// statements, train runs with their settings) and workspace symbols (models, blocks, consts and runs
// of every .nnet file in the workspace). Names are never empty (editors reject empty names).

import type { Declaration, FlowStatement, ModelGraph, SourceText, Statement } from '@nnet/compiler';
import {
  SymbolKind,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { formatShape, paramsText, summaryOf } from '../describe.js';
import { rangeOf } from '../positions.js';
import { statementExecutions, type StepNodes } from '../step-nodes.js';
import { stepNodesFor } from './hover-content.js';

function oneLine(source: SourceText, span: { start: number; end: number }, max = 60): string {
  const text = source.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text || '(empty)';
}

function symbol(
  source: SourceText,
  name: string,
  kind: SymbolKind,
  span: { start: number; end: number },
  selection: { start: number; end: number },
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const range = rangeOf(source, span);
  const inside = selection.start >= span.start && selection.end <= span.end;
  return {
    name: name || '(unnamed)',
    kind,
    range,
    selectionRange: inside ? rangeOf(source, selection) : range,
    ...(detail ? { detail } : {}),
    ...(children ? { children } : {}),
  };
}

export function documentSymbols(
  ctx: ServerContext,
  params: DocumentSymbolParams,
): DocumentSymbol[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const steps = stepNodesFor(ctx, doc.path);
  const source = doc.source;
  return doc.ast.declarations.map((decl) =>
    declarationSymbol(ctx, decl, source, steps, doc.analysis.result.checked?.models ?? []),
  );
}

function declarationSymbol(
  ctx: ServerContext,
  decl: Declaration,
  source: SourceText,
  steps: StepNodes,
  models: readonly ModelGraph[],
): DocumentSymbol {
  switch (decl.kind) {
    case 'Import':
      return symbol(
        source,
        `import "${decl.path.value}"`,
        SymbolKind.File,
        decl.span,
        decl.path.span,
      );
    case 'Const':
      return symbol(
        source,
        decl.name.name,
        SymbolKind.Constant,
        decl.span,
        decl.name.span,
        oneLine(source, decl.value.span),
      );
    case 'Model':
    case 'Block': {
      const children = [
        ...decl.params.map((p) =>
          symbol(source, p.name.name, SymbolKind.TypeParameter, p.span, p.name.span),
        ),
        ...statementSymbols(decl.body, source, steps),
      ];
      const graph =
        decl.kind === 'Model'
          ? models.find(
              (g) => g.name === decl.name.name && g.location.span.start === decl.name.span.start,
            )
          : undefined;
      const detail = graph
        ? paramsText(summaryOf(graph, ctx.catalogue, ctx.settings.convention).totals.total)
        : decl.kind === 'Block'
          ? 'block'
          : 'model';
      return symbol(
        source,
        decl.name.name,
        decl.kind === 'Model' ? SymbolKind.Class : SymbolKind.Function,
        decl.span,
        decl.name.span,
        detail,
        children,
      );
    }
    case 'Ensemble':
      return symbol(
        source,
        decl.name.name,
        SymbolKind.Class,
        decl.span,
        decl.name.span,
        `ensemble of ${decl.learner.name}`,
      );
    case 'Train': {
      const name = `train ${decl.model.name}${decl.runName ? ` as ${decl.runName.name}` : ''}`;
      const children = decl.fields.map((f) =>
        symbol(
          source,
          f.name.name,
          SymbolKind.Property,
          f.span,
          f.name.span,
          oneLine(source, f.value.span),
        ),
      );
      return symbol(
        source,
        name,
        SymbolKind.Event,
        decl.span,
        decl.runName?.span ?? decl.model.span,
        undefined,
        children,
      );
    }
    case 'Search': {
      const children = decl.entries.map((e) =>
        symbol(
          source,
          e.name.name,
          SymbolKind.Property,
          e.span,
          e.name.span,
          `${e.operator} ${oneLine(source, e.value.span)}`,
        ),
      );
      const name = `search ${decl.name.name} over ${decl.run.name}`;
      return symbol(source, name, SymbolKind.Event, decl.span, decl.name.span, undefined, children);
    }
  }
}

function statementSymbols(
  body: readonly Statement[],
  source: SourceText,
  steps: StepNodes,
): DocumentSymbol[] {
  return body.map((statement) => {
    switch (statement.kind) {
      case 'Input':
        return symbol(
          source,
          statement.name.name,
          SymbolKind.Variable,
          statement.span,
          statement.name.span,
          `input ${oneLine(source, statement.shape.span)}`,
        );
      case 'Output':
        return symbol(
          source,
          `output ${statement.names.map((n) => n.name).join(', ')}`,
          SymbolKind.Key,
          statement.span,
          statement.span,
        );
      case 'Repeat':
        return symbol(
          source,
          `repeat ${oneLine(source, statement.count.span)}`,
          SymbolKind.Array,
          statement.span,
          statement.count.span,
          undefined,
          statementSymbols(statement.body, source, steps),
        );
      case 'Flow': {
        const executions = statementExecutions(steps, statement);
        const last = executions[executions.length - 1]?.nodes;
        const detail = last?.length
          ? `→ ${formatShape(last[last.length - 1].outputShape)}`
          : undefined;
        const selection =
          statement.target?.span ?? statement.steps[0]?.callee.span ?? statement.span;
        return symbol(
          source,
          flowName(statement),
          statement.target ? SymbolKind.Variable : SymbolKind.Field,
          statement.span,
          selection,
          detail,
        );
      }
    }
  });
}

/**
 * A layer statement in the outline: what it applies, not its raw text (`h = dense → dense`,
 * `add → relu`, `ResidualDense`); arguments are in the editor, the output shape in the detail.
 */
function flowName(statement: FlowStatement): string {
  const steps = statement.steps.map((step) => step.callee.name).filter((name) => name !== '');
  const pipeline = steps.length > 6 ? [...steps.slice(0, 5), '…', steps[steps.length - 1]] : steps;
  const applied = pipeline.join(' → ') || '(empty)';
  return statement.target ? `${statement.target.name} = ${applied}` : applied;
}

export function workspaceSymbols(
  ctx: ServerContext,
  params: WorkspaceSymbolParams,
): SymbolInformation[] {
  const query = params.query.toLowerCase();
  const matches = (name: string) => isSubsequence(query, name.toLowerCase());
  const out: SymbolInformation[] = [];
  for (const file of ctx.index.allFiles()) {
    const parsed = ctx.index.parse(file);
    if (!parsed) continue;
    const uri = ctx.files.uriOf(file);
    for (const decl of parsed.ast.declarations) {
      const entry = workspaceEntry(decl);
      if (!entry || !entry.name || !matches(entry.name)) continue;
      out.push({
        name: entry.name,
        kind: entry.kind,
        location: { uri, range: rangeOf(parsed.source, entry.span) },
        containerName: file.split(/[\\/]/).pop() ?? '',
      });
      if (out.length >= 500) return out;
    }
  }
  return out;
}

function workspaceEntry(
  decl: Declaration,
): { name: string; kind: SymbolKind; span: { start: number; end: number } } | undefined {
  switch (decl.kind) {
    case 'Model':
      return { name: decl.name.name, kind: SymbolKind.Class, span: decl.name.span };
    case 'Block':
      return { name: decl.name.name, kind: SymbolKind.Function, span: decl.name.span };
    case 'Const':
      return { name: decl.name.name, kind: SymbolKind.Constant, span: decl.name.span };
    case 'Ensemble':
      return { name: decl.name.name, kind: SymbolKind.Class, span: decl.name.span };
    case 'Train':
      return decl.runName
        ? { name: decl.runName.name, kind: SymbolKind.Event, span: decl.runName.span }
        : undefined;
    default:
      return undefined;
  }
}

function isSubsequence(query: string, name: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === query[i]) i++;
  return i === query.length;
}
