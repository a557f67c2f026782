// ONNX operators → nnet layers, one importer per operator, and the table of them all: Gemm and
// MatMul (+ Add of a bias) → dense (or dense_transposed, by an earlier dense's kernel transposed),
// BatchNormalization, LayerNormalization, Add/Sum/Mul, Concat, Dropout, Identity, Gather →
// embedding; windows (import-windows.ts), shapes (import-shapes.ts) and activations
// (import-activations.ts) elsewhere. Each returns a reason when this use of the operator has no
// nnet equivalent. Dense weights are written [in, units].

import { resize } from './import-resize.js';
import { activationImporters, addActivation, type NodeImporter } from './import-activations.js';
import {
  attributes,
  describeNode,
  ImportContext,
  last,
  notAValue,
  onnxShapeOf,
  sameLayout,
  toNnetOrder,
  vector,
  type ConstantTensor,
  type ImportedWeight,
  type ValueTensor,
} from './import-context.js';
import { conv, globalAveragePool, pool, reduceMean } from './import-windows.js';
import { flatten, pad, reshape, squeeze, transpose } from './import-shapes.js';
import type { NodeProto } from '../../onnx/proto.js';
import { formatFloat32 } from './write-nnet.js';

// --- dense -------------------------------------------------------------------------------------

/** A dense layer from x · W (W [in, units] in ONNX feature order) and an optional bias. */
function addDense(
  ctx: ImportContext,
  node: NodeProto,
  x: ValueTensor,
  matrix: Float64Array,
  units: number,
  bias: Float64Array | undefined,
  /** The initializer `matrix` is, as it is (a tied layer may read it transposed later). */
  kernelInitializer?: string,
): string | undefined {
  if (x.onnxShape.length !== 1)
    return `it multiplies a value of shape [${x.onnxShape.join(', ')}]; nnet's dense takes 1-D values`;
  const inputs = x.onnxShape[0];
  let rows: Float64Array = matrix;
  if (x.layout.kind === 'flat') {
    // ONNX feature i is nnet feature order[i]: move row i of W to row order[i].
    rows = new Float64Array(matrix.length);
    x.layout.order.forEach((target, i) =>
      rows.set(matrix.subarray(i * units, (i + 1) * units), target * units),
    );
  }
  const weights = new Map<string, ImportedWeight>([
    ['weights', { shape: [inputs, units], values: rows }],
  ]);
  if (bias) weights.set('bias', { shape: [units], values: bias });
  const named = new Map(bias ? [] : [['use_bias', 'false']]);
  const value = ctx.addLayer({
    kind: 'dense',
    positional: [String(units)],
    named,
    weights,
    inputs: [x.value],
    shape: [units],
    node: node.name || 'dense',
    ...(node.docString ? { nodeDoc: node.docString } : {}),
    ...(kernelInitializer && x.layout.kind !== 'flat' ? { kernelInitializer } : {}),
    takesActivation: true,
  });
  ctx.setValue(node.output[0], value, last, [units]);
  return undefined;
}

const gemm: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const x = ctx.value(node.input[0]);
  const b = ctx.constant(node.input[1]);
  if (!x) return notAValue(node);
  if (!b || b.dims.length !== 2) return 'its B input is not a constant matrix';
  if (a.int('transA', 0) !== 0) return 'it transposes its input (transA = 1)';
  const transB = a.int('transB', 0) !== 0;
  const [k, units] = transB ? [b.dims[1], b.dims[0]] : b.dims;
  if (x.onnxShape[0] !== k)
    return `its weights expect ${k} inputs, the value has ${x.onnxShape[0]}`;
  const alpha = a.float('alpha', 1);
  const weights = new Float64Array(k * units);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < units; j++)
      weights[i * units + j] = alpha * (transB ? b.values[j * k + i] : b.values[i * units + j]);
  let bias: Float64Array | undefined;
  if (node.input[2]) {
    const c = vector(ctx.constant(node.input[2]), units);
    if (!c) return `its C input is not a constant of ${units} values`;
    const beta = a.float('beta', 1);
    bias = c.map((v) => beta * v);
  }
  if (b.transposeOf && ctx.consumers(b.transposeOf.initializer).length > 1)
    ctx.untied.push({
      what: describeNode(node),
      matrix: b.transposeOf.initializer,
      reason: 'nnet ties a kernel read transposed only through a MatMul',
    });
  const asIs = !transB && alpha === 1 && b.origin === 'initializer' && !b.transposeOf;
  return addDense(ctx, node, x, weights, units, bias, asIs ? node.input[1] : undefined);
};

const matmul: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  const w = ctx.constant(node.input[1]);
  if (!x) return notAValue(node);
  if (!w || w.dims.length !== 2)
    return 'its second input is not a constant matrix (nnet multiplies values only by weights)';
  if (x.onnxShape[0] !== w.dims[0] || x.onnxShape.length !== 1)
    return `it multiplies a value of shape [${x.onnxShape.join(', ')}] by weights [${w.dims.join(', ')}]; nnet's dense takes 1-D values`;
  if (w.transposeOf) return tiedDense(ctx, node, x, w, w.transposeOf);
  const asIs = w.origin === 'initializer' ? node.input[1] : undefined;
  return addDense(ctx, node, x, w.values, w.dims[1], undefined, asIs);
};

/**
 * x · Wᵀ with W an initializer some earlier dense layer reads as its kernel: that layer's weights,
 * tied (`dense_transposed`, as nnc exports it). Without such a layer it is a dense layer with Wᵀ
 * copied, said with NN4016 when the graph reads W elsewhere too (the tie is lost).
 */
function tiedDense(
  ctx: ImportContext,
  node: NodeProto,
  x: ValueTensor,
  transposed: ConstantTensor,
  { initializer, node: transposeNode }: NonNullable<ConstantTensor['transposeOf']>,
): string | undefined {
  const [, inputs] = transposed.dims;
  const readers = ctx.layers.flatMap((layer, index) =>
    layer.kernelInitializer === initializer ? [index] : [],
  );
  const [tied] = readers;
  const notDense = readers.map((index) => ctx.layers[index]).find((l) => l.kind !== 'dense');
  let reason: string | undefined;
  if (readers.length === 0)
    reason =
      'no dense layer before it reads them as its kernel as they are (transposed, scaled or reordered, or later in the graph)';
  else if (notDense)
    reason = `the layer that reads them is a ${notDense.kind}; nnet ties only a dense layer's kernel`;
  else if (x.layout.kind === 'flat')
    reason =
      'its input is a flattened channels-first value, whose features nnet orders differently';
  else if (
    readers.some(
      (index) => ctx.layers[index].initializers?.join() !== ctx.layers[tied].initializers?.join(),
    )
  )
    reason =
      'dense layers that are not one shared layer read them as their kernel, so the tie is ambiguous';
  if (reason === undefined) {
    const value = ctx.addLayer({
      kind: 'dense_transposed',
      named: new Map([['use_bias', 'false']]),
      tiedTo: tied,
      inputs: [x.value],
      shape: [inputs],
      // nnc names the Transpose after the layer, and the MatMul, bias and activation under it.
      node: transposeNode.name || node.name || 'dense_transposed',
      ...(transposeNode.docString ? { nodeDoc: transposeNode.docString } : {}),
      takesActivation: true,
    });
    ctx.setValue(node.output[0], value, last, [inputs]);
    return undefined;
  }
  if (ctx.consumers(initializer).length > 1)
    ctx.untied.push({ what: describeNode(node), matrix: initializer, reason });
  return addDense(ctx, node, x, transposed.values, inputs, undefined);
}

// --- normalization -----------------------------------------------------------------------------

const batchNormalization: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (a.int('training_mode', 0) !== 0) return 'it is in training mode (training_mode = 1)';
  if (x.layout.kind === 'last' && x.onnxShape.length > 1)
    return "it normalizes axis 1 of a channels-last value; nnet's batchnorm normalizes the last axis";
  const channels = x.onnxShape[0];
  const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
  const weights = new Map<string, { shape: number[]; values: ArrayLike<number> }>();
  const fixedScaleShift: string[] = [];
  for (const [i, name] of names.entries()) {
    const constant = ctx.constant(node.input[i + 1]);
    const values = vector(constant, channels);
    if (!values)
      return `its ${['scale', 'B', 'mean', 'var'][i]} input is not a constant of ${channels} values`;
    // As for LayerNormalization: a Constant node of ones (zeros) is a γ (β) the layer does not
    // learn, `scale = false` (`center = false`); an initializer is a weight, even all ones or zeros.
    const fixed = constant?.origin === 'node' && values.every((v) => v === (i === 0 ? 1 : 0));
    if (i < 2 && fixed) fixedScaleShift.push(i === 0 ? 'scale' : 'center');
    else weights.set(name, { shape: [channels], values: toNnetOrder(values, x.layout) });
  }
  const named = new Map<string, string>();
  const epsilon = a.float('epsilon', 1e-5);
  if (Math.fround(epsilon) !== Math.fround(1e-3)) named.set('epsilon', formatFloat32(epsilon));
  if (a.has('momentum') && Math.fround(a.float('momentum', 0.9)) !== Math.fround(0.99))
    named.set('momentum', formatFloat32(a.float('momentum', 0.9)));
  for (const flag of ['center', 'scale'])
    if (fixedScaleShift.includes(flag)) named.set(flag, 'false');
  const shape = ctx.valueShape(x.value);
  const value = ctx.addLayer({
    kind: 'batchnorm',
    named,
    weights,
    inputs: [x.value],
    shape,
    node: node.name || 'batchnorm',
  });
  ctx.setValue(node.output[0], value, x.layout, x.onnxShape);
  return undefined;
};

const layerNormalization: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const rank = x.onnxShape.length + 1;
  const axis = a.int('axis', -1);
  if (x.layout.kind !== 'last' || (axis !== -1 && axis !== rank - 1))
    return 'it normalizes over more than the last axis of a channels-last value';
  const features = x.onnxShape[x.onnxShape.length - 1];
  const [scaleInput, biasInput] = [1, 2].map((i) =>
    node.input[i] ? ctx.constant(node.input[i]) : undefined,
  );
  const gamma = vector(scaleInput, features);
  const beta = node.input[2] ? vector(biasInput, features) : undefined;
  if (!gamma || (node.input[2] && !beta))
    return `its scale and bias are not constants of ${features} values`;
  // A Constant node of ones (zeros) is a γ (β) the layer does not learn: nnc writes
  // `scale = false` (`center = false`) so. An initializer is a weight, even all ones or zeros.
  const learnsScale = !(scaleInput?.origin === 'node' && gamma.every((v) => v === 1));
  const learnsShift =
    beta !== undefined && !(biasInput?.origin === 'node' && beta.every((v) => v === 0));
  const named = new Map<string, string>();
  const epsilon = a.float('epsilon', 1e-5);
  if (Math.fround(epsilon) !== Math.fround(1e-3)) named.set('epsilon', formatFloat32(epsilon));
  if (!learnsShift) named.set('center', 'false');
  if (!learnsScale) named.set('scale', 'false');
  const weights = new Map<string, ImportedWeight>();
  if (learnsScale) weights.set('gamma', { shape: [features], values: gamma });
  if (learnsShift) weights.set('beta', { shape: [features], values: beta });
  const value = ctx.addLayer({
    kind: 'layernorm',
    named,
    weights,
    inputs: [x.value],
    shape: ctx.valueShape(x.value),
    node: node.name || 'layernorm',
  });
  ctx.setValue(node.output[0], value, last, x.onnxShape);
  return undefined;
};

// --- merging and the rest ----------------------------------------------------------------------

/** Add of a constant right after a dense or conv without bias: that layer's bias. */
function addBias(
  node: NodeProto,
  ctx: ImportContext,
  x: ValueTensor,
  constant: ConstantTensor,
  xName: string,
): string | undefined {
  const layer = ctx.layerOf(x.value);
  const hasNoBias =
    layer &&
    (layer.kind === 'dense' ||
      layer.kind === 'dense_transposed' ||
      layer.kind.startsWith('conv')) &&
    !layer.weights.has('bias');
  if (!hasNoBias || !ctx.isPrivate(xName) || !layer.takesActivation) {
    return 'it adds a constant to a value; nnet adds constants only as the bias of a dense or conv layer right before';
  }
  const channels = layer.shape[layer.shape.length - 1];
  const perChannel =
    x.layout.kind === 'first'
      ? constant.dims
          .slice(-x.onnxShape.length)
          .slice(1)
          .every((d) => d === 1)
      : true;
  const values = perChannel ? vector({ ...constant }, channels) : undefined;
  if (!values)
    return `it adds a constant of shape [${constant.dims.join(', ')}] that is not one value per channel`;
  layer.weights.set('bias', { shape: [channels], values: toNnetOrder(values, x.layout) });
  layer.named.delete('use_bias');
  ctx.setValue(node.output[0], x.value, x.layout, x.onnxShape);
  return undefined;
}

function merge(kind: 'add' | 'multiply' | 'maximum'): NodeImporter {
  return (node, ctx) => {
    const inputs = node.input.filter((name) => name !== '');
    if (kind === 'add' && inputs.length === 2) {
      const constantAt = inputs.findIndex((name) => ctx.constant(name));
      const x = ctx.value(inputs[1 - constantAt]);
      if (constantAt >= 0 && x)
        return addBias(node, ctx, x, ctx.constant(inputs[constantAt])!, inputs[1 - constantAt]);
    }
    const values = inputs.map((name) => ctx.value(name));
    const missing = values.findIndex((v) => !v);
    if (missing >= 0) return notAValue(node, node.input.indexOf(inputs[missing]));
    const [head] = values as ValueTensor[];
    if (
      values.some(
        (v) => !sameLayout(v!.layout, head.layout) || v!.onnxShape.join() !== head.onnxShape.join(),
      )
    ) {
      return 'its inputs differ in shape or layout; nnet merges values of one shape, without broadcasting';
    }
    if (inputs.length < 2) return 'it has fewer than two inputs';
    const value = ctx.addLayer({
      kind,
      inputs: values.map((v) => v!.value),
      shape: ctx.valueShape(head.value),
      node: node.name || kind,
    });
    ctx.setValue(node.output[0], value, head.layout, head.onnxShape);
    return undefined;
  };
}

const concat: NodeImporter = (node, ctx) => {
  const values = node.input.map((name) => ctx.value(name));
  const missing = values.findIndex((v) => !v);
  if (missing >= 0) return notAValue(node, missing);
  const [head] = values as ValueTensor[];
  const rank = head.onnxShape.length + 1;
  const raw = attributes(node).int('axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank)
    return `its axis ${raw} is outside the ${rank} axes of its inputs (expected ${-rank} to ${rank - 1})`;
  if (axis === 0) return 'it concatenates along the batch axis';
  if (
    values.some((v) => !sameLayout(v!.layout, head.layout)) ||
    (head.layout.kind !== 'last' && head.layout.kind !== 'first')
  ) {
    return 'its inputs are held in different layouts';
  }
  const nnetRank = rank - 1;
  const nnetAxis = head.layout.kind === 'last' ? axis - 1 : axis === 1 ? nnetRank - 1 : axis - 2;
  const shape = [...ctx.valueShape(head.value)];
  shape[nnetAxis] = values.reduce((sum, v) => sum + ctx.valueShape(v!.value)[nnetAxis], 0);
  const named = new Map(nnetAxis === nnetRank - 1 ? [] : [['axis', String(nnetAxis)]]);
  const value = ctx.addLayer({
    kind: 'concat',
    named,
    inputs: values.map((v) => v!.value),
    shape,
    node: node.name || 'concat',
  });
  ctx.setValue(node.output[0], value, head.layout, onnxShapeOf(shape, head.layout));
  return undefined;
};

const dropout: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const training = node.input[2] ? ctx.constant(node.input[2]) : undefined;
  if (node.input[2] && (!training || training.values[0] !== 0))
    return 'it may run in training mode (training_mode is not a constant false)';
  const ratio =
    ctx.opset >= 12
      ? node.input[1]
        ? ctx.constant(node.input[1])?.values[0]
        : 0.5
      : attributes(node).float('ratio', 0.5);
  if (ratio === undefined || !(ratio >= 0 && ratio < 1))
    return 'its ratio is not a constant in [0, 1)';
  const value = ctx.addLayer({
    kind: 'dropout',
    positional: [formatFloat32(ratio)],
    inputs: [x.value],
    shape: ctx.valueShape(x.value),
    node: node.name || 'dropout',
  });
  ctx.setValue(node.output[0], value, x.layout, x.onnxShape);
  return undefined;
};

/** nnc writes `identity` layers as Identity; elsewhere Identity is only a renaming. */
const identity: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (ctx.fromNnc) addActivation(ctx, node, node.input[0], x, node.output[0], 'identity');
  else ctx.setValue(node.output[0], x.value, x.layout, x.onnxShape);
  return undefined;
};

const gather: NodeImporter = (node, ctx) => {
  const table = ctx.constant(node.input[0]);
  const ids = ctx.value(node.input[1]);
  if (!table || table.dims.length !== 2)
    return 'it gathers from something other than a constant [vocabulary, dim] table';
  if (!ids) return notAValue(node, 1);
  if (attributes(node).int('axis', 0) !== 0) return 'it gathers along an axis other than 0';
  if (
    ids.value >= ctx.inputs.length ||
    ctx.inputs[ids.value].dtype !== 'int' ||
    ids.layout.kind !== 'last'
  )
    return 'its indices are not an integer input of the model';
  const [vocab, dim] = table.dims;
  const shape = [...ctx.valueShape(ids.value), dim];
  const weights = new Map([
    ['embeddings', { shape: [vocab, dim], values: table.values as ArrayLike<number> }],
  ]);
  const value = ctx.addLayer({
    kind: 'embedding',
    positional: [String(vocab), String(dim)],
    weights,
    inputs: [ids.value],
    shape,
    node: node.name || 'embedding',
  });
  ctx.setValue(node.output[0], value, last, shape);
  return undefined;
};

/** Every operator nnet imports (formula activations start from Mul, Div, Sigmoid or Greater). */
export const nodeImporters: Record<string, NodeImporter> = {
  ...activationImporters,
  Gemm: gemm,
  MatMul: matmul,
  Conv: conv,
  MaxPool: pool('max'),
  AveragePool: pool('avg'),
  GlobalAveragePool: globalAveragePool,
  ReduceMean: reduceMean,
  Resize: resize,
  Flatten: flatten,
  Reshape: reshape,
  Squeeze: squeeze,
  Transpose: transpose,
  Pad: pad,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Add: merge('add'),
  Sum: merge('add'),
  Mul: merge('multiply'),
  Max: merge('maximum'),
  Concat: concat,
  Dropout: dropout,
  Identity: identity,
  Gather: gather,
};
