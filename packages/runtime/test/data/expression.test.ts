// The safe expression evaluator of `function(expr)`: values, precedence and associativity, errors
// that name the position, and a property test that random text only ever raises ExpressionError.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, DataError, ExpressionError } from '../../src/data/index.js';

function errorOf(expression: string): ExpressionError {
  try {
    compileExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`"${expression}" compiled`);
}

describe('compileExpression', () => {
  it.each([
    ['2 + 3 * 4', 0, 14],
    ['(2 + 3) * 4', 0, 20],
    ['2 ^ 3 ^ 2', 0, 512],
    ['-2 ^ 2', 0, -4],
    ['2 ^ -1', 0, 0.5],
    ['1 / 2 / 2', 0, 0.25],
    ['10 - 4 - 3', 0, 3],
    ['2 * -x', 3, -6],
    ['--x', 3, 3],
    ['+x', 3, 3],
    ['x^2 - 2*x + 1', 4, 9],
    ['1.5e2 + .5', 0, 150.5],
    ['pi', 0, Math.PI],
    ['e', 0, Math.E],
    ['sin(pi / 2)', 0, 1],
    ['cos(0) + tan(0)', 0, 1],
    ['exp(1) - e', 0, 0],
    ['log(e^2)', 0, 2],
    ['sqrt(16) * abs(-2)', 0, 8],
    ['tanh(0)', 0, 0],
    ['sigmoid(0)', 0, 0.5],
    ['relu(x) + relu(-x)', -3, 3],
    ['sin(3*x)', 0.2, Math.sin(0.6)],
  ])('%s at x = %d is %d', (expression, x, expected) => {
    expect(compileExpression(expression)(x)).toBeCloseTo(expected, 12);
  });

  it('evaluates a very long expression without recursion', () => {
    const sum = compileExpression(`${'x + '.repeat(20_000)}x`);
    expect(sum(1)).toBe(20_001);
  });

  it.each([
    ['sin(3*x))', 9, 'expected an operator or the end of the expression, found ")"'],
    ['2 +', 4, 'expected a number, x, a name or "(", found the end'],
    ['foo(x)', 1, 'unknown name "foo"; expected x, pi, e or a function (sin, cos,'],
    ['3 $ x', 3, 'unexpected character "$"'],
    ['x**2', 3, 'found "*" (write ^ for a power)'],
    ['sin x', 5, 'expected "(" after sin, found "x"'],
    ['(x + 1', 7, 'expected ")", found the end'],
    ['2x', 2, 'expected an operator or the end of the expression, found "x"'],
    ['', 1, 'expected a number, x, a name or "(", found the end'],
    ['X', 1, 'unknown name "X"'],
    ['toString', 1, 'unknown name "toString"'],
  ])('%j fails at position %d', (expression, position, message) => {
    const error = errorOf(expression);
    expect(error).toBeInstanceOf(DataError);
    expect(error.position + 1).toBe(position);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`at position ${position}`);
    expect(error.message).toContain(`"${expression}"`);
  });

  it('refuses nesting deeper than a person writes, with its own error', () => {
    expect(errorOf(`${'('.repeat(5000)}x${')'.repeat(5000)}`).message).toContain(
      'nested more than 100 deep',
    );
    expect(errorOf(`${'-'.repeat(5000)}x`).message).toContain('nested more than 100 deep');
  });

  it('only ever throws ExpressionError, on any text', () => {
    const onlyOwnErrors = (text: string) => {
      try {
        const evaluate = compileExpression(text);
        expect(typeof evaluate(0.5)).toBe('number');
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 40 }), onlyOwnErrors), { numRuns: 2000 });
    const pieces = fc.constantFrom(
      'x',
      '1',
      '2.5',
      'e',
      'pi',
      'sin',
      'log',
      '(',
      ')',
      '+',
      '-',
      '*',
      '/',
      '^',
      ' ',
      'sqrt(',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
        onlyOwnErrors,
      ),
      {
        numRuns: 3000,
      },
    );
  });
});
