// The PyTorch form of the tied-weights op: `dense_transposed` is `nl.DenseTransposed` (its own
// bias, python/nnet_layers.py) called with the tied layer's nn.Linear weight, so the model has one
// Parameter used as W and as Wᵀ.

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
