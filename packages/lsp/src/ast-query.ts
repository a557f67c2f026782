// Questions about the AST by position: the chain of nodes under an offset, the declaration around
// it, every node of a kind. The AST is plain data with spans, so one generic walk serves them all;
// nothing here knows the vocabulary.

import type {
  BlockDecl,
  Declaration,
  FlowStatement,
  ModelDecl,
  Node,
  SourceFile,
  Statement,
  Step,
} from '@nnet/compiler';
import { touches } from './positions.js';

/** The AST nodes directly inside `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'comments') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children.sort((a, b) => a.span.start - b.span.start);
}

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    'span' in value
  );
}

/** Every node in the tree, parents before children. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of childrenOf(node)) yield* walk(child);
}

/** The nodes containing `offset`, outermost first (the file itself first). */
export function nodePathAt(file: SourceFile, offset: number): Node[] {
  const path: Node[] = [file];
  let current: Node = file;
  for (;;) {
    const children: Node[] = childrenOf(current).filter((c) => touches(c.span, offset));
    // Prefer the child that starts at the offset's left: `a,b` with the cursor between them is on `a`.
    const next: Node | undefined =
      children.find((c) => c.kind === 'Identifier') ?? children[children.length - 1];
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

export type BodyDecl = ModelDecl | BlockDecl;

/** The top-level declaration whose span holds `offset`. */
export function declarationAt(file: SourceFile, offset: number): Declaration | undefined {
  return file.declarations.find((d) => touches(d.span, offset));
}

/** Every flow statement of a body, repeats included, in source order. */
export function flowStatements(body: readonly Statement[]): FlowStatement[] {
  const out: FlowStatement[] = [];
  for (const statement of body) {
    if (statement.kind === 'Flow') out.push(statement);
    else if (statement.kind === 'Repeat') out.push(...flowStatements(statement.body));
  }
  return out;
}

export function bodyDeclarations(file: SourceFile): BodyDecl[] {
  return file.declarations.filter((d): d is BodyDecl => d.kind === 'Model' || d.kind === 'Block');
}

/** Names defined before `offset` in a body: inputs and `name =` targets. */
export function valuesBefore(
  decl: BodyDecl,
  offset: number,
): { name: string; span: { start: number; end: number } }[] {
  const out: { name: string; span: { start: number; end: number } }[] = [];
  const visit = (body: readonly Statement[]) => {
    for (const statement of body) {
      if (statement.span.start >= offset) return;
      if (statement.kind === 'Input')
        out.push({ name: statement.name.name, span: statement.name.span });
      else if (statement.kind === 'Flow' && statement.target && statement.span.end <= offset) {
        out.push({ name: statement.target.name, span: statement.target.span });
      } else if (statement.kind === 'Repeat') visit(statement.body);
    }
  };
  visit(decl.body);
  return out.filter((v) => v.name.length > 0);
}

export function sameSpan(
  a: { start: number; end: number },
  b: { start: number; end: number },
): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The step of a flow statement whose callee is at `offset`, if any. */
export function stepWithCalleeAt(statement: FlowStatement, offset: number): Step | undefined {
  return statement.steps.find((s) => touches(s.callee.span, offset));
}
