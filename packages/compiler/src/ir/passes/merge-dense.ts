// Pass merge-dense: each matmul → bias_add (→ elementwise activation) chain whose intermediate
// values nobody else reads becomes one `dense` op, y = f(x · W + b). Every target runs it; the JS
// target folds the activation in too (its kernel applies f block by block while in cache).

import type { IrActivation, IrModel, IrOp, IrOpOf } from '../ir.js';
import { readers, renumber } from './uses.js';

export interface MergeDenseOptions {
  /** Fold a following elementwise activation into the dense op too. */
  withActivation: boolean;
  /**
   * Tensors that must stay materialized (the logits a fused loss reads in `predict` and
   * `evaluate`), so an activation reading them is not folded into its dense op.
   */
  keep?: ReadonlySet<number>;
}

export function mergeDense(model: IrModel, options: MergeDenseOptions): IrModel {
  const keep = options.keep ?? new Set<number>();
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
    // Only an elementwise activation folds into the kernel (rows and parametric ones stay).
    if (
      options.withActivation &&
      next?.kind === 'activation' &&
      !next.inferenceOnly &&
      !keep.has(output) &&
      next.attrs.activation.form === 'elementwise'
    ) {
      removed.add(next.id);
      activation = next.attrs.activation;
      output = next.output;
    }
    const dense: IrOpOf<'dense'> = {
      ...op,
      kind: 'dense',
      output,
      params,
      attrs: { ...(activation ? { activation } : {}), hasBias: params.length > 1 },
    };
    ops.push(dense);
  }
  return renumber({ ...model, ops, passes: [...model.passes, 'merge-dense'] });
}
