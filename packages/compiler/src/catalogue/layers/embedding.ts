// `embedding(vocab, dim)`: takes integer ids of shape [T] (any shape S), produces [T, dim]
// ([...S, dim]) by looking each id up in the table `embeddings` [vocab, dim].

import { numberArg } from '../arg-values.js';
import type { LayerSpec } from '../types.js';

export const embedding: LayerSpec = {
  name: 'embedding',
  lowering: { op: 'embedding' },
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
  weights(_inputs, args) {
    return [
      {
        name: 'embeddings',
        shape: [numberArg(args, 'vocab'), numberArg(args, 'dim')],
        trainable: true,
        role: 'embedding',
        regularized: false,
        init: 'uniform',
      },
    ];
  },
  flops() {
    return 0;
  },
};
