// Pass dead-values (inference): drops the training-only parts — dropout and noise become the
// identity (the op is removed and readers read its input), the loss goes — and any op whose output no model
// output depends on. The tensor the loss read stays computed, as `evaluationInput`.

import { identityAtInference, type IrModel, type IrOp } from '../ir.js';
import { renumber } from './uses.js';

export function removeDeadValues(model: IrModel): IrModel {
  const replace = new Map<number, number>();
  const resolve = (tensor: number): number => replace.get(tensor) ?? tensor;
  const kept: IrOp[] = [];
  for (const op of model.ops) {
    const inputs = op.inputs.map(resolve);
    if (identityAtInference(op.kind)) {
      replace.set(op.output, inputs[0]);
      continue;
    }
    kept.push({ ...op, inputs, inferenceOnly: false });
  }
  const outputs = model.outputs.map(resolve);
  const evaluationInput = model.training ? resolve(model.training.loss.input) : undefined;
  const needed = new Set(evaluationInput === undefined ? outputs : [...outputs, evaluationInput]);
  const live: IrOp[] = [];
  for (const op of [...kept].reverse()) {
    if (!needed.has(op.output)) continue;
    live.unshift(op);
    for (const input of op.inputs) needed.add(input);
  }
  const { training: _training, ...rest } = model;
  return renumber({
    ...rest,
    ops: live,
    outputs,
    ...(evaluationInput !== undefined ? { evaluationInput } : {}),
    passes: [...model.passes, 'dead-values'],
  });
}
