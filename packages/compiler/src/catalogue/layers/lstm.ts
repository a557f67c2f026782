// `lstm(units, activation)`: takes [timesteps, features], produces [units] (or [timesteps, units]
// with return_sequences). Four gates (i, f, c, o) stacked in the kernels: Keras counts one bias
// [4u], PyTorch two.

import type { LayerSpec } from '../types.js';
import { defaultedActivationArg, returnSequencesArg, useBiasArg } from './common-args.js';
import {
  recurrentFlops,
  recurrentKernels,
  recurrentShape,
  singleAndTorchBiases,
} from './recurrent-rules.js';

export const lstm: LayerSpec = {
  name: 'lstm',
  lowering: {
    op: 'recurrent',
    gates: 4,
    torchCell: {
      module: 'LSTM',
      candidates: ['tanh'],
      gate: 'sigmoid',
      kernelLayout: 'linear',
      biasLayout: 'rnn_bias',
    },
  },
  category: 'recurrent',
  summary: 'Long short-term memory layer with input, forget and output gates.',
  doc: [
    '**lstm(units, activation)** — long short-term memory.',
    '',
    '$$\\begin{aligned}',
    'i_t &= \\sigma(x_t W_i + h_{t-1} U_i + b_i) & f_t &= \\sigma(x_t W_f + h_{t-1} U_f + b_f)\\\\',
    '\\tilde c_t &= g(x_t W_c + h_{t-1} U_c + b_c) & o_t &= \\sigma(x_t W_o + h_{t-1} U_o + b_o)\\\\',
    'c_t &= f_t \\odot c_{t-1} + i_t \\odot \\tilde c_t & h_t &= o_t \\odot g(c_t)',
    '\\end{aligned}$$',
    '',
    '`g` is `activation` (tanh), `σ` is `recurrent_activation` (sigmoid).',
    '',
    '- input: `[timesteps, features]`; output: `[units]`, or `[timesteps, units]` with `return_sequences = true`',
    '- `kernel`: `[features, 4·units]`; `recurrent_kernel`: `[units, 4·units]`; `bias`: `[4·units]` (gate order i, f, c, o)',
    '- PyTorch adds a second bias (`recurrent_bias` `[4·units]`)',
    '',
    'Parameters: Keras `4 · units · (features + units + 1)`; PyTorch `4 · units · (features + units + 2)`.',
    'Keras: `LSTM`; PyTorch: `nn.LSTM(batch_first=True)`.',
  ].join('\n'),
  args: [
    {
      name: 'units',
      type: { kind: 'int', min: 1 },
      doc: 'Size of the hidden and cell state.',
      required: true,
    },
    defaultedActivationArg('activation', 'tanh', 'Activation g of the candidate and the output.'),
    defaultedActivationArg('recurrent_activation', 'sigmoid', 'Activation σ of the gates.', true),
    returnSequencesArg,
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
  outputShape: ([input], args) => recurrentShape(input, args),
  weights: ([input], args) => [
    ...recurrentKernels(4, input, args),
    ...singleAndTorchBiases(4, args),
  ],
  flops: ([input], args) => recurrentFlops(4, input, args),
};
