// `dense_transposed(enc, activation)`: tied weights. Reads the kernel W [n, k] of the shared dense
// layer `enc` (n its inputs, k its units) transposed: takes [k], produces [n] = f(x · Wᵀ + b), with
// a bias of its own. The checker passes enc's sizes as `tied_inputs` (n) and `tied_units` (k).

import { boolArg, numberArg } from '../arg-values.js';
import type { LayerSpec } from '../types.js';
import { outputActivationArg, useBiasArg } from './common-args.js';

export const denseTransposed: LayerSpec = {
  name: 'dense_transposed',
  lowering: { op: 'dense_transposed' },
  category: 'core',
  summary: 'Tied weights: y = f(x · Wᵀ + b) with W the kernel of a shared dense layer.',
  doc: [
    '**dense_transposed(layer, activation)** — a dense layer that reads the kernel of the `shared` dense',
    'layer `layer`, transposed (tied weights: an autoencoder whose decoder is its encoder transposed).',
    '',
    '$$y = f(x \\cdot W^\\top + b)$$',
    '',
    '- `layer`: a `shared` dense layer of the same model, applied before this line; W is its kernel `[n, k]`',
    '- input `x`: `[k]` (the shared layer’s units); output: `[n]` (its inputs)',
    '- `b` (`bias`): `[n]`, this layer’s own; W is not counted again (and its gradient sums both uses)',
    '',
    'Example: `shared enc = dense(32, relu)`, then `code = x -> enc` and',
    '`code -> dense_transposed(enc, sigmoid)`. Parameters: `n` (the bias). PyTorch:',
    '`F.linear(code, enc.weight.t(), bias)`; Keras has no built-in (a custom `DenseTranspose` layer).',
  ].join('\n'),
  args: [
    {
      name: 'layer',
      type: { kind: 'any' },
      doc: 'The `shared` dense layer whose kernel is used, transposed (written first).',
    },
    outputActivationArg(),
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  tiedArg: 'layer',
  activationArg: 'activation',
  outputShape([input], args) {
    const units = numberArg(args, 'tied_units');
    if (input.length !== 1)
      return {
        problem: {
          kind: 'rank',
          expected: `a 1-D input [${units}]`,
          found: input,
          help: 'flatten first, as for dense',
        },
      };
    if (input[0] !== units)
      return {
        problem: {
          kind: 'other',
          detail: `the tied layer has ${units} units, so its transpose takes [${units}]; found [${input[0]}]`,
          help: 'apply it to the shared layer’s output (its code), or to a value of that size',
        },
      };
    return { shape: [numberArg(args, 'tied_inputs')] };
  },
  weights(_inputs, args) {
    if (!boolArg(args, 'use_bias')) return [];
    return [
      {
        name: 'bias',
        shape: [numberArg(args, 'tied_inputs')],
        trainable: true,
        role: 'bias',
        regularized: false,
        init: 'zeros',
      },
    ];
  },
  flops(_inputs, args) {
    return 2 * numberArg(args, 'tied_inputs') * numberArg(args, 'tied_units');
  },
};
