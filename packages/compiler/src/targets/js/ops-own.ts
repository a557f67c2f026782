// The JS emitter of every op a layer declares itself (catalogue/own-op.ts), by its row's protocol:
// `view` emits nothing (context.ts aliases the buffer); `geometry`, `layer` and `merge` call
// `geometry(spec)` once (`state`, `multi-input`: `createState(spec)` once per op), then the row's
// forward and backward.

import type {
  AnyOwnOp,
  GeometryKernelRow,
  LayerKernelRow,
  MergeKernelRow,
  MultiInputKernelRow,
  OpShapes,
  StateKernelRow,
} from '../../catalogue/own-op.js';
import { parameterIds } from '../../catalogue/own-op.js';
import type { IrOp } from '../../ir/ir.js';
import { opShapes } from '../../ir/op-shapes.js';
import type { EmitContext } from './context.js';
import type { JsArguments, JsExpression } from './kernel-call.js';
import { batchSize, type OpEmitter } from './ops-common.js';

/** `rt.kernelTable[KIND].ROLE(args…)`, one expression per parameter of the protocol's function. */
function protocolCall<Row, R extends keyof Row>(
  kind: string,
  role: R & string,
  ...args: JsArguments<Row[R]>
): JsExpression {
  return `rt.kernelTable.${kind}.${role}(${(args as string[]).join(', ')})`;
}

/** A spec object as a JavaScript literal: `{ inHeight: 3, sizes: [1, 2] }`. */
const literal = (spec: object): string =>
  `{ ${Object.entries(spec)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ')} }`;

/**
 * A merge's (and a multi-input op's) backward adds into its input gradients: a gradient only this
 * op writes is zeroed first (once, however often the input is given); an input that needs none
 * gets null.
 */
function mergeTargets(op: IrOp, ctx: EmitContext): { lines: string[]; targets: string } {
  const zeroed = new Set<string>();
  const lines: string[] = [];
  const targets = op.inputs.map((input) => {
    if (!ctx.needsGrad(input)) return 'null';
    const target = ctx.d(input);
    if (ctx.gradMode(input) === 'write' && !zeroed.has(target)) {
      zeroed.add(target);
      lines.push(`${target}.fill(0, 0, ${batchSize(ctx, input)});`);
    }
    return target;
  });
  return { lines, targets: `[${targets.join(', ')}]` };
}

/** Whether the op is a view: its output is its input's buffer with another shape. */
export function isView(declaration: AnyOwnOp | undefined): boolean {
  return !!declaration && 'protocol' in declaration.js && declaration.js.protocol === 'view';
}

/** A view emits nothing, except an inference view that copies into training's buffer. */
const view: OpEmitter<IrOp['kind']> = {
  forward: (op, ctx, training) =>
    !training && ctx.isCopiedView(op)
      ? [
          `${ctx.v(op.output)}.set(${ctx.v(op.inputs[0])}.subarray(0, ${batchSize(ctx, op.inputs[0])}));`,
        ]
      : [],
  backward: () => [],
};

/** The emitter of an own op's kind, or why the JS target cannot emit it (its file says). */
export function ownOpEmitter(declaration: AnyOwnOp): OpEmitter<IrOp['kind']> | { reason: string } {
  const mapping = declaration.js;
  if ('unsupported' in mapping) return { reason: mapping.unsupported };
  if (mapping.protocol === 'view') return view;
  const shapes = (op: IrOp, ctx: EmitContext): OpShapes => opShapes(ctx.train, op);
  const geometry = (op: IrOp, ctx: EmitContext) =>
    ctx.constant(
      protocolCall<GeometryKernelRow, 'geometry'>(
        op.kind,
        'geometry',
        literal(mapping.spec(op.attrs, shapes(op, ctx))),
      ),
      op.kind,
    );
  if (mapping.protocol === 'geometry')
    return {
      forward(op, ctx) {
        const [x, y, g] = [ctx.v(op.inputs[0]), ctx.v(op.output), geometry(op, ctx)];
        return [
          `${protocolCall<GeometryKernelRow, 'forward'>(op.kind, 'forward', x, y, 'batch', g)};`,
        ];
      },
      backward(op, ctx) {
        const x = op.inputs[0];
        const [dy, g] = [ctx.d(op.output), geometry(op, ctx)];
        return ctx.writeGrad(x, batchSize(ctx, x), (target) => [
          `${protocolCall<GeometryKernelRow, 'backward'>(op.kind, 'backward', dy, target, 'batch', g)};`,
        ]);
      },
    };
  /** The op's inputs as one array literal (their buffers grow with the batch, so not a constant). */
  const inputList = (op: IrOp, ctx: EmitContext) =>
    `[${op.inputs.map((input) => ctx.v(input)).join(', ')}]`;
  if (mapping.protocol === 'merge')
    return {
      forward(op, ctx) {
        const [y, g] = [ctx.v(op.output), geometry(op, ctx)];
        return [
          `${protocolCall<MergeKernelRow, 'forward'>(op.kind, 'forward', inputList(op, ctx), y, 'batch', g)};`,
        ];
      },
      backward(op, ctx) {
        const { lines, targets } = mergeTargets(op, ctx);
        const [dy, g] = [ctx.d(op.output), geometry(op, ctx)];
        return [
          ...lines,
          `${protocolCall<MergeKernelRow, 'backward'>(op.kind, 'backward', dy, targets, inputList(op, ctx), 'batch', g)};`,
        ];
      },
    };
  // The layer and multi-input protocols: the op's parameters (and their gradients) as one array
  // each, made once; with state, the state made once per op (its training and inference forms
  // share it) in place of the shared geometry.
  const perOp =
    mapping.protocol === 'state' || mapping.protocol === 'multi-input'
      ? (op: IrOp, ctx: EmitContext) =>
          ctx.kernelState(
            `${op.kind}:${op.output}`,
            protocolCall<StateKernelRow, 'createState'>(
              op.kind,
              'createState',
              literal(mapping.spec(op.attrs, shapes(op, ctx))),
            ),
          )
      : geometry;
  // Every declared parameter in its place; one absent by its `when` (or, among the gradients,
  // state kept with the weights, which has none) is null.
  const list = (
    op: IrOp,
    ctx: EmitContext,
    of: (id: number) => string | undefined,
    prefix: string,
  ) =>
    ctx.constant(
      `[${parameterIds(declaration, op.attrs, op.params)
        .map((id) => (id === undefined ? 'null' : (of(id) ?? 'null')))
        .join(', ')}]`,
      prefix,
    );
  const gradient = (ctx: EmitContext) => (id: number) =>
    ctx.train.params[id].isState ? undefined : ctx.grad(id);
  // Several inputs with weights: the inputs as a merge's (their gradients added into), the
  // weights and the state as the layer protocol's.
  if (mapping.protocol === 'multi-input')
    return {
      forward(op, ctx, training) {
        const [y, state] = [ctx.v(op.output), perOp(op, ctx)];
        const weights = list(op, ctx, (id) => ctx.param(id), 'weights');
        const mode = training ? 'true' : 'false';
        return [
          `${protocolCall<MultiInputKernelRow, 'forward'>(op.kind, 'forward', inputList(op, ctx), y, 'batch', state, weights, mode, 'prng')};`,
        ];
      },
      backward(op, ctx) {
        const { lines, targets } = mergeTargets(op, ctx);
        const [dy, state] = [ctx.d(op.output), perOp(op, ctx)];
        const weights = list(op, ctx, (id) => ctx.param(id), 'weights');
        const gradients = list(op, ctx, gradient(ctx), 'gradients');
        return [
          ...lines,
          `${protocolCall<MultiInputKernelRow, 'backward'>(op.kind, 'backward', dy, targets, inputList(op, ctx), 'batch', state, weights, gradients)};`,
        ];
      },
    };
  return {
    forward(op, ctx, training) {
      const [x, y, g] = [ctx.v(op.inputs[0]), ctx.v(op.output), perOp(op, ctx)];
      const weights = list(op, ctx, (id) => ctx.param(id), 'weights');
      const mode = training ? 'true' : 'false';
      return [
        `${protocolCall<LayerKernelRow, 'forward'>(op.kind, 'forward', x, y, 'batch', g, weights, mode, 'prng')};`,
      ];
    },
    backward(op, ctx) {
      const x = op.inputs[0];
      const [dy, g] = [ctx.d(op.output), perOp(op, ctx)];
      const weights = list(op, ctx, (id) => ctx.param(id), 'weights');
      const gradients = list(op, ctx, gradient(ctx), 'gradients');
      const call = (target: string) =>
        `${protocolCall<LayerKernelRow, 'backward'>(op.kind, 'backward', dy, target, ctx.v(x), 'batch', g, weights, gradients)};`;
      return ctx.needsGrad(x)
        ? ctx.writeGrad(x, batchSize(ctx, x), (target) => [call(target)])
        : [call('null')];
    },
  };
}
