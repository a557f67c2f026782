// `positional_encoding`: takes a sequence [steps, features], produces the same shape with the
// fixed sinusoidal encoding of "Attention Is All You Need" added: PE[t, 2i] = sin(t / 10000^(2i/d)),
// PE[t, 2i+1] = cos(t / 10000^(2i/d)). No weights.

import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const positionalEncoding: LayerSpec = {
  name: 'positional_encoding',
  lowering: { op: 'positional_encoding' },
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
};
