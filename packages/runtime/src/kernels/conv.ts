// conv2d and conv1d, channels-last: x[batch, H, W, cin] ⊛ kernel[kh, kw, cin, cout] (+ bias[cout])
// → out[batch, outH, outW, cout], with stride, dilation and Keras "valid"/"same" padding. Each
// sample is unfolded (im2col) into a caller-owned workspace and multiplied by the kernel.

import { matmulWithOffsets, sumRows } from '../core/matmul.js';
import { matmulTransAWithOffsets, matmulTransBWithOffsets } from '../core/matmul-transposed.js';
import { windowAxis, type Padding } from '../core/window.js';

export interface Conv2dSpec {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight?: number;
  strideWidth?: number;
  dilationHeight?: number;
  dilationWidth?: number;
  padding?: Padding;
}

/** Everything the kernels need about one convolution, computed once (the batch is per call). */
export interface Conv2dGeometry extends Required<Conv2dSpec> {
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
  /** Output positions per sample (outHeight·outWidth): the rows of the unfolded matrix. */
  positions: number;
  /** Values in one kernel column (kh·kw·cin): the columns of the unfolded matrix. */
  patchLength: number;
  /** Float32 values the workspace must hold (0 for a 1×1 stride-1 conv, which needs none). */
  workspaceLength: number;
}

export function conv2dGeometry(spec: Conv2dSpec): Conv2dGeometry {
  const full: Required<Conv2dSpec> = {
    strideHeight: 1,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    padding: 'valid',
    ...spec,
  };
  const vertical = windowAxis(
    full.inHeight,
    full.kernelHeight,
    full.strideHeight,
    full.dilationHeight,
    full.padding,
  );
  const horizontal = windowAxis(
    full.inWidth,
    full.kernelWidth,
    full.strideWidth,
    full.dilationWidth,
    full.padding,
  );
  const positions = vertical.outSize * horizontal.outSize;
  const patchLength = full.kernelHeight * full.kernelWidth * full.inChannels;
  const pointwise =
    full.kernelHeight === 1 &&
    full.kernelWidth === 1 &&
    full.strideHeight === 1 &&
    full.strideWidth === 1;
  return {
    ...full,
    outHeight: vertical.outSize,
    outWidth: horizontal.outSize,
    padTop: vertical.padBefore,
    padLeft: horizontal.padBefore,
    positions,
    patchLength,
    workspaceLength: pointwise ? 0 : positions * patchLength,
  };
}

export interface Conv1dSpec {
  inWidth: number;
  inChannels: number;
  outChannels: number;
  kernelWidth: number;
  stride?: number;
  dilation?: number;
  padding?: Padding;
}

/** conv1d on x[batch, W, cin] with kernel[kw, cin, cout] is conv2d with a height of 1. */
export function conv1dGeometry(spec: Conv1dSpec): Conv2dGeometry {
  return conv2dGeometry({
    inHeight: 1,
    inWidth: spec.inWidth,
    inChannels: spec.inChannels,
    outChannels: spec.outChannels,
    kernelHeight: 1,
    kernelWidth: spec.kernelWidth,
    strideWidth: spec.stride ?? 1,
    dilationWidth: spec.dilation ?? 1,
    padding: spec.padding ?? 'valid',
  });
}

export function createConvWorkspace(geometry: Conv2dGeometry): Float32Array {
  return new Float32Array(geometry.workspaceLength);
}

/** Unfolds sample `sample` of x into columns[positions, patchLength], zeros where padded. */
function im2col(x: Float32Array, sample: number, columns: Float32Array, g: Conv2dGeometry): void {
  const { inHeight, inWidth, inChannels: cin, kernelHeight, kernelWidth } = g;
  const sampleOffset = sample * inHeight * inWidth * cin;
  let o = 0;
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let kh = 0; kh < kernelHeight; kh++) {
        const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
        for (let kw = 0; kw < kernelWidth; kw++) {
          const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
          if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
            columns.fill(0, o, o + cin);
          } else {
            const from = sampleOffset + (ih * inWidth + iw) * cin;
            for (let c = 0; c < cin; c++) columns[o + c] = x[from + c];
          }
          o += cin;
        }
      }
    }
  }
}

/** Adds columns[positions, patchLength] back onto sample `sample` of dx (the adjoint of im2col). */
function col2imAdd(
  columns: Float32Array,
  dx: Float32Array,
  sample: number,
  g: Conv2dGeometry,
): void {
  const { inHeight, inWidth, inChannels: cin, kernelHeight, kernelWidth } = g;
  const sampleOffset = sample * inHeight * inWidth * cin;
  let o = 0;
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let kh = 0; kh < kernelHeight; kh++) {
        const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
        for (let kw = 0; kw < kernelWidth; kw++) {
          const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
          if (ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth) {
            const to = sampleOffset + (ih * inWidth + iw) * cin;
            for (let c = 0; c < cin; c++) dx[to + c] += columns[o + c];
          }
          o += cin;
        }
      }
    }
  }
}

/** out = x ⊛ kernel + bias (bias may be null). */
export function conv2dForward(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  g: Conv2dGeometry,
  workspace: Float32Array,
): void {
  const { positions, patchLength, outChannels } = g;
  for (let sample = 0; sample < batch; sample++) {
    const outOffset = sample * positions * outChannels;
    if (g.workspaceLength === 0) {
      matmulWithOffsets(
        x,
        sample * positions * patchLength,
        kernel,
        0,
        out,
        outOffset,
        positions,
        patchLength,
        outChannels,
      );
    } else {
      im2col(x, sample, workspace, g);
      matmulWithOffsets(
        workspace,
        0,
        kernel,
        0,
        out,
        outOffset,
        positions,
        patchLength,
        outChannels,
      );
    }
  }
  if (bias) {
    for (let row = 0; row < batch * positions; row++) {
      const offset = row * outChannels;
      for (let c = 0; c < outChannels; c++) out[offset + c] += bias[c];
    }
  }
}

/**
 * From dy[batch, outH, outW, cout]: dKernel and dBias (overwritten; either may be null) and dx
 * (overwritten; null to skip, e.g. for the first layer). Needs the forward's input x.
 */
export function conv2dBackward(
  x: Float32Array,
  kernel: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dKernel: Float32Array | null,
  dBias: Float32Array | null,
  batch: number,
  g: Conv2dGeometry,
  workspace: Float32Array,
): void {
  const { positions, patchLength, outChannels } = g;
  const pointwise = g.workspaceLength === 0;
  if (dBias) sumRows(dy, dBias, batch * positions, outChannels);
  if (dKernel && batch === 0) dKernel.fill(0, 0, patchLength * outChannels);
  if (dx) dx.fill(0, 0, batch * g.inHeight * g.inWidth * g.inChannels);
  for (let sample = 0; sample < batch; sample++) {
    const dyOffset = sample * positions * outChannels;
    const xOffset = sample * positions * patchLength;
    if (dKernel) {
      // dKernel[patchLength, cout] += columnsᵀ · dy_sample
      if (pointwise) {
        matmulTransAWithOffsets(
          x,
          xOffset,
          dy,
          dyOffset,
          dKernel,
          0,
          patchLength,
          positions,
          outChannels,
          sample > 0,
        );
      } else {
        im2col(x, sample, workspace, g);
        matmulTransAWithOffsets(
          workspace,
          0,
          dy,
          dyOffset,
          dKernel,
          0,
          patchLength,
          positions,
          outChannels,
          sample > 0,
        );
      }
    }
    if (dx) {
      // dColumns[positions, patchLength] = dy_sample · kernelᵀ, folded back onto dx.
      if (pointwise) {
        matmulTransBWithOffsets(
          dy,
          dyOffset,
          kernel,
          0,
          dx,
          xOffset,
          positions,
          outChannels,
          patchLength,
        );
      } else {
        matmulTransBWithOffsets(
          dy,
          dyOffset,
          kernel,
          0,
          workspace,
          0,
          positions,
          outChannels,
          patchLength,
        );
        col2imAdd(workspace, dx, sample, g);
      }
    }
  }
}
