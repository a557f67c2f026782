// `positional_encoding`: takes a sequence [steps, features], produces the same shape with the
// fixed sinusoidal encoding of "Attention Is All You Need" added: PE[t, 2i] = sin(t / 10000^(2i/d)),
// PE[t, 2i+1] = cos(t / 10000^(2i/d)). No weights. Declares its own op `sinusoidal_positions`: the
// table is the runtime's (kernels/positions.ts), in every target.

import { sinusoidalPositions } from '@nnet/runtime';
import { ownOp } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

const sinusoidal = ownOp<'sinusoidal_positions', Record<string, never>>({
  op: 'sinusoidal_positions',
  meaning: 'y[t] = x[t] + PE[t], PE the fixed sin/cos code of Vaswani et al.',
  attributes: () => ({}),
  attributeNames: {},
  js: {
    protocol: 'geometry',
    spec: (_attrs, { input: [steps, features] }) => ({ steps, features }),
  },
  onnx: {
    doc: '`Add` of the `[steps, features]` sinusoidal table (a constant the runtime computes)',
    layout: 'last',
    build: ([x], _attrs, { input: [steps, features] }, onnx) =>
      onnx.node(
        'Add',
        [
          x,
          onnx.floatConstant('positions', Array.from(sinusoidalPositions(steps, features)), [
            steps,
            features,
          ]),
        ],
        'add',
      ),
  },
  pytorch: {
    doc: '`nl.PositionalEncoding` (the sinusoidal table as a buffer), added',
    layout: 'last',
    module: (_attrs, { input: [steps, features] }) =>
      `nl.PositionalEncoding(${steps}, ${features})`,
  },
});

export const positionalEncoding = {
  name: 'positional_encoding',
  lowering: sinusoidal,
  category: 'attention',
  summary: 'Sinusoidal positions (Vaswani et al.): adds a fixed sin/cos code for each position.',
  doc: [
    '**positional_encoding** — the fixed sinusoidal position code of Vaswani et al. (2017), added',
    'to each step of a sequence; no weights.',
    '',
    '$$y_{t,2i} = x_{t,2i} + \\sin\\!\\big(t / 10000^{2i/d}\\big), \\qquad y_{t,2i+1} = x_{t,2i+1} + \\cos\\!\\big(t / 10000^{2i/d}\\big)$$',
    '',
    '- input and output: `[steps, features]`, `d` = features, `t` counted from 0',
    '',
    'No parameters. Keras-NLP: `SinePositionEncoding` (added to the input); PyTorch: the',
    '`PositionalEncoding` module of the PyTorch transformer tutorial. The learned alternative is',
    '`position_embedding`.',
  ].join('\n'),
  args: [],
  inputs: { min: 1, max: 1 },
  outputShape([input]) {
    if (input.length !== 2)
      return {
        problem: {
          kind: 'rank',
          expected: 'a sequence [steps, features]',
          found: input,
          help: 'position codes are added to a sequence, e.g. after `embedding`',
        },
      };
    return { shape: input };
  },
  weights: () => [],
  flops([input]) {
    return product(input);
  },
} satisfies LayerSpec;
