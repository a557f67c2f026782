// Emits the direct convolution kernels (channels-last, any stride/dilation/padding) as WebAssembly
// SIMD128 over a block of output channels: the forward (sums start at the bias) and the kernel
// gradient, each adding the same products in the same order as im2col + the WebAssembly product.

import { FunctionBody, I32, V128, type ExportedFunction, type ValueType } from './assembler.js';

/** Output channels per block are 4·vectors, vectors = 1 … MAX_BLOCK_VECTORS (sums in registers). */
export const MAX_BLOCK_VECTORS = 4;

/** Parameter indexes common to both kernels: the geometry. */
const G = {
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
const GEOMETRY_PARAMETERS = 15;

/**
 * Emits, for every output position (sample, oh, ow) in order: `position(positionIndex)` once,
 * then `tap(valueF32Emitter)` per patch entry (kh, kw, c) in the kernel's row order, with a
 * function that pushes the input value of that entry as an f32 (0 where the tap lies in the
 * padding, read without a branch), then `after(positionIndex)`.
 */
function overPatches(
  f: FunctionBody,
  x: number,
  position: (positionIndex: number) => void,
  tap: (pushValue: () => void) => void,
  after: (positionIndex: number) => void,
): void {
  const [b, oh, ow, th, tw, c, ih, iw, inside, rowInside, source, positionIndex, sample] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  ].map(() => f.local(I32));
  f.i32(0).set(positionIndex);
  f.i32(0).set(b);
  f.forLoop(b, G.batch, 1, () => {
    // sample = x + b·inHeight·inWidth·cin·4
    f.get(x).get(b).get(G.inHeight).mul().get(G.inWidth).mul().get(G.inChannels).mul();
    f.i32(2).shl().add().set(sample);
    f.i32(0).set(oh);
    f.forLoop(oh, G.outHeight, 1, () => {
      f.i32(0).set(ow);
      f.forLoop(ow, G.outWidth, 1, () => {
        position(positionIndex);
        f.i32(0).set(th);
        f.forLoop(th, G.kernelHeight, 1, () => {
          // ih = oh·sh − padTop + th·dh; inside when 0 ≤ ih < inHeight (unsigned compare).
          f.get(oh).get(G.strideHeight).mul().get(G.padTop).sub();
          f.get(th).get(G.dilationHeight).mul().add().set(ih);
          f.get(ih).get(G.inHeight).ltU().set(rowInside);
          f.i32(0).set(tw);
          f.forLoop(tw, G.kernelWidth, 1, () => {
            f.get(ow).get(G.strideWidth).mul().get(G.padLeft).sub();
            f.get(tw).get(G.dilationWidth).mul().add().set(iw);
            f.get(iw).get(G.inWidth).ltU().get(rowInside).and().set(inside);
            // source = inside ? sample + ((ih·inWidth + iw)·cin)·4 : 0 (address 0 is readable)
            f.get(sample);
            f.get(ih).get(G.inWidth).mul().get(iw).add().get(G.inChannels).mul().i32(2).shl();
            f.add().i32(0).get(inside).select().set(source);
            f.i32(0).set(c);
            f.forLoop(c, G.inChannels, 1, () => {
              tap(() => {
                f.get(source).get(c).i32(2).shl().add().f32Load();
                f.f32Const0().get(inside).select();
              });
            });
          });
        });
        after(positionIndex);
        f.get(positionIndex).i32(1).add().set(positionIndex);
      });
    });
  });
}

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
  const sums = Array.from({ length: vectors }, () => f.local(V128));
  const row = f.local(I32);
  const value = f.local(V128);
  overPatches(
    f,
    x,
    () => {
      sums.forEach((sum, j) => {
        f.get(bias)
          .v128Load(16 * j)
          .v128Zero()
          .get(hasBias)
          .select()
          .set(sum);
      });
      f.get(kernel).set(row);
    },
    (pushValue) => {
      pushValue();
      f.f32x4Splat().set(value);
      sums.forEach((sum, j) => {
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
    (positionIndex) => {
      const at = f.local(I32);
      f.get(out).get(positionIndex).get(G.rowBytes).mul().add().set(at);
      sums.forEach((sum, j) =>
        f
          .get(at)
          .get(sum)
          .v128Store(16 * j),
      );
    },
  );
  return { name: `convForward${vectors}`, body: f };
}

/**
 * convKernelGradient{V}(geometry…, x, dy, sums): for a block of 4·V output channels (dy and sums
 * point at the block's first channel, rows rowBytes apart): sums[patch, ·] = Σ over positions in
 * order of x·dy, in float32 from 0 (sums is overwritten first).
 */
function convKernelGradient(vectors: number): ExportedFunction {
  const f = new FunctionBody([
    ...new Array<ValueType>(GEOMETRY_PARAMETERS).fill(I32),
    I32,
    I32,
    I32,
  ]);
  const [x, dy, sums] = [15, 16, 17];
  const gradients = Array.from({ length: vectors }, () => f.local(V128));
  const row = f.local(I32);
  const value = f.local(V128);
  const patch = f.local(I32);
  const patchLength = f.local(I32);
  // sums = 0 over patchLength rows.
  f.get(G.kernelHeight).get(G.kernelWidth).mul().get(G.inChannels).mul().set(patchLength);
  f.i32(0).set(patch);
  f.forLoop(patch, patchLength, 1, () => {
    f.get(sums).get(patch).get(G.rowBytes).mul().add().set(row);
    gradients.forEach((_, j) =>
      f
        .get(row)
        .v128Zero()
        .v128Store(16 * j),
    );
  });
  overPatches(
    f,
    x,
    (positionIndex) => {
      f.get(dy).get(positionIndex).get(G.rowBytes).mul().add().set(row);
      gradients.forEach((gradient, j) =>
        f
          .get(row)
          .v128Load(16 * j)
          .set(gradient),
      );
      f.get(sums).set(row);
    },
    (pushValue) => {
      pushValue();
      f.f32x4Splat().set(value);
      gradients.forEach((gradient, j) => {
        f.get(row);
        f.get(row)
          .v128Load(16 * j)
          .get(value)
          .get(gradient)
          .f32x4Mul()
          .f32x4Add();
        f.v128Store(16 * j);
      });
      f.get(row).get(G.rowBytes).add().set(row);
    },
    () => {},
  );
  return { name: `convKernelGradient${vectors}`, body: f };
}

/** Every convolution kernel, in export order. */
export function convFunctions(): ExportedFunction[] {
  const functions: ExportedFunction[] = [];
  for (let vectors = 1; vectors <= MAX_BLOCK_VECTORS; vectors++) {
    functions.push(convForward(vectors), convKernelGradient(vectors));
  }
  return functions;
}
