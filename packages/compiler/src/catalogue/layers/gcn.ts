// `gcn(adjacency, units, activation)`: a graph convolution (Kipf & Welling 2017). Takes node
// features H [nodes, features] (the piped value) and an adjacency A [nodes, nodes] (a named value),
// produces [nodes, units] = f(Â · H · W + b) with Â = D^(-1/2) (A + I) D^(-1/2), D the degrees of A + I.

import { numberArg } from '../arg-values.js';
import type { LayerSpec } from '../types.js';
import { kernelAndBias } from './kernel-rules.js';
import { outputActivationArg, useBiasArg } from './common-args.js';

export const gcn: LayerSpec = {
  name: 'gcn',
  lowering: { op: 'gcn' },
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
  weights([features], args) {
    const units = numberArg(args, 'units');
    return kernelAndBias([features[1], units], units, args);
  },
  flops([features], args) {
    const [nodes, inputs] = features;
    const units = numberArg(args, 'units');
    // H·W, then Â·(HW).
    return 2 * nodes * inputs * units + 2 * nodes * nodes * units;
  },
};
