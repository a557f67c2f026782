// CST → AST for expressions, plus the small CST helpers the AST builder shares: takes CST nodes
// (possibly partial), produces Expr nodes with exact spans. A missing operand or value becomes a
// `Missing` node with an empty span where it was expected; this file never throws on a partial tree.

import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Span } from './source.js';
import { decodeString, tokenEnd, tokenSpan } from './lexer.js';

/** The AST builder's parts that expressions need: call arguments and object fields. */
export interface NestedBuilders {
  arguments(list: CstNode): ast.Argument[];
  fields(node: CstNode): ast.Field[];
}

// --- CST helpers -------------------------------------------------------------------------------

function isNode(element: CstElement): element is CstNode {
  return 'children' in element;
}

function isRealToken(element: CstElement): element is IToken {
  return !isNode(element) && !element.isInsertedInRecovery && Number.isFinite(element.startOffset);
}

export { tokenEnd, tokenSpan };

// Plain loops: these run for every node of large files.
export function nodes(node: CstNode | undefined, key: string): CstNode[] {
  const elements = node?.children[key];
  if (!elements) return [];
  const result: CstNode[] = [];
  for (const element of elements) if (isNode(element)) result.push(element);
  return result;
}

export function firstNode(node: CstNode | undefined, key: string): CstNode | undefined {
  const elements = node?.children[key];
  if (elements) for (const element of elements) if (isNode(element)) return element;
  return undefined;
}

/** The tokens under `key`, leaving out those the parser invented while recovering. */
export function realTokens(node: CstNode | undefined, key: string): IToken[] {
  const elements = node?.children[key];
  if (!elements) return [];
  const result: IToken[] = [];
  for (const element of elements) if (isRealToken(element)) result.push(element);
  return result;
}

export function realToken(node: CstNode | undefined, key: string): IToken | undefined {
  const elements = node?.children[key];
  if (elements) for (const element of elements) if (isRealToken(element)) return element;
  return undefined;
}

/** The span of everything a CST node consumed; undefined when it consumed nothing. */
export function nodeSpan(node: CstNode | undefined): Span | undefined {
  const location = node?.location;
  if (!location || !Number.isFinite(location.startOffset) || !Number.isFinite(location.endOffset))
    return undefined;
  return { start: location.startOffset, end: (location.endOffset as number) + 1 };
}

/** The smallest span covering all the given spans (at least one must be defined). */
export function cover(...spans: (Span | undefined)[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const span of spans) {
    if (!span) continue;
    if (span.start < start) start = span.start;
    if (span.end > end) end = span.end;
  }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

/** The name in `token`, or an empty recovered name at `fallbackAt` when it is missing. */
export function identifier(token: IToken | undefined, fallbackAt: number): ast.Identifier {
  if (!token)
    return {
      kind: 'Identifier',
      span: { start: fallbackAt, end: fallbackAt },
      name: '',
      recovered: true,
    };
  return { kind: 'Identifier', span: tokenSpan(token), name: token.image };
}

function missing(at: number): ast.MissingExpr {
  return { kind: 'Missing', span: { start: at, end: at }, recovered: true };
}

function markRecovered<T extends ast.Expr>(cst: CstNode, expr: T): T {
  if (cst.recoveredNode) expr.recovered = true;
  return expr;
}

// --- Expressions ---------------------------------------------------------------------------------

/**
 * Binding strength of the operators, as in mathematics and Python: `^` binds tighter than a
 * prefix sign (`-2^2` is −4), which binds tighter than `*`, `/`, `%` (`-2*3` is (−2)·3).
 */
const precedence: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 4 };
const SIGN_PRECEDENCE = 3;

/** An operand with the span it takes in the text, parentheses and signs included. */
interface Placed {
  expr: ast.Expr;
  span: Span;
}

/** An operator waiting on the shunting-yard stack: binary, or a prefix sign. */
interface PendingOperator {
  token: IToken;
  unary: boolean;
  level: number;
}

/**
 * Builds the expression of an `expression` CST node (a flat list of operands and operators);
 * `at` is where a missing expression is placed (just after the token that called for it).
 */
export function buildExpression(
  node: CstNode | undefined,
  at: number,
  nested: NestedBuilders,
): ast.Expr {
  if (!node) return missing(at);
  const operandNodes = nodes(node, 'operand');
  const operators = realTokens(node, 'BinaryOp');
  // Shunting-yard (iterative, so long chains cannot overflow the stack). Equal levels group to
  // the left, except `^` and prefix signs, which group to the right.
  const values: Placed[] = [];
  const pending: PendingOperator[] = [];
  const reduce = () => {
    const operator = pending.pop() as PendingOperator;
    const right = values.pop() as Placed;
    if (operator.unary) {
      const span = { start: operator.token.startOffset, end: right.span.end };
      const op = operator.token.image as ast.UnaryExpr['op'];
      values.push({ expr: { kind: 'Unary', span, op, operand: right.expr }, span });
      return;
    }
    const left = values.pop() as Placed;
    const span = cover(left.span, right.span);
    const op = operator.token.image as ast.BinaryExpr['op'];
    values.push({ expr: { kind: 'Binary', span, op, left: left.expr, right: right.expr }, span });
  };
  const pushOperand = (index: number) => {
    const fallback = index === 0 ? at : tokenEnd(operators[index - 1]);
    const operandNode = operandNodes[index];
    const signs = operandNode ? realTokens(operandNode, 'AdditiveOp') : [];
    for (const sign of signs) pending.push({ token: sign, unary: true, level: SIGN_PRECEDENCE });
    const atomStart = signs.length > 0 ? tokenEnd(signs[signs.length - 1]) : fallback;
    const atom = operandNode
      ? markRecovered(operandNode, buildAtom(operandNode, atomStart, nested))
      : missing(fallback);
    const whole = (operandNode && nodeSpan(operandNode)) ?? atom.span;
    // The atom's own span runs from after its signs to the operand's end (parentheses included).
    values.push({
      expr: atom,
      span: { start: signs.length ? atomStart : whole.start, end: whole.end },
    });
  };
  pushOperand(0);
  operators.forEach((token, index) => {
    const level = precedence[token.image];
    for (;;) {
      const top = pending[pending.length - 1];
      if (!top) break;
      if (top.level > level || (top.level === level && token.image !== '^')) reduce();
      else break;
    }
    pending.push({ token, unary: false, level });
    pushOperand(index + 1);
  });
  while (pending.length > 0) reduce();
  const result = values[0].expr;
  return node.recoveredNode ? { ...result, recovered: true } : result;
}

function buildAtom(node: CstNode, at: number, nested: NestedBuilders): ast.Expr {
  const number = realToken(node, 'NumberLiteral');
  if (number)
    return {
      kind: 'Number',
      span: tokenSpan(number),
      value: Number(number.image),
      raw: number.image,
    };
  const string = realToken(node, 'StringLiteral');
  if (string)
    return {
      kind: 'String',
      span: tokenSpan(string),
      value: decodeString(string.image).value,
      raw: string.image,
    };
  const bool = realToken(node, 'True') ?? realToken(node, 'False');
  if (bool) return { kind: 'Bool', span: tokenSpan(bool), value: bool.image === 'true' };
  const name = realToken(node, 'Identifier');
  if (name) return buildCallOrName(node, name, nested);
  const list = firstNode(node, 'listExpr');
  if (list) return buildList(list, at, nested);
  const object = firstNode(node, 'objectExpr');
  if (object) {
    const span = nodeSpan(object) ?? { start: at, end: at };
    return markRecovered(object, { kind: 'Object', span, fields: nested.fields(object) });
  }
  const paren = firstNode(node, 'parenExpr');
  if (paren) {
    const open = realToken(paren, 'LParen');
    return buildExpression(firstNode(paren, 'expression'), open ? tokenEnd(open) : at, nested);
  }
  return missing(at);
}

function buildCallOrName(node: CstNode, token: IToken, nested: NestedBuilders): ast.Expr {
  const name = identifier(token, 0);
  const argumentList = firstNode(node, 'argumentList');
  if (!argumentList) return { kind: 'Name', span: name.span, name };
  const span = cover(name.span, nodeSpan(argumentList));
  return markRecovered(argumentList, {
    kind: 'Call',
    span,
    callee: name,
    args: nested.arguments(argumentList),
  });
}

function buildList(node: CstNode, at: number, nested: NestedBuilders): ast.ListExpr {
  const span = nodeSpan(node) ?? { start: at, end: at };
  const items: ast.Expr[] = [];
  let after = span.start + 1;
  for (const item of nodes(node, 'expression')) {
    const built = buildExpression(item, after, nested);
    items.push(built);
    after = built.span.end;
  }
  return markRecovered(node, { kind: 'List', span, items });
}
