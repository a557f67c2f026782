// `upsample2d(size)`: takes [height, width, channels], produces [height·s_h, width·s_w, channels],
// each value repeated over an s_h × s_w block (nearest neighbour). No weights.

import { tupleArg } from '../arg-values.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const upsample2d: LayerSpec = {
  name: 'upsample2d',
  lowering: { op: 'upsample' },
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
    if (input.length !== 3) {
      return {
        problem: {
          kind: 'rank',
          expected: 'a 3-D input [height, width, channels]',
          found: input,
          ...(input.length === 2
            ? { help: `add a channel axis: \`reshape([${input.join(', ')}, 1])\`` }
            : {}),
        },
      };
    }
    const [sh, sw] = tupleArg(args, 'size', 2);
    return { shape: [input[0] * sh, input[1] * sw, input[2]] };
  },
  weights: () => [],
  // One copy per output value (no multiply-adds): counted as one operation each.
  flops: (_inputs, _args, output) => product(output),
};
