// 2-D zero padding over channels-last x[batch, H, W, C]: y[batch, top + H + bottom, left + W + right, C]
// holds x with zeros around it; the backward is the crop of dy back to x's place (it overwrites dx).
// Its kernel-table row (`zeroPaddingKernels`) is declared here, for the IR op `zero_padding`.

import { kernelRow } from './row.js';

export interface ZeroPadding2dSpec {
  inHeight: number;
  inWidth: number;
  channels: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface ZeroPadding2dGeometry extends ZeroPadding2dSpec {
  outHeight: number;
  outWidth: number;
}

export function zeroPadding2dGeometry(spec: ZeroPadding2dSpec): ZeroPadding2dGeometry {
  for (const [name, value] of Object.entries(spec)) {
    const least = name === 'inHeight' || name === 'inWidth' || name === 'channels' ? 1 : 0;
    if (!Number.isInteger(value) || value < least)
      throw new RangeError(`zero padding: ${name} must be a whole number ≥ ${least}, got ${value}`);
  }
  return {
    ...spec,
    outHeight: spec.top + spec.inHeight + spec.bottom,
    outWidth: spec.left + spec.inWidth + spec.right,
  };
}

export function zeroPadding2dForward(
  x: Float32Array,
  out: Float32Array,
  batch: number,
  g: ZeroPadding2dGeometry,
): void {
  const { inHeight, inWidth, channels: c, top, left, outHeight, outWidth } = g;
  const rowLength = inWidth * c;
  out.fill(0, 0, batch * outHeight * outWidth * c);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < inHeight; i++) {
      const from = (b * inHeight + i) * rowLength;
      const to = ((b * outHeight + top + i) * outWidth + left) * c;
      out.set(x.subarray(from, from + rowLength), to);
    }
}

export function zeroPadding2dBackward(
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  g: ZeroPadding2dGeometry,
): void {
  const { inHeight, inWidth, channels: c, top, left, outHeight, outWidth } = g;
  const rowLength = inWidth * c;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < inHeight; i++) {
      const from = ((b * outHeight + top + i) * outWidth + left) * c;
      dx.set(dy.subarray(from, from + rowLength), (b * inHeight + i) * rowLength);
    }
}

/** The kernel-table row of the IR op `zero_padding`: the geometry protocol. */
export const zeroPaddingKernels = kernelRow('zero_padding', {
  geometry: zeroPadding2dGeometry,
  forward: zeroPadding2dForward,
  backward: zeroPadding2dBackward,
});
