// `embedding(vocab, dim)`: takes integer ids of shape [T] (any shape S), produces [T, dim]
// ([...S, dim]) by looking each id up in the table `embeddings` [vocab, dim]. Declares its own op
// `lookup` with that one parameter: kernels/embedding.ts, ONNX `Gather`, PyTorch `nn.Embedding`.

import { numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface EmbeddingAttributes {
  vocab: number;
  dim: number;
}

const lookup = ownOp<'lookup', EmbeddingAttributes>({
  op: 'lookup',
  meaning: 'y[t] = E[x[t]]: integer ids to vectors',
  attributes: (args) => ({ vocab: numberArg(args, 'vocab'), dim: numberArg(args, 'dim') }),
  attributeNames: { vocab: true, dim: true },
  parameters: [
    {
      name: 'embeddings',
      role: 'embedding',
      regularized: false,
      shape: ({ vocab, dim }) => [vocab, dim],
      init: 'uniform',
    },
  ],
  js: {
    protocol: 'layer',
    spec: ({ vocab, dim }, { input }) => ({ ids: product(input), vocab, dim }),
  },
  onnx: {
    doc: '`Gather` from the `[vocab, dim]` table',
    layout: 'last',
    build: ([ids], _attrs, _shapes, onnx) =>
      onnx.node('Gather', [onnx.parameter(0), ids], 'gather', { axis: { int: 0 } }),
  },
  pytorch: {
    doc: '`nn.Embedding` (inputs `int64`)',
    layout: 'last',
    module: ({ vocab, dim }) => `nn.Embedding(${vocab}, ${dim})`,
    parameters: [{ key: 'weight', layout: 'vector' }],
  },
});

export const embedding = {
  name: 'embedding',
  lowering: lookup,
  category: 'core',
  summary: 'Looks up a learned vector for each integer id: [T] → [T, dim].',
  doc: [
    '**embedding(vocab, dim)** — a lookup table of learned vectors.',
    '',
    '$$y[t] = E[x[t]], \\qquad E \\in \\mathbb{R}^{\\text{vocab} \\times \\text{dim}}$$',
    '',
    '- input: integer ids in `[0, vocab)`, e.g. `input tokens: int[100]`; output: `[100, dim]`',
    '- `embeddings`: `[vocab, dim]`, initialised uniform in [−0.05, 0.05] (Keras)',
    '',
    'Parameters: `vocab · dim`. Keras: `Embedding`; PyTorch: `nn.Embedding`.',
  ].join('\n'),
  args: [
    {
      name: 'vocab',
      type: { kind: 'int', min: 1 },
      doc: 'Number of distinct ids (largest id + 1).',
      required: true,
    },
    {
      name: 'dim',
      type: { kind: 'int', min: 1 },
      doc: 'Length of each embedding vector.',
      required: true,
    },
  ],
  inputs: { min: 1, max: 1 },
  inputDtype: 'int',
  outputShape([input], args) {
    return { shape: [...input, numberArg(args, 'dim')] };
  },
  weights: ownOpWeights(lookup),
  flops() {
    return 0;
  },
} satisfies LayerSpec;
