// `upsample2d(size)`: takes [height, width, channels], produces [height·s_h, width·s_w, channels],
// each value repeated over an s_h × s_w block (nearest neighbour). No weights. Declares its own op
// `upsample`: the runtime's kernels/upsample.ts, ONNX `Resize`, PyTorch `nn.Upsample`.

import { tupleArg } from '../arg-values.js';
import { ownOp } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';
import { rankProblem } from './window-rules.js';

export interface UpsampleAttributes {
  /** Repeats along each spatial axis (height, width). */
  size: number[];
}

const upsample = ownOp<'upsample', UpsampleAttributes>({
  op: 'upsample',
  meaning: 'y[i, j, c] = x[⌊i / s_h⌋, ⌊j / s_w⌋, c]: nearest-neighbour upsampling',
  attributes: (args, { input }) => ({ size: tupleArg(args, 'size', input.length - 1) }),
  attributeNames: { size: true },
  js: {
    protocol: 'geometry',
    spec: ({ size: [sizeHeight, sizeWidth] }, { input: [inHeight, inWidth, channels] }) => ({
      inHeight,
      inWidth,
      channels,
      sizeHeight,
      sizeWidth,
    }),
  },
  onnx: {
    doc: '`Resize` (nearest, `asymmetric` coordinates, `floor`) with scales `[1, 1, s_h, s_w]`',
    layout: 'first',
    // Output (i, j) reads input (⌊i / s_h⌋, ⌊j / s_w⌋); inputs X, roi (absent: ''), scales.
    build: ([x], { size }, _shapes, onnx) =>
      onnx.node('Resize', [x, '', onnx.floatConstant('scales', [1, 1, ...size], [4])], 'resize', {
        mode: { string: 'nearest' },
        coordinate_transformation_mode: { string: 'asymmetric' },
        nearest_mode: { string: 'floor' },
      }),
  },
  pytorch: {
    doc: '`nn.Upsample(scale_factor=…, mode="nearest")` on the channels-first value',
    layout: 'first',
    module: ({ size: [sh, sw] }, _shapes, python) =>
      `nn.Upsample(scale_factor=(${python.float(sh)}, ${python.float(sw)}), mode="nearest")`,
  },
});

export const upsample2d = {
  name: 'upsample2d',
  lowering: upsample,
  category: 'reshaping',
  summary:
    'Repeat each pixel over a size × size block (nearest neighbour): [H, W, C] → [sH, sW, C].',
  doc: [
    '**upsample2d(size = 2)** — 2-D nearest-neighbour upsampling, per channel.',
    '',
    '$$y[i, j, c] = x[\\lfloor i / s_h \\rfloor,\\, \\lfloor j / s_w \\rfloor,\\, c]$$',
    '',
    '- input: `[H, W, C]`; output: `[H·s_h, W·s_w, C]`',
    '- `size = 2` means 2×2; the gradient of an input value is the sum over its block',
    '',
    'No weights. Keras: `UpSampling2D`; PyTorch: `nn.Upsample(scale_factor=s, mode="nearest")`;',
    'ONNX: `Resize` (nearest, asymmetric, floor).',
  ].join('\n'),
  args: [
    {
      name: 'size',
      type: { kind: 'intTuple', length: 2, min: 1 },
      doc: 'Repeats along height and width: `2` for 2×2 or `[sh, sw]`.',
      default: 2,
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input], args) {
    if (input.length !== 3) return rankProblem(2, input);
    const [sh, sw] = tupleArg(args, 'size', 2);
    return { shape: [input[0] * sh, input[1] * sw, input[2]] };
  },
  weights: () => [],
  // One copy per output value (no multiply-adds): counted as one operation each.
  flops: (_inputs, _args, output) => product(output),
} satisfies LayerSpec;
