// ONNX Resize → nnet's `upsample2d(size)`: only what the layer computes — nearest neighbour with
// `asymmetric` coordinates and `floor` rounding, whole-number scales [1, 1, s_h, s_w] on a
// channels-first image (the form nnet exports). Anything else is refused with the reason.

import type { NodeImporter } from './import-activations.js';
import { attributes, first, notAValue, onnxShapeOf, tuple } from './import-context.js';

export const resize: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (x.layout.kind !== 'first' || x.onnxShape.length !== 3)
    return 'it resizes a value that is not a channels-first image [batch, C, H, W] here';
  for (const [name, expected, fallback] of [
    ['mode', 'nearest', 'nearest'],
    ['coordinate_transformation_mode', 'asymmetric', 'half_pixel'],
    ['nearest_mode', 'floor', 'round_prefer_floor'],
  ] as const) {
    const found = a.string(name, fallback);
    if (found !== expected)
      return `its ${name} is "${found}"; nnet's upsample2d is ${name} = "${expected}"`;
  }
  if (node.input[3]) return 'it gives output sizes; nnet imports whole-number scales';
  const scales = ctx.constant(node.input[2] ?? '')?.values;
  if (!scales || scales.length !== 4)
    return 'its scales are not a constant of 4 values [1, 1, s_h, s_w]';
  const [batchScale, channelScale, sh, sw] = [...scales];
  if (
    batchScale !== 1 ||
    channelScale !== 1 ||
    ![sh, sw].every((s) => Number.isInteger(s) && s >= 1)
  )
    return `its scales [${[...scales].join(', ')}] are not [1, 1, s_h, s_w] with whole s_h, s_w ≥ 1`;
  const [channels, height, width] = x.onnxShape;
  const shape = [height * sh, width * sw, channels];
  const value = ctx.addLayer({
    kind: 'upsample2d',
    positional: [tuple([sh, sw])],
    named: new Map(),
    inputs: [x.value],
    shape,
    node: node.name || 'upsample2d',
  });
  ctx.setValue(node.output[0], value, first, onnxShapeOf(shape, first));
  return undefined;
};
