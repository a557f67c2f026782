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

/** The path to the first difference between two trees (`declarations[2].body[0].steps`), if any. */
export function astDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const difference = astDifference(a[i], b[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  if (left.kind === 'Comment' && right.kind === 'Comment') {
    const same = left.style === right.style && commentText(left as unknown as Comment) === commentText(right as unknown as Comment);
    return same ? undefined : path;
  }
  const keys = new Set([...Object.keys(left), ...Object.keys(right)].filter((key) => !ignored.has(key)));
  for (const key of keys) {
    if (left[key] === undefined && right[key] === undefined) continue;
    const difference = astDifference(left[key], right[key], `${path}.${key}`);
    if (difference) return difference;
  }
  return undefined;
}
