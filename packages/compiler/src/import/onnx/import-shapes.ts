// ONNX Flatten, Reshape, Squeeze, Pad and Transpose → nnet's flatten, reshape, zero_padding2d, or no
// layer at all when they only change how ONNX holds a value (channels-first ↔ channels-last, the
// unit axes a global pool leaves). Flattening a channels-first value records the order of its
// features, which the dense layer that reads them undoes by permuting its rows. A Transpose of a
// matrix constant is that constant transposed, remembering the initializer (a tied kernel).

import type { NodeImporter } from './import-activations.js';
import {
  attributes,
  first,
  ImportContext,
  last,
  notAValue,
  onnxShapeOf,
  product,
  type ConstantTensor,
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

/**
 * Pad: by nothing (PyTorch writes one before some poolings) it is a renaming; by zeros around an
 * image's height and width it is `zero_padding2d([[top, bottom], [left, right]])`.
 */
export const pad: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const a = attributes(node);
  const pads = ctx.opset >= 11 ? ctx.constant(node.input[1])?.values : a.ints('pads');
  if (!pads) return 'its pads are not a constant';
  const amounts = Array.from(pads);
  if (amounts.every((p) => p === 0)) {
    ctx.setValue(node.output[0], x.value, x.layout, x.onnxShape);
    return undefined;
  }
  const mode = a.string('mode', 'constant');
  const fill = ctx.opset >= 11 ? ctx.constant(node.input[2] ?? '')?.values[0] : a.float('value', 0);
  if (mode !== 'constant' || (node.input[2] && fill !== 0))
    return `it pads with ${mode === 'constant' ? `the value ${fill}` : `mode "${mode}"`}; nnet's zero_padding2d pads with zeros`;
  const rank = x.onnxShape.length + 1;
  const image = x.layout.kind === 'first' || x.layout.kind === 'last';
  // The padded axes of [batch, C, H, W] (channels-first) or [batch, H, W, C] (channels-last).
  const [h, w] = x.layout.kind === 'first' ? [2, 3] : [1, 2];
  const before = amounts.slice(0, rank);
  const after = amounts.slice(rank);
  const onlyImage = [...before, ...after].every(
    (p, i) => p >= 0 && (p === 0 || i % rank === h || i % rank === w),
  );
  if (!image || rank !== 4 || !onlyImage)
    return 'it pads axes other than the height and width of an image; nnet pads only those (zero_padding2d)';
  const [top, bottom, left, right] = [before[h], after[h], before[w], after[w]];
  const [height, width, channels] =
    x.layout.kind === 'first'
      ? [x.onnxShape[1], x.onnxShape[2], x.onnxShape[0]]
      : [x.onnxShape[0], x.onnxShape[1], x.onnxShape[2]];
  const shape = [top + height + bottom, left + width + right, channels];
  const value = ctx.addLayer({
    kind: 'zero_padding2d',
    positional: [`[[${top}, ${bottom}], [${left}, ${right}]]`],
    named: new Map(),
    inputs: [x.value],
    shape,
    node: node.name || 'zero_padding2d',
  });
  const layout = x.layout.kind === 'first' ? first : last;
  ctx.setValue(node.output[0], value, layout, onnxShapeOf(shape, layout));
  return undefined;
};

/** A matrix constant transposed is a constant; a tied layer's kernel (`dense_transposed`) reads so. */
function transposeConstant(node: NodeProto, ctx: ImportContext, matrix: ConstantTensor) {
  const perm = attributes(node).ints('perm') ?? [1, 0];
  if (matrix.dims.length !== 2 || perm.join() !== '1,0')
    return `it transposes a constant of shape [${matrix.dims.join(', ')}] other than as a matrix ([1, 0])`;
  const [rows, columns] = matrix.dims;
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) values[j * rows + i] = matrix.values[i * columns + j];
  ctx.tensors.set(node.output[0], {
    kind: 'constant',
    dims: [columns, rows],
    values,
    origin: matrix.origin,
    ...(matrix.origin === 'initializer'
      ? { transposeOf: { initializer: node.input[0], node } }
      : {}),
  });
  return undefined;
}

export const transpose: NodeImporter = (node, ctx) => {
  const matrix = ctx.constant(node.input[0]);
  if (matrix) return transposeConstant(node, ctx, matrix);
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
