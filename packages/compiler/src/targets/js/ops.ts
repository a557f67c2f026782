// One emitter per IR op kind: the JavaScript of its forward (training or inference) and of its
// backward, as calls through @nnet/runtime's typed kernel table (kernel-call.ts). `batch` is the
// generated code's batch variable; sizes are baked in as numbers. Backward sits next to forward.

import type { IrOp, OpKind } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import { activationCall, kernelCall } from './kernel-call.js';
import { batchSize, last, num, rowsOf, shapeOf, type OpEmitter } from './ops-common.js';
import { attention, recurrent } from './ops-sequence.js';
import { avgpool, conv, globalavgpool, maxpool } from './ops-spatial.js';
import { ownOpEmitter } from './ops-own.js';
import { ownOps } from '../../catalogue/index.js';

export type { OpEmitter } from './ops-common.js';

/** A dense op's folded activation: only an elementwise one folds (merge-dense), if any. */
function denseActivation(op: IrOp<'dense'>, ctx: EmitContext) {
  const act = ctx.activation(op.attrs.activation);
  if (act && act.form !== 'elementwise')
    throw new Error(`a ${act.form} activation was folded into ${op.source.layer}`);
  return act;
}

const dense: OpEmitter<'dense'> = {
  forward(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const k = num(last(shapeOf(op, ctx)));
    const n = num(last(ctx.train.tensors[op.output].shape));
    const act = denseActivation(op, ctx);
    const rows = rowsOf(op, ctx, x);
    const b = op.attrs.hasBias ? ctx.param(bias) : 'null';
    const w = ctx.param(weights);
    if (act && !act.usesOutput) {
      // The backward needs the values before the activation: keep them.
      const pre = preActivation(op, ctx);
      return [
        `${kernelCall('dense', 'forward', ctx.v(x), w, b, pre, rows, k, n, 'null')};`,
        `${activationCall(act, 'forward', pre, ctx.v(op.output), `${rows} * ${n}`, act.alpha)};`,
      ];
    }
    const y = ctx.v(op.output);
    return [
      act
        ? `${kernelCall('dense', 'forward', ctx.v(x), w, b, y, rows, k, n, act.ref, act.alpha)};`
        : `${kernelCall('dense', 'forward', ctx.v(x), w, b, y, rows, k, n, 'null')};`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const k = num(last(shapeOf(op, ctx)));
    const n = num(last(ctx.train.tensors[op.output].shape));
    const rows = rowsOf(op, ctx, x);
    const elementwise = denseActivation(op, ctx);
    const value =
      elementwise && !elementwise.usesOutput ? preActivation(op, ctx) : ctx.v(op.output);
    const dy = ctx.d(op.output);
    const gb = op.attrs.hasBias ? ctx.grad(bias) : 'null';
    const w = ctx.param(weights);
    const lines = [
      // dz = dy ⊙ f'(·) in place, with the bias gradient in the same pass.
      elementwise
        ? `${kernelCall('dense', 'backwardPrologue', value, dy, dy, gb, rows, n, elementwise.ref, elementwise.alpha)};`
        : `${kernelCall('dense', 'backwardPrologue', value, dy, dy, gb, rows, n, 'null')};`,
      `${kernelCall('dense', 'weightGradient', ctx.v(x), dy, ctx.grad(weights), k, rows, n)};`,
    ];
    lines.push(
      ...ctx.writeGrad(
        x,
        `${rows} * ${k}`,
        (target, accumulate) => [
          accumulate
            ? `${kernelCall('dense', 'inputGradient', dy, w, target, rows, n, k, 'true')};`
            : `${kernelCall('dense', 'inputGradient', dy, w, target, rows, n, k)};`,
        ],
        true,
      ),
    );
    return lines;
  },
};

function preActivation(op: IrOp, ctx: EmitContext): string {
  return ctx.opBuffer(`pre:${op.output}`, ctx.size(op.output), 'Float32Array', 'z');
}

const activation: OpEmitter<'activation'> = {
  forward(op, ctx) {
    const [x] = op.inputs;
    const act = ctx.activation(op.attrs.activation);
    const y = ctx.v(op.output);
    if (!act) return [`${y}.set(${ctx.v(x)}.subarray(0, ${batchSize(ctx, x)}));`];
    if (act.form === 'parametric') {
      const alpha = ctx.param(op.params[0]);
      return [`${activationCall(act, 'forward', ctx.v(x), alpha, y, 'batch', num(ctx.size(x)))};`];
    }
    if (act.form === 'rows') {
      const cols = last(shapeOf(op, ctx));
      const rows = `batch * ${ctx.size(x) / cols}`;
      return [`${activationCall(act, 'forward', ctx.v(x), y, rows, num(cols))};`];
    }
    return [`${activationCall(act, 'forward', ctx.v(x), y, batchSize(ctx, x), act.alpha)};`];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const n = batchSize(ctx, x);
    const dy = ctx.d(op.output);
    const act = ctx.activation(op.attrs.activation);
    if (!act) return ctx.writeGrad(x, n, (target) => [`${target}.set(${dy}.subarray(0, ${n}));`]);
    if (act.form === 'parametric') {
      const [alpha, dAlpha] = [ctx.param(op.params[0]), ctx.grad(op.params[0])];
      return ctx.writeGrad(x, n, (target) => [
        `${activationCall(act, 'backward', ctx.v(x), alpha, dy, target, dAlpha, 'batch', num(ctx.size(x)))};`,
      ]);
    }
    if (act.form === 'rows') {
      const cols = last(shapeOf(op, ctx));
      const rows = `batch * ${ctx.size(x) / cols}`;
      return ctx.writeGrad(x, n, (target) => [
        `${activationCall(act, 'backward', ctx.v(op.output), dy, target, rows, num(cols))};`,
      ]);
    }
    const read = act.usesOutput ? ctx.v(op.output) : ctx.v(x);
    return ctx.writeGrad(x, n, (target) => [
      `${activationCall(act, 'backward', read, dy, target, n, act.alpha)};`,
    ]);
  },
};

/**
 * The ops this generator can emit; anything else is reported at compile time (NN4009). `matmul`
 * and `bias_add` always arrive merged as `dense` (merge-dense runs in both JS pipelines).
 */
export const opEmitters: { [K in OpKind]?: OpEmitter<K> } = {
  dense,
  activation,
  conv,
  maxpool,
  avgpool,
  globalavgpool,
  recurrent,
  attention,
};

/**
 * The emitter of an op, typed by its kind (the one place the kind and its emitter are joined): the
 * table's, or the generic one of an op a layer declares itself (ops-own.ts) when its file maps it.
 */
export function emitterFor(op: IrOp): OpEmitter<OpKind> | undefined {
  const declared = ownOps.get(op.kind);
  const own = declared && ownOpEmitter(declared);
  if (own) return 'reason' in own ? undefined : own;
  return opEmitters[op.kind] as OpEmitter<OpKind> | undefined;
}

/** Why an op the generator knows cannot be emitted with these attributes, if it cannot. */
export function unsupportedReason(op: IrOp): string | undefined {
  if (op.kind === 'attention' && op.attrs.dropout > 0) {
    return 'the attention kernel has no dropout on its weights yet; use `dropout = 0` and a `dropout` layer after it';
  }
  if (op.kind === 'recurrent') {
    for (const [key, value] of [
      ['activation', op.attrs.activation],
      ['recurrent_activation', op.attrs.recurrentActivation],
    ] as const) {
      if (value && value.form !== 'elementwise')
        return `a recurrent cell applies its \`${key}\` to each value on its own; \`${value.activation}\` is not elementwise`;
    }
  }
  return undefined;
}
