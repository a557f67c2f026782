// `reshape(shape)`: takes any input, produces `shape` with the same number of values; one -1 is
// inferred from the rest. Reports a `reshape` problem when the counts cannot match. Its op is
// reshape-op.ts's `reshape` (shared with `flatten`).

import { numbersArg } from '../arg-values.js';
import { product, shapeText } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';
import { reshapeOp } from './reshape-op.js';

export const reshape = {
  name: 'reshape',
  lowering: reshapeOp(false),
  category: 'reshaping',
  summary: 'Gives the values a new shape with the same count; one -1 is inferred.',
  doc: [
    '**reshape(shape)** — reinterprets the values of one sample as `shape` (row-major order; the batch axis is kept).',
    '',
    '$$\\operatorname{vec}(y) = \\operatorname{vec}(x), \\qquad \\textstyle\\prod \\text{shape} = \\prod \\text{input shape}$$',
    '',
    'The product of `shape` must equal the product of the input shape; one dimension may be `-1`,',
    'inferred so that the counts match: `[784]` → `reshape([28, 28, 1])`, `[28, 28]` → `reshape([-1])`.',
  ].join('\n'),
  args: [
    {
      name: 'shape',
      type: { kind: 'ints', allowInfer: true, min: 1 },
      doc: 'The new shape without the batch dimension; one entry may be -1.',
      required: true,
    },
  ],
  inputs: { min: 1, max: 1 },
  inputDtype: 'any',
  outputShape([input], args) {
    const target = numbersArg(args, 'shape');
    const inferred = target.filter((size) => size === -1).length;
    if (target.length === 0)
      return { problem: { kind: 'other', detail: 'the new shape is empty', arg: 'shape' } };
    if (inferred > 1) {
      return {
        problem: {
          kind: 'other',
          detail: `only one dimension may be -1, found ${shapeText(target)}`,
          arg: 'shape',
        },
      };
    }
    if (target.some((size) => size !== -1 && (!Number.isInteger(size) || size < 1))) {
      return {
        problem: {
          kind: 'other',
          detail: `dimensions must be whole numbers ≥ 1 (or one -1), found ${shapeText(target)}`,
          arg: 'shape',
        },
      };
    }
    const total = product(input);
    const known = product(target.filter((size) => size !== -1));
    if (inferred === 0)
      return known === total
        ? { shape: target }
        : { problem: { kind: 'reshape', from: input, to: target } };
    if (total % known !== 0) return { problem: { kind: 'reshape', from: input, to: target } };
    return { shape: target.map((size) => (size === -1 ? total / known : size)) };
  },
  weights() {
    return [];
  },
  flops() {
    return 0;
  },
} satisfies LayerSpec;
