// The PyTorch emitter of every op a layer declares itself (catalogue/own-op.ts): a submodule made
// from the layer file's constructor (its tensors hold the op's parameters, in nnet_weights), applied
// to its inputs in the layout it names (`any`: the one they share). A layer whose file states no PyTorch form is refused.

import { parameterIds, type AnyOwnOp } from '../../catalogue/own-op.js';
import type { OpKind } from '../../ir/ir.js';
import type { LayerEmitter } from './layers.js';
import { pyFloat } from './python-text.js';

/** The emitter of an own op's kind, or why PyTorch cannot express it (its file says). */
export function ownOpLayerEmitter(
  declaration: AnyOwnOp,
): LayerEmitter<OpKind> | { reason: string } {
  const mapping = declaration.pytorch;
  if ('unsupported' in mapping) return { reason: mapping.unsupported };
  return {
    doc: mapping.doc,
    emit(op, ctx) {
      const shapes = {
        input: ctx.shape(op.inputs[0]),
        inputs: op.inputs.map((input) => ctx.shape(input)),
        output: ctx.shape(op.output),
      };
      const layout = mapping.layout === 'any' ? ctx.sharedLayout(op) : mapping.layout;
      const python = {
        float: pyFloat,
        bool: (flag: boolean) => (flag ? 'True' : 'False'),
        // An axis of the language as torch's dim of the input in the mapping's layout.
        dim: (axis: number) => String(ctx.torchDim(op.inputs[0], axis, layout)),
      };
      const module = mapping.module
        ? ctx.submodule(op, mapping.module(op.attrs, shapes, python))
        : undefined;
      const ids = parameterIds(declaration, op.attrs, op.params);
      (mapping.parameters ?? []).forEach((tensor, index) => {
        // A tied parameter (null) is the tied layer's tensor, loaded with that layer.
        if (!tensor) return;
        if (!module) throw new Error(`${op.kind}: parameters need a submodule to hold them`);
        const id = ids[index];
        // A parameter absent by its `when` has no tensor to load.
        if (id !== undefined)
          ctx.weight(id, `${module.replace(/^self\./, '')}.${tensor.key}`, tensor.layout);
      });
      const inputs = op.inputs.map((input) => ctx.input(input, layout, `for ${op.source.layer}`));
      const parameter = (index: number) => {
        const id = ids[index];
        const tensor = id === undefined ? undefined : ctx.tensorOf(id);
        if (!tensor) throw new Error(`${op.kind}: parameter ${index} has no tensor`);
        return tensor;
      };
      const expression = mapping.call
        ? mapping.call(inputs, op.attrs, shapes, module, { ...python, parameter })
        : `${module}(${inputs.join(', ')})`;
      return { expression, layout };
    },
  };
}
