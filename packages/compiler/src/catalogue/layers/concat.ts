// `concat(a, b, …, axis = -1)`: takes two or more values of one rank that agree on every axis but
// `axis` (counted without the batch dimension), produces them joined along `axis`. Declares its
// own op `concatenate`: the merge protocol of kernels/merge.ts, ONNX `Concat`, PyTorch `torch.cat`.

import { numberArg } from '../arg-values.js';
import { ownOp } from '../own-op.js';
import { normalizeAxis, product, shapeText } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface ConcatenateAttributes {
  /** The joined axis, from 0 (per sample). */
  axis: number;
}

const concatenateOp = ownOp<'concatenate', ConcatenateAttributes>({
  op: 'concatenate',
  meaning: 'y = x1 ‖ x2 ‖ … along attrs.axis',
  attributes: (args, { output }) => ({
    axis: normalizeAxis(numberArg(args, 'axis'), output.length)!,
  }),
  attributeNames: { axis: true },
  js: {
    protocol: 'merge',
    // Each input is [outer, width] per sample: the sizes before the axis, then the rest.
    spec: ({ axis }, { inputs, output }) => {
      const outer = product(output.slice(0, axis));
      return { outer, widths: inputs.map((shape) => product(shape) / outer) };
    },
  },
  onnx: {
    doc: "`Concat` on the layer's axis + 1 (the batch)",
    layout: 'any',
    build: (inputs, { axis }, _shapes, onnx) =>
      onnx.node('Concat', inputs, 'concat', { axis: { int: onnx.axis(axis) } }),
  },
  pytorch: {
    doc: '`torch.cat([a, b], dim=…)`',
    layout: 'any',
    // torch's last dim as -1, as a reader writes it.
    call: (inputs, { axis }, { output }, _module, python) => {
      const dim = python.dim(axis);
      return `torch.cat([${inputs.join(', ')}], dim=${dim === String(output.length) ? -1 : dim})`;
    },
  },
});

export const concat = {
  name: 'concat',
  lowering: concatenateOp,
  category: 'merge',
  summary: 'Joins values along one axis: concat(a, b, axis = -1).',
  doc: [
    '**concat(a, b, …, axis = -1)** — concatenation along `axis`.',
    '',
    '$$y = [a \\,\\|\\, b \\,\\|\\, \\dots]_{\\text{axis}}$$',
    '',
    'Axes count without the batch dimension; `-1` is the last (channels). The inputs must have the',
    'same rank and the same size on every other axis: `[8, 8, 16]` and `[8, 8, 32]` → `[8, 8, 48]`.',
    'No weights. Keras: `Concatenate`; PyTorch: `torch.cat(dim = axis + 1)`.',
  ].join('\n'),
  args: [
    {
      name: 'axis',
      type: { kind: 'int' },
      doc: 'The axis to join along (without the batch dimension); -1 is the last.',
      default: -1,
      namedOnly: true,
    },
  ],
  inputs: { min: 2, max: Infinity },
  inputsAsArguments: true,
  outputShape(inputs, args) {
    const [first] = inputs;
    const axisArg = numberArg(args, 'axis');
    const shapes = inputs.map(shapeText).join(', ');
    if (!inputs.every((shape) => shape.length === first.length)) {
      return {
        problem: { kind: 'concat', detail: `the inputs must have the same rank, got ${shapes}` },
      };
    }
    const axis = normalizeAxis(axisArg, first.length);
    if (axis === undefined) {
      return {
        problem: {
          kind: 'concat',
          detail: `axis ${axisArg} is outside inputs of rank ${first.length}`,
        },
      };
    }
    const mismatch = inputs.some((shape) =>
      shape.some((size, index) => index !== axis && size !== first[index]),
    );
    if (mismatch) {
      return {
        problem: {
          kind: 'concat',
          detail: `the inputs must agree on every axis but ${axisArg}, got ${shapes}`,
        },
      };
    }
    const joined = inputs.reduce((total, shape) => total + shape[axis], 0);
    return { shape: first.map((size, index) => (index === axis ? joined : size)) };
  },
  weights: () => [],
  flops: () => 0,
} satisfies LayerSpec;
