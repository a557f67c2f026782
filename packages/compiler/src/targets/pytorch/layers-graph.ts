// The PyTorch form of graph ops: `gcn` is `nl.GraphConv` (python/nnet_layers.py), called on the
// node features and the adjacency, both channels-last; its weight keeps nnet's [features, units].

import type { LayerEmitter } from './layers.js';

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
