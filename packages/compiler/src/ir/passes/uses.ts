// Helpers the passes share: who reads each tensor.

import type { IrModel } from '../ir.js';

/** For each tensor id, the ids of the ops that read it (model outputs count as one reader each). */
export function readers(model: IrModel): Map<number, number[]> {
  const result = new Map<number, number[]>();
  for (const op of model.ops) {
    for (const input of op.inputs) result.set(input, [...(result.get(input) ?? []), op.id]);
  }
  for (const output of model.outputs) result.set(output, [...(result.get(output) ?? []), -1]);
  return result;
}

/** Renumbers ops 0..n−1 after a pass removed some. */
export function renumber(model: IrModel): IrModel {
  return { ...model, ops: model.ops.map((op, id) => ({ ...op, id })) };
}
