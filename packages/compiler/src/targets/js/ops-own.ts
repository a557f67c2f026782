// The JS emitter of every op a layer declares itself (catalogue/own-op.ts): its kernel-table row
// follows the geometry protocol, so the op is `geometry(spec)` once, `forward(x, y, batch, g)` and
// `backward(dy, dx, batch, g)`, with the spec from the layer's file. A layer without one is refused.

import type { AnyOwnOp, GeometryKernelRow, OpShapes } from '../../catalogue/own-op.js';
import type { IrOp } from '../../ir/ir.js';
import type { EmitContext } from './context.js';
import type { JsArguments, JsExpression } from './kernel-call.js';
import { batchSize, type OpEmitter } from './ops-common.js';

/** `rt.kernelTable[KIND].ROLE(args…)`, one expression per parameter of the protocol's function. */
function protocolCall<R extends keyof GeometryKernelRow>(
  kind: string,
  role: R,
  ...args: JsArguments<GeometryKernelRow[R]>
): JsExpression {
  return `rt.kernelTable.${kind}.${role}(${(args as string[]).join(', ')})`;
}

/** A spec object as a JavaScript literal: `{ inHeight: 3, sizes: [1, 2] }`. */
const literal = (spec: object): string =>
  `{ ${Object.entries(spec)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ')} }`;

/** The emitter of an own op's kind, or why the JS target cannot emit it (its file says). */
export function ownOpEmitter(declaration: AnyOwnOp): OpEmitter<IrOp['kind']> | { reason: string } {
  const mapping = declaration.js;
  if ('unsupported' in mapping) return { reason: mapping.unsupported };
  const shapes = (op: IrOp, ctx: EmitContext): OpShapes => ({
    input: ctx.train.tensors[op.inputs[0]].shape,
    output: ctx.train.tensors[op.output].shape,
  });
  const geometry = (op: IrOp, ctx: EmitContext) =>
    ctx.constant(
      protocolCall(op.kind, 'geometry', literal(mapping.spec(op.attrs, shapes(op, ctx)))),
      op.kind,
    );
  return {
    forward(op, ctx) {
      const [x, y, g] = [ctx.v(op.inputs[0]), ctx.v(op.output), geometry(op, ctx)];
      return [`${protocolCall(op.kind, 'forward', x, y, 'batch', g)};`];
    },
    backward(op, ctx) {
      const x = op.inputs[0];
      const [dy, g] = [ctx.d(op.output), geometry(op, ctx)];
      return ctx.writeGrad(x, batchSize(ctx, x), (target) => [
        `${protocolCall(op.kind, 'backward', dy, target, 'batch', g)};`,
      ]);
    },
  };
}
