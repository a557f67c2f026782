// The ONNX form of the tied-weights op (opset 17): `dense_transposed` reads the tied layer's one
// kernel initializer through a Transpose, then MatMul and the bias Add (one initializer for both).

import { attr } from './graph-builder.js';
import type { OpExporter } from './export-ops.js';

export const denseTransposed: OpExporter<'dense_transposed'> = {
  doc: "`Transpose` of the tied layer's kernel initializer (one initializer for both), `MatMul`, the bias `Add`",
  emit(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const input = ctx.value(x, 'last', op.source.layer);
    const transposed = ctx.node(op, 'Transpose', [ctx.param(weights)], 'kernel_transposed', [
      attr.ints('perm', [1, 0]),
    ]);
    let y = ctx.node(op, 'MatMul', [input, transposed], 'matmul');
    if (op.attrs.hasBias) y = ctx.node(op, 'Add', [y, ctx.param(bias)], 'bias');
    ctx.define(op.output, 'last', y);
  },
};
