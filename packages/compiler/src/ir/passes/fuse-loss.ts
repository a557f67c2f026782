// Pass fuse-loss: when the model ends in the activation the loss `fusesWith` (the catalogue's fact:
// softmax for cross-entropy, sigmoid for binary cross-entropy), the loss reads the logits and
// applies it itself, stably. The activation op stays for `predict` only, never applied twice.

import type { Catalogue } from '../../catalogue/types.js';
import type { IrModel } from '../ir.js';

export function fuseLoss(model: IrModel, catalogue: Catalogue): IrModel {
  const training = model.training;
  if (!training) return { ...model, passes: [...model.passes, 'fuse-loss'] };
  const fusesWith = catalogue.losses.get(training.loss.name)?.fusesWith;
  const last = model.ops.find((op) => op.output === training.loss.input);
  const activation = last?.kind === 'activation' ? last.attrs.activation.activation : undefined;
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
        fusedActivation: fusesWith,
      },
    },
    passes: [...model.passes, 'fuse-loss'],
  };
}
