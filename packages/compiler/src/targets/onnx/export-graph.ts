// The ONNX form of graph ops (opset 17): `gcn` builds Â = D^(-1/2)(A + I)D^(-1/2) from its
// adjacency input in the graph (Add, ReduceSum, Pow, Transpose, Mul), then Â · (H · W) + b with
// MatMul; the weights are initializers in nnet's [features, units] layout. Tied weights:
// `dense_transposed` reads the tied layer's one initializer through a Transpose, then MatMul, Add.

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

export const gcn: OpExporter<'gcn'> = {
  doc: 'Â = D^(-1/2)(A + I)D^(-1/2) from the adjacency input (`Add`, `ReduceSum`, `Pow`, `Mul`), then `MatMul`s and the bias `Add`',
  emit(op, ctx) {
    const [x, adjacency] = op.inputs;
    const layer = op.source.layer;
    const [weights, bias] = op.params;
    const n = ctx.shape(x)[0];
    const features = ctx.value(x, 'last', layer);
    const a = ctx.value(adjacency, 'last', layer);
    const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    const selfLoops = ctx.node(
      op,
      'Add',
      [a, ctx.constant(`${layer}/identity`, identity, [n, n])],
      'self_loops',
    );
    const axes = ctx.graph.int64Initializer(`${layer}/last_axis`, [1], [-1]);
    const degree = ctx.node(op, 'ReduceSum', [selfLoops, axes], 'degree', [
      attr.int('keepdims', 1),
    ]);
    const scale = ctx.node(
      op,
      'Pow',
      [degree, ctx.constant(`${layer}/minus_half`, [-0.5])],
      'scale',
    );
    const scaleColumns = ctx.node(op, 'Transpose', [scale], 'scale_columns', [
      attr.ints('perm', [0, 2, 1]),
    ]);
    const rows = ctx.node(op, 'Mul', [selfLoops, scale], 'scale_rows');
    const normalized = ctx.node(op, 'Mul', [rows, scaleColumns], 'normalized');
    const hw = ctx.node(op, 'MatMul', [features, ctx.param(weights)], 'hw');
    let y = ctx.node(op, 'MatMul', [normalized, hw], 'propagate');
    if (bias) y = ctx.node(op, 'Add', [y, ctx.param(bias)], 'bias');
    ctx.define(op.output, 'last', y);
  },
};
