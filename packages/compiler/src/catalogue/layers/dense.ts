// `dense(units, activation)`: takes a 1-D input [n], produces [units]; y = f(x · W + b) with W
// written [inputs][units]. A ≥2-D input is an error with the hint to flatten first (the course's
// rule; Keras would apply the layer to the last axis instead).

import { numberArg } from '../arg-values.js';
import type { LayerSpec } from '../types.js';
import { kernelAndBias } from './kernel-rules.js';
import { outputActivationArg, useBiasArg } from './common-args.js';

export const dense: LayerSpec = {
  name: 'dense',
  lowering: { op: 'dense' },
  category: 'core',
  summary: 'Fully connected layer: y = f(x · W + b).',
  doc: [
    '**dense(units, activation)** — a fully connected layer.',
    '',
    '$$y = f(x \\cdot W + b)$$',
    '',
    '- input `x`: `[n]` (flatten images first)',
    '- `W` (`weights`): `[n, units]`, written `[inputs][units]` in `with { weights = … }`',
    '- `b` (`bias`): `[units]`',
    '- output: `[units]`',
    '',
    'Parameters: `n · units + units`. Keras: `Dense`; PyTorch: `nn.Linear` (which stores `W` transposed).',
  ].join('\n'),
  args: [
    {
      name: 'units',
      type: { kind: 'int', min: 1 },
      doc: 'Number of outputs (neurons).',
      required: true,
    },
    outputActivationArg(),
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
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
    return kernelAndBias([input[input.length - 1], units], units, args);
  },
  flops([input], args) {
    return 2 * input[input.length - 1] * numberArg(args, 'units');
  },
};
