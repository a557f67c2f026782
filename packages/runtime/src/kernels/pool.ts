// Pooling, channels-last: maxpool and avgpool over windows of x[batch, H, W, C] (1-D pooling is a
// height of 1) with Keras padding, and global average pooling over all positions. Padded cells
// never win a max and are left out of an average (TensorFlow's rule). Backwards overwrite dx.

import { windowAxis, type Padding } from '../core/window.js';
import {
  forgetArgmax,
  wasmAvgPoolBackward,
  wasmAvgPoolForward,
  wasmMaxPoolBackward,
  wasmMaxPoolForward,
} from '../core/wasm/window-kernels.js';

export interface Pool2dSpec {
  inHeight: number;
  inWidth: number;
  channels: number;
  poolHeight: number;
  poolWidth: number;
  /** Defaults to the pool size, as Keras. */
  strideHeight?: number;
  strideWidth?: number;
  padding?: Padding;
}

export interface Pool2dGeometry extends Required<Pool2dSpec> {
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

export function pool2dGeometry(spec: Pool2dSpec): Pool2dGeometry {
  const full: Required<Pool2dSpec> = {
    ...spec,
    strideHeight: spec.strideHeight ?? spec.poolHeight,
    strideWidth: spec.strideWidth ?? spec.poolWidth,
    padding: spec.padding ?? 'valid',
  };
  const vertical = windowAxis(full.inHeight, full.poolHeight, full.strideHeight, 1, full.padding);
  const horizontal = windowAxis(full.inWidth, full.poolWidth, full.strideWidth, 1, full.padding);
  return {
    ...full,
    outHeight: vertical.outSize,
    outWidth: horizontal.outSize,
    padTop: vertical.padBefore,
    padLeft: horizontal.padBefore,
  };
}

/** 1-D pooling of x[batch, W, C] is 2-D pooling with a height of 1. */
export function pool1dGeometry(spec: {
  inWidth: number;
  channels: number;
  poolSize: number;
  stride?: number;
  padding?: Padding;
}): Pool2dGeometry {
  return pool2dGeometry({
    inHeight: 1,
    inWidth: spec.inWidth,
    channels: spec.channels,
    poolHeight: 1,
    poolWidth: spec.poolSize,
    strideHeight: 1,
    strideWidth: spec.stride ?? spec.poolSize,
    padding: spec.padding ?? 'valid',
  });
}

/**
 * out[b, oh, ow, c] = max of the window; argmax[same index] = the flat index into x of the
 * winner (the first one on a tie), kept for the backward. The WebAssembly kernel (arrays in the
 * kernel memory) keeps the argmax in the arena instead, where its backward reads it.
 */
export function maxPool2dForward(
  x: Float32Array,
  out: Float32Array,
  argmax: Int32Array,
  batch: number,
  g: Pool2dGeometry,
): void {
  if (wasmMaxPoolForward(x, out, argmax, batch, g)) return;
  forgetArgmax(argmax);
  // Geometry in locals; each window is scanned row by row from its first index (the loops run
  // once per input value).
  const { inHeight, inWidth, channels, outHeight, outWidth } = g;
  const { strideHeight, strideWidth, padTop, padLeft, poolHeight, poolWidth } = g;
  const rowValues = inWidth * channels;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const sampleStart = b * inHeight * rowValues;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padTop;
      const rowStart = Math.max(top, 0);
      const rowEnd = Math.min(top + poolHeight, inHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - padLeft;
        const columnStart = Math.max(left, 0);
        const columnEnd = Math.min(left + poolWidth, inWidth);
        const windowStart = sampleStart + rowStart * rowValues + columnStart * channels;
        for (let c = 0; c < channels; c++) {
          let best = -Infinity;
          let bestIndex = -1;
          let rowIndex = windowStart + c;
          for (let ih = rowStart; ih < rowEnd; ih++) {
            let index = rowIndex;
            for (let iw = columnStart; iw < columnEnd; iw++) {
              const value = x[index];
              if (value > best || bestIndex < 0) {
                best = value;
                bestIndex = index;
              }
              index += channels;
            }
            rowIndex += rowValues;
          }
          out[o] = best;
          argmax[o] = bestIndex;
          o++;
        }
      }
    }
  }
}

/** dx = 0, then dx[argmax[o]] += dy[o] for every output o. */
export function maxPool2dBackward(
  dy: Float32Array,
  argmax: Int32Array,
  dx: Float32Array,
  batch: number,
  g: Pool2dGeometry,
): void {
  if (wasmMaxPoolBackward(dy, argmax, dx, batch, g)) return;
  dx.fill(0, 0, batch * g.inHeight * g.inWidth * g.channels);
  const outputs = batch * g.outHeight * g.outWidth * g.channels;
  for (let o = 0; o < outputs; o++) dx[argmax[o]] += dy[o];
}

/** out = the mean of the window's cells that lie inside the input. */
export function avgPool2dForward(
  x: Float32Array,
  out: Float32Array,
  batch: number,
  g: Pool2dGeometry,
): void {
  if (wasmAvgPoolForward(x, out, batch, g)) return;
  const { inHeight, inWidth, channels } = g;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      const top = oh * g.strideHeight - g.padTop;
      const rowStart = Math.max(top, 0);
      const rowEnd = Math.min(top + g.poolHeight, inHeight);
      for (let ow = 0; ow < g.outWidth; ow++) {
        const left = ow * g.strideWidth - g.padLeft;
        const columnStart = Math.max(left, 0);
        const columnEnd = Math.min(left + g.poolWidth, inWidth);
        const inverseCount = 1 / ((rowEnd - rowStart) * (columnEnd - columnStart));
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let ih = rowStart; ih < rowEnd; ih++) {
            for (let iw = columnStart; iw < columnEnd; iw++) {
              sum += x[((b * inHeight + ih) * inWidth + iw) * channels + c];
            }
          }
          out[o++] = sum * inverseCount;
        }
      }
    }
  }
}

/** dx = 0, then each dy spread evenly over the cells its window averaged. */
export function avgPool2dBackward(
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  g: Pool2dGeometry,
): void {
  if (wasmAvgPoolBackward(dy, dx, batch, g)) return;
  const { inHeight, inWidth, channels } = g;
  dx.fill(0, 0, batch * inHeight * inWidth * channels);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      const top = oh * g.strideHeight - g.padTop;
      const rowStart = Math.max(top, 0);
      const rowEnd = Math.min(top + g.poolHeight, inHeight);
      for (let ow = 0; ow < g.outWidth; ow++) {
        const left = ow * g.strideWidth - g.padLeft;
        const columnStart = Math.max(left, 0);
        const columnEnd = Math.min(left + g.poolWidth, inWidth);
        const inverseCount = 1 / ((rowEnd - rowStart) * (columnEnd - columnStart));
        for (let c = 0; c < channels; c++) {
          const share = dy[o++] * inverseCount;
          for (let ih = rowStart; ih < rowEnd; ih++) {
            for (let iw = columnStart; iw < columnEnd; iw++) {
              dx[((b * inHeight + ih) * inWidth + iw) * channels + c] += share;
            }
          }
        }
      }
    }
  }
}

/** out[b, c] = mean over the `positions` cells of x[b, positions, c] (any spatial rank). */
export function globalAvgPoolForward(
  x: Float32Array,
  out: Float32Array,
  batch: number,
  positions: number,
  channels: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let p = 0; p < positions; p++) sum += x[(b * positions + p) * channels + c];
      out[b * channels + c] = sum / positions;
    }
  }
}

/** dx[b, p, c] = dy[b, c] / positions. */
export function globalAvgPoolBackward(
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  positions: number,
  channels: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < positions; p++) {
      const offset = (b * positions + p) * channels;
      for (let c = 0; c < channels; c++) dx[offset + c] = dy[b * channels + c] / positions;
    }
  }
}
