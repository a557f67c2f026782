// `attention(num_heads, key_dim)`: multi-head self-attention (Keras MultiHeadAttention with
// query = key = value). Takes [timesteps, d], produces [timesteps, d]; weights are Keras's
// per-head projections, counted alike in PyTorch when num_heads · key_dim = d.

import { boolArg, numberArg, optionalNumberArg } from '../arg-values.js';
import type { Args, LayerSpec, Shape, WeightSpec } from '../types.js';
import { useBiasArg } from './common-args.js';

interface HeadSizes {
  model: number;
  heads: number;
  keyDim: number;
  valueDim: number;
}

function headSizes(input: Shape, args: Args): HeadSizes {
  const model = input[input.length - 1];
  const heads = numberArg(args, 'num_heads');
  const keyDim = optionalNumberArg(args, 'key_dim') ?? model / heads;
  return { model, heads, keyDim, valueDim: optionalNumberArg(args, 'value_dim') ?? keyDim };
}

export const attention: LayerSpec = {
  name: 'attention',
  lowering: { op: 'attention' },
  category: 'attention',
  summary: 'Multi-head self-attention over a sequence [timesteps, d].',
  doc: [
    '**attention(num_heads, key_dim)** — multi-head scaled dot-product self-attention.',
    '',
    '$$\\text{head}_i = \\operatorname{softmax}\\Big(\\frac{(X W^Q_i)(X W^K_i)^\\top}{\\sqrt{d_k}}\\Big)\\, X W^V_i, \\qquad',
    'Y = [\\text{head}_1, …, \\text{head}_h]\\, W^O + b^O$$',
    '',
    '- input `X`: `[timesteps, d]`; output: `[timesteps, d]`',
    '- `key_dim` d_k defaults to d / num_heads (as PyTorch); `value_dim` defaults to `key_dim`',
    '- `query_kernel`, `key_kernel`: `[d, num_heads, key_dim]`; `value_kernel`: `[d, num_heads, value_dim]`;',
    '  their biases `[num_heads, key_dim]` / `[num_heads, value_dim]`; `output_kernel`: `[num_heads, value_dim, d]`; `output_bias`: `[d]`',
    '- `causal = true` lets step t attend only to steps ≤ t',
    '- `padding = ids` (a named value `[timesteps]` of token ids, e.g. the input of the `embedding`) masks',
    '  the keys whose id is `pad` (default 0): their scores are −∞ before the softmax, so no step attends',
    '  to padding (Keras `Embedding(mask_zero=True)`, PyTorch `key_padding_mask = ids == pad`). A query',
    '  whose every key is masked gets zero weights (PyTorch gives NaN there).',
    '',
    'Parameters: `d·h·(2·key_dim + value_dim) + h·value_dim·d` plus biases `h·(2·key_dim + value_dim) + d`;',
    'with key_dim = value_dim = d / h that is `4d² + 4d`, the same as PyTorch `nn.MultiheadAttention(d, h)`.',
    'Keras: `MultiHeadAttention` called as `mha(x, x)`.',
  ].join('\n'),
  args: [
    {
      name: 'num_heads',
      type: { kind: 'int', min: 1 },
      doc: 'Number of attention heads.',
      required: true,
    },
    {
      name: 'key_dim',
      type: { kind: 'int', min: 1 },
      doc: "Size of each head's queries and keys; d / num_heads when left out.",
    },
    {
      name: 'value_dim',
      type: { kind: 'int', min: 1 },
      doc: "Size of each head's values; `key_dim` when left out.",
      namedOnly: true,
    },
    {
      name: 'dropout',
      type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
      doc: 'Dropout rate on the attention weights while training.',
      default: 0,
      namedOnly: true,
    },
    {
      name: 'padding',
      type: { kind: 'any' },
      doc: 'A named value of token ids `[timesteps]` (the `embedding` input): keys whose id is `pad` are masked.',
      namedOnly: true,
    },
    {
      name: 'pad',
      type: { kind: 'int' },
      doc: 'The token id of padding, for `padding`.',
      default: 0,
      namedOnly: true,
    },
    {
      name: 'causal',
      type: { kind: 'bool' },
      doc: 'Mask future steps (step t sees only steps ≤ t).',
      default: false,
      namedOnly: true,
    },
    useBiasArg,
  ],
  inputs: { min: 1, max: 2 },
  valueArgs: ['padding'],
  outputShape([input, ids], args) {
    if (input.length !== 2) {
      return {
        problem: { kind: 'rank', expected: 'a 2-D input [timesteps, features]', found: input },
      };
    }
    if (ids && (ids.length !== 1 || ids[0] !== input[0]))
      return {
        problem: {
          kind: 'other',
          detail: `\`padding\` must be the token ids [${input[0]}] of the ${input[0]} steps, found [${ids.join(', ')}]`,
          help: 'give the token ids the `embedding` reads: `input ids: int[steps]` … `attention(4, padding = ids)`',
          arg: 'padding',
        },
      };
    const { model, heads } = headSizes(input, args);
    if (optionalNumberArg(args, 'key_dim') === undefined && model % heads !== 0) {
      return {
        problem: {
          kind: 'other',
          detail: `the feature size ${model} is not divisible by num_heads = ${heads}`,
          help: 'give `key_dim` explicitly, or choose num_heads dividing the feature size',
          arg: 'num_heads',
        },
      };
    }
    return { shape: input };
  },
  weights([input], args) {
    const { model, heads, keyDim, valueDim } = headSizes(input, args);
    const useBias = boolArg(args, 'use_bias');
    const weights: WeightSpec[] = [];
    const projection = (name: string, size: number) => {
      weights.push({
        name: `${name}_kernel`,
        shape: [model, heads, size],
        trainable: true,
        role: 'kernel',
        regularized: true,
        init: 'glorot_uniform',
      });
      if (useBias)
        weights.push({
          name: `${name}_bias`,
          shape: [heads, size],
          trainable: true,
          role: 'bias',
          regularized: false,
          init: 'zeros',
        });
    };
    projection('query', keyDim);
    projection('key', keyDim);
    projection('value', valueDim);
    weights.push({
      name: 'output_kernel',
      shape: [heads, valueDim, model],
      trainable: true,
      role: 'kernel',
      regularized: true,
      init: 'glorot_uniform',
    });
    if (useBias)
      weights.push({
        name: 'output_bias',
        shape: [model],
        trainable: true,
        role: 'bias',
        regularized: false,
        init: 'zeros',
      });
    return weights;
  },
  flops([input], args) {
    const { model, heads, keyDim, valueDim } = headSizes(input, args);
    const timesteps = input[0];
    const projections = timesteps * model * heads * (2 * keyDim + valueDim);
    const scoresAndMix = timesteps * timesteps * heads * (keyDim + valueDim);
    const output = timesteps * heads * valueDim * model;
    return 2 * (projections + scoresAndMix + output);
  },
};
