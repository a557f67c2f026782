// The JavaScript of position ops: `position_embedding` adds its learned table, `positional_encoding`
// the sinusoidal table made once in create(); both pass the gradient through to their input, and
// the learned table gets the batch's sum of dy.

import type { IrOpOf } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import type { OpEmitter } from './ops-common.js';

type PositionOp = IrOpOf<'position_embedding'> | IrOpOf<'positional_encoding'>;

function table(op: PositionOp, ctx: EmitContext): string {
  if (op.kind === 'position_embedding') return ctx.param(op.params[0]);
  const [steps, features] = ctx.train.tensors[op.output].shape;
  return ctx.constant(
    kernelCall('positional_encoding', 'table', `${steps}`, `${features}`),
    'positions',
  );
}

export const positions: OpEmitter<'position_embedding' | 'positional_encoding'> = {
  forward(op, ctx) {
    const [x] = op.inputs;
    return [
      `${kernelCall(op.kind, 'forward', ctx.v(x), table(op, ctx), ctx.v(op.output), 'batch', `${ctx.size(x)}`)};`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const dTable = op.kind === 'position_embedding' ? ctx.grad(op.params[0]) : 'null';
    const call = (target: string) =>
      `${kernelCall(op.kind, 'backward', ctx.d(op.output), target, dTable, 'batch', `${ctx.size(x)}`)};`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};
