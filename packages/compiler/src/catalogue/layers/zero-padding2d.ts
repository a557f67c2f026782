// `zero_padding2d(padding)`: takes [height, width, channels], produces [top + height + bottom,
// left + width + right, channels] with zeros around the image. No weights. Declares its own op
// `zero_padding`: the runtime's kernels/zero-padding.ts, ONNX `Pad`, PyTorch `nn.ZeroPad2d`.

import { ownOp } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { ArgValue, LayerSpec } from '../types.js';
import { rankProblem } from './window-rules.js';

export interface ZeroPaddingAttributes {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const isCount = (value: ArgValue | undefined): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Keras's three forms: `p`, `[h, w]` (symmetric), `[[top, bottom], [left, right]]`. */
function paddingOf(value: ArgValue | undefined): ZeroPaddingAttributes | undefined {
  if (isCount(value)) return { top: value, bottom: value, left: value, right: value };
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [height, width] = value as readonly ArgValue[];
  if (isCount(height) && isCount(width))
    return { top: height, bottom: height, left: width, right: width };
  const pair = (item: ArgValue) =>
    Array.isArray(item) && item.length === 2 && item.every(isCount)
      ? (item as readonly number[])
      : undefined;
  const [vertical, horizontal] = [pair(height), pair(width)];
  if (!vertical || !horizontal) return undefined;
  return { top: vertical[0], bottom: vertical[1], left: horizontal[0], right: horizontal[1] };
}

const zeroPadding = ownOp<'zero_padding', ZeroPaddingAttributes>({
  op: 'zero_padding',
  meaning: 'y = x with `top`/`bottom` rows and `left`/`right` columns of zeros around each image',
  attributes: (args) => paddingOf(args.padding)!,
  attributeNames: { top: true, bottom: true, left: true, right: true },
  js: {
    protocol: 'geometry',
    spec: (padding, { input: [inHeight, inWidth, channels] }) => ({
      inHeight,
      inWidth,
      channels,
      ...padding,
    }),
  },
  onnx: {
    doc: '`Pad` (mode `constant`, value 0) with pads `[0, 0, top, left, 0, 0, bottom, right]`',
    layout: 'first',
    build: ([x], { top, bottom, left, right }, _shapes, onnx) =>
      onnx.node(
        'Pad',
        [x, onnx.int64Constant('pads', [0, 0, top, left, 0, 0, bottom, right], [8])],
        'pad',
        {
          mode: { string: 'constant' },
        },
      ),
  },
  pytorch: {
    doc: '`nn.ZeroPad2d((left, right, top, bottom))` on the channels-first value',
    layout: 'first',
    module: ({ top, bottom, left, right }) =>
      `nn.ZeroPad2d((${left}, ${right}, ${top}, ${bottom}))`,
  },
});

export const zeroPadding2d = {
  name: 'zero_padding2d',
  lowering: zeroPadding,
  category: 'reshaping',
  summary: 'Adds rows and columns of zeros around an image: [H, W, C] → [H + 2p, W + 2p, C].',
  doc: [
    '**zero_padding2d(padding = 1)** — 2-D zero padding, per channel.',
    '',
    '$$y[i, j, c] = x[i - t, j - l, c]$$ inside the image, 0 in the border',
    '',
    '- input: `[H, W, C]`; output: `[t + H + b, l + W + r, C]`',
    '- `padding = p` pads p on every side; `[h, w]` pads h above and below, w left and right;',
    "  `[[t, b], [l, r]]` gives each side (Keras's three forms)",
    '- the gradient of x is dy without its border',
    '',
    'No weights. Keras: `ZeroPadding2D`; PyTorch: `nn.ZeroPad2d((l, r, t, b))`; ONNX: `Pad`.',
  ].join('\n'),
  args: [
    {
      name: 'padding',
      type: { kind: 'any' },
      doc: 'Zeros on each side: `1`, `[h, w]` (top and bottom, left and right) or `[[t, b], [l, r]]`.',
      default: 1,
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input], args) {
    if (input.length !== 3) return rankProblem(2, input);
    const padding = paddingOf(args.padding);
    if (!padding)
      return {
        problem: {
          kind: 'other',
          detail: `\`padding\` must be a whole number ≥ 0, [h, w] or [[top, bottom], [left, right]]; found ${JSON.stringify(args.padding)?.replace(/,/g, ', ')}`,
          help: 'write `padding = 1`, `padding = [1, 2]` or `padding = [[0, 1], [0, 1]]`',
          arg: 'padding',
        },
      };
    const { top, bottom, left, right } = padding;
    return { shape: [top + input[0] + bottom, left + input[1] + right, input[2]] };
  },
  weights: () => [],
  // One copy or zero per output value (no multiply-adds): counted as one operation each.
  flops: (_inputs, _args, output) => product(output),
} satisfies LayerSpec;
