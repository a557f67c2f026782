// `position_embedding`: takes a sequence [steps, features], produces the same shape with a learned
// vector added at each position: y[t] = x[t] + P[t]. Weight `embeddings` [steps, features]
// (Keras-NLP `PositionEmbedding`; PyTorch `nn.Embedding(steps, features)` over `arange(steps)`).
// Declares its own op `learned_positions`, the table its one parameter (kernels/positions.ts).

import { ownOp, ownOpWeights } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

const learnedPositions = ownOp<'learned_positions', Record<string, never>>({
  op: 'learned_positions',
  meaning: 'y[t] = x[t] + P[t], P a learned [steps, features] table',
  attributes: () => ({}),
  attributeNames: {},
  parameters: [
    {
      name: 'embeddings',
      role: 'embedding',
      regularized: false,
      shape: (_attrs, { input }) => [...input],
      init: 'glorot_uniform',
    },
  ],
  js: {
    protocol: 'layer',
    spec: (_attrs, { input: [steps, features] }) => ({ steps, features }),
  },
  onnx: {
    doc: '`Add` of the `[steps, features]` table (an initializer)',
    layout: 'last',
    build: ([x], _attrs, _shapes, onnx) => onnx.node('Add', [x, onnx.parameter(0)], 'add'),
  },
  pytorch: {
    doc: '`nl.PositionEmbedding` (a learned `[steps, features]` weight), added',
    layout: 'last',
    module: (_attrs, { input: [steps, features] }) => `nl.PositionEmbedding(${steps}, ${features})`,
    parameters: [{ key: 'weight', layout: 'vector' }],
  },
});

export const positionEmbedding = {
  name: 'position_embedding',
  lowering: learnedPositions,
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
  weights: ownOpWeights(learnedPositions),
  flops([input]) {
    return product(input);
  },
} satisfies LayerSpec;
