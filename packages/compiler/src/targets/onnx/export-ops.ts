// One ONNX emitter per IR op kind: the nodes of its inference forward. Conv and pooling read and
// write channels-first tensors; ops that only care about values (activations, add, dropout) keep
// whatever layout their input has; the rest read channels-last. `check` says why an op cannot be
// exported; the op kinds missing from the table (recurrent, attention) are reported as such.

import { windowAxis, type Padding } from '@nnet/runtime';
import type { Catalogue, OnnxAttributeValue } from '../../catalogue/types.js';
import type { IrActivation, IrModel, IrOp, OpKind } from '../../ir/ir.js';
import type { ExportContext } from './export-context.js';
import { attr } from './graph-builder.js';
import { permuteAxes } from '../../onnx/tensor.js';
import { ownOpExporter } from './export-own.js';
import { ownOps } from '../../catalogue/index.js';

export interface OpExporter<K extends OpKind> {
  /** What the op becomes in ONNX, one Markdown line (docs/onnx.md's layer table is made of these). */
  doc: string;
  /** Why this op cannot be exported, when it cannot. */
  check?(op: IrOp<K>, model: IrModel, catalogue: Catalogue): string | undefined;
  emit(op: IrOp<K>, ctx: ExportContext): void;
}

const toAttributes = (attributes: Readonly<Record<string, OnnxAttributeValue>> = {}) =>
  Object.entries(attributes).map(([name, value]) =>
    'float' in value ? attr.float(name, value.float) : attr.int(name, value.int),
  );

/**
 * Applies an activation to `x` (in `layout`) for `op`'s layer through the catalogue's ONNX
 * mapping; `axis` maps a language axis to the value's ONNX axis (channels-last here).
 */
function applyActivation(
  op: IrOp,
  ctx: ExportContext,
  x: string,
  activation: IrActivation,
): string {
  const mapping = ctx.catalogue.activations.get(activation.activation)!.onnx;
  if ('unsupported' in mapping) throw new Error(`unchecked activation ${activation.activation}`);
  return mapping.build(
    x,
    activation.args,
    {
      node: (opType, inputs, suffix, attributes) =>
        ctx.node(op, opType, inputs, suffix, toAttributes(attributes)),
      constant: (suffix, value) => ctx.constant(`${op.source.layer}/${suffix}`, [value]),
      // A parametric activation is an op of its own: its params are its weights.
      weights: activation.form === 'parametric' ? op.params.map((param) => ctx.param(param)) : [],
      axis: (axis) => (axis < 0 ? axis : axis + 1),
    },
    activation.activation,
  );
}

const activationCheck = (
  activation: IrActivation | undefined,
  catalogue: Catalogue,
): string | undefined => {
  if (!activation) return undefined;
  const mapping = catalogue.activations.get(activation.activation)!.onnx;
  return 'unsupported' in mapping ? mapping.unsupported : undefined;
};

/** Gemm for a 1-D input (x · W + b); MatMul and Add when there are more axes. */
const dense: OpExporter<'dense'> = {
  doc: '`Gemm` (weights `[in, units]` as B, bias as C), then the activation',
  check: (op, _model, catalogue) => {
    const activation = op.attrs.activation;
    if (activation && activation.form !== 'elementwise')
      return `a fused ${activation.activation} is not exported`;
    return activationCheck(activation, catalogue);
  },
  emit(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const input = ctx.value(x, 'last', op.source.layer);
    let y: string;
    if (ctx.rank(x) === 2) {
      y = ctx.node(
        op,
        'Gemm',
        [input, ctx.param(weights), ...(bias !== undefined ? [ctx.param(bias)] : [])],
        'gemm',
      );
    } else {
      y = ctx.node(op, 'MatMul', [input, ctx.param(weights)], 'matmul');
      if (bias !== undefined) y = ctx.node(op, 'Add', [y, ctx.param(bias)], 'bias');
    }
    const activation = op.attrs.activation;
    if (activation && !activation.identity) y = applyActivation(op, ctx, y, activation);
    ctx.define(op.output, 'last', y);
  },
};

const activation: OpExporter<'activation'> = {
  doc: 'one node each, or a few (the activation table below)',
  check: (op, _model, catalogue) => activationCheck(op.attrs.activation, catalogue),
  emit(op, ctx) {
    const value = op.attrs.activation;
    const [x] = op.inputs;
    // Rows and learned weights are laid out channels-last; elementwise ones take any layout.
    const layout = value.form === 'elementwise' ? ctx.current(x) : 'last';
    ctx.define(
      op.output,
      layout,
      applyActivation(op, ctx, ctx.value(x, layout, op.source.layer), value),
    );
  },
};

/** ONNX window attributes for a channels-last input shape: Keras "same" puts the odd pad last. */
function windowAttributes(
  inputShape: readonly number[],
  kernel: number[],
  strides: number[],
  dilation: number[],
  padding: Padding,
) {
  const spatial = inputShape.slice(0, -1);
  const begins: number[] = [];
  const ends: number[] = [];
  spatial.forEach((size, axis) => {
    const span = (kernel[axis] - 1) * dilation[axis] + 1;
    const { outSize, padBefore } = windowAxis(
      size,
      kernel[axis],
      strides[axis],
      dilation[axis],
      padding,
    );
    const total = padding === 'same' ? Math.max((outSize - 1) * strides[axis] + span - size, 0) : 0;
    begins.push(padBefore);
    ends.push(total - padBefore);
  });
  return [
    attr.ints('kernel_shape', kernel),
    attr.ints('strides', strides),
    attr.ints('pads', [...begins, ...ends]),
  ];
}

const conv: OpExporter<'conv'> = {
  doc: "`Conv` with kernel `[out, in, k…]` (from nnet's `[k…, in, out]`), `strides`, `dilations`, explicit `pads`",
  emit(op, ctx) {
    const [x] = op.inputs;
    const rank = op.attrs.spatialRank;
    const { kernel, dilation } = op.attrs;
    const attributes = [
      ...windowAttributes(ctx.shape(x), kernel, op.attrs.strides, dilation, op.attrs.padding),
      attr.ints('dilations', dilation),
      attr.int('group', 1),
    ];
    // Keras [k…, in, out] → ONNX [out, in, k…].
    const weights = ctx.param(op.params[0], (values, shape) => {
      const perm = [rank + 1, rank, ...kernel.map((_, i) => i)];
      return { dims: perm.map((axis) => shape[axis]), values: permuteAxes(values, shape, perm) };
    });
    const bias = op.params[1];
    const inputs = [
      ctx.value(x, 'first', op.source.layer),
      weights,
      ...(bias !== undefined ? [ctx.param(bias)] : []),
    ];
    ctx.define(op.output, 'first', ctx.node(op, 'Conv', inputs, 'conv', attributes));
  },
};

function pool(opType: 'MaxPool' | 'AveragePool'): OpExporter<'maxpool' | 'avgpool'> {
  return {
    doc:
      opType === 'MaxPool'
        ? '`MaxPool` with explicit `pads`'
        : '`AveragePool` with `count_include_pad = 0` (the runtime leaves padded cells out of an average)',
    emit(op, ctx) {
      const [x] = op.inputs;
      const size = op.attrs.pool;
      const attributes = windowAttributes(
        ctx.shape(x),
        size,
        op.attrs.strides,
        size.map(() => 1),
        op.attrs.padding,
      );
      // The runtime leaves padded cells out of an average, as count_include_pad = 0 does.
      if (opType === 'AveragePool') attributes.push(attr.int('count_include_pad', 0));
      ctx.define(
        op.output,
        'first',
        ctx.node(
          op,
          opType,
          [ctx.value(x, 'first', op.source.layer)],
          opType === 'MaxPool' ? 'maxpool' : 'avgpool',
          attributes,
        ),
      );
    },
  };
}

const globalavgpool: OpExporter<'globalavgpool'> = {
  doc: '`GlobalAveragePool`, then `Flatten` to `[batch, C]`',
  emit(op, ctx) {
    const pooled = ctx.node(
      op,
      'GlobalAveragePool',
      [ctx.value(op.inputs[0], 'first', op.source.layer)],
      'pool',
    );
    ctx.define(
      op.output,
      'last',
      ctx.node(op, 'Flatten', [pooled], 'flatten', [attr.int('axis', 1)]),
    );
  },
};

/** The ops this exporter can emit; `matmul` and `bias_add` arrive merged as `dense`. */
export const opExporters: { [K in OpKind]?: OpExporter<K> } = {
  dense,
  activation,
  conv,
  maxpool: pool('MaxPool'),
  avgpool: pool('AveragePool'),
  globalavgpool,
};

/**
 * The exporter of an op, typed by its kind (the one place the kind and its exporter are joined): the
 * table's, or the generic one of an op a layer declares itself (export-own.ts) when its file maps it.
 */
export function exporterFor(op: Pick<IrOp, 'kind'>): OpExporter<OpKind> | undefined {
  const own = ownExporterOrReason(op.kind);
  if (own) return 'reason' in own ? undefined : own;
  return opExporters[op.kind] as OpExporter<OpKind> | undefined;
}

/** The own op's exporter, or the reason its layer's file gives for having no ONNX form. */
export function ownExporterOrReason(
  kind: string,
): OpExporter<OpKind> | { reason: string } | undefined {
  const declared = ownOps.get(kind);
  return declared && ownOpExporter(declared);
}
