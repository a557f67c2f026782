// The per-sample shapes an op reads and writes (catalogue/own-op.ts's OpShapes), from the IR's
// tensors: what a layer file's attribute-dependent facts (`spec`, `refuse`, parameter shapes) take.

import type { OpShapes } from '../catalogue/own-op.js';
import type { IrModel, IrOp } from './ir.js';

export function opShapes(model: Pick<IrModel, 'tensors'>, op: IrOp): OpShapes {
  return {
    input: model.tensors[op.inputs[0]]?.shape ?? [],
    inputs: op.inputs.map((input) => model.tensors[input]?.shape ?? []),
    output: model.tensors[op.output]?.shape ?? [],
  };
}
