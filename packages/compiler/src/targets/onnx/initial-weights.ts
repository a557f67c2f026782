// The weights a model starts with, computed exactly as a generated JS module's `create({ seed })`
// does: one Prng, parameters in IR order, hand-set values copied, the rest drawn from the runtime's
// initializers. So `nnc compile --target onnx` exports the weights `nnc eval --seed` runs with.

import { initializerTable, Prng, type InitializerName } from '@nnet/runtime';
import type { IrParam } from '../../ir/ir.js';

/** Values for every parameter that is hand-set or initialized; `load(…)` ones are left out. */
export function initialWeights(
  params: readonly IrParam[],
  seed: number,
): Map<string, Float32Array> {
  const prng = new Prng(seed);
  const weights = new Map<string, Float32Array>();
  for (const param of params) {
    const values = new Float32Array(param.shape.reduce((a, b) => a * b, 1));
    const constant = /^constant\((-?[\d.e+-]+)\)$/.exec(param.init);
    if (param.values) values.set(param.values);
    else if (param.load) continue;
    else if (constant) values.fill(Number(constant[1]));
    else
      initializerTable[param.init as InitializerName](values, param.shape, prng, param.initOptions);
    weights.set(param.name, values);
  }
  return weights;
}
