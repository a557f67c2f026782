// JS emitters of the merges (add, multiply, concat): several inputs, one output. Their backward
// adds into each input's gradient, so a gradient only a merge writes is zeroed first.

import type { IrOp, IrOpOf } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { kernelCall } from './kernel-call.js';
import { batchSize, type OpEmitter } from './ops-common.js';

/** Merges add into their input gradients; a gradient written only here is zeroed first. */
function mergeTargets(op: IrOp, ctx: EmitContext): { lines: string[]; targets: string } {
  const lines: string[] = [];
  const targets = op.inputs.map((input) => {
    if (!ctx.needsGrad(input)) return 'scratch';
    if (ctx.gradMode(input) === 'write')
      lines.push(`${ctx.d(input)}.fill(0, 0, batch * ${ctx.size(input)});`);
    return ctx.d(input);
  });
  if (targets.includes('scratch'))
    lines.push(`scratch.fill(0, 0, batch * ${Math.max(...op.inputs.map((i) => ctx.size(i)))});`);
  return { lines, targets: `[${targets.join(', ')}]` };
}

const inputList = (op: IrOp, ctx: EmitContext) => `[${op.inputs.map((i) => ctx.v(i)).join(', ')}]`;

export const add: OpEmitter<'add'> = {
  forward: (op, ctx) => [
    `${kernelCall('add', 'forward', inputList(op, ctx), ctx.v(op.output), batchSize(ctx, op.output))};`,
  ],
  backward(op, ctx) {
    const { lines, targets } = mergeTargets(op, ctx);
    const n = batchSize(ctx, op.output);
    return [...lines, `${kernelCall('add', 'backward', ctx.d(op.output), targets, n)};`];
  },
};

export const multiply: OpEmitter<'multiply'> = {
  forward: (op, ctx) => [
    `${kernelCall('multiply', 'forward', inputList(op, ctx), ctx.v(op.output), batchSize(ctx, op.output))};`,
  ],
  backward(op, ctx) {
    const { lines, targets } = mergeTargets(op, ctx);
    const n = batchSize(ctx, op.output);
    return [
      ...lines,
      `${kernelCall('multiply', 'backward', inputList(op, ctx), ctx.d(op.output), targets, n)};`,
    ];
  },
};

function concatLayout(op: IrOpOf<'concat'>, ctx: EmitContext): { widths: string; outer: string } {
  const shape = ctx.train.tensors[op.output].shape;
  const outer = shape.slice(0, op.attrs.axis).reduce((a, b) => a * b, 1);
  const widths = op.inputs.map((i) => ctx.size(i) / outer);
  return { widths: `[${widths.join(', ')}]`, outer: `batch * ${outer}` };
}

export const concat: OpEmitter<'concat'> = {
  forward(op, ctx) {
    const { widths, outer } = concatLayout(op, ctx);
    return [
      `${kernelCall('concat', 'forward', inputList(op, ctx), widths, ctx.v(op.output), outer)};`,
    ];
  },
  backward(op, ctx) {
    const { widths, outer } = concatLayout(op, ctx);
    const { lines, targets } = mergeTargets(op, ctx);
    return [
      ...lines,
      `${kernelCall('concat', 'backward', ctx.d(op.output), widths, targets, outer)};`,
    ];
  },
};
