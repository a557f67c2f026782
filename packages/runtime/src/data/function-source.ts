// The `function(expr, noise, samples, range)` source: x uniform in [low, high), y = expr(x) +
// noise · N(0, 1), for regression. The expression is compiled once by the safe evaluator; a value
// that is not finite (log of a negative x, say) is reported, not trained on.

import type { Prng } from '../core/prng.js';
import { DataError, formatShape, type Dataset } from './dataset.js';
import { compileExpression } from './expression.js';

export interface FunctionOptions {
  expr: string;
  noise: number;
  samples: number;
  range: readonly number[];
}

export function makeFunctionData(
  { expr, noise, samples, range }: FunctionOptions,
  prng: Prng,
): Dataset {
  if (range.length !== 2 || !(range[0] < range[1])) {
    throw new DataError(
      `function: expected range = [low, high] with low < high, found ${formatShape(range)}`,
    );
  }
  const evaluate = compileExpression(expr);
  const [low, high] = range;
  const inputs = new Float32Array(samples);
  const targets = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    const x = Math.fround(prng.uniform(low, high)); // the input as stored, so y = f(input) exactly
    const y = evaluate(x);
    if (!Number.isFinite(y)) {
      throw new DataError(
        `function expression "${expr}": expected a finite value, found ${y} at x = ${x}`,
      );
    }
    inputs[s] = x;
    targets[s] = noise === 0 ? y : y + noise * prng.normal();
  }
  return { inputs, targets, count: samples, inputShape: [1], targetShape: [1], task: 'regression' };
}
