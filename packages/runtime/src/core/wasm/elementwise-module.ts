// Emits the elementwise kernels as WebAssembly SIMD128 (f32x4 lanes, then a scalar tail): copying
// a product's padded rows out (or adding them), plain SGD's update, ReLU's derivative and a bias
// gradient's column sums. Each works in place on byte addresses in the shared kernel memory.

import { FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';

/**
 * Emits `for (offset = 0; offset < count·4; …)` over byte offsets: f32x4 steps while four floats
 * remain, then single floats; `body(offset, vector)` emits one step. The loop every SIMD module
 * walks an array with.
 */
export function lanes(
  f: FunctionBody,
  count: number,
  body: (offset: number, vector: boolean) => void,
): void {
  const offset = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  f.get(count).i32(2).shl().set(end);
  f.get(end).i32(-16).and().set(vectorEnd);
  f.i32(0).set(offset);
  f.forLoop(offset, vectorEnd, 16, () => body(offset, true));
  f.forLoop(offset, end, 4, () => body(offset, false));
}

/**
 * storeRows(src, srcStride, dst, dstStride, rows, columns, accumulate): dst row (=|+=) src row
 * for `rows` rows of `columns` floats (strides in bytes).
 */
function storeRows(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32]);
  const [src, srcStride, dst, dstStride, rows, columns, accumulate] = [0, 1, 2, 3, 4, 5, 6];
  const row = f.local(I32);
  const from = f.local(I32);
  const to = f.local(I32);
  const rowLoop = (adding: boolean) => {
    f.get(src).set(from);
    f.get(dst).set(to);
    f.i32(0).set(row);
    f.forLoop(row, rows, 1, () => {
      lanes(f, columns, (offset, vector) => {
        f.get(to).get(offset).add();
        f.get(from).get(offset).add();
        if (vector) f.v128Load();
        else f.f32Load();
        if (adding) {
          f.get(to).get(offset).add();
          if (vector) f.v128Load().f32x4Add();
          else f.f32Load().f32Add();
        }
        if (vector) f.v128Store();
        else f.f32Store();
      });
      f.get(from).get(srcStride).add().set(from);
      f.get(to).get(dstStride).add().set(to);
    });
  };
  f.get(accumulate).if();
  rowLoop(true);
  f.else();
  rowLoop(false);
  f.end();
  return { name: 'storeRows', body: f };
}

/** sgdUpdate(param, grad, count, constants): param −= lr·grad, lr the f32 at `constants`. */
function sgdUpdate(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [param, grad, count, constants] = [0, 1, 2, 3];
  const rate = f.local(V128);
  f.get(constants).v128Load32Splat().set(rate);
  lanes(f, count, (offset, vector) => {
    f.get(param).get(offset).add();
    f.get(param).get(offset).add();
    if (vector) {
      f.v128Load();
      f.get(grad).get(offset).add().v128Load().get(rate).f32x4Mul().f32x4Sub();
      f.v128Store();
    } else {
      f.f32Load();
      f.get(grad).get(offset).add().f32Load().get(constants).f32Load().f32Mul().f32Sub();
      f.f32Store();
    }
  });
  return { name: 'sgdUpdate', body: f };
}

/**
 * combineGradients(first, second, out, count, constants): out = first·w₀ + second·w₁, w₀ and w₁
 * the two f32 at `constants` (data parallelism: two copies' gradients, always in this order).
 */
function combineGradients(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32]);
  const [first, second, out, count, constants] = [0, 1, 2, 3, 4];
  const weight0 = f.local(V128);
  const weight1 = f.local(V128);
  f.get(constants).v128Load32Splat().set(weight0);
  f.get(constants).v128Load32Splat(4).set(weight1);
  lanes(f, count, (offset, vector) => {
    f.get(out).get(offset).add();
    if (vector) {
      f.get(first).get(offset).add().v128Load().get(weight0).f32x4Mul();
      f.get(second).get(offset).add().v128Load().get(weight1).f32x4Mul();
      f.f32x4Add().v128Store();
    } else {
      f.get(first).get(offset).add().f32Load().get(constants).f32Load().f32Mul();
      f.get(second).get(offset).add().f32Load().get(constants).f32Load(4).f32Mul();
      f.f32Add().f32Store();
    }
  });
  return { name: 'combineGradients', body: f };
}

/** reluBackward(y, dy, dz, count): dz = dy where y > 0, else 0 (dz may alias dy). */
function reluBackward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [y, dy, dz, count] = [0, 1, 2, 3];
  lanes(f, count, (offset, vector) => {
    f.get(dz).get(offset).add();
    if (vector) {
      f.get(dy).get(offset).add().v128Load();
      f.get(y).get(offset).add().v128Load().v128Zero().f32x4Gt();
      f.v128And().v128Store();
    } else {
      f.get(dy).get(offset).add().f32Load();
      f.f32Const0();
      f.get(y).get(offset).add().f32Load().f32Const0().f32Gt();
      f.select().f32Store();
    }
  });
  return { name: 'reluBackward', body: f };
}

/** reluForward(x, out, count): out = x where x > 0, else 0 (NaN too, as the JS loop). */
function reluForward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32]);
  const [x, out, count] = [0, 1, 2];
  const value = f.local(V128);
  lanes(f, count, (offset, vector) => {
    f.get(out).get(offset).add();
    if (vector) {
      f.get(x).get(offset).add().v128Load().set(value);
      f.get(value).get(value).v128Zero().f32x4Gt().v128And().v128Store();
    } else {
      f.get(x).get(offset).add().f32Load();
      f.f32Const0();
      f.get(x).get(offset).add().f32Load().f32Const0().f32Gt();
      f.select().f32Store();
    }
  });
  return { name: 'reluForward', body: f };
}

/** columnSums(src, rows, columns, dst): dst[j] = Σ_i src[i, j], summed in row order in float32. */
function columnSums(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [src, rows, columns, dst] = [0, 1, 2, 3];
  const row = f.local(I32);
  const from = f.local(I32);
  const rowBytes = f.local(I32);
  f.get(columns).i32(2).shl().set(rowBytes);
  // dst = row 0, then each further row added lane by lane.
  lanes(f, columns, (offset, vector) => {
    f.get(dst).get(offset).add();
    if (vector) f.v128Zero();
    else f.f32Const0();
    if (vector) f.v128Store();
    else f.f32Store();
  });
  f.get(src).set(from);
  f.i32(0).set(row);
  f.forLoop(row, rows, 1, () => {
    lanes(f, columns, (offset, vector) => {
      f.get(dst).get(offset).add();
      f.get(dst).get(offset).add();
      if (vector) f.v128Load();
      else f.f32Load();
      f.get(from).get(offset).add();
      if (vector) f.v128Load().f32x4Add();
      else f.f32Load().f32Add();
      if (vector) f.v128Store();
      else f.f32Store();
    });
    f.get(from).get(rowBytes).add().set(from);
  });
  return { name: 'columnSums', body: f };
}

/** Every elementwise kernel, in export order. */
export function elementwiseFunctions(): ExportedFunction[] {
  return [
    storeRows(),
    sgdUpdate(),
    reluBackward(),
    columnSums(),
    reluForward(),
    combineGradients(),
  ];
}
