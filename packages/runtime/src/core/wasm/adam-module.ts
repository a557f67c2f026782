// Emits Adam's update as WebAssembly SIMD128, four float32 lanes at a time:
// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − stepSize·m / (√v / √(1−β2^t) + ε).

import { FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';

/** Float offsets of the constants adamUpdate reads: β1, 1−β1, β2, 1−β2, stepSize, √(1−β2^t), ε. */
export const ADAM_CONSTANTS = 7;

/**
 * adamUpdate(param, grad, m, v, vectors, constants): the update on `vectors` groups of four
 * floats at the given byte addresses, constants at `constants` (ADAM_CONSTANTS floats).
 */
export function adamUpdate(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32]);
  const [param, grad, m, v, vectors, constants] = [0, 1, 2, 3, 4, 5];
  const index = f.local(I32);
  const offset = f.local(I32);
  const [beta1, keep1, beta2, keep2, stepSize, correction, epsilon] = Array.from(
    { length: ADAM_CONSTANTS },
    () => f.local(V128),
  );
  const g = f.local(V128);
  const first = f.local(V128);
  const second = f.local(V128);
  [beta1, keep1, beta2, keep2, stepSize, correction, epsilon].forEach((local, c) =>
    f
      .get(constants)
      .v128Load32Splat(4 * c)
      .set(local),
  );
  f.i32(0).set(index);
  f.forLoop(index, vectors, 1, () => {
    f.get(index).i32(4).shl().set(offset);
    f.get(grad).get(offset).add().v128Load().set(g);
    // first = β1·m + (1−β1)·g
    f.get(beta1).get(m).get(offset).add().v128Load().f32x4Mul();
    f.get(keep1).get(g).f32x4Mul().f32x4Add().set(first);
    // second = β2·v + (1−β2)·g·g
    f.get(beta2).get(v).get(offset).add().v128Load().f32x4Mul();
    f.get(keep2).get(g).f32x4Mul().get(g).f32x4Mul().f32x4Add().set(second);
    f.get(m).get(offset).add().get(first).v128Store();
    f.get(v).get(offset).add().get(second).v128Store();
    // p −= stepSize·first / (√second / correction + ε)
    f.get(param).get(offset).add();
    f.get(param).get(offset).add().v128Load();
    f.get(stepSize).get(first).f32x4Mul();
    f.get(second).f32x4Sqrt().get(correction).f32x4Div().get(epsilon).f32x4Add();
    f.f32x4Div().f32x4Sub().v128Store();
  });
  return { name: 'adamUpdate', body: f };
}
