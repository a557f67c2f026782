// The JavaScript of tied weights: `dense_transposed` reads another layer's kernel W [n, k] through
// the runtime's dense_transposed kernels (x · Wᵀ + b); its backward writes dW like any use of a
// shared parameter (module.ts sums the uses) and dx in the usual write/add mode.

import type { IrOpOf } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import type { OpEmitter } from './ops-common.js';

function sizes(op: IrOpOf<'dense_transposed'>, ctx: EmitContext) {
  const k = ctx.size(op.inputs[0]);
  const n = ctx.size(op.output);
  return ['batch', `${k}`, `${n}`] as const;
}

export const denseTransposed: OpEmitter<'dense_transposed'> = {
  forward(op, ctx) {
    const bias = op.attrs.hasBias ? ctx.param(op.params[1]) : 'null';
    return [
      `${kernelCall('dense_transposed', 'forward', ctx.v(op.inputs[0]), ctx.param(op.params[0]), bias, ctx.v(op.output), ...sizes(op, ctx))};`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const dBias = op.attrs.hasBias ? ctx.grad(op.params[1]) : 'null';
    const call = (target: string) =>
      `${kernelCall('dense_transposed', 'backward', ctx.v(x), ctx.param(op.params[0]), ctx.d(op.output), target, ctx.grad(op.params[0]), dBias, ...sizes(op, ctx))};`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};
