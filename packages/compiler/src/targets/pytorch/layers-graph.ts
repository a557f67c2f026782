// The PyTorch form of graph ops: `gcn` is `nl.GraphConv` (python/nnet_layers.py), called on the
// node features and the adjacency, both channels-last; its weight keeps nnet's [features, units].
// Tied weights: `dense_transposed` is `nl.DenseTransposed` (its own bias) called with the tied
// layer's nn.Linear weight, so the model has one Parameter used as W and as Wᵀ.

import type { LayerEmitter } from './layers.js';

export const denseTransposed: LayerEmitter<'dense_transposed'> = {
  doc: "`nl.DenseTransposed` (nnet_layers.py: `F.linear(x, weight.t(), bias)`) called with the tied layer's `nn.Linear` weight",
  check(op) {
    return op.source.kernelOf === undefined ? 'its tied layer is unknown' : undefined;
  },
  emit(op, ctx) {
    const [x] = op.inputs;
    const tied = ctx.attributeOf(op.source.kernelOf!);
    const units = ctx.shape(op.output)[0];
    const module = ctx.submodule(
      op,
      `nl.DenseTransposed(${units}${op.attrs.hasBias ? '' : ', bias=False'})`,
    );
    if (op.attrs.hasBias)
      ctx.weight(op.params[1], `${module.replace(/^self\./, '')}.bias`, 'vector');
    return {
      expression: `${module}(${ctx.input(x, 'last', '')}, self.${tied}.weight)`,
      layout: 'last',
    };
  },
};

export const gcn: LayerEmitter<'gcn'> = {
  doc: '`nl.GraphConv` (nnet_layers.py: Â · (H · W) + b with self-loops), weight `[features, units]`',
  emit(op, ctx) {
    const [x, adjacency] = op.inputs;
    const features = ctx.shape(x)[1];
    const units = ctx.shape(op.output)[1];
    const module = ctx.submodule(
      op,
      `nl.GraphConv(${features}, ${units}${op.attrs.hasBias ? '' : ', bias=False'})`,
    );
    const attribute = module.replace(/^self\./, '');
    ctx.weight(op.params[0], `${attribute}.weight`, 'vector');
    if (op.attrs.hasBias) ctx.weight(op.params[1], `${attribute}.bias`, 'vector');
    return {
      expression: `${module}(${ctx.input(x, 'last', '')}, ${ctx.input(adjacency, 'last', '')})`,
      layout: 'last',
    };
  },
};
