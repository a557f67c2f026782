// ONNX Flatten, Reshape, Squeeze, Pad (by zero) and Transpose → nnet's flatten and reshape, or no
// layer at all when they only change how ONNX holds a value (channels-first ↔ channels-last, the
// unit axes a global pool leaves). Flattening a channels-first value records the order of its
// features, which the dense layer that reads them undoes by permuting its rows.

import type { NodeImporter } from './import-activations.js';
import {
  attributes,
  first,
  ImportContext,
  last,
  notAValue,
  onnxShapeOf,
  product,
  type ValueLayout,
  type ValueTensor,
} from './import-context.js';
import type { NodeProto } from '../../onnx/proto.js';

/** The order a channels-first [C, S…] value has once flattened, as nnet features (of [S…, C]). */
function flatOrder(onnxShape: readonly number[]): Int32Array {
  const [channels, ...spatial] = onnxShape;
  const positions = product(spatial);
  const order = new Int32Array(channels * positions);
  for (let c = 0; c < channels; c++)
    for (let p = 0; p < positions; p++) order[c * positions + p] = p * channels + c;
  return order;
}

/** Flattens `x` to [n] features for `node`: a flatten layer, or nothing when it already is flat. */
function flattenValue(
  ctx: ImportContext,
  node: NodeProto,
  x: ValueTensor,
  kind: 'flatten' | 'reshape',
): string | undefined {
  const size = product(x.onnxShape);
  if (x.layout.kind === 'unit' || (x.layout.kind !== 'first' && x.onnxShape.length === 1)) {
    ctx.setValue(node.output[0], x.value, x.layout.kind === 'unit' ? last : x.layout, [size]);
    return undefined;
  }
  const value = ctx.addLayer({
    kind,
    positional: kind === 'reshape' ? [`[${size}]`] : [],
    inputs: [x.value],
    shape: [size],
    node: node.name || kind,
  });
  const order = x.layout.kind === 'first' ? flatOrder(x.onnxShape) : undefined;
  const identity = !order || order.every((target, i) => target === i);
  ctx.setValue(node.output[0], value, identity ? last : { kind: 'flat', order: order! }, [size]);
  return undefined;
}

export const flatten: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (attributes(node).int('axis', 1) !== 1)
    return 'it flattens from an axis other than 1, changing the batch axis';
  return flattenValue(ctx, node, x, 'flatten');
};

export const reshape: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  const target = ctx.constant(node.input[1]);
  if (!x) return notAValue(node);
  if (!target) return 'its target shape is computed while the model runs; nnet shapes are fixed';
  const size = product(x.onnxShape);
  const allowZero = attributes(node).int('allowzero', 0) !== 0;
  const [batch, ...rest] = Array.from(target.values);
  // Without allowzero, 0 copies the input's size there; one -1 takes what is left of a sample.
  const copied = rest.map((d, i) => (d === 0 && !allowZero ? (x.onnxShape[i] ?? 0) : d));
  const known = product(copied.filter((d) => d !== -1));
  const perSample = copied.map((d) => (d === -1 ? size / known : d));
  const keepsBatch = batch === -1 || (batch === 0 && !allowZero) || batch >= 1;
  if (
    !keepsBatch ||
    copied.filter((d) => d === -1).length > 1 ||
    product(perSample) !== size ||
    perSample.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    return `it reshapes to [${Array.from(target.values).join(', ')}], which does not keep the batch axis and the ${size} values of a sample`;
  }
  if (perSample.length === 1) return flattenValue(ctx, node, x, 'reshape');
  if (x.layout.kind !== 'last')
    return 'it reshapes a channels-first value to more than one axis, which would reorder its values in nnet';
  const value = ctx.addLayer({
    kind: 'reshape',
    positional: [`[${perSample.join(', ')}]`],
    inputs: [x.value],
    shape: perSample,
    node: node.name || 'reshape',
  });
  ctx.setValue(node.output[0], value, last, perSample);
  return undefined;
};

/** Squeeze of a pooled [C, 1, …] value: the [C] value itself. */
export const squeeze: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (x.layout.kind !== 'unit')
    return 'it removes axes of a value other than the unit axes left by pooling';
  ctx.setValue(node.output[0], x.value, last, [x.onnxShape[0]]);
  return undefined;
};

/** Pad by zero (PyTorch writes one before some poolings) is a renaming; other padding is not nnet's. */
export const pad: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const pads =
    ctx.opset >= 11 ? ctx.constant(node.input[1])?.values : attributes(node).ints('pads');
  if (!pads || Array.from(pads).some((p) => p !== 0))
    return 'it pads the value; nnet pads only inside conv and pooling layers ("same")';
  ctx.setValue(node.output[0], x.value, x.layout, x.onnxShape);
  return undefined;
};

export const transpose: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const rank = x.onnxShape.length + 1;
  const perm =
    attributes(node).ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const toFirst = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const is = (expected: number[]) =>
    perm.length === expected.length && perm.every((axis, i) => axis === expected[i]);
  const identity = perm.every((axis, i) => axis === i);
  const shape = ctx.valueShape(x.value);
  let layout: ValueLayout | undefined;
  if (identity) layout = x.layout;
  else if (x.layout.kind === 'last' && rank >= 3 && is(toFirst)) layout = first;
  else if (x.layout.kind === 'first' && is(toLast)) layout = last;
  if (!layout)
    return `its permutation [${perm.join(', ')}] reorders axes in a way nnet cannot express (only channels-last ↔ channels-first)`;
  ctx.setValue(node.output[0], x.value, layout, onnxShapeOf(shape, layout));
  return undefined;
};
