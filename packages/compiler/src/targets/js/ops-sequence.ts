// JS emitters of the sequence ops: the recurrent cells (their kernels keyed by gate
// count in the runtime's table) and multi-head self-attention, each with its kernel state.

import type { IrOpOf } from '../../ir/ir.js';
import { attentionParams, recurrentParams } from '../../ir/param-slots.js';
import type { EmitContext } from './context.js';
import { kernelCall, recurrentCall } from './kernel-call.js';
import { shapeOf, withInputGradient, type OpEmitter } from './ops-common.js';

/** Options of a recurrent kernel: sequences or last step, activations, GRU's reset_after. */
function recurrentOptions(op: IrOpOf<'recurrent'>, ctx: EmitContext): string {
  const activation = ctx.activation(op.attrs.activation);
  const parts = [`returnSequences: ${op.attrs.returnSequences}`];
  parts.push(`activation: ${activation ? activation.ref : 'rt.kernelTable.activation.identity'}`);
  if (activation) parts.push(`activationAlpha: ${activation.alpha}`);
  if (op.attrs.recurrentActivation) {
    const recurrent = ctx.activation(op.attrs.recurrentActivation);
    parts.push(
      `recurrentActivation: ${recurrent ? recurrent.ref : 'rt.kernelTable.activation.identity'}`,
    );
    if (recurrent) parts.push(`recurrentActivationAlpha: ${recurrent.alpha}`);
  }
  if (op.attrs.gates === 3) parts.push(`resetAfter: ${op.attrs.resetAfter}`);
  return ctx.constant(`{ ${parts.join(', ')} }`, 'rnnOptions');
}

/** The state of a recurrent op (it grows with the batch itself). */
function recurrentState(op: IrOpOf<'recurrent'>, ctx: EmitContext): string {
  const [timesteps, features] = shapeOf(op, ctx);
  const units = ctx.paramShape(recurrentParams(op).recurrentKernel)[0];
  const spec = `{ timesteps: ${timesteps}, features: ${features}, units: ${units} }`;
  return ctx.kernelState(
    `recurrent:${op.output}`,
    recurrentCall(op.attrs.gates, 'createState', spec),
  );
}

export const recurrent: OpEmitter<'recurrent'> = {
  forward(op, ctx) {
    const { kernel, recurrentKernel, bias } = recurrentParams(op);
    const b = bias !== undefined ? ctx.param(bias) : 'null';
    const [x, y] = [ctx.v(op.inputs[0]), ctx.v(op.output)];
    const [w, u] = [ctx.param(kernel), ctx.param(recurrentKernel)];
    const [options, state] = [recurrentOptions(op, ctx), recurrentState(op, ctx)];
    return [`${recurrentCall(op.attrs.gates, 'forward', x, w, u, b, y, 'batch', options, state)};`];
  },
  backward(op, ctx) {
    const { kernel, recurrentKernel, bias } = recurrentParams(op);
    const gb = bias !== undefined ? ctx.grad(bias) : 'null';
    const [w, u, dy] = [ctx.param(kernel), ctx.param(recurrentKernel), ctx.d(op.output)];
    const [dw, du] = [ctx.grad(kernel), ctx.grad(recurrentKernel)];
    const [options, state] = [recurrentOptions(op, ctx), recurrentState(op, ctx)];
    return withInputGradient(
      op,
      ctx,
      (target) =>
        recurrentCall(
          op.attrs.gates,
          'backward',
          w,
          u,
          dy,
          target,
          dw,
          du,
          gb,
          'batch',
          options,
          state,
        ),
      'null',
    );
  },
};

/** The state of an attention op (it grows with the batch itself). */
function attentionState(op: IrOpOf<'attention'>, ctx: EmitContext): string {
  const [timesteps, features] = shapeOf(op, ctx);
  const { heads, keyDim, valueDim, causal } = op.attrs;
  const spec = `{ timesteps: ${timesteps}, modelDim: ${features}, heads: ${heads}, keyDim: ${keyDim}, valueDim: ${valueDim}, causal: ${causal} }`;
  return ctx.kernelState(`attention:${op.output}`, kernelCall('attention', 'createState', spec));
}

/** The eight attention weights (or their gradients) as the runtime's AttentionParameters. */
function attentionArgument(op: IrOpOf<'attention'>, of: (id: number) => string): string {
  const slots = attentionParams(op);
  const keys = [
    'queryKernel',
    'queryBias',
    'keyKernel',
    'keyBias',
    'valueKernel',
    'valueBias',
    'outputKernel',
    'outputBias',
  ] as const;
  return `{ ${keys.map((key) => `${key}: ${slots[key] !== undefined ? of(slots[key]) : 'null'}`).join(', ')} }`;
}

export const attention: OpEmitter<'attention'> = {
  forward(op, ctx) {
    const params = ctx.constant(
      attentionArgument(op, (id) => ctx.param(id)),
      'attention',
    );
    const [x, y, state] = [ctx.v(op.inputs[0]), ctx.v(op.output), attentionState(op, ctx)];
    // `padding = ids`: the keys whose id is the pad id are masked for this batch.
    const padding =
      op.attrs.pad !== null
        ? [
            `${kernelCall('attention', 'padding', ctx.v(op.inputs[1]), `${op.attrs.pad}`, 'batch', state)};`,
          ]
        : [];
    return [...padding, `${kernelCall('attention', 'forward', x, params, y, 'batch', state)};`];
  },
  backward(op, ctx) {
    const params = ctx.constant(
      attentionArgument(op, (id) => ctx.param(id)),
      'attention',
    );
    const grads = ctx.constant(
      attentionArgument(op, (id) => ctx.grad(id)),
      'attentionGrads',
    );
    const [x, dy, state] = [ctx.v(op.inputs[0]), ctx.d(op.output), attentionState(op, ctx)];
    return withInputGradient(
      op,
      ctx,
      (target) => kernelCall('attention', 'backward', x, params, dy, target, grads, 'batch', state),
      'null',
    );
  },
};
