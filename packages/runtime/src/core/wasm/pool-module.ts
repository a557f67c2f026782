// Emits the pooling kernels (channels-last x[batch, H, W, C]) as WebAssembly: max pooling with its
// argmax (f32x4 over channels, branch-free, then a scalar tail) and its scatter backward, average
// pooling both ways in float64 scalars. Each gives the JS loops of kernels/pool.ts bit for bit.

import { F64, FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';
import { lanes } from './elementwise-module.js';

/** Lane k of the vector holds k (i32x4), to turn a window's first index into four indexes. */
const LANE_INDEXES = [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];

/**
 * Emits the loops shared by the forward kernels: for every sample, output row and column, reads
 * the window's bounds from the tables and calls `window(windowIndex, outIndex)` with the element
 * index into x of the window's first cell (channel 0) and the element index of the output's
 * channel 0; outIndex advances by `channels` per output.
 */
function overOutputs(
  f: FunctionBody,
  p: {
    batch: number;
    rowTable: number;
    columnTable: number;
    outHeight: number;
    outWidth: number;
    channels: number;
    inHeight: number;
    inWidth: number;
  },
  window: (windowIndex: number, outIndex: number, bounds: number[]) => void,
  sampleStart: () => void = () => {},
): void {
  const [b, oh, ow, sampleIndex, windowIndex, outIndex] = [0, 0, 0, 0, 0, 0].map(() =>
    f.local(I32),
  );
  const [rowFirst, rowEnd, columnFirst, columnEnd, sampleValues] = [0, 0, 0, 0, 0].map(() =>
    f.local(I32),
  );
  f.get(p.inHeight).get(p.inWidth).mul().get(p.channels).mul().set(sampleValues);
  f.i32(0).set(outIndex);
  f.i32(0).set(sampleIndex);
  f.i32(0).set(b);
  f.forLoop(b, p.batch, 1, () => {
    sampleStart();
    f.i32(0).set(oh);
    f.forLoop(oh, p.outHeight, 1, () => {
      f.get(p.rowTable).get(oh).i32(3).shl().add().i32Load(0).set(rowFirst);
      f.get(p.rowTable).get(oh).i32(3).shl().add().i32Load(4).set(rowEnd);
      f.i32(0).set(ow);
      f.forLoop(ow, p.outWidth, 1, () => {
        f.get(p.columnTable).get(ow).i32(3).shl().add().i32Load(0).set(columnFirst);
        f.get(p.columnTable).get(ow).i32(3).shl().add().i32Load(4).set(columnEnd);
        // windowIndex = sampleIndex + (rowFirst·inWidth + columnFirst)·channels
        f.get(sampleIndex);
        f.get(rowFirst).get(p.inWidth).mul().get(columnFirst).add().get(p.channels).mul();
        f.add().set(windowIndex);
        window(windowIndex, outIndex, [rowFirst, rowEnd, columnFirst, columnEnd]);
        f.get(outIndex).get(p.channels).add().set(outIndex);
      });
    });
    f.get(sampleIndex).get(sampleValues).add().set(sampleIndex);
  });
}

/**
 * Emits `for cell of the window: visit(index)` with index the element index of the cell's value
 * at channel offset `start` (rows of the window step by inWidth·channels, cells by channels).
 */
function overCells(
  f: FunctionBody,
  start: number,
  bounds: number[],
  channels: number,
  inWidth: number,
  visit: (index: number) => void,
): void {
  const [rowFirst, rowEnd, columnFirst, columnEnd] = bounds;
  const ih = f.local(I32);
  const iw = f.local(I32);
  const rowIndex = f.local(I32);
  const index = f.local(I32);
  f.get(start).set(rowIndex);
  f.get(rowFirst).set(ih);
  f.forLoop(ih, rowEnd, 1, () => {
    f.get(rowIndex).set(index);
    f.get(columnFirst).set(iw);
    f.forLoop(iw, columnEnd, 1, () => {
      visit(index);
      f.get(index).get(channels).add().set(index);
    });
    f.get(rowIndex).get(inWidth).get(channels).mul().add().set(rowIndex);
  });
}

const FORWARD_PARAMETERS = {
  batch: 0,
  rowTable: 1,
  columnTable: 2,
  outHeight: 3,
  outWidth: 4,
  channels: 5,
  inHeight: 6,
  inWidth: 7,
};

/**
 * maxPoolForward(batch, rowTable, columnTable, outHeight, outWidth, channels, inHeight, inWidth,
 * x, out, argmax): out = the window's max, argmax (int32) = the element index into x of the first
 * cell holding it; the first cell is taken whatever it holds (NaN too), a later one only when
 * strictly greater, as the JS loop.
 */
function maxPoolForward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, out, argmax] = [8, 9, 10];
  const p = FORWARD_PARAMETERS;
  const c = f.local(I32);
  const vectorEnd = f.local(I32);
  const start = f.local(I32);
  const best = f.local(V128);
  const bestIndex = f.local(V128);
  const value = f.local(V128);
  const mask = f.local(V128);
  const bestScalar = f.local(I32);
  f.get(p.channels).i32(-4).and().set(vectorEnd);
  const address = (base: number, index: number) => f.get(base).get(index).i32(2).shl().add();
  overOutputs(f, p, (windowIndex, outIndex, bounds) => {
    f.i32(0).set(c);
    f.forLoop(c, vectorEnd, 4, () => {
      f.get(windowIndex).get(c).add().set(start);
      address(x, start).v128Load().set(best);
      f.get(start).i32x4Splat().v128Const(LANE_INDEXES).i32x4Add().set(bestIndex);
      overCells(f, start, bounds, p.channels, p.inWidth, (index) => {
        address(x, index).v128Load().set(value);
        f.get(value).get(best).f32x4Gt().set(mask);
        f.get(value).get(best).get(mask).v128Bitselect().set(best);
        f.get(index).i32x4Splat().v128Const(LANE_INDEXES).i32x4Add();
        f.get(bestIndex).get(mask).v128Bitselect().set(bestIndex);
      });
      f.get(out).get(outIndex).get(c).add().i32(2).shl().add().get(best).v128Store();
      f.get(argmax).get(outIndex).get(c).add().i32(2).shl().add().get(bestIndex).v128Store();
    });
    f.forLoop(c, p.channels, 1, () => {
      f.get(windowIndex).get(c).add().set(start);
      f.get(start).set(bestScalar);
      overCells(f, start, bounds, p.channels, p.inWidth, (index) => {
        // bestScalar = x[index] > x[bestScalar] ? index : bestScalar
        f.get(index).get(bestScalar);
        address(x, index).f32Load();
        address(x, bestScalar).f32Load();
        f.f32Gt().select().set(bestScalar);
      });
      f.get(out).get(outIndex).get(c).add().i32(2).shl().add();
      address(x, bestScalar).f32Load().f32Store();
      f.get(argmax).get(outIndex).get(c).add().i32(2).shl().add().get(bestScalar).i32Store();
    });
  });
  return { name: 'maxPoolForward', body: f };
}

/** Emits dx[0 .. count) = 0 (f32x4 stores, then single floats). */
function zeroFloats(f: FunctionBody, dx: number, count: number): void {
  lanes(f, count, (offset, vector) => {
    f.get(dx).get(offset).add();
    if (vector) f.v128Zero().v128Store();
    else f.f32Const0().f32Store();
  });
}

/** maxPoolBackward(dy, argmax, dx, outputs, inputs): dx = 0, then dx[argmax[o]] += dy[o]. */
function maxPoolBackward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32]);
  const [dy, argmax, dx, outputs, inputs] = [0, 1, 2, 3, 4];
  const o = f.local(I32);
  const target = f.local(I32);
  zeroFloats(f, dx, inputs);
  f.i32(0).set(o);
  f.forLoop(o, outputs, 1, () => {
    f.get(dx).get(argmax).get(o).i32(2).shl().add().i32Load().i32(2).shl().add().set(target);
    f.get(target).get(target).f32Load();
    f.get(dy).get(o).i32(2).shl().add().f32Load();
    f.f32Add().f32Store();
  });
  return { name: 'maxPoolBackward', body: f };
}

/**
 * avgPoolForward(batch, rowTable, columnTable, outHeight, outWidth, channels, inHeight, inWidth,
 * x, out, inverseTable): out = (Σ window, in float64) · inverseTable[oh·outWidth + ow] (float64),
 * rounded to float32, as the JS loop.
 */
function avgPoolForward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, out, inverseTable] = [8, 9, 10];
  const p = FORWARD_PARAMETERS;
  const c = f.local(I32);
  const start = f.local(I32);
  const inverse = f.local(I32);
  const sum = f.local(F64);
  overOutputs(
    f,
    p,
    (windowIndex, outIndex, bounds) => {
      f.i32(0).set(c);
      f.forLoop(c, p.channels, 1, () => {
        f.get(windowIndex).get(c).add().set(start);
        f.f32Const0().f64PromoteF32().set(sum);
        overCells(f, start, bounds, p.channels, p.inWidth, (index) => {
          f.get(sum)
            .get(x)
            .get(index)
            .i32(2)
            .shl()
            .add()
            .f32Load()
            .f64PromoteF32()
            .f64Add()
            .set(sum);
        });
        f.get(out).get(outIndex).get(c).add().i32(2).shl().add();
        f.get(sum).get(inverse).f64Load().f64Mul().f32DemoteF64().f32Store();
      });
      f.get(inverse).i32(8).add().set(inverse);
    },
    () => f.get(inverseTable).set(inverse),
  );
  return { name: 'avgPoolForward', body: f };
}

/**
 * avgPoolBackward(batch, rowTable, columnTable, outHeight, outWidth, channels, inHeight, inWidth,
 * dy, dx, inverseTable, inputs): dx = 0, then each dy·inverse (float64) added to the cells of its
 * window (each sum rounded to float32), in the JS loop's order.
 */
function avgPoolBackward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, dx, inverseTable, inputs] = [8, 9, 10, 11];
  const p = FORWARD_PARAMETERS;
  const c = f.local(I32);
  const start = f.local(I32);
  const inverse = f.local(I32);
  const target = f.local(I32);
  const share = f.local(F64);
  zeroFloats(f, dx, inputs);
  overOutputs(
    f,
    p,
    (windowIndex, outIndex, bounds) => {
      f.i32(0).set(c);
      f.forLoop(c, p.channels, 1, () => {
        f.get(windowIndex).get(c).add().set(start);
        f.get(dy).get(outIndex).get(c).add().i32(2).shl().add().f32Load().f64PromoteF32();
        f.get(inverse).f64Load().f64Mul().set(share);
        overCells(f, start, bounds, p.channels, p.inWidth, (index) => {
          f.get(dx).get(index).i32(2).shl().add().set(target);
          f.get(target).get(target).f32Load().f64PromoteF32().get(share).f64Add();
          f.f32DemoteF64().f32Store();
        });
      });
      f.get(inverse).i32(8).add().set(inverse);
    },
    () => f.get(inverseTable).set(inverse),
  );
  return { name: 'avgPoolBackward', body: f };
}

/** Every pooling kernel, in export order. */
export function poolFunctions(): ExportedFunction[] {
  return [maxPoolForward(), maxPoolBackward(), avgPoolForward(), avgPoolBackward()];
}
