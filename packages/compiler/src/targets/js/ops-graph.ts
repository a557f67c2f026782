// The JavaScript of graph ops: `gcn` normalizes its adjacency input (Â, kept per batch for the
// backward), multiplies, and adds the bias through the runtime's gcn kernels; the adjacency
// input gets no gradient (it is data), the node features one in the usual write/add mode.

import type { IrOpOf } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import type { OpEmitter } from './ops-common.js';

function sizes(op: IrOpOf<'gcn'>, ctx: EmitContext) {
  const [n, f] = ctx.train.tensors[op.inputs[0]].shape;
  const u = ctx.train.tensors[op.output].shape[1];
  const normalized = ctx.opBuffer(`gcn-adjacency:${op.output}`, n * n, 'Float32Array', 'adj');
  const hw = ctx.opBuffer(`gcn-hw:${op.output}`, n * u, 'Float32Array', 'hw');
  return { n, f, u, normalized, hw, geometry: ['batch', `${n}`, `${f}`, `${u}`] as const };
}

export const gcn: OpEmitter<'gcn'> = {
  forward(op, ctx) {
    const [x, adjacency] = op.inputs;
    const { n, normalized, hw, geometry } = sizes(op, ctx);
    const bias = op.attrs.hasBias ? ctx.param(op.params[1]) : 'null';
    return [
      `${kernelCall('gcn', 'normalize', ctx.v(adjacency), normalized, 'batch', `${n}`)};`,
      `${kernelCall('gcn', 'forward', ctx.v(x), normalized, ctx.param(op.params[0]), bias, hw, ctx.v(op.output), ...geometry)};`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const { n, u, normalized, geometry } = sizes(op, ctx);
    const dhw = ctx.opBuffer(`gcn-dhw:${op.output}`, n * u, 'Float32Array', 'dhw');
    const dBias = op.attrs.hasBias ? ctx.grad(op.params[1]) : 'null';
    const call = (target: string) =>
      `${kernelCall('gcn', 'backward', ctx.v(x), normalized, ctx.param(op.params[0]), ctx.d(op.output), target, ctx.grad(op.params[0]), dBias, dhw, ...geometry)};`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};
