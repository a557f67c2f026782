// Structural equality of syntax trees: takes two ASTs (or any of their nodes), answers whether they
// mean the same — every field compared except source spans and recovery marks; comments compared by
// style and text as the formatter prints them. The formatter's promise is checked with it.

import type { Comment } from '../syntax/ast.js';
import { commentText } from './print-comments.js';

const ignored = new Set(['span', 'recovered']);

/** True when `a` and `b` are the same tree apart from where things are in the text. */
export function astEquals(a: unknown, b: unknown): boolean {
  return astDifference(a, b) === undefined;
}

/** The path to the first difference between two trees (`$.declarations[2].body[0].steps`), if any. */
export function astDifference(a: unknown, b: unknown): string | undefined {
  // Iterative, with paths kept as links to the parent: deep trees (long chains of `+`) are fine.
  interface Pending {
    a: unknown;
    b: unknown;
    step: string;
    parent?: Pending;
  }
  const pathOf = (p: Pending | undefined): string => {
    const steps: string[] = [];
    for (let q = p; q; q = q.parent) steps.push(q.step);
    return steps.reverse().join('');
  };
  const stack: Pending[] = [{ a, b, step: '$' }];
  while (stack.length > 0) {
    const current = stack.pop() as Pending;
    const { a: left, b: right } = current;
    if (left === right) continue;
    if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null)
      return pathOf(current);
    if (Array.isArray(left) !== Array.isArray(right)) return pathOf(current);
    if (Array.isArray(left) && Array.isArray(right)) {
      if (left.length !== right.length) return `${pathOf(current)}.length`;
      for (let i = left.length - 1; i >= 0; i--)
        stack.push({ a: left[i], b: right[i], step: `[${i}]`, parent: current });
      continue;
    }
    const l = left as Record<string, unknown>;
    const r = right as Record<string, unknown>;
    if (l.kind === 'Comment' && r.kind === 'Comment') {
      if (
        l.style !== r.style ||
        commentText(l as unknown as Comment) !== commentText(r as unknown as Comment)
      )
        return pathOf(current);
      continue;
    }
    const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])].filter(
      (key) => !ignored.has(key),
    );
    for (const key of keys.reverse()) {
      if (l[key] === undefined && r[key] === undefined) continue;
      stack.push({ a: l[key], b: r[key], step: `.${key}`, parent: current });
    }
  }
  return undefined;
}
