// `gcn(adjacency, units, activation)`: a graph convolution (Kipf & Welling 2017). Takes node
// features H [nodes, features] (the piped value) and an adjacency A [nodes, nodes] (a named value),
// produces [nodes, units] = f(Â · H · W + b); declares its own op `graph_convolution` (multi-input).

import { boolArg, numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights } from '../own-op.js';
import type { LayerSpec } from '../types.js';
import { outputActivationArg, useBiasArg } from './common-args.js';

export interface GraphConvolutionAttributes {
  /** Whether the op adds its bias b (its second parameter). */
  hasBias: boolean;
}

const graphConvolutionOp = ownOp<'graph_convolution', GraphConvolutionAttributes>({
  op: 'graph_convolution',
  meaning:
    'y = Â · x · W + bias per sample, Â = D^(-1/2)(A + I)D^(-1/2) from the second input A (no gradient)',
  attributes: (args) => ({ hasBias: boolArg(args, 'use_bias') }),
  attributeNames: { hasBias: true },
  parameters: [
    {
      name: 'weights',
      role: 'kernel',
      regularized: true,
      // [features, units]: the features of H, the units of Y.
      shape: (_attrs, { input, output }) => [input[1], output[1]],
      init: 'glorot_uniform',
    },
    {
      name: 'bias',
      role: 'bias',
      regularized: false,
      shape: (_attrs, { output }) => [output[1]],
      init: 'zeros',
      when: ({ hasBias }) => hasBias,
    },
  ],
  // W multiplies the features of every node of a sample.
  weightsServeSeveralPositions: true,
  js: {
    protocol: 'multi-input',
    spec: (_attrs, { input, output }) => ({
      nodes: input[0],
      features: input[1],
      units: output[1],
    }),
  },
  onnx: {
    doc: 'Â = D^(-1/2)(A + I)D^(-1/2) from the adjacency input (`Add`, `ReduceSum`, `Pow`, `Mul`), then `MatMul`s and the bias `Add`',
    layout: 'last',
    build: ([features, adjacency], { hasBias }, { input }, onnx) => {
      const n = input[0];
      const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
      const selfLoops = onnx.node(
        'Add',
        [adjacency, onnx.floatConstant('identity', identity, [n, n])],
        'self_loops',
      );
      const degree = onnx.node(
        'ReduceSum',
        [selfLoops, onnx.int64Constant('last_axis', [-1], [1])],
        'degree',
        { keepdims: { int: 1 } },
      );
      const scale = onnx.node('Pow', [degree, onnx.floatConstant('minus_half', [-0.5])], 'scale');
      const scaleColumns = onnx.node('Transpose', [scale], 'scale_columns', {
        perm: { ints: [0, 2, 1] },
      });
      const rows = onnx.node('Mul', [selfLoops, scale], 'scale_rows');
      const normalized = onnx.node('Mul', [rows, scaleColumns], 'normalized');
      const hw = onnx.node('MatMul', [features, onnx.parameter(0)], 'hw');
      const y = onnx.node('MatMul', [normalized, hw], 'propagate');
      return hasBias ? onnx.node('Add', [y, onnx.parameter(1)], 'bias') : y;
    },
  },
  pytorch: {
    doc: '`nl.GraphConv` (nnet_layers.py: Â · (H · W) + b with self-loops), weight `[features, units]`',
    layout: 'last',
    module: ({ hasBias }, { input, output }) =>
      `nl.GraphConv(${input[1]}, ${output[1]}${hasBias ? '' : ', bias=False'})`,
    parameters: [
      { key: 'weight', layout: 'vector' },
      { key: 'bias', layout: 'vector' },
    ],
  },
});

export const gcn = {
  name: 'gcn',
  lowering: graphConvolutionOp,
  category: 'core',
  summary: 'Graph convolution: y = f(Â · H · W + b), Â the normalized adjacency with self-loops.',
  doc: [
    '**gcn(adjacency, units, activation)** — a graph convolution (Kipf & Welling, ICLR 2017).',
    '',
    '$$Y = f\\big(\\hat A \\, H \\, W + b\\big), \\qquad \\hat A = D^{-1/2} (A + I) D^{-1/2}, \\quad D_{ii} = 1 + \\sum_j A_{ij}$$',
    '',
    '- input `H` (the piped value): `[nodes, features]`, one row per node',
    '- `adjacency` (a named value, written first): `[nodes, nodes]`, dense; 1 (or an edge weight) where an',
    '  edge joins two nodes, 0 elsewhere. Self-loops are added by the layer. It gets no gradient.',
    '- `W` (`weights`): `[features, units]`; `b` (`bias`): `[units]`',
    '- output: `[nodes, units]`',
    '',
    'Example: `features -> gcn(adjacency, 16, relu) -> gcn(adjacency, 2, softmax)`.',
    'Parameters: `features · units + units`, as `torch_geometric.nn.GCNConv` and Spektral’s `GCNConv`',
    '(PyTorch, written out: `adj_norm @ (h @ W) + b`).',
  ].join('\n'),
  args: [
    {
      name: 'units',
      type: { kind: 'int', min: 1 },
      doc: 'Number of output features per node.',
      required: true,
    },
    outputActivationArg(),
    useBiasArg,
  ],
  inputs: { min: 2, max: 2 },
  inputsAsArguments: true,
  activationArg: 'activation',
  outputShape([features, adjacency], args) {
    if (features.length !== 2)
      return {
        problem: {
          kind: 'rank',
          expected: 'node features [nodes, features]',
          found: features,
          help: 'a graph convolution reads one row of features per node',
        },
      };
    if (adjacency.length !== 2 || adjacency[0] !== features[0] || adjacency[1] !== features[0])
      return {
        problem: {
          kind: 'other',
          detail: `the adjacency must be [${features[0]}, ${features[0]}] for ${features[0]} nodes, found [${adjacency.join(', ')}]`,
          help: 'write `features -> gcn(adjacency, units)` with adjacency: [nodes, nodes]',
        },
      };
    return { shape: [features[0], numberArg(args, 'units')] };
  },
  weights: ownOpWeights(graphConvolutionOp),
  flops([features], args) {
    const [nodes, inputs] = features;
    const units = numberArg(args, 'units');
    // H·W, then Â·(HW).
    return 2 * nodes * inputs * units + 2 * nodes * nodes * units;
  },
} satisfies LayerSpec;
