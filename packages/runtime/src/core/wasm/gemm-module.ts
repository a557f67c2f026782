// Emits the matrix-product kernels as WebAssembly SIMD128: packers that copy an operand into
// panels (A: ROWS rows interleaved per k step, B: COLUMNS columns per k step, zero-padded), and a
// ROWS × COLUMNS register-blocked micro-kernel over packed panels with an optional bias epilogue.

import { FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';

/**
 * Rows of A per micro-tile (one f32 splat each per k step) and columns of B (four f32x4 vectors
 * per k step): 8 sums + 4 B vectors + 1 splat. Of 4×8, 3×8, 2×16, 4×12, 6×8, 8×8, 3×16, 2×24,
 * 1×32 this measured fastest under V8 (2×16 ~36 GFLOP/s, 4×8 ~32, larger tiles ~20: spills).
 */
export const TILE_ROWS = 2;
export const TILE_COLUMNS = 16;

/** k steps per trip of the micro-kernel's loop (a power of two). */
export const GEMM_UNROLL = 1;

const log2 = (value: number) => Math.round(Math.log2(value));

/**
 * {name}(src, strideX, strideP, count, k, dst): dst[((x / W)·k + p)·W + x % W] =
 * src[x·strideX + p·strideP] for x < count, p < k (strides in bytes, W a power of two).
 * Any layout; walks p inside.
 */
function packScalar(name: string, width: number): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32]);
  const [src, strideX, strideP, count, k, dst] = [0, 1, 2, 3, 4, 5];
  const x = f.local(I32);
  const p = f.local(I32);
  const from = f.local(I32);
  const to = f.local(I32);
  f.i32(0).set(x);
  f.forLoop(x, count, 1, () => {
    f.get(src).get(x).get(strideX).mul().add().set(from);
    // to = dst + ((x >> log2 W)·k·W + (x & (W-1)))·4
    f.get(dst);
    f.get(x).i32(log2(width)).shrU().get(k).mul().i32(log2(width)).shl();
    f.get(x)
      .i32(width - 1)
      .and()
      .add();
    f.i32(2).shl().add().set(to);
    f.i32(0).set(p);
    f.forLoop(p, k, 1, () => {
      f.get(to).get(from).f32Load().f32Store();
      f.get(from).get(strideP).add().set(from);
      f.get(to)
        .i32(width * 4)
        .add()
        .set(to);
    });
  });
  return { name, body: f };
}

/**
 * {name}(src, strideP, groups, k, dst): as packScalar with strideX = 4 bytes (the W values of a
 * group contiguous in src, W a multiple of 4) for the first groups·W values, as f32x4 vectors.
 */
function packVector(name: string, width: number): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32]);
  const [src, strideP, groups, k, dst] = [0, 1, 2, 3, 4];
  const p = f.local(I32);
  const g = f.local(I32);
  const from = f.local(I32);
  const to = f.local(I32);
  const groupBytes = f.local(I32);
  f.get(k)
    .i32(width * 4)
    .mul()
    .set(groupBytes);
  f.i32(0).set(p);
  f.forLoop(p, k, 1, () => {
    f.get(src).get(p).get(strideP).mul().add().set(from);
    f.get(dst)
      .get(p)
      .i32(width * 4)
      .mul()
      .add()
      .set(to);
    f.i32(0).set(g);
    f.forLoop(g, groups, 1, () => {
      for (let v = 0; v < width / 4; v++)
        f.get(to)
          .get(from)
          .v128Load(16 * v)
          .v128Store(16 * v);
      f.get(from)
        .i32(width * 4)
        .add()
        .set(from);
      f.get(to).get(groupBytes).add().set(to);
    });
  });
  return { name, body: f };
}

/** Byte lanes of i8x16.shuffle taking f32 lanes `lanes` of a‖b (0–3 from a, 4–7 from b). */
const floatLanes = (lanes: number[]) =>
  lanes.flatMap((lane) => [0, 1, 2, 3].map((b) => 4 * lane + b));

/**
 * packRowsPairs(src, rowStride, blocks, k, dst): packScalar of `blocks` pairs of rows (width 2)
 * whose k values are contiguous (A row-major: strideX = rowStride, strideP = 4), four k steps at a
 * time: two f32x4 loads, two shuffles interleaving the rows, two stores; a scalar tail of k % 4.
 */
function packRowsPairs(name: string): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32]);
  const [src, rowStride, blocks, k, dst] = [0, 1, 2, 3, 4];
  const block = f.local(I32);
  const row = f.local(I32);
  const to = f.local(I32);
  const end = f.local(I32);
  const tailEnd = f.local(I32);
  const first = f.local(V128);
  const second = f.local(V128);
  f.i32(0).set(block);
  f.forLoop(block, blocks, 1, () => {
    // row = src + block·2·rowStride; to = dst + block·k·8
    f.get(src).get(block).i32(1).shl().get(rowStride).mul().add().set(row);
    f.get(dst).get(block).get(k).mul().i32(3).shl().add().set(to);
    // end = row + (k & ~3)·4: the last four-step group; tailEnd = row + k·4
    f.get(row).get(k).i32(-4).and().i32(2).shl().add().set(end);
    f.get(row).get(k).i32(2).shl().add().set(tailEnd);
    f.forLoop(row, end, 16, () => {
      f.get(row).v128Load().set(first);
      f.get(row).get(rowStride).add().v128Load().set(second);
      f.get(to)
        .get(first)
        .get(second)
        .i8x16Shuffle(floatLanes([0, 4, 1, 5]))
        .v128Store();
      f.get(to)
        .get(first)
        .get(second)
        .i8x16Shuffle(floatLanes([2, 6, 3, 7]))
        .v128Store(16);
      f.get(to).i32(32).add().set(to);
    });
    f.forLoop(row, tailEnd, 4, () => {
      f.get(to).get(row).f32Load().f32Store();
      f.get(to).get(row).get(rowStride).add().f32Load().f32Store(4);
      f.get(to).i32(8).add().set(to);
    });
  });
  return { name, body: f };
}

/**
 * gemm(a, bPacked, out, bias, k, outStride, relu, aBlockStride, aStep, blockStart, blockEnd,
 * panelStart, panelEnd): for the row blocks and column panels in range, out tile = bias (or 0) +
 * Σ_p a-rows ⊗ b-panel, then ReLU when relu ≠ 0 (sum where sum > 0, else 0), stored at out +
 * block·ROWS·outStride + panel·COLUMNS·4 (bytes). bias = 0 means none. A block's ROWS values at k
 * step p are adjacent floats at a + block·aBlockStride + p·aStep: packed panels (aBlockStride =
 * k·ROWS·4, aStep = ROWS·4), or aᵀ stored [k, m] read in place (aBlockStride = ROWS·4, aStep = m·4).
 */
function gemm(unroll: number, rows: number, columns: number): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [aPacked, bPacked, out, bias, k, outStride, relu, aBlockStride, aStep] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8,
  ];
  const [blockStart, blockEnd, panelStart, panelEnd] = [9, 10, 11, 12];
  const vectors = columns / 4;
  const panel = f.local(I32);
  const block = f.local(I32);
  const bPanel = f.local(I32);
  const aPointer = f.local(I32);
  const bPointer = f.local(I32);
  const p = f.local(I32);
  const kUnrolled = f.local(I32);
  const outPointer = f.local(I32);
  const sums: number[][] = [];
  for (let r = 0; r < rows; r++) sums.push(Array.from({ length: vectors }, () => f.local(V128)));
  const bValues = Array.from({ length: vectors }, () => f.local(V128));
  const biasValues = Array.from({ length: vectors }, () => f.local(V128));
  const splat = f.local(V128);

  f.get(panelStart).set(panel);
  f.forLoop(panel, panelEnd, 1, () => {
    f.get(bPacked)
      .get(panel)
      .get(k)
      .mul()
      .i32(columns * 4)
      .mul()
      .add()
      .set(bPanel);
    // The epilogue's bias, loaded once per panel, starts every sum.
    f.get(bias).eqz().if();
    for (const value of biasValues) f.v128Zero().set(value);
    f.else();
    f.get(bias)
      .get(panel)
      .i32(columns * 4)
      .mul()
      .add()
      .set(outPointer);
    biasValues.forEach((value, v) =>
      f
        .get(outPointer)
        .v128Load(16 * v)
        .set(value),
    );
    f.end();
    f.get(blockStart).set(block);
    f.forLoop(block, blockEnd, 1, () => {
      f.get(aPacked).get(block).get(aBlockStride).mul().add().set(aPointer);
      f.get(bPanel).set(bPointer);
      sums.forEach((row) => row.forEach((sum, v) => f.get(biasValues[v]).set(sum)));
      // k steps `unroll` at a time (constant offsets, one pointer update), then one at a time.
      const step = (times: number) => {
        for (let u = 0; u < times; u++) {
          bValues.forEach((value, v) =>
            f
              .get(bPointer)
              .v128Load(u * columns * 4 + 16 * v)
              .set(value),
          );
          for (let r = 0; r < rows; r++) {
            f.get(aPointer)
              .v128Load32Splat(4 * r)
              .set(splat);
            sums[r].forEach((sum, v) => {
              f.get(sum).get(splat).get(bValues[v]).f32x4Mul().f32x4Add().set(sum);
            });
          }
          f.get(aPointer).get(aStep).add().set(aPointer);
        }
        f.get(bPointer)
          .i32(times * columns * 4)
          .add()
          .set(bPointer);
      };
      f.get(k).i32(-unroll).and().set(kUnrolled);
      f.i32(0).set(p);
      f.forLoop(p, kUnrolled, unroll, () => step(unroll));
      f.forLoop(p, k, 1, () => step(1));
      // outPointer = out + block·ROWS·outStride + panel·COLUMNS·4
      f.get(out).get(block).i32(rows).mul().get(outStride).mul().add();
      f.get(panel)
        .i32(columns * 4)
        .mul()
        .add()
        .set(outPointer);
      // The fused ReLU epilogue: sum where sum > 0, else 0 (NaN too, as the JS relu), lane by
      // lane before the one store.
      f.get(relu).if();
      sums.forEach((row) =>
        row.forEach((sum) => f.get(sum).get(sum).v128Zero().f32x4Gt().v128And().set(sum)),
      );
      f.end();
      sums.forEach((row) => {
        row.forEach((sum, v) =>
          f
            .get(outPointer)
            .get(sum)
            .v128Store(16 * v),
        );
        f.get(outPointer).get(outStride).add().set(outPointer);
      });
    });
  });
  return { name: 'gemm', body: f };
}

/** Every kernel function of the module, in export order. */
export function gemmFunctions(
  unroll = GEMM_UNROLL,
  rows = TILE_ROWS,
  columns = TILE_COLUMNS,
): ExportedFunction[] {
  return [
    packScalar('packRowsScalar', rows),
    packRowsPairs('packRowsPairs'),
    packScalar('packColumnsScalar', columns),
    packVector('packColumnsVector', columns),
    gemm(unroll, rows, columns),
  ];
}
