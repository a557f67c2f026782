// One PyTorch emitter per IR op kind (after merge-dense): its submodule, the rows of the weight
// table that map its nnet weights onto the submodule's tensors, and the expression of its forward
// with the layout of the result. Conv and pooling read channels-first; ops that only care about
// values keep their input's layout; the rest read channels-last. `check` says why an op has no
// faithful PyTorch form; activation ops are written by model-module.ts.

import { windowAxis, type Padding } from '@nnet/runtime';
import type { Catalogue, TorchCell } from '../../catalogue/types.js';
import type { IrModel, IrOp, OpKind } from '../../ir/ir.js';
import { attentionParams, recurrentParams } from '../../ir/param-slots.js';
import type { ForwardContext, Layout } from './forward-context.js';
import { pyFloat, pyTuple } from './python-text.js';
import { ownOpLayerEmitter } from './layers-own.js';
import { ownOps } from '../../catalogue/index.js';

export interface Emitted {
  expression: string;
  layout: Layout;
  /** Added to the line's shape comment. */
  note?: string;
}

export interface LayerEmitter<K extends OpKind> {
  /** What the op becomes in torch, one Markdown line (docs/pytorch.md's layer table). */
  doc: string;
  check?(op: IrOp<K>, model: IrModel, catalogue: Catalogue): string | undefined;
  emit(op: IrOp<K>, ctx: ForwardContext): Emitted;
}
const last = (shape: readonly number[]) => shape[shape.length - 1];
/** `3` when every entry is 3, else `(3, 5)`. */
const size = (values: readonly number[]) =>
  values.every((v) => v === values[0]) ? String(values[0]) : pyTuple(values);
const attribute = (module: string) => module.replace(/^self\./, '');

/** [before, after] padding per spatial axis, as nnet (Keras) pads: the odd cell goes after. */
function windowPads(
  shape: readonly number[],
  window: number[],
  strides: number[],
  dilation: number[],
  padding: Padding,
): [number, number][] {
  return shape.slice(0, -1).map((inSize, axis) => {
    const span = (window[axis] - 1) * dilation[axis] + 1;
    const { outSize, padBefore } = windowAxis(
      inSize,
      window[axis],
      strides[axis],
      dilation[axis],
      padding,
    );
    const total =
      padding === 'same' ? Math.max((outSize - 1) * strides[axis] + span - inSize, 0) : 0;
    return [padBefore, total - padBefore];
  });
}

/** F.pad's argument: the last axis first, (before, after) each. */
const padArgument = (pads: [number, number][]) => pyTuple([...pads].reverse().flat());
const isSymmetric = (pads: [number, number][]) => pads.every(([before, after]) => before === after);

const dense: LayerEmitter<'dense'> = {
  doc: "`nn.Linear` (weight = nnet's `[in, units]` transposed), then the activation",
  emit(op, ctx) {
    const [x] = op.inputs;
    const [weights] = op.params;
    const bias = op.attrs.hasBias ? op.params[1] : undefined;
    const module = ctx.submodule(
      op,
      `nn.Linear(${last(ctx.shape(x))}, ${last(ctx.shape(op.output))}${bias !== undefined ? '' : ', bias=False'})`,
    );
    ctx.weight(weights, `${attribute(module)}.weight`, 'linear');
    if (bias !== undefined) ctx.weight(bias, `${attribute(module)}.bias`, 'vector');
    return { expression: `${module}(${ctx.input(x, 'last', '')})`, layout: 'last' };
  },
};

const conv: LayerEmitter<'conv'> = {
  doc: '`nn.Conv1d/2d` (weight `[out, in, k…]`); "same" padding that is uneven (Keras puts the odd cell after) as `F.pad`',
  emit(op, ctx) {
    const [x] = op.inputs;
    const shape = ctx.shape(x);
    const rank = op.attrs.spatialRank;
    const { kernel, strides, dilation } = op.attrs;
    const pads = windowPads(shape, kernel, strides, dilation, op.attrs.padding);
    const symmetric = isSymmetric(pads);
    const bias = op.params[1];
    const args = [
      String(last(shape)),
      String(last(ctx.shape(op.output))),
      `kernel_size=${size(kernel)}`,
    ];
    if (strides.some((s) => s !== 1)) args.push(`stride=${size(strides)}`);
    if (symmetric && pads.some(([before]) => before > 0))
      args.push(`padding=${size(pads.map(([before]) => before))}`);
    if (dilation.some((d) => d !== 1)) args.push(`dilation=${size(dilation)}`);
    if (bias === undefined) args.push('bias=False');
    const module = ctx.submodule(op, `nn.Conv${rank}d(${args.join(', ')})`);
    ctx.weight(op.params[0], `${attribute(module)}.weight`, 'conv');
    if (bias !== undefined) ctx.weight(bias, `${attribute(module)}.bias`, 'vector');
    const input = ctx.input(x, 'first', `for ${op.source.layer}`);
    if (symmetric) return { expression: `${module}(${input})`, layout: 'first' };
    return {
      expression: `${module}(F.pad(${input}, ${padArgument(pads)}))`,
      layout: 'first',
      note: 'padding "same" as nnet and Keras: the odd row or column of zeros goes after',
    };
  },
};

function pooling(kind: 'max' | 'avg'): LayerEmitter<'maxpool' | 'avgpool'> {
  return {
    doc:
      kind === 'max'
        ? '`nn.MaxPool1d/2d`; uneven "same" padding as `F.pad(…, value=-inf)`'
        : '`nn.AvgPool2d(count_include_pad=False)`; uneven "same" padding as `nl.KerasAvgPool` (padding left out of the mean)',
    emit(op, ctx) {
      const [x] = op.inputs;
      const shape = ctx.shape(x);
      const rank = shape.length - 1;
      const { pool, strides } = op.attrs;
      const pads = windowPads(
        shape,
        pool,
        strides,
        pool.map(() => 1),
        op.attrs.padding,
      );
      const padded = pads.some(([before, after]) => before + after > 0);
      const input = ctx.input(x, 'first', `for ${op.source.layer}`);
      const args = [size(pool)];
      if (strides.some((s, i) => s !== pool[i])) args.push(`stride=${size(strides)}`);
      if (kind === 'avg' && padded && !isSymmetric(pads)) {
        // torch pools pad evenly; nnet's uneven "same" padding, left out of each mean, needs its own module.
        const module = ctx.submodule(
          op,
          `nl.KerasAvgPool(${size(pool)}, stride=${size(strides)}, padding=${padArgument(pads)})`,
        );
        return {
          expression: `${module}(${input})`,
          layout: 'first',
          note: 'padded cells left out of each mean',
        };
      }
      if (padded && isSymmetric(pads)) args.push(`padding=${size(pads.map(([before]) => before))}`);
      if (kind === 'avg' && padded) args.push('count_include_pad=False');
      const module = ctx.submodule(
        op,
        `nn.${kind === 'max' ? 'Max' : 'Avg'}Pool${rank}d(${args.join(', ')})`,
      );
      if (!padded || isSymmetric(pads))
        return { expression: `${module}(${input})`, layout: 'first' };
      return {
        expression: `${module}(F.pad(${input}, ${padArgument(pads)}, value=float("-inf")))`,
        layout: 'first',
        note: 'padding "same" as nnet and Keras: the odd padding goes after',
      };
    },
  };
}

const globalavgpool: LayerEmitter<'globalavgpool'> = {
  doc: '`x.mean(dim=…)`',
  emit(op, ctx) {
    const [x] = op.inputs;
    const layout = ctx.current(x);
    const rank = ctx.shape(x).length;
    const dims = Array.from({ length: rank - 1 }, (_, i) => (layout === 'first' ? i + 2 : i + 1));
    return { expression: `${ctx.input(x, layout, '')}.mean(dim=${pyTuple(dims)})`, layout: 'last' };
  },
};

/** The torch cell of the recurrent layer with this many gates (its catalogue file's fact). */
function torchCellOf(catalogue: Catalogue, gates: number): TorchCell {
  for (const layer of catalogue.layers.values())
    if (layer.lowering.op === 'recurrent' && 'gates' in layer.lowering)
      if (layer.lowering.gates === gates && layer.lowering.torchCell)
        return layer.lowering.torchCell;
  throw new Error(`no recurrent layer of the catalogue has ${gates} gates and a torch cell`);
}

const recurrent: LayerEmitter<'recurrent'> = {
  doc: "`nl.RNN/LSTM/GRU`, subclasses of torch's (batch first) giving the last step, or every step with `return_sequences`",
  check(op, _model, catalogue) {
    const cell = torchCellOf(catalogue, op.attrs.gates);
    const activation = op.attrs.activation.activation;
    if (!cell.candidates.includes(activation))
      return `torch's nn.${cell.module} applies ${cell.candidates.join(' or ')}; this one applies \`${activation}\``;
    const gate = op.attrs.recurrentActivation?.activation;
    if (cell.gate && gate !== cell.gate)
      return `torch's nn.${cell.module} gates with ${cell.gate}; this one with \`${gate}\``;
    if (op.attrs.gates === 3 && !op.attrs.resetAfter)
      return "torch's nn.GRU applies the reset gate after the recurrent product (Keras's reset_after = true); this one has reset_after = false";
    return undefined;
  },
  emit(op, ctx) {
    const [x] = op.inputs;
    const cell = torchCellOf(ctx.catalogue, op.attrs.gates);
    const { kernel, recurrentKernel, bias } = recurrentParams(op);
    const units = last(ctx.shape(op.output));
    const args = [String(last(ctx.shape(x))), String(units)];
    // The first candidate activation is the module's default; another is passed by name.
    if (op.attrs.activation.activation !== cell.candidates[0])
      args.push(`nonlinearity="${op.attrs.activation.activation}"`);
    if (op.attrs.returnSequences) args.push('return_sequences=True');
    if (bias === undefined) args.push('bias=False');
    const module = ctx.submodule(op, `nl.${cell.module}(${args.join(', ')})`);
    const name = attribute(module);
    ctx.weight(kernel, `${name}.weight_ih_l0`, cell.kernelLayout);
    ctx.weight(recurrentKernel, `${name}.weight_hh_l0`, cell.kernelLayout);
    if (bias !== undefined) ctx.weight(bias, `${name}.bias_ih_l0`, cell.biasLayout);
    return { expression: `${module}(${ctx.input(x, 'last', '')})`, layout: 'last' };
  },
};

function headSizes(op: IrOp<'attention'>, model: IrModel) {
  const features = last(model.tensors[op.inputs[0]].shape);
  const { heads, keyDim, valueDim } = op.attrs;
  return { features, heads, keyDim, valueDim };
}

const attention: LayerEmitter<'attention'> = {
  doc: '`nl.SelfAttention`, an `nn.MultiheadAttention` called with `x, x, x` (and a causal mask; with `padding`, `key_padding_mask = ids == pad`)',
  check(op, model) {
    const { features, heads, keyDim, valueDim } = headSizes(op, model);
    if (heads * keyDim !== features || valueDim !== keyDim)
      return `torch's nn.MultiheadAttention projects queries, keys and values to num_heads · key_dim = ${features} features; this one has num_heads = ${heads}, key_dim = ${keyDim}, value_dim = ${valueDim}`;
    return undefined;
  },
  emit(op, ctx) {
    const [x] = op.inputs;
    const { features, heads } = headSizes(op, ctx.model);
    const args = [String(features), String(heads)];
    if (op.attrs.dropout > 0) args.push(`dropout=${pyFloat(op.attrs.dropout)}`);
    if (op.attrs.causal) args.push('causal=True');
    if (op.attrs.pad !== null) args.push(`pad=${op.attrs.pad}`);
    const slots = attentionParams(op);
    if (!op.attrs.hasBias) args.push('bias=False');
    const module = ctx.submodule(op, `nl.SelfAttention(${args.join(', ')})`);
    const name = attribute(module);
    for (const [kernel, bias, letter] of [
      [slots.queryKernel, slots.queryBias, 'q'],
      [slots.keyKernel, slots.keyBias, 'k'],
      [slots.valueKernel, slots.valueBias, 'v'],
    ] as const) {
      ctx.weight(kernel, `${name}.in_proj_weight`, `attention_in:${letter}`);
      if (bias !== undefined) ctx.weight(bias, `${name}.in_proj_bias`, `attention_bias:${letter}`);
    }
    ctx.weight(slots.outputKernel, `${name}.out_proj.weight`, 'attention_out');
    if (slots.outputBias !== undefined)
      ctx.weight(slots.outputBias, `${name}.out_proj.bias`, 'vector');
    const ids = op.attrs.pad !== null ? `, ${ctx.input(op.inputs[1], 'last', '')}` : '';
    return { expression: `${module}(${ctx.input(x, 'last', '')}${ids})`, layout: 'last' };
  },
};

/** Every op kind but `activation` (model-module.ts writes those); matmul and bias_add arrive merged. */
export const layerEmitters: { [K in OpKind]?: LayerEmitter<K> } = {
  dense,
  conv,
  maxpool: pooling('max'),
  avgpool: pooling('avg'),
  globalavgpool,
  recurrent,
  attention,
};

/**
 * The emitter of an op, typed by its kind (the one place the kind and its emitter are joined): the
 * table's, or the generic one of an op a layer declares itself (layers-own.ts) when its file maps it.
 */
export function layerEmitterFor(op: Pick<IrOp, 'kind'>): LayerEmitter<OpKind> | undefined {
  const own = ownEmitterOrReason(op.kind);
  if (own) return 'reason' in own ? undefined : own;
  return layerEmitters[op.kind] as LayerEmitter<OpKind> | undefined;
}

/** The own op's emitter, or the reason its layer's file gives for having no PyTorch form. */
export function ownEmitterOrReason(
  kind: string,
): LayerEmitter<OpKind> | { reason: string } | undefined {
  const declared = ownOps.get(kind);
  return declared && ownOpLayerEmitter(declared);
}
