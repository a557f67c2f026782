// Hover: on a layer or activation step, what it computes here (shapes, weights, parameters) above
// its catalogue documentation; on a loss, optimizer, metric, data source, initializer, argument or
// train setting, its documentation; on a user's name, its definition; on a statement, its shapes.

import type { Argument, CallExpr, Field, Identifier, Node, Step } from '@nnet/compiler';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { nodePathAt } from '../ast-query.js';
import {
  isActivationName,
  paramForArgument,
  resolveCall,
  type CallInfo,
  type WrittenArgument,
} from '../calls.js';
import type { DocumentState, ServerContext } from '../context.js';
import { entryMarkdown, findEntries, trainSettingMarkdown } from '../describe.js';
import { offsetAt, rangeOf } from '../positions.js';
import { statementExecutions } from '../step-nodes.js';
import { symbolAt } from './navigation.js';
import {
  codeBlock,
  definitionMarkdown,
  executionsMarkdown,
  statementAt,
  stepNodesFor,
} from './hover-content.js';
import { searchHover } from './search.js';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const offset = offsetAt(doc.source, params.position);
  const path = nodePathAt(doc.ast, offset);
  const leaf = path[path.length - 1];
  const parent = path[path.length - 2];
  const answer = (value: string | undefined, node: Node = leaf): Hover | null =>
    value
      ? { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc.source, node.span) }
      : null;

  if (leaf?.kind === 'Identifier' && parent?.kind === 'Step' && (parent as Step).callee === leaf) {
    return answer(stepMarkdown(ctx, doc, parent as Step));
  }
  const symbol = symbolAt(ctx, doc, offset);
  const searched = !symbol && searchHover(doc, path);
  if (searched) return answer(searched);
  if (symbol)
    return answer(definitionMarkdown(ctx, doc, symbol.definition), {
      ...leaf,
      span: symbol.span,
    } as Node);
  if (leaf?.kind === 'Identifier')
    return answer(identifierMarkdown(ctx, doc, leaf as Identifier, path));
  const argument = [...path].reverse().find((n): n is Argument => n.kind === 'Argument');
  if (argument) return answer(argumentMarkdown(ctx, doc, argument, path), argument);
  const statement = statementAt(path);
  if (statement) {
    const executions = statementExecutions(stepNodesFor(ctx, doc.path), statement);
    if (executions.length) return answer(executionsMarkdown(ctx, executions), statement);
  }
  return null;
}

/** A step's callee: its computation here, then the layer's, activation's or block's documentation. */
function stepMarkdown(ctx: ServerContext, doc: DocumentState, step: Step): string | undefined {
  const parts: string[] = [];
  const executions = stepNodesFor(ctx, doc.path).of(step.span);
  const call = resolveCall(ctx, doc.analysis, step.callee.name, 'step');
  const symbol = symbolAt(ctx, doc, step.callee.span.start);
  if (call?.kind === 'block' || !call) {
    if (symbol) parts.push(definitionMarkdown(ctx, doc, symbol.definition));
  } else {
    parts.push(
      codeBlock(doc.source.text.slice(step.span.start, step.span.end).replace(/\s*\n\s*/g, ' ')),
    );
  }
  if (executions.length) parts.push(executionsMarkdown(ctx, executions));
  if (call?.entry) parts.push('---', entryMarkdown(call.entry));
  return parts.length ? parts.join('\n\n') : undefined;
}

/** Where a name is written decides which table it is looked up in. */
function placeOf(path: readonly Node[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i];
    if (node.kind === 'Argument' && path[i - 1]?.kind === 'Step') return 'activation';
    if (node.kind === 'Field') return (node as Field).name.name;
  }
  return undefined;
}

function identifierMarkdown(
  ctx: ServerContext,
  doc: DocumentState,
  identifier: Identifier,
  path: readonly Node[],
): string | undefined {
  const parent = path[path.length - 2];
  const grandparent = path[path.length - 3];
  // A setting's name: `loss = …` in a train run, `init = …` in `with`, `patience = …` in early_stop.
  if (parent?.kind === 'Field' && (parent as Field).name === identifier) {
    if (grandparent?.kind === 'Train') return trainSettingMarkdown(ctx.catalogue, identifier.name);
    if (grandparent?.kind === 'Object') {
      const owner = path[path.length - 4];
      const setting =
        owner?.kind === 'Field'
          ? ctx.catalogue.trainSettings.get((owner as Field).name.name)
          : undefined;
      const spec =
        setting?.value.kind === 'object'
          ? setting.value.fields.find((f) => f.name === identifier.name)
          : undefined;
      return spec ? `*field* **${spec.name}** of \`${setting!.name}\`\n\n${spec.doc}` : undefined;
    }
    if (grandparent?.kind === 'With') return withFieldMarkdown(identifier.name);
  }
  // A named argument: `kernel = 3`, `lr = 0.1`.
  if (parent?.kind === 'Argument' && (parent as Argument).name === identifier) {
    return argumentMarkdown(ctx, doc, parent as Argument, path.slice(0, -1));
  }
  const place =
    parent?.kind === 'Call' && (parent as CallExpr).callee === identifier
      ? placeOf(path.slice(0, -2))
      : placeOf(path);
  const call = resolveCall(
    ctx,
    doc.analysis,
    identifier.name,
    place === 'activation' ? 'activation' : place,
  );
  if (call?.entry) return entryMarkdown(call.entry);
  const anywhere = findEntries(ctx.catalogue, identifier.name);
  return anywhere.length ? entryMarkdown(anywhere[0]) : undefined;
}

function withFieldMarkdown(name: string): string {
  switch (name) {
    case 'init':
      return "*with* **init**: the initializer of this layer's weights, e.g. `he_normal`.";
    case 'trainable':
      return "*with* **trainable**: `false` freezes this layer's weights (they count as non-trainable).";
    default:
      return `*with* **${name}**: initial (or fixed) values of the weight \`${name}\`, a nested list written [inputs][units], or \`load("file.safetensors", "tensor")\`.`;
  }
}

/** The parameter an argument fills, with its documentation. */
function argumentMarkdown(
  ctx: ServerContext,
  doc: DocumentState,
  argument: Argument,
  path: readonly Node[],
): string | undefined {
  const owner = path[path.indexOf(argument) - 1];
  let call: CallInfo | undefined;
  let args: readonly Argument[] = [];
  if (owner?.kind === 'Step') {
    call = resolveCall(ctx, doc.analysis, (owner as Step).callee.name, 'step');
    args = (owner as Step).args ?? [];
  } else if (owner?.kind === 'Call') {
    const callExpr = owner as CallExpr;
    const place = placeOf(path.slice(0, path.indexOf(owner)));
    call = resolveCall(ctx, doc.analysis, callExpr.callee.name, place);
    args = callExpr.args;
  }
  if (!call) return undefined;
  const written: WrittenArgument[] = args.map((a) => ({
    ...(a.name ? { name: a.name.name } : {}),
    ...(a.value.kind === 'Name'
      ? {
          isActivation: isActivationName(ctx, a.value.name.name),
          isValue: !isActivationName(ctx, a.value.name.name),
        }
      : {}),
  }));
  const param = paramForArgument(call, written, args.indexOf(argument));
  if (!param) return undefined;
  const parts = [`*argument* **${param.label}** of \`${call.name}\``, param.doc];
  if (
    !argument.name &&
    argument.value.kind === 'Name' &&
    isActivationName(ctx, argument.value.name.name)
  ) {
    const entry = findEntries(ctx.catalogue, argument.value.name.name, ['activation'])[0];
    if (entry) parts.push('---', entryMarkdown(entry));
  }
  return parts.join('\n\n');
}
