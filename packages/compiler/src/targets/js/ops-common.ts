// What every JS op emitter shares: the emitter shape (forward and backward side by side, as lines
// of JavaScript), and the sizes they read from the IR. Kernel calls go through kernel-call.ts.

import type { IrOp, OpKind } from '../../ir/ir.js';
import type { EmitContext } from './context.js';

export interface OpEmitter<K extends OpKind> {
  forward(op: IrOp<K>, ctx: EmitContext, training: boolean): string[];
  backward(op: IrOp<K>, ctx: EmitContext): string[];
}

/** A number as JavaScript source. */
export const num = (n: number): string => String(n);

/** The per-sample shape of an op's (first) input. */
export const shapeOf = (op: IrOp, ctx: EmitContext, tensor = op.inputs[0]): readonly number[] =>
  ctx.train.tensors[tensor].shape;

export const last = (shape: readonly number[]): number => shape[shape.length - 1];

/** Rows seen by a kernel over the last axis: batch × every other axis. */
export const rowsOf = (op: IrOp, ctx: EmitContext, tensor: number): string => {
  const shape = ctx.train.tensors[tensor].shape;
  const perSample = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return perSample === 1 ? 'batch' : `batch * ${perSample}`;
};

/** `batch * values per sample` of a tensor. */
export const batchSize = (ctx: EmitContext, tensor: number): string =>
  `batch * ${ctx.size(tensor)}`;

/**
 * The backward of an op whose kernel computes the input gradient alongside others (conv, norms,
 * recurrent, attention): into the input's gradient when it needs one, else into `absent`.
 */
export function withInputGradient(
  op: IrOp,
  ctx: EmitContext,
  call: (target: string) => string,
  absent: 'null' | 'scratch',
): string[] {
  const x = op.inputs[0];
  return ctx.needsGrad(x)
    ? ctx.writeGrad(x, batchSize(ctx, x), (target) => [`${call(target)};`])
    : [`${call(absent)};`];
}
