// conv2d/conv1d geometry against TensorFlow's padding formula over valid/same padding, strides,
// dilations, even and 1×1 kernels (the kernels themselves are rows of kernel-checks.test.ts).

import { describe, expect, it } from 'vitest';
import { conv1dGeometry, conv2dGeometry } from '../src/kernels/conv.js';
import { CONV_CASES } from './kernel-rows/layers.js';

/** TensorFlow's documented rule: out = ceil(in/stride) for same, pad_before = ⌊total/2⌋. */
function tensorflowAxis(
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
  same: boolean,
) {
  const span = (k - 1) * dilation + 1;
  if (!same) return { out: Math.ceil((inSize - span + 1) / stride), before: 0 };
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + span - inSize, 0);
  return { out, before: Math.floor(total / 2) };
}

describe('conv2d', () => {
  CONV_CASES.forEach(([label, spec]) => {
    it(label, () => {
      const g = conv2dGeometry(spec);
      const vertical = tensorflowAxis(
        spec.inHeight,
        spec.kernelHeight,
        spec.strideHeight ?? 1,
        spec.dilationHeight ?? 1,
        spec.padding === 'same',
      );
      const horizontal = tensorflowAxis(
        spec.inWidth,
        spec.kernelWidth,
        spec.strideWidth ?? 1,
        spec.dilationWidth ?? 1,
        spec.padding === 'same',
      );
      expect([g.outHeight, g.padTop, g.outWidth, g.padLeft]).toEqual([
        vertical.out,
        vertical.before,
        horizontal.out,
        horizontal.before,
      ]);
    });
  });

  it('splits odd same-padding with the extra row and column after (Keras/TensorFlow)', () => {
    const g = conv2dGeometry({
      inHeight: 6,
      inWidth: 5,
      inChannels: 1,
      outChannels: 1,
      kernelHeight: 4,
      kernelWidth: 2,
      padding: 'same',
    });
    expect([g.outHeight, g.outWidth, g.padTop, g.padLeft]).toEqual([6, 5, 1, 0]); // total 3 → 1 + 2, 1 → 0 + 1
    const strided = conv2dGeometry({
      inHeight: 6,
      inWidth: 6,
      inChannels: 1,
      outChannels: 1,
      kernelHeight: 3,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    });
    expect([strided.outHeight, strided.padTop]).toEqual([3, 0]); // total 1 → 0 + 1
    expect(strided.workspaceLength).toBe(9 * 9);
  });

  it('rejects a valid window larger than the input', () => {
    expect(() =>
      conv2dGeometry({
        inHeight: 2,
        inWidth: 5,
        inChannels: 1,
        outChannels: 1,
        kernelHeight: 3,
        kernelWidth: 3,
      }),
    ).toThrow(RangeError);
  });
});

describe('conv1d', () => {
  it('is conv2d with a height of 1 over [batch, W, cin] with kernel [kw, cin, cout]', () => {
    const g = conv1dGeometry({
      inWidth: 9,
      inChannels: 3,
      outChannels: 4,
      kernelWidth: 4,
      stride: 2,
      padding: 'same',
    });
    expect([g.outHeight, g.outWidth, g.padLeft]).toEqual([1, 5, 1]);
    expect(
      conv1dGeometry({ inWidth: 10, inChannels: 2, outChannels: 3, kernelWidth: 3, dilation: 2 })
        .outWidth,
    ).toBe(6);
  });
});
