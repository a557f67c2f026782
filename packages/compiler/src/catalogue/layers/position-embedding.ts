// `position_embedding`: takes a sequence [steps, features], produces the same shape with a learned
// vector added at each position: y[t] = x[t] + P[t]. Weight `embeddings` [steps, features]
// (Keras-NLP `PositionEmbedding`; PyTorch `nn.Embedding(steps, features)` over `arange(steps)`).

import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const positionEmbedding: LayerSpec = {
  name: 'position_embedding',
  lowering: { op: 'position_embedding' },
  category: 'attention',
  summary: 'Learned positions: adds a trained vector for each position of a sequence.',
  doc: [
    '**position_embedding** — a learned position vector added to each step of a sequence, so that',
    'attention (which ignores order) can tell positions apart.',
    '',
    '$$y_t = x_t + P_t$$',
    '',
    '- input and output: `[steps, features]` (e.g. after `embedding`)',
    '- `P` (`embeddings`): `[steps, features]`, trainable',
    '',
    'Parameters: `steps · features`. Keras-NLP: `PositionEmbedding`; PyTorch:',
    '`x + nn.Embedding(steps, features)(torch.arange(steps))`. The fixed alternative is',
    '`positional_encoding`.',
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
          help: 'position vectors are added to a sequence, e.g. after `embedding`',
        },
      };
    return { shape: input };
  },
  weights([input]) {
    return [
      {
        name: 'embeddings',
        shape: input,
        trainable: true,
        role: 'embedding',
        regularized: false,
        init: 'glorot_uniform',
      },
    ];
  },
  flops([input]) {
    return product(input);
  },
};
