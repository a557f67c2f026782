// Pass fuse-optimizer: marks the training step to update each parameter as soon as its gradient
// is complete (in the backward loop, while the gradient is in cache) instead of in a second pass
// over every parameter after the backward.

import type { IrModel } from '../ir.js';

export function fuseOptimizer(model: IrModel): IrModel {
  if (!model.training) return { ...model, passes: [...model.passes, 'fuse-optimizer'] };
  return {
    ...model,
    training: { ...model.training, fusedUpdate: true },
    passes: [...model.passes, 'fuse-optimizer'],
  };
}
