// `gru(units, activation)`: takes [timesteps, features], produces [units] (or [timesteps, units]).
// Bias: Keras reset_after=true (default since 2.10) keeps [2, 3u] (input and recurrent biases),
// reset_after=false [3u]; PyTorch always has bias + recurrent_bias, 3u each.

import { boolArg, numberArg } from '../arg-values.js';
import type { LayerSpec, WeightSpec } from '../types.js';
import { defaultedActivationArg, returnSequencesArg, useBiasArg } from './common-args.js';
import { recurrentFlops, recurrentKernels, recurrentShape } from './recurrent-rules.js';

export const gru: LayerSpec = {
  name: 'gru',
  lowering: {
    op: 'recurrent',
    gates: 3,
    torchCell: {
      module: 'GRU',
      candidates: ['tanh'],
      gate: 'sigmoid',
      kernelLayout: 'gru_kernel',
      biasLayout: 'gru_bias',
    },
  },
  category: 'recurrent',
  summary: 'Gated recurrent unit with update and reset gates.',
  doc: [
    '**gru(units, activation)** — gated recurrent unit.',
    '',
    '$$\\begin{aligned}',
    'z_t &= \\sigma(x_t W_z + h_{t-1} U_z + b_z) \\qquad r_t = \\sigma(x_t W_r + h_{t-1} U_r + b_r)\\\\',
    "\\tilde h_t &= g\\big(x_t W_h + b_h + r_t \\odot (h_{t-1} U_h + b'_h)\\big) \\quad (\\texttt{reset\\_after})\\\\",
    'h_t &= z_t \\odot h_{t-1} + (1 - z_t) \\odot \\tilde h_t',
    '\\end{aligned}$$',
    '',
    'With `reset_after = false` the reset gate is applied before the matrix product:',
    '`g(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)`, and there is one bias only.',
    '',
    '- `kernel`: `[features, 3·units]`; `recurrent_kernel`: `[units, 3·units]` (gate order z, r, h)',
    '- `bias`: Keras `[2, 3·units]` with `reset_after = true` (Keras ≥ 2.10 default), `[3·units]` without;',
    '  PyTorch always `bias` `[3·units]` + `recurrent_bias` `[3·units]` (its GRU is the reset-after form)',
    '',
    'Parameters: `3 · units · (features + units + 2)` (Keras reset_after and PyTorch), `3 · units · (features + units + 1)`',
    '(Keras `reset_after = false`). Keras: `GRU`; PyTorch: `nn.GRU(batch_first=True)`.',
  ].join('\n'),
  args: [
    {
      name: 'units',
      type: { kind: 'int', min: 1 },
      doc: 'Size of the hidden state.',
      required: true,
    },
    defaultedActivationArg('activation', 'tanh', 'Activation g of the candidate state.'),
    defaultedActivationArg('recurrent_activation', 'sigmoid', 'Activation σ of the gates.', true),
    returnSequencesArg,
    {
      name: 'reset_after',
      type: { kind: 'bool' },
      doc: 'Apply the reset gate after the recurrent product (Keras ≥ 2.10 and PyTorch); two biases.',
      default: true,
      namedOnly: true,
    },
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
  outputShape: ([input], args) => recurrentShape(input, args),
  weights([input], args) {
    const weights: WeightSpec[] = recurrentKernels(3, input, args);
    if (!boolArg(args, 'use_bias')) return weights;
    const size = 3 * numberArg(args, 'units');
    const kerasBias = boolArg(args, 'reset_after') ? [2, size] : [size];
    weights.push(
      {
        name: 'bias',
        shape: kerasBias,
        trainable: true,
        role: 'bias',
        regularized: false,
        init: 'zeros',
        conventions: ['keras'],
      },
      {
        name: 'bias',
        shape: [size],
        trainable: true,
        role: 'bias',
        regularized: false,
        init: 'zeros',
        conventions: ['torch'],
      },
      {
        name: 'recurrent_bias',
        shape: [size],
        trainable: true,
        role: 'bias',
        regularized: false,
        init: 'zeros',
        conventions: ['torch'],
      },
    );
    return weights;
  },
  flops: ([input], args) => recurrentFlops(3, input, args),
};
