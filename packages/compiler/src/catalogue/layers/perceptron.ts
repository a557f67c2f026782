// `perceptron(units)`: takes a 1-D input [n], produces [units] of 0/1; y = step(x · W + b), the
// layer of Rosenblatt's perceptron learning rule. Weights are named and shaped as in `dense`.

import { numberArg } from '../arg-values.js';
import type { LayerSpec } from '../types.js';
import { kernelAndBias } from './kernel-rules.js';
import { useBiasArg } from './common-args.js';

export const perceptron: LayerSpec = {
  name: 'perceptron',
  lowering: { op: 'dense', activation: 'step' },
  category: 'core',
  summary: 'Threshold units: y = step(x · W + b), trained with the perceptron rule.',
  doc: [
    '**perceptron(units)** — a dense layer followed by the step function, for the perceptron learning rule.',
    '',
    '$$y = \\operatorname{step}(x \\cdot W + b), \\qquad \\operatorname{step}(z) = \\begin{cases}1 & z > 0\\\\ 0 & z \\le 0\\end{cases}$$',
    '',
    '- input `x`: `[n]`; output: `[units]`, each 0 or 1',
    '- `W` (`weights`): `[n, units]`; `b` (`bias`): `[units]` — as in `dense`',
    '',
    'The step has no useful gradient, so train it with `optimizer = perceptron(rate)` and',
    '`loss = perceptron`: W ← W + rate · xᵀ (y − u), b ← b + rate · (y − u).',
    'Weights start at zero (the classic rule); set them with `with { weights = …, bias = … }`.',
  ].join('\n'),
  args: [
    { name: 'units', type: { kind: 'int', min: 1 }, doc: 'Number of threshold units.', default: 1 },
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input], args) {
    if (input.length !== 1) {
      return {
        problem: { kind: 'rank', expected: 'a 1-D input [n]', found: input, suggestFlatten: true },
      };
    }
    return { shape: [numberArg(args, 'units')] };
  },
  weights([input], args) {
    const units = numberArg(args, 'units');
    return kernelAndBias([input[input.length - 1], units], units, args, 'zeros');
  },
  flops([input], args) {
    return 2 * input[input.length - 1] * numberArg(args, 'units');
  },
};
