// Emits the direct convolution kernels (channels-last, any stride/dilation/padding) as WebAssembly
// SIMD128 over a block of output channels: the forward (sums start at the bias) and the kernel
// gradient, each adding the same products in the same order as im2col + the WebAssembly product.

import { FunctionBody, I32, V128, type ExportedFunction, type ValueType } from './assembler.js';

/** Output channels per block are 4·vectors, vectors = 1 … MAX_BLOCK_VECTORS (sums in registers). */
export const MAX_BLOCK_VECTORS = 4;

/** Parameter indexes common to the convolution kernels: the geometry. */
export const CONV_GEOMETRY = {
  batch: 0,
  inHeight: 1,
  inWidth: 2,
  inChannels: 3,
  outHeight: 4,
  outWidth: 5,
  strideHeight: 6,
  strideWidth: 7,
  padTop: 8,
  padLeft: 9,
  dilationHeight: 10,
  dilationWidth: 11,
  kernelHeight: 12,
  kernelWidth: 13,
  /** Bytes between rows of the kernel [patch, cout] (and of dKernel, out, dy): cout·4. */
  rowBytes: 14,
};
export const CONV_GEOMETRY_PARAMETERS = 15;
const G = CONV_GEOMETRY;
const GEOMETRY_PARAMETERS = CONV_GEOMETRY_PARAMETERS;

/**
 * A convolution's shape as constants: a kernel emitted for it unrolls the taps of its blocks
 * (constant load offsets, no loops). Emitted once per shape the process meets.
 */
export interface ConvShape {
  kernelHeight: number;
  kernelWidth: number;
  inChannels: number;
  inWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  strideWidth: number;
  /** cout·4. */
  rowBytes: number;
}

/** Taps per block unrolled at most (kh·kw·cin); larger patches keep the loops. */
export const UNROLL_ENTRIES = 64;

/** What a kernel emits at each output position (see overPatches). */
interface PatchHooks {
  /** Output positions handled at once where their windows lie wholly inside the input. */
  blockPositions: number;
  /** One position (any, padding included): before its taps. */
  position: (positionIndex: number) => void;
  /** One patch entry (kh, kw, c) of one position; pushValue pushes its input as an f32. */
  tap: (pushValue: () => void) => void;
  /** One position: after its taps. */
  after: (positionIndex: number) => void;
  /** A block of blockPositions consecutive positions of one output row, wholly inside. */
  blockStart: (positionIndex: number, count: number) => void;
  /**
   * One patch entry of the block: splat(p) pushes position p's input in four lanes; `rowOffset`
   * is the entry's constant byte offset from the kernel's first row when the taps are unrolled
   * (the hook then leaves its row pointer alone), undefined when it must step its row pointer.
   */
  blockTap: (splat: (p: number) => void, rowOffset: number | undefined, count: number) => void;
  blockAfter: (positionIndex: number, count: number) => void;
}

/**
 * Emits, for every output position (sample, oh, ow) in order, its patch entries (kh, kw, c) in
 * the kernel's row order: where blockPositions consecutive positions of a row have their windows
 * wholly inside the input, as one block (blockStart, blockTap per entry, blockAfter), else one
 * position at a time (position, tap per entry with the value 0 in the padding, read without a
 * branch, after). Either way each output's sum sees the same entries in the same order.
 */
function overPatches(
  f: FunctionBody,
  x: number,
  hooks: PatchHooks,
  shape: ConvShape | undefined,
): void {
  const P = hooks.blockPositions;
  const local = () => f.local(I32);
  const [b, oh, ow, th, tw, c, ih, iw, inside, rowInside, source, positionIndex, sample] = [
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
  ];
  const [ihFirst, rowInterior, iwFirst, rowSource, tapSource, address] = [
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
  ];
  const [positionStride, tapStep, rowStep, spanHeight, spanWidth, spanWidthOne] = [
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
  ];
  // Byte steps between the block's positions, a row's taps and the kernel's rows of taps.
  f.get(G.strideWidth).get(G.inChannels).mul().i32(2).shl().set(positionStride);
  f.get(G.dilationWidth).get(G.inChannels).mul().i32(2).shl().set(tapStep);
  f.get(G.dilationHeight).get(G.inWidth).mul().get(G.inChannels).mul().i32(2).shl().set(rowStep);
  // From a window's first row (column) to its last, and (columns) to the block's last window's.
  f.get(G.kernelHeight).i32(1).sub().get(G.dilationHeight).mul().set(spanHeight);
  f.get(G.kernelWidth).i32(1).sub().get(G.dilationWidth).mul().set(spanWidthOne);
  f.get(spanWidthOne)
    .i32(P - 1)
    .get(G.strideWidth)
    .mul()
    .add()
    .set(spanWidth);
  /** A block of `count` positions whose windows lie inside the input. */
  const block = (count: number) => {
    hooks.blockStart(positionIndex, count);
    // rowSource = sample + (ihFirst·inWidth + iwFirst)·cin·4
    f.get(sample);
    f.get(ihFirst).get(G.inWidth).mul().get(iwFirst).add().get(G.inChannels).mul();
    f.i32(2).shl().add().set(rowSource);
    if (shape) {
      // Unrolled: every input is a constant offset from rowSource, every kernel row from row.
      const cin = shape.inChannels;
      let entry = 0;
      for (let kh = 0; kh < shape.kernelHeight; kh++) {
        for (let kw = 0; kw < shape.kernelWidth; kw++) {
          for (let channel = 0; channel < cin; channel++) {
            const cell = kh * shape.dilationHeight * shape.inWidth + kw * shape.dilationWidth;
            const offset = (cell * cin + channel) * 4;
            const step = shape.strideWidth * cin * 4;
            hooks.blockTap(
              (p) => f.get(rowSource).v128Load32Splat(offset + p * step),
              entry * shape.rowBytes,
              count,
            );
            entry++;
          }
        }
      }
    } else {
      f.i32(0).set(th);
      f.forLoop(th, G.kernelHeight, 1, () => {
        f.get(rowSource).set(tapSource);
        f.i32(0).set(tw);
        f.forLoop(tw, G.kernelWidth, 1, () => {
          f.i32(0).set(c);
          f.forLoop(c, G.inChannels, 1, () => {
            f.get(tapSource).get(c).i32(2).shl().add().set(address);
            const splat = (p: number) => {
              f.get(address);
              if (p > 0) f.get(positionStride).i32(p).mul().add();
              f.v128Load32Splat();
            };
            hooks.blockTap(splat, undefined, count);
          });
          f.get(tapSource).get(tapStep).add().set(tapSource);
        });
        f.get(rowSource).get(rowStep).add().set(rowSource);
      });
    }
    hooks.blockAfter(positionIndex, count);
    f.get(ow).i32(count).add().set(ow);
    f.get(positionIndex).i32(count).add().set(positionIndex);
  };
  /** Pushes whether `count` positions from ow remain and their windows' columns are inside. */
  const blockFits = (count: number) => {
    f.get(rowInterior);
    f.get(ow)
      .i32(count - 1)
      .add()
      .get(G.outWidth)
      .ltU()
      .and();
    f.get(iwFirst).get(G.inWidth).ltU().and();
    f.get(iwFirst)
      .get(count === 1 ? spanWidthOne : spanWidth)
      .add()
      .get(G.inWidth)
      .ltU()
      .and();
  };
  f.i32(0).set(positionIndex);
  f.i32(0).set(b);
  f.forLoop(b, G.batch, 1, () => {
    // sample = x + b·inHeight·inWidth·cin·4
    f.get(x).get(b).get(G.inHeight).mul().get(G.inWidth).mul().get(G.inChannels).mul();
    f.i32(2).shl().add().set(sample);
    f.i32(0).set(oh);
    f.forLoop(oh, G.outHeight, 1, () => {
      f.get(oh).get(G.strideHeight).mul().get(G.padTop).sub().set(ihFirst);
      f.get(ihFirst).get(G.inHeight).ltU();
      f.get(ihFirst).get(spanHeight).add().get(G.inHeight).ltU().and().set(rowInterior);
      f.i32(0).set(ow);
      f.block().loop();
      f.get(ow).get(G.outWidth).geU().brIf(1);
      f.get(ow).get(G.strideWidth).mul().get(G.padLeft).sub().set(iwFirst);
      // A block of P when they fit, else (P > 1) a block of one, else one position with padding.
      blockFits(P);
      f.if();
      block(P);
      f.else();
      if (P > 1) {
        blockFits(1);
        f.if();
        block(1);
        f.else();
      }
      {
        hooks.position(positionIndex);
        f.i32(0).set(th);
        f.forLoop(th, G.kernelHeight, 1, () => {
          // ih = oh·sh − padTop + th·dh; inside when 0 ≤ ih < inHeight (unsigned compare).
          f.get(ihFirst).get(th).get(G.dilationHeight).mul().add().set(ih);
          f.get(ih).get(G.inHeight).ltU().set(rowInside);
          f.i32(0).set(tw);
          f.forLoop(tw, G.kernelWidth, 1, () => {
            f.get(iwFirst).get(tw).get(G.dilationWidth).mul().add().set(iw);
            f.get(iw).get(G.inWidth).ltU().get(rowInside).and().set(inside);
            // source = inside ? sample + ((ih·inWidth + iw)·cin)·4 : 0 (address 0 is readable)
            f.get(sample);
            f.get(ih).get(G.inWidth).mul().get(iw).add().get(G.inChannels).mul().i32(2).shl();
            f.add().i32(0).get(inside).select().set(source);
            f.i32(0).set(c);
            f.forLoop(c, G.inChannels, 1, () => {
              hooks.tap(() => {
                f.get(source).get(c).i32(2).shl().add().f32Load();
                f.f32Const0().get(inside).select();
              });
            });
          });
        });
        hooks.after(positionIndex);
        f.get(ow).i32(1).add().set(ow);
        f.get(positionIndex).i32(1).add().set(positionIndex);
      }
      if (P > 1) f.end();
      f.end();
      f.br(0).end().end();
    });
  });
}

/** Positions per block: the sums (or dy vectors) of a block stay within the 16 SIMD registers. */
const blockPositions = (vectors: number) => (vectors <= 2 ? 4 : 2);

/**
 * convForward{V}(geometry…, x, kernel, bias, out, hasBias): for a block of 4·V output channels
 * (kernel, bias and out point at the block's first channel): out = bias + Σ x·kernel, summed in
 * the kernel's row order in float32, starting at the bias (or 0).
 */
function convForward(vectors: number): ExportedFunction {
  const f = new FunctionBody([
    ...new Array<ValueType>(GEOMETRY_PARAMETERS).fill(I32),
    I32,
    I32,
    I32,
    I32,
    I32,
  ]);
  const [x, kernel, bias, out, hasBias] = [15, 16, 17, 18, 19];
  const P = blockPositions(vectors);
  const sums = Array.from({ length: P }, () =>
    Array.from({ length: vectors }, () => f.local(V128)),
  );
  const weights = Array.from({ length: vectors }, () => f.local(V128));
  const row = f.local(I32);
  const value = f.local(V128);
  const at = f.local(I32);
  const start = (count: number) => {
    for (let p = 0; p < count; p++) {
      sums[p].forEach((sum, j) => {
        f.get(bias)
          .v128Load(16 * j)
          .v128Zero()
          .get(hasBias)
          .select()
          .set(sum);
      });
    }
    f.get(kernel).set(row);
  };
  const store = (positionIndex: number, count: number) => {
    f.get(out).get(positionIndex).get(G.rowBytes).mul().add().set(at);
    for (let p = 0; p < count; p++) {
      sums[p].forEach((sum, j) => {
        f.get(at)
          .get(sum)
          .v128Store(16 * j);
      });
      if (p < count - 1) f.get(at).get(G.rowBytes).add().set(at);
    }
  };
  overPatches(
    f,
    x,
    {
      blockPositions: P,
      position: () => start(1),
      tap: (pushValue) => {
        pushValue();
        f.f32x4Splat().set(value);
        sums[0].forEach((sum, j) => {
          f.get(sum)
            .get(value)
            .get(row)
            .v128Load(16 * j)
            .f32x4Mul()
            .f32x4Add()
            .set(sum);
        });
        f.get(row).get(G.rowBytes).add().set(row);
      },
      after: (positionIndex) => store(positionIndex, 1),
      blockStart: (_, count) => start(count),
      blockTap: (splat, rowOffset, count) => {
        weights.forEach((weight, j) =>
          f
            .get(row)
            .v128Load((rowOffset ?? 0) + 16 * j)
            .set(weight),
        );
        for (let p = 0; p < count; p++) {
          splat(p);
          f.set(value);
          sums[p].forEach((sum, j) => {
            f.get(sum).get(value).get(weights[j]).f32x4Mul().f32x4Add().set(sum);
          });
        }
        if (rowOffset === undefined) f.get(row).get(G.rowBytes).add().set(row);
      },
      blockAfter: (positionIndex, count) => store(positionIndex, count),
    },
    undefined,
  );
  return { name: `convForward${vectors}`, body: f };
}

/**
 * convKernelGradient{V}(geometry…, x, dy, sums, biasSums): for a block of 4·V output channels (dy,
 * sums and biasSums point at the block's first channel, rows rowBytes apart): sums[patch, ·] = Σ
 * over positions in order of x·dy, in float32 from 0 (sums is overwritten first); and unless
 * biasSums is 0, biasSums += each position's dy, in order.
 */
function convKernelGradient(vectors: number, shape?: ConvShape): ExportedFunction {
  const f = new FunctionBody([
    ...new Array<ValueType>(GEOMETRY_PARAMETERS).fill(I32),
    I32,
    I32,
    I32,
    I32,
  ]);
  const [x, dy, sums, biasSums] = [15, 16, 17, 18];
  const P = blockPositions(vectors);
  const gradients = Array.from({ length: P }, () =>
    Array.from({ length: vectors }, () => f.local(V128)),
  );
  const values = Array.from({ length: P }, () => f.local(V128));
  const row = f.local(I32);
  const sum = f.local(V128);
  const patch = f.local(I32);
  const patchLength = f.local(I32);
  // sums = 0 over patchLength rows.
  f.get(G.kernelHeight).get(G.kernelWidth).mul().get(G.inChannels).mul().set(patchLength);
  f.i32(0).set(patch);
  f.forLoop(patch, patchLength, 1, () => {
    f.get(sums).get(patch).get(G.rowBytes).mul().add().set(row);
    for (let j = 0; j < vectors; j++)
      f.get(row)
        .v128Zero()
        .v128Store(16 * j);
  });
  const start = (positionIndex: number, count: number) => {
    f.get(dy).get(positionIndex).get(G.rowBytes).mul().add().set(row);
    for (let p = 0; p < count; p++) {
      gradients[p].forEach((gradient, j) =>
        f
          .get(row)
          .v128Load(16 * j)
          .set(gradient),
      );
      if (p < count - 1) f.get(row).get(G.rowBytes).add().set(row);
    }
    // The bias gradient, when asked: biasSums += dy_p for p in order (columnSums' float32 sums).
    f.get(biasSums).if();
    for (let j = 0; j < vectors; j++) {
      f.get(biasSums)
        .v128Load(16 * j)
        .set(sum);
      for (let p = 0; p < count; p++) f.get(sum).get(gradients[p][j]).f32x4Add().set(sum);
      f.get(biasSums)
        .get(sum)
        .v128Store(16 * j);
    }
    f.end();
    f.get(sums).set(row);
  };
  // sums[row] += value_p·dy_p for p in order (one float32 add per position, as the product).
  const accumulate = (count: number, rowOffset: number | undefined) => {
    const base = rowOffset ?? 0;
    for (let j = 0; j < vectors; j++) {
      f.get(row)
        .v128Load(base + 16 * j)
        .set(sum);
      for (let p = 0; p < count; p++) {
        f.get(sum).get(values[p]).get(gradients[p][j]).f32x4Mul().f32x4Add().set(sum);
      }
      f.get(row)
        .get(sum)
        .v128Store(base + 16 * j);
    }
    if (rowOffset === undefined) f.get(row).get(G.rowBytes).add().set(row);
  };
  overPatches(
    f,
    x,
    {
      blockPositions: P,
      position: (positionIndex) => start(positionIndex, 1),
      tap: (pushValue) => {
        pushValue();
        f.f32x4Splat().set(values[0]);
        accumulate(1, undefined);
      },
      after: () => {},
      blockStart: (positionIndex, count) => start(positionIndex, count),
      blockTap: (splat, rowOffset, count) => {
        for (let p = 0; p < count; p++) {
          splat(p);
          f.set(values[p]);
        }
        accumulate(count, rowOffset);
      },
      blockAfter: () => {},
    },
    shape,
  );
  return { name: `convKernelGradient${vectors}`, body: f };
}

/**
 * The kernel gradient for one shape, unrolled (a block of `vectors`·4 output channels). The
 * forward unrolled measured as fast for 1 input channel and up to 2.6× slower for 2 and 4
 * (docs/kernels.md), so it stays generic.
 */
export function convShapeFunctions(vectors: number, shape: ConvShape): ExportedFunction[] {
  return [convKernelGradient(vectors, shape)];
}

/** Every convolution kernel, in export order. */
export function convFunctions(): ExportedFunction[] {
  const functions: ExportedFunction[] = [];
  for (let vectors = 1; vectors <= MAX_BLOCK_VECTORS; vectors++) {
    functions.push(convForward(vectors), convKernelGradient(vectors));
  }
  return functions;
}
