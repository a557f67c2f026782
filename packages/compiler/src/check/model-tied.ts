// Tied weights inside model checking: `dense_transposed(enc)` (the catalogue's `tiedArg`) names a
// `shared` dense layer already applied in this body; the step reads its kernel, transposed. Gives
// the layer's sizes as arguments for the shape rule and marks the node (LayerNode.tied). NN2053.

import type { Args, LayerSpec } from '../catalogue/types.js';
import { Messages } from '../diagnostics/messages.js';
import type { Step } from '../syntax/ast.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { findSharedLayer } from './model-shared.js';

export interface TiedArgument {
  /** The step without the tied layer's name. */
  step: Step;
  /** `tied_inputs` and `tied_units` for the shape rule; empty when not found (reported). */
  args: Args;
  tied?: { name: string; owner: number };
}

export function takeTiedArgument(
  b: ModelBuilder,
  spec: LayerSpec,
  step: Step,
  env: BodyEnv,
): TiedArgument {
  if (!spec.tiedArg) return { step, args: {} };
  const [first, ...rest] = step.args ?? [];
  const fail = (span: typeof step.callee.span, detail: string): TiedArgument => {
    b.ctx.bag(env.file).report(Messages.TiedLayer, span, { layer: spec.name, detail });
    b.complete = false;
    return { step: { ...step, args: rest }, args: {} };
  };
  if (!first || first.name !== undefined || first.value.kind !== 'Name')
    return fail(step.callee.span, 'write that layer’s name first');
  const name = first.value.name.name;
  const layer = findSharedLayer(env, name);
  if (!layer) return fail(first.value.span, `\`${name}\` is not a shared layer of this model`);
  layer.used = true;
  b.ctx.reference(env.file, first.value.span, layer.definition);
  if (layer.spec.lowering.op !== 'dense')
    return fail(
      first.value.span,
      `\`${name}\` is a \`${layer.spec.name}\`, whose kernel has no transpose of this kind`,
    );
  const kernel = layer.owner && b.nodes[layer.owner.node].weights.find((w) => w.role === 'kernel');
  if (!layer.owner || !kernel || kernel.shape.length !== 2)
    return fail(
      first.value.span,
      `\`${name}\` is not applied before this line, so its kernel has no shape yet`,
    );
  return {
    step: { ...step, args: rest },
    args: { tied_inputs: kernel.shape[0], tied_units: kernel.shape[1] },
    tied: { name, owner: layer.owner.node },
  };
}
