// The JS emitter of batchnorm: γ and β (or constant ones and zeros when the layer has none), and
// each op's kernel state, made once by the runtime's `createState` (core/state.ts).

import type { IrOp, IrOpOf } from '../../ir/ir.js';
import { normalizationParams } from '../../ir/param-slots.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import { last, num, rowsOf, shapeOf, withInputGradient, type OpEmitter } from './ops-common.js';

/**
 * γ and β as the kernels need them: a layer without `scale` or `center` gets a constant 1 or 0
 * vector instead, made once (the kernels always read both).
 */
function normScaleShift(
  op: IrOp<'batchnorm'>,
  ctx: EmitContext,
): { gamma: string; beta: string; dGamma: string; dBeta: string } {
  const channels = last(shapeOf(op, ctx));
  const { scale, shift } = normalizationParams(op);
  return {
    gamma:
      scale !== undefined
        ? ctx.param(scale)
        : ctx.constant(`new Float32Array(${channels}).fill(1)`, 'ones'),
    beta:
      shift !== undefined
        ? ctx.param(shift)
        : ctx.constant(`new Float32Array(${channels})`, 'zeros'),
    // The kernels write both gradients; one without a parameter lands in a scratch vector.
    dGamma:
      scale !== undefined ? ctx.grad(scale) : ctx.scratchVector(`gamma:${op.output}`, channels),
    dBeta: shift !== undefined ? ctx.grad(shift) : ctx.scratchVector(`beta:${op.output}`, channels),
  };
}

function batchNormState(op: IrOpOf<'batchnorm'>, ctx: EmitContext): string {
  const channels = last(shapeOf(op, ctx));
  const { mean, variance } = normalizationParams(op);
  const spec = `{ channels: ${channels}, momentum: ${num(op.attrs.momentum)}, epsilon: ${num(op.attrs.epsilon)}, runningMean: ${ctx.param(mean!)}, runningVariance: ${ctx.param(variance!)} }`;
  return ctx.kernelState(`batchnorm:${op.output}`, kernelCall('batchnorm', 'createState', spec));
}

export const batchnorm: OpEmitter<'batchnorm'> = {
  forward(op, ctx, training) {
    const state = batchNormState(op, ctx);
    const { gamma, beta } = normScaleShift(op, ctx);
    const [x, y, rows] = [ctx.v(op.inputs[0]), ctx.v(op.output), rowsOf(op, ctx, op.inputs[0])];
    return [
      training
        ? `${kernelCall('batchnorm', 'forwardTraining', x, gamma, beta, y, rows, state)};`
        : `${kernelCall('batchnorm', 'forwardInference', x, gamma, beta, y, rows, state)};`,
    ];
  },
  backward(op, ctx) {
    const state = batchNormState(op, ctx);
    const { gamma, dGamma, dBeta } = normScaleShift(op, ctx);
    const [x, dy, rows] = [ctx.v(op.inputs[0]), ctx.d(op.output), rowsOf(op, ctx, op.inputs[0])];
    return withInputGradient(
      op,
      ctx,
      (target) =>
        kernelCall('batchnorm', 'backward', x, gamma, dy, target, dGamma, dBeta, rows, state),
      'scratch',
    );
  },
};
