// JS emitters of the spatial ops: conv (1-D and 2-D, channels-last), max and average pooling and
// global average pooling. Their geometry is computed once, at load time, into module constants.

import type { IrOp, IrOpOf } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import { batchSize, last, num, shapeOf, withInputGradient, type OpEmitter } from './ops-common.js';

function convGeometry(op: IrOpOf<'conv'>, ctx: EmitContext): string {
  const input = shapeOf(op, ctx);
  const filters = last(ctx.train.tensors[op.output].shape);
  const { kernel, strides, dilation } = op.attrs;
  const padding = JSON.stringify(op.attrs.padding);
  if (op.attrs.spatialRank === 1) {
    return ctx.constant(
      kernelCall(
        'conv',
        'geometry1d',
        `{ inWidth: ${input[0]}, inChannels: ${input[1]}, outChannels: ${filters}, kernelWidth: ${kernel[0]}, stride: ${strides[0]}, dilation: ${dilation[0]}, padding: ${padding} }`,
      ),
      'conv',
    );
  }
  return ctx.constant(
    kernelCall(
      'conv',
      'geometry2d',
      `{ inHeight: ${input[0]}, inWidth: ${input[1]}, inChannels: ${input[2]}, outChannels: ${filters}, kernelHeight: ${kernel[0]}, kernelWidth: ${kernel[1]}, strideHeight: ${strides[0]}, strideWidth: ${strides[1]}, dilationHeight: ${dilation[0]}, dilationWidth: ${dilation[1]}, padding: ${padding} }`,
    ),
    'conv',
  );
}

const convWorkspace = (geometry: string, ctx: EmitContext) =>
  ctx.constant(kernelCall('conv', 'createWorkspace', geometry), 'ws');

export const conv: OpEmitter<'conv'> = {
  forward(op, ctx) {
    const geometry = convGeometry(op, ctx);
    const workspace = convWorkspace(geometry, ctx);
    const [kernel, bias] = op.params;
    const b = bias !== undefined ? ctx.param(bias) : 'null';
    const [x, y] = [ctx.v(op.inputs[0]), ctx.v(op.output)];
    return [
      `${kernelCall('conv', 'forward', x, ctx.param(kernel), b, y, 'batch', geometry, workspace)};`,
    ];
  },
  backward(op, ctx) {
    const geometry = convGeometry(op, ctx);
    const workspace = convWorkspace(geometry, ctx);
    const [kernel, bias] = op.params;
    const gBias = bias !== undefined ? ctx.grad(bias) : 'null';
    const [x, w, dy, dw] = [
      ctx.v(op.inputs[0]),
      ctx.param(kernel),
      ctx.d(op.output),
      ctx.grad(kernel),
    ];
    return withInputGradient(
      op,
      ctx,
      (target) =>
        kernelCall('conv', 'backward', x, w, dy, target, dw, gBias, 'batch', geometry, workspace),
      'null',
    );
  },
};

function poolGeometry(op: IrOp<'maxpool' | 'avgpool'>, ctx: EmitContext): string {
  const input = shapeOf(op, ctx);
  const { pool, strides } = op.attrs;
  const padding = JSON.stringify(op.attrs.padding);
  if (input.length === 2) {
    return ctx.constant(
      kernelCall(
        op.kind,
        'geometry1d',
        `{ inWidth: ${input[0]}, channels: ${input[1]}, poolSize: ${pool[0]}, stride: ${strides[0]}, padding: ${padding} }`,
      ),
      'pool',
    );
  }
  return ctx.constant(
    kernelCall(
      op.kind,
      'geometry2d',
      `{ inHeight: ${input[0]}, inWidth: ${input[1]}, channels: ${input[2]}, poolHeight: ${pool[0]}, poolWidth: ${pool[1]}, strideHeight: ${strides[0]}, strideWidth: ${strides[1]}, padding: ${padding} }`,
    ),
    'pool',
  );
}

const argmaxOf = (op: IrOp, ctx: EmitContext) =>
  ctx.opBuffer(`argmax:${op.output}`, ctx.size(op.output), 'Int32Array', 'arg');

export const maxpool: OpEmitter<'maxpool'> = {
  forward(op, ctx) {
    const [x, y] = [ctx.v(op.inputs[0]), ctx.v(op.output)];
    const [argmax, geometry] = [argmaxOf(op, ctx), poolGeometry(op, ctx)];
    return [`${kernelCall('maxpool', 'forward', x, y, argmax, 'batch', geometry)};`];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const [dy, argmax, geometry] = [ctx.d(op.output), argmaxOf(op, ctx), poolGeometry(op, ctx)];
    return ctx.writeGrad(x, batchSize(ctx, x), (target) => [
      `${kernelCall('maxpool', 'backward', dy, argmax, target, 'batch', geometry)};`,
    ]);
  },
};

export const avgpool: OpEmitter<'avgpool'> = {
  forward(op, ctx) {
    const [x, y] = [ctx.v(op.inputs[0]), ctx.v(op.output)];
    return [`${kernelCall('avgpool', 'forward', x, y, 'batch', poolGeometry(op, ctx))};`];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const [dy, geometry] = [ctx.d(op.output), poolGeometry(op, ctx)];
    return ctx.writeGrad(x, batchSize(ctx, x), (target) => [
      `${kernelCall('avgpool', 'backward', dy, target, 'batch', geometry)};`,
    ]);
  },
};

export const globalavgpool: OpEmitter<'globalavgpool'> = {
  forward(op, ctx) {
    const channels = last(shapeOf(op, ctx));
    const positions = num(ctx.size(op.inputs[0]) / channels);
    const [x, y] = [ctx.v(op.inputs[0]), ctx.v(op.output)];
    return [`${kernelCall('globalavgpool', 'forward', x, y, 'batch', positions, num(channels))};`];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const channels = last(shapeOf(op, ctx));
    const positions = num(ctx.size(x) / channels);
    return ctx.writeGrad(x, batchSize(ctx, x), (target) => [
      `${kernelCall('globalavgpool', 'backward', ctx.d(op.output), target, 'batch', positions, num(channels))};`,
    ]);
  },
};
