// The PyTorch emitter of every op a layer declares itself (catalogue/own-op.ts): a submodule made
// from the layer file's constructor, applied to the input in the layout it names. A layer whose file
// states no PyTorch form is refused with that reason.

import type { AnyOwnOp } from '../../catalogue/own-op.js';
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
      const shapes = { input: ctx.shape(op.inputs[0]), output: ctx.shape(op.output) };
      const constructor = mapping.module(op.attrs, shapes, {
        float: pyFloat,
        bool: (flag) => (flag ? 'True' : 'False'),
        // An axis of the language as torch's dim of the input in the mapping's layout.
        dim: (axis) => String(ctx.torchDim(op.inputs[0], axis, mapping.layout)),
      });
      const module = ctx.submodule(op, constructor);
      const input = ctx.input(op.inputs[0], mapping.layout, `for ${op.source.layer}`);
      return { expression: `${module}(${input})`, layout: mapping.layout };
    },
  };
}
