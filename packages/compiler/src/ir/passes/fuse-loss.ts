// Pass fuse-loss: when the model ends in softmax (sigmoid) and the loss is cross-entropy (binary
// cross-entropy), the loss reads the logits and applies the activation itself, stably, with
// gradient p − y. The activation op stays for `predict` only, so softmax is never applied twice.

import type { Catalogue } from '../../catalogue/types.js';
import type { ActivationValue } from '../../catalogue/types.js';
import type { IrModel } from '../ir.js';

export function fuseLoss(model: IrModel, catalogue: Catalogue): IrModel {
  const training = model.training;
  if (!training) return { ...model, passes: [...model.passes, 'fuse-loss'] };
  const fusesWith = catalogue.losses.get(training.loss.name)?.fusesWith;
  const last = model.ops.find((op) => op.output === training.loss.input);
  const activation =
    last?.kind === 'activation' ? (last.attrs.activation as ActivationValue).activation : undefined;
  if (!fusesWith || !last || activation !== fusesWith) {
    return { ...model, passes: [...model.passes, 'fuse-loss'] };
  }
  return {
    ...model,
    ops: model.ops.map((op) => (op === last ? { ...op, inferenceOnly: true } : op)),
    training: {
      ...training,
      loss: {
        ...training.loss,
        input: last.inputs[0],
        fusedActivation: fusesWith as 'softmax' | 'sigmoid' | 'step',
      },
    },
    passes: [...model.passes, 'fuse-loss'],
  };
}
