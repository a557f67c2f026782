// Folds a numeric literal expression of the source (`3`, `-1e-4`, `2 * 16`, `2^10`) to its value;
// anything else (a name, a call) has none. Read by the search's checks, where values must be literal.

import type * as ast from '../syntax/ast.js';

/** The value of a numeric literal expression (`3`, `-1e-4`, `2 * 16`); undefined otherwise. */
export function numberOf(expr: ast.Expr): number | undefined {
  switch (expr.kind) {
    case 'Number':
      return expr.value;
    case 'Unary': {
      const value = numberOf(expr.operand);
      return value === undefined ? undefined : expr.op === '-' ? -value : value;
    }
    case 'Binary': {
      const [a, b] = [numberOf(expr.left), numberOf(expr.right)];
      if (a === undefined || b === undefined) return undefined;
      const ops = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '%': a % b, '^': a ** b };
      return ops[expr.op];
    }
    default:
      return undefined;
  }
}
