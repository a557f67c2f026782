// ONNX Conv, MaxPool, AveragePool, GlobalAveragePool and ReduceMean over spatial axes → nnet's
// conv1d/conv2d, pools and globalavgpool. They read channels-first values (nnet values held with the
// channel axis first); padding must be none ("valid") or Keras's "same" (the odd pad last), and
// kernels are converted from ONNX [out, in, k…] to nnet [k…, in, out].

import { windowAxis, type Padding } from '@nnet/runtime';
import type { NodeImporter } from './import-activations.js';
import {
  attributes,
  first,
  ImportContext,
  last,
  notAValue,
  onnxShapeOf,
  tuple,
  vector,
  type ValueTensor,
} from './import-context.js';
import type { NodeProto } from '../../onnx/proto.js';
import { permuteAxes } from '../../onnx/tensor.js';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  padding: Padding;
  outSizes: number[];
}

/** The window of a Conv or pool over `spatial`, with its padding as "valid" or Keras "same". */
function windowOf(node: NodeProto, spatial: number[], kernel: number[]): Window | string {
  const a = attributes(node);
  const rank = spatial.length;
  const strides = a.ints('strides') ?? new Array<number>(rank).fill(1);
  const dilations = a.ints('dilations') ?? new Array<number>(rank).fill(1);
  const autoPad = a.string('auto_pad', 'NOTSET');
  // Validated before any size is computed: a stride of 0 or a window of 2^31 must not reach them.
  const lists = { kernel_shape: kernel, strides, dilations };
  for (const [name, list] of Object.entries(lists)) {
    if (list.length !== rank || list.some((v) => !Number.isSafeInteger(v) || v < 1))
      return `its ${name} [${list.join(', ')}] must be ${rank} whole number${rank === 1 ? '' : 's'} ≥ 1`;
  }
  const same = spatial.map((size, i) => {
    const { outSize, padBefore } = windowAxis(size, kernel[i], strides[i], dilations[i], 'same');
    const total = Math.max(
      (outSize - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size,
      0,
    );
    return { before: padBefore, after: total - padBefore };
  });
  let padding: Padding;
  if (autoPad === 'VALID') padding = 'valid';
  else if (autoPad === 'SAME_UPPER') padding = 'same';
  else if (autoPad === 'SAME_LOWER') {
    if (same.some((p) => p.before !== p.after))
      return 'its auto_pad SAME_LOWER puts the odd padding first; nnet\'s "same" puts it last';
    padding = 'same';
  } else {
    const pads = a.ints('pads') ?? new Array<number>(2 * rank).fill(0);
    if (pads.every((p) => p === 0)) padding = 'valid';
    else if (same.every((p, i) => pads[i] === p.before && pads[rank + i] === p.after))
      padding = 'same';
    else
      return `its pads [${pads.join(', ')}] are neither "valid" (none) nor "same" ([${[...same.map((p) => p.before), ...same.map((p) => p.after)].join(', ')}] here)`;
  }
  for (let i = 0; i < rank; i++) {
    if ((kernel[i] - 1) * dilations[i] + 1 > spatial[i] && padding === 'valid')
      return `its window is larger than the input (${spatial[i]})`;
  }
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1))
    return 'it combines strides > 1 with dilations > 1, which nnet does not allow';
  const outSizes = spatial.map(
    (size, i) => windowAxis(size, kernel[i], strides[i], dilations[i], padding).outSize,
  );
  return { kernel, strides, dilations, padding, outSizes };
}

/** The value a Conv or pool reads: channels-first with `rank` spatial axes. */
function windowInput(node: NodeProto, ctx: ImportContext, rank: number): ValueTensor | string {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (x.layout.kind !== 'first' || x.onnxShape.length !== rank + 1) {
    return `it reads a ${x.onnxShape.length + 1}-axis tensor that is not a channels-first image with ${rank} spatial axes here`;
  }
  return x;
}

export const conv: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const w = ctx.constant(node.input[1]);
  if (!w) return 'its weights are not a constant tensor';
  const rank = w.dims.length - 2;
  if (rank !== 1 && rank !== 2) return `it is a ${rank}-D convolution; nnet has conv1d and conv2d`;
  if (a.int('group', 1) !== 1)
    return `it is a grouped convolution (group = ${a.int('group', 1)}); nnet's convolutions are not grouped`;
  const x = windowInput(node, ctx, rank);
  if (typeof x === 'string') return x;
  const [filters, channels, ...kernel] = w.dims;
  if (channels !== x.onnxShape[0])
    return `its weights expect ${channels} input channels, the value has ${x.onnxShape[0]}`;
  const window = windowOf(node, x.onnxShape.slice(1), a.ints('kernel_shape') ?? kernel);
  if (typeof window === 'string') return window;
  const bias = node.input[2] ? vector(ctx.constant(node.input[2]), filters) : undefined;
  if (node.input[2] && !bias) return `its bias is not a constant of ${filters} values`;
  const named = new Map([['kernel', tuple(kernel)]]);
  if (window.strides.some((s) => s !== 1)) named.set('strides', tuple(window.strides));
  if (window.padding === 'same') named.set('padding', '"same"');
  if (window.dilations.some((d) => d !== 1)) named.set('dilation', tuple(window.dilations));
  if (!bias) named.set('use_bias', 'false');
  // ONNX [out, in, k…] → nnet [k…, in, out].
  const perm = [...kernel.map((_, i) => i + 2), 1, 0];
  const weights = new Map([
    [
      'weights',
      { shape: perm.map((axis) => w.dims[axis]), values: permuteAxes(w.values, w.dims, perm) },
    ],
  ]);
  if (bias) weights.set('bias', { shape: [filters], values: bias });
  const shape = [...window.outSizes, filters];
  const value = ctx.addLayer({
    kind: `conv${rank}d`,
    positional: [String(filters)],
    named,
    weights,
    inputs: [x.value],
    shape,
    node: node.name || 'conv',
    takesActivation: true,
  });
  ctx.setValue(node.output[0], value, first, onnxShapeOf(shape, first));
  return undefined;
};

export function pool(kind: 'max' | 'avg'): NodeImporter {
  return (node, ctx) => {
    const a = attributes(node);
    const kernel = a.ints('kernel_shape') ?? [];
    const rank = kernel.length;
    if (rank !== 1 && rank !== 2) return `it pools over ${rank} axes; nnet pools over 1 or 2`;
    if (kind === 'avg' && rank === 1) return 'nnet has no 1-D average pooling';
    const x = windowInput(node, ctx, rank);
    if (typeof x === 'string') return x;
    if ((a.ints('dilations') ?? []).some((d) => d !== 1)) return 'it is a dilated pooling';
    const spatial = x.onnxShape.slice(1);
    const window = windowOf(node, spatial, kernel);
    if (typeof window === 'string') return window;
    if (a.int('ceil_mode', 0) !== 0) {
      const ceilSizes = spatial.map((size, i) => {
        const pads = a.ints('pads') ?? new Array<number>(2 * rank).fill(0);
        return Math.ceil((size + pads[i] + pads[rank + i] - kernel[i]) / window.strides[i]) + 1;
      });
      if (ceilSizes.some((size, i) => size !== window.outSizes[i]))
        return "its ceil_mode = 1 gives a larger output than nnet's pooling";
    }
    if (kind === 'avg' && window.padding === 'same' && a.int('count_include_pad', 0) !== 0) {
      return 'it counts padded cells in the average (count_include_pad = 1); nnet leaves them out';
    }
    const named = new Map<string, string>();
    if (window.strides.some((s, i) => s !== kernel[i])) named.set('strides', tuple(window.strides));
    if (window.padding === 'same') named.set('padding', '"same"');
    const shape = [...window.outSizes, x.onnxShape[0]];
    const layer = `${kind === 'max' ? 'maxpool' : 'avgpool'}${rank}d`;
    const value = ctx.addLayer({
      kind: layer,
      positional: [tuple(kernel)],
      named,
      inputs: [x.value],
      shape,
      node: node.name || layer,
    });
    ctx.setValue(node.output[0], value, first, onnxShapeOf(shape, first));
    return undefined;
  };
}

/** Mean over every spatial position of each channel: GlobalAveragePool, or ReduceMean over them. */
function globalPool(
  ctx: ImportContext,
  node: NodeProto,
  x: ValueTensor,
  keepDims: boolean,
): undefined {
  const channels = x.onnxShape[0];
  const spatialRank = x.onnxShape.length - 1;
  const value = ctx.addLayer({
    kind: 'globalavgpool',
    inputs: [x.value],
    shape: [channels],
    node: node.name || 'globalavgpool',
  });
  if (keepDims)
    ctx.setValue(node.output[0], value, { kind: 'unit', spatialRank }, [
      channels,
      ...new Array<number>(spatialRank).fill(1),
    ]);
  else ctx.setValue(node.output[0], value, last, [channels]);
  return undefined;
}

export const globalAveragePool: NodeImporter = (node, ctx) => {
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  if (x.layout.kind !== 'first') return 'it reads a value that is not a channels-first image here';
  return globalPool(ctx, node, x, true);
};

export const reduceMean: NodeImporter = (node, ctx) => {
  const a = attributes(node);
  const x = ctx.value(node.input[0]);
  if (!x) return notAValue(node);
  const rank = x.onnxShape.length + 1;
  const axes = (ctx.opset >= 18 ? ctx.constant(node.input[1])?.values : a.ints('axes')) ?? [];
  const normalized = [...axes].map((axis) => (axis < 0 ? axis + rank : axis)).sort((p, q) => p - q);
  const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
  if (
    x.layout.kind !== 'first' ||
    normalized.length !== spatial.length ||
    normalized.some((axis, i) => axis !== spatial[i])
  ) {
    return "it averages over axes other than all the spatial axes of a channels-first image (nnet's globalavgpool)";
  }
  return globalPool(ctx, node, x, a.int('keepdims', 1) !== 0);
};
