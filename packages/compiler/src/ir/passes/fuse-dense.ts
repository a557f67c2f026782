// Pass fuse-dense: matmul → bias_add → activation chains whose intermediate values nobody else
// reads become one `dense` op (y = f(x · W + b)), computed block by block while in cache; its
// backward computes f'(·) ⊙ dy and the bias gradient in one pass before the two matmuls.

import type { IrActivation, IrModel, IrOp } from '../ir.js';
import { readers, renumber } from './uses.js';

/**
 * `keep` lists tensors that must stay materialized (the logits a fused loss reads in `predict`
 * and `evaluate`), so an activation reading them is not folded into its dense layer.
 */
export function fuseDense(model: IrModel, keep: ReadonlySet<number> = new Set()): IrModel {
  const readBy = readers(model);
  const byId = new Map(model.ops.map((op) => [op.id, op]));
  const onlyReader = (tensor: number): IrOp | undefined => {
    const list = readBy.get(tensor) ?? [];
    return list.length === 1 && list[0] >= 0 ? byId.get(list[0]) : undefined;
  };
  const removed = new Set<number>();
  const ops: IrOp[] = [];
  for (const op of model.ops) {
    if (removed.has(op.id)) continue;
    if (op.kind !== 'matmul') {
      ops.push(op);
      continue;
    }
    let output = op.output;
    const params = [...op.params];
    let activation: IrActivation | undefined;
    let next = onlyReader(output);
    if (next?.kind === 'bias_add') {
      removed.add(next.id);
      params.push(next.params[0]);
      output = next.output;
      next = onlyReader(output);
    }
    if (next?.kind === 'activation' && !next.inferenceOnly && !keep.has(output)) {
      // Only an elementwise activation folds into the kernel (rows and parametric ones stay).
      const candidate = next.attrs.activation as IrActivation;
      if (candidate.form === 'elementwise') {
        removed.add(next.id);
        activation = candidate;
        output = next.output;
      }
    }
    ops.push({
      ...op,
      kind: 'dense',
      output,
      params,
      attrs: { ...op.attrs, ...(activation ? { activation } : {}), hasBias: params.length > 1 },
    });
  }
  return renumber({ ...model, ops, passes: [...model.passes, 'fuse-dense'] });
}
