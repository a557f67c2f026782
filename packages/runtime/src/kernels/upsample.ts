// Nearest-neighbour 2-D upsampling over channels-last x[batch, H, W, C]: each value is repeated over
// an sh × sw block of y[batch, H·sh, W·sw, C]; the backward sums dy over each block (it overwrites dx).
// Its kernel-table row (`upsampleKernels`) is declared here, for the IR op `upsample`.

import { kernelRow } from './row.js';

export interface Upsample2dSpec {
  inHeight: number;
  inWidth: number;
  channels: number;
  sizeHeight: number;
  sizeWidth: number;
}

export interface Upsample2dGeometry extends Upsample2dSpec {
  outHeight: number;
  outWidth: number;
}

export function upsample2dGeometry(spec: Upsample2dSpec): Upsample2dGeometry {
  for (const [name, value] of Object.entries(spec))
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`upsampling: ${name} must be a whole number ≥ 1, got ${value}`);
  return {
    ...spec,
    outHeight: spec.inHeight * spec.sizeHeight,
    outWidth: spec.inWidth * spec.sizeWidth,
  };
}

export function upsample2dForward(
  x: Float32Array,
  out: Float32Array,
  batch: number,
  g: Upsample2dGeometry,
): void {
  const { inHeight, inWidth, channels: c, sizeHeight, sizeWidth, outHeight, outWidth } = g;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < outHeight; i++) {
      const row = (b * inHeight + Math.floor(i / sizeHeight)) * inWidth;
      for (let j = 0; j < outWidth; j++) {
        const from = (row + Math.floor(j / sizeWidth)) * c;
        const to = ((b * outHeight + i) * outWidth + j) * c;
        for (let k = 0; k < c; k++) out[to + k] = x[from + k];
      }
    }
}

export function upsample2dBackward(
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  g: Upsample2dGeometry,
): void {
  const { inHeight, inWidth, channels: c, sizeHeight, sizeWidth, outHeight, outWidth } = g;
  dx.fill(0, 0, batch * inHeight * inWidth * c);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < outHeight; i++) {
      const row = (b * inHeight + Math.floor(i / sizeHeight)) * inWidth;
      for (let j = 0; j < outWidth; j++) {
        const to = (row + Math.floor(j / sizeWidth)) * c;
        const from = ((b * outHeight + i) * outWidth + j) * c;
        for (let k = 0; k < c; k++) dx[to + k] += dy[from + k];
      }
    }
}

/** The kernel-table row of the IR op `upsample`: the geometry protocol (geometry, forward, backward). */
export const upsampleKernels = kernelRow('upsample', {
  geometry: upsample2dGeometry,
  forward: upsample2dForward,
  backward: upsample2dBackward,
});
