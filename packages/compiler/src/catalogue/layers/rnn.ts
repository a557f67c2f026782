// `rnn(units, activation)`: takes [timesteps, features], produces [units] (or [timesteps, units]
// with return_sequences); h_t = f(x_t · W + h_{t−1} · U + b). Keras counts one bias, PyTorch two.

import type { LayerSpec } from '../types.js';
import { defaultedActivationArg, returnSequencesArg, useBiasArg } from './common-args.js';
import {
  recurrentFlops,
  recurrentKernels,
  recurrentShape,
  singleAndTorchBiases,
} from './recurrent-rules.js';

export const rnn: LayerSpec = {
  name: 'rnn',
  lowering: {
    op: 'recurrent',
    gates: 1,
    torchCell: {
      module: 'RNN',
      candidates: ['tanh', 'relu'],
      kernelLayout: 'linear',
      biasLayout: 'rnn_bias',
    },
  },
  category: 'recurrent',
  summary: 'Simple (Elman) recurrent layer: h_t = f(x_t · W + h_{t−1} · U + b).',
  doc: [
    '**rnn(units, activation)** — a fully connected recurrent layer.',
    '',
    '$$h_t = f(x_t \\cdot W + h_{t-1} \\cdot U + b), \\qquad h_0 = 0$$',
    '',
    '- input: `[timesteps, features]`; output: `h_T` `[units]`, or every `h_t` `[timesteps, units]` with `return_sequences = true`',
    '- `kernel` W: `[features, units]`; `recurrent_kernel` U: `[units, units]`; `bias`: `[units]`',
    '- PyTorch adds a second bias (`bias_hh`, here `recurrent_bias` `[units]`)',
    '',
    'Parameters: Keras `units · (features + units + 1)`; PyTorch `units · (features + units + 2)`.',
    'Keras: `SimpleRNN`; PyTorch: `nn.RNN(batch_first=True)`.',
  ].join('\n'),
  args: [
    {
      name: 'units',
      type: { kind: 'int', min: 1 },
      doc: 'Size of the hidden state.',
      required: true,
    },
    defaultedActivationArg('activation', 'tanh', 'Activation f of the state update.'),
    returnSequencesArg,
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
  outputShape: ([input], args) => recurrentShape(input, args),
  weights: ([input], args) => [
    ...recurrentKernels(1, input, args),
    ...singleAndTorchBiases(1, args),
  ],
  flops: ([input], args) => recurrentFlops(1, input, args),
};
