// The ONNX exporter of every op a layer declares itself (catalogue/own-op.ts): the layer's file
// builds the nodes on its inputs in the layout it names, through an OnnxLayerBuilder made here (its
// parameters are initializers in nnet's layout). A layer whose file states no ONNX form is refused.

import { parameterIds, type AnyOwnOp, type OnnxLayerAttribute } from '../../catalogue/own-op.js';
import type { IrOp, OpKind } from '../../ir/ir.js';
import { AttributeType, type AttributeProto } from '../../onnx/proto.js';
import { floatTensor } from '../../onnx/tensor.js';
import type { OpExporter } from './export-ops.js';
import { attr } from './graph-builder.js';

function toAttribute(name: string, value: OnnxLayerAttribute): AttributeProto {
  if ('float' in value) return attr.float(name, value.float);
  if ('int' in value) return attr.int(name, value.int);
  if ('string' in value) return attr.string(name, value.string);
  return attr.ints(name, value.ints);
}

/** The exporter of an own op's kind, or why ONNX cannot express it (its file says). */
export function ownOpExporter(declaration: AnyOwnOp): OpExporter<OpKind> | { reason: string } {
  const mapping = declaration.onnx;
  if ('unsupported' in mapping) return { reason: mapping.unsupported };
  return {
    doc: mapping.doc,
    emit(op: IrOp, ctx) {
      const layer = op.source.layer;
      const layout = mapping.layout === 'any' ? ctx.sharedLayout(op) : mapping.layout;
      const inputs = op.inputs.map((input) => ctx.value(input, layout, layer));
      const shapes = {
        input: ctx.shape(op.inputs[0]),
        inputs: op.inputs.map((input) => ctx.shape(input)),
        output: ctx.shape(op.output),
      };
      const rank = shapes.output.length;
      const output = mapping.build(inputs, op.attrs, shapes, {
        parameter: (index) => {
          const id = parameterIds(declaration, op.attrs, op.params)[index];
          if (id === undefined) throw new Error(`${op.kind}: parameter ${index} is absent`);
          return ctx.param(id);
        },
        // Channels-first moves the last axis to 1 and every other one after it.
        axis: (axis) => (layout === 'last' ? axis + 1 : axis === rank - 1 ? 1 : axis + 2),
        node: (opType, inputs, suffix, attributes = {}) =>
          ctx.node(
            op,
            opType,
            inputs,
            suffix,
            Object.entries(attributes).map(([name, value]) => toAttribute(name, value)),
          ),
        floatConstant: (suffix, values, dims = []) =>
          ctx.constant(`${layer}/${suffix}`, values, [...dims]),
        constantNode: (suffix, values, dims = []) =>
          ctx.graph.node('Constant', [], `${layer}/${suffix}`, [
            {
              name: 'value',
              type: AttributeType.TENSOR,
              t: floatTensor(`${layer}/${suffix}`, [...dims], values),
            },
          ]),
        int64Constant: (suffix, values, dims = []) =>
          ctx.graph.int64Initializer(`${layer}/${suffix}`, dims, values),
      });
      ctx.define(op.output, layout, output);
    },
  };
}
