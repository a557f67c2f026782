// conv2d and conv1d, channels-last: x[batch, H, W, cin] ⊛ kernel[kh, kw, cin, cout] (+ bias[cout])
// → out[batch, outH, outW, cout], with stride, dilation and Keras "valid"/"same" padding. Each
// group of samples is unfolded (im2col) into a shared workspace and multiplied by the kernel at once.

import { matmulWithOffsets, sumRows } from '../core/matmul.js';
import { matmulTransAWithOffsets, matmulTransBWithOffsets } from '../core/matmul-transposed.js';
import { allocateFloats } from '../core/wasm/arena.js';
import { wasmColumnSums } from '../core/wasm/elementwise.js';
import { wasmProduct } from '../core/wasm/gemm.js';
import { useWasmProduct } from '../core/wasm/kernel-choice.js';
import {
  wasmCol2imAdd,
  wasmConvForward,
  wasmConvKernelGradient,
  wasmIm2col,
} from '../core/wasm/window-kernels.js';
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

/**
 * Kept for generated code's signature, now empty: the kernels unfold into their shared group
 * workspace instead.
 */
export function createConvWorkspace(_geometry: Conv2dGeometry): Float32Array {
  return new Float32Array(0);
}

/**
 * Unfolds sample `sample` of x into columns[positions, patchLength] from `columnsOffset`, zeros
 * where padded.
 */
function im2col(
  x: Float32Array,
  sample: number,
  columns: Float32Array,
  columnsOffset: number,
  g: Conv2dGeometry,
): void {
  // Geometry in locals (the loops below run once per unfolded value).
  const { inHeight, inWidth, inChannels: cin, kernelHeight, kernelWidth } = g;
  const { outHeight, outWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const { dilationHeight, dilationWidth } = g;
  const sampleOffset = sample * inHeight * inWidth * cin;
  let o = columnsOffset;
  for (let oh = 0; oh < outHeight; oh++) {
    for (let ow = 0; ow < outWidth; ow++) {
      for (let kh = 0; kh < kernelHeight; kh++) {
        const ih = oh * strideHeight - padTop + kh * dilationHeight;
        const rowInside = ih >= 0 && ih < inHeight;
        const rowStart = sampleOffset + ih * inWidth * cin;
        for (let kw = 0; kw < kernelWidth; kw++) {
          const iw = ow * strideWidth - padLeft + kw * dilationWidth;
          if (!rowInside || iw < 0 || iw >= inWidth) {
            for (let c = 0; c < cin; c++) columns[o + c] = 0;
          } else if (cin === 1) {
            columns[o] = x[rowStart + iw];
          } else {
            const from = rowStart + iw * cin;
            for (let c = 0; c < cin; c++) columns[o + c] = x[from + c];
          }
          o += cin;
        }
      }
    }
  }
}

/**
 * Adds columns[positions, patchLength] (from `columnsOffset`) back onto sample `sample` of dx (the
 * adjoint of im2col).
 */
function col2imAdd(
  columns: Float32Array,
  columnsOffset: number,
  dx: Float32Array,
  sample: number,
  g: Conv2dGeometry,
): void {
  const { inHeight, inWidth, inChannels: cin, kernelHeight, kernelWidth } = g;
  const sampleOffset = sample * inHeight * inWidth * cin;
  let o = columnsOffset;
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

/** im2col of samples [first, first + samples) into columns from 0: WebAssembly, else the JS loop. */
function unfoldGroup(
  x: Float32Array,
  first: number,
  samples: number,
  columns: Float32Array,
  g: Conv2dGeometry,
): void {
  if (wasmIm2col(x, first, samples, columns, 0, g)) return;
  for (let s = 0; s < samples; s++) im2col(x, first + s, columns, s * g.workspaceLength, g);
}

/**
 * Samples unfolded together: their columns stack into one [group·positions, patchLength] matrix,
 * so each group is one large product (the worker pool can split it) instead of one per sample.
 * The group's workspace stays under groupFloats floats (at least one sample).
 */
let groupFloats = 1 << 20;

/** Sets the group workspace's limit in floats (tests make groups of a few samples); returns the old one. */
export function setConvGroupFloats(floats: number): number {
  const previous = groupFloats;
  groupFloats = floats;
  return previous;
}

function groupSize(g: Conv2dGeometry, batch: number): number {
  return Math.max(1, Math.min(batch, Math.floor(groupFloats / Math.max(1, g.workspaceLength))));
}

/**
 * How the WebAssembly path computes the forward and the kernel gradient: 'direct' (the window
 * kernels of conv-module.ts, no unfolding), 'unfold' (im2col + the product) or 'auto' (direct for
 * inputs of at most DIRECT_IN_CHANNELS channels). Both give the same bits. The JS path
 * (NNET_KERNELS=js) always unfolds.
 */
export type ConvStrategy = 'auto' | 'direct' | 'unfold';

let strategy: ConvStrategy = 'auto';

/**
 * Measured (docs/kernels.md): direct is 1.2–12× faster up to 32 input channels; at 64 and 128
 * the two are within 15 %, and only the unfolded product can be split across the worker pool.
 */
export const DIRECT_IN_CHANNELS = 32;

/** Sets how the wasm path convolves (tests compare the two); returns the old setting. */
export function setConvStrategy(next: ConvStrategy): ConvStrategy {
  const previous = strategy;
  strategy = next;
  return previous;
}

function direct(g: Conv2dGeometry): boolean {
  if (strategy === 'unfold') return false;
  return strategy === 'direct' || g.inChannels <= DIRECT_IN_CHANNELS;
}

/** The unfolded columns of a group, shared by every conv of the process (grown as needed). */
let groupColumns: Float32Array = new Float32Array(0);

function groupWorkspace(length: number): Float32Array {
  if (groupColumns.length < length) groupColumns = allocateFloats(length);
  return groupColumns;
}

/** out = x ⊛ kernel + bias (bias may be null). */
export function conv2dForward(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  g: Conv2dGeometry,
  // The per-sample workspace of generated code; the groups use a shared, larger one.
  _workspace: Float32Array,
): void {
  const { positions, patchLength, outChannels } = g;
  if (direct(g) && wasmConvForward(x, kernel, bias, out, batch, g)) return;
  const group = groupSize(g, batch);
  const columns = g.workspaceLength === 0 ? x : groupWorkspace(group * g.workspaceLength);
  for (let first = 0; first < batch; first += group) {
    const samples = Math.min(group, batch - first);
    const rows = samples * positions;
    const outOffset = first * positions * outChannels;
    let columnsOffset = first * positions * patchLength;
    if (g.workspaceLength !== 0) {
      columnsOffset = 0;
      unfoldGroup(x, first, samples, columns, g);
    }
    if (useWasmProduct(rows, patchLength, outChannels)) {
      // The bias is the product's epilogue.
      wasmProduct(
        'nn',
        columns,
        columnsOffset,
        kernel,
        0,
        out,
        outOffset,
        rows,
        patchLength,
        outChannels,
        false,
        bias,
      );
      continue;
    }
    matmulWithOffsets(
      columns,
      columnsOffset,
      kernel,
      0,
      out,
      outOffset,
      rows,
      patchLength,
      outChannels,
    );
    if (bias) {
      for (let row = 0; row < rows; row++) {
        const offset = outOffset + row * outChannels;
        for (let c = 0; c < outChannels; c++) out[offset + c] += bias[c];
      }
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
  _workspace: Float32Array,
): void {
  const { positions, patchLength, outChannels } = g;
  const pointwise = g.workspaceLength === 0;
  if (dKernel && batch === 0) dKernel.fill(0, 0, patchLength * outChannels);
  if (dx) dx.fill(0, 0, batch * g.inHeight * g.inWidth * g.inChannels);
  const group = groupSize(g, batch);
  const sampleInputs = g.inHeight * g.inWidth * g.inChannels;
  // The direct kernel gradient keeps the unfolding's groups, so its sums are the same bits. The
  // arrays are the same for every group: if the first refuses (not in the arena), all unfold.
  let directKernel = dKernel !== null && direct(g);
  // Whether the direct kernel gradient sums dBias too (one pass over dy instead of two).
  let biasSummed = false;
  const needsColumns = !pointwise && (dx !== null || !directKernel);
  const columns = needsColumns ? groupWorkspace(group * g.workspaceLength) : x;
  for (let first = 0; first < batch; first += group) {
    const samples = Math.min(group, batch - first);
    const rows = samples * positions;
    const dyOffset = first * positions * outChannels;
    const xOffset = first * positions * patchLength;
    if (directKernel) {
      const ran = wasmConvKernelGradient(
        x,
        first * sampleInputs,
        dy,
        dyOffset,
        dKernel!,
        biasSummed || first === 0 ? dBias : null,
        samples,
        g,
        first > 0,
      );
      directKernel = ran !== false;
      biasSummed = ran !== false && ran.bias;
    }
    if (dKernel && !directKernel) {
      // dKernel[patchLength, cout] (+)= columnsᵀ · dy over the group's rows.
      const unfolded = pointwise ? x : groupWorkspace(group * g.workspaceLength);
      if (!pointwise) unfoldGroup(x, first, samples, unfolded, g);
      matmulTransAWithOffsets(
        unfolded,
        pointwise ? xOffset : 0,
        dy,
        dyOffset,
        dKernel,
        0,
        patchLength,
        rows,
        outChannels,
        first > 0,
      );
    }
    if (dx) {
      // dColumns[rows, patchLength] = dy · kernelᵀ, folded back onto dx sample by sample.
      if (pointwise) {
        matmulTransBWithOffsets(
          dy,
          dyOffset,
          kernel,
          0,
          dx,
          xOffset,
          rows,
          outChannels,
          patchLength,
        );
      } else {
        matmulTransBWithOffsets(
          dy,
          dyOffset,
          kernel,
          0,
          columns,
          0,
          rows,
          outChannels,
          patchLength,
        );
        if (!wasmCol2imAdd(columns, 0, dx, first, samples, g)) {
          for (let s = 0; s < samples; s++)
            col2imAdd(columns, s * g.workspaceLength, dx, first + s, g);
        }
      }
    }
  }
  if (dBias && !biasSummed && !wasmColumnSums(dy, batch * positions, outChannels, dBias))
    sumRows(dy, dBias, batch * positions, outChannels);
}
