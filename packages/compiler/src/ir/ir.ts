// The IR: a model as a list of typed operations over tensors with static per-sample shapes (the
// batch dimension stays symbolic), plus its parameters, loss and optimizer. Plain data: lowering
// builds it from a checked ModelGraph, passes rewrite it, code generators read it.

import type {
  ActivationForm,
  ActivationValue,
  ArgValue,
  LossTask,
  Shape,
  WeightRole,
} from '../catalogue/types.js';
import { ownOps } from '../catalogue/index.js';
import type { OwnOpLowering } from '../catalogue/own-op.js';
import type * as layerFiles from '../catalogue/layers/index.js';

/**
 * The core operations, with their meaning in one line (shapes are per sample, `b` the batch); the
 * layers that declare their own op (catalogue/own-op.ts) add theirs, with meaning and attributes.
 */
export const opMeanings = {
  matmul: 'y[b, n] = x[b, k] · W[k, n]',
  bias_add: 'y = x + bias, bias broadcast over every position but the last axis',
  activation:
    'y = f(x), elementwise, over rows of an axis, or with its own weights (attrs.activation.form)',
  dense: 'y = f(x · W + bias): matmul, bias and activation merged (pass merge-dense)',
  conv: 'y = conv(x, W) + bias, channels-last, 1-D or 2-D (attrs.spatialRank)',
  maxpool: 'y = max over each window, 1-D or 2-D',
  avgpool: 'y = mean over each window',
  globalavgpool: 'y[c] = mean over every position of channel c',
  recurrent:
    'a recurrent cell with 1 (simple), 3 (gated) or 4 (long short-term) gates over [time, features]',
  attention: 'multi-head self-attention',
} as const;

export type CoreOpKind = keyof typeof opMeanings;

/** The own op of a layer file, when it declares one with a literal kind. */
type OwnLoweringOf<F> = F extends { lowering: infer L }
  ? L extends OwnOpLowering<infer K, object>
    ? string extends K
      ? never
      : L
    : never
  : never;
type OwnLowering = OwnLoweringOf<(typeof layerFiles)[keyof typeof layerFiles]>;

/** The attributes of each op a layer declares itself, collected from the catalogue's layers. */
export type OwnOpAttributes = {
  [L in OwnLowering as L['op']]: ReturnType<L['attributes']>;
};
export type OwnOpKind = keyof OwnOpAttributes;

export type OpKind = CoreOpKind | OwnOpKind;

/**
 * Whether an op only acts while training and is the identity at inference (dead-values drops it):
 * its layer file says so (`trainingOnly`: dropout, noise).
 */
export function identityAtInference(kind: OpKind): boolean {
  return ownOps.get(kind)?.trainingOnly === true;
}

export type Padding = 'valid' | 'same';

/** Each op kind's attributes: complete (lowering fills every default), never read by name. */
export type OpAttributes = CoreOpAttributes & OwnOpAttributes;

/** The attributes of each core op kind. */
export interface CoreOpAttributes {
  matmul: Record<string, never>;
  bias_add: Record<string, never>;
  activation: { activation: IrActivation };
  dense: { activation?: IrActivation; hasBias: boolean };
  conv: {
    /** 1 for conv1d over [width, channels], 2 for conv2d over [height, width, channels]. */
    spatialRank: 1 | 2;
    kernel: number[];
    strides: number[];
    dilation: number[];
    padding: Padding;
  };
  maxpool: { pool: number[]; strides: number[]; padding: Padding };
  avgpool: { pool: number[]; strides: number[]; padding: Padding };
  globalavgpool: Record<string, never>;
  recurrent: {
    gates: 1 | 3 | 4;
    activation: IrActivation;
    /** The gates' activation (gated cells only). */
    recurrentActivation?: IrActivation;
    returnSequences: boolean;
    /** Gated (3-gate) cells: the reset gate applies after the recurrent product. */
    resetAfter: boolean;
  };
  attention: {
    heads: number;
    keyDim: number;
    valueDim: number;
    dropout: number;
    causal: boolean;
    /** Keys whose id (inputs[1], [T]) equals this are masked; null without `padding`. */
    pad: number | null;
    /** Each projection has a bias. */
    hasBias: boolean;
  };
}

/**
 * Where an operation comes from, for comments in generated code and messages.
 */
/**
 * An activation as the IR carries it: the catalogue's name (aliases resolved; targets look their
 * mappings up by it), its checked arguments, and the facts passes and emitters read.
 */
export interface IrActivation extends ActivationValue {
  form: ActivationForm;
  /** f(x) = x. */
  identity: boolean;
}

/** Where an operation comes from, for comments in generated code and messages. */
export interface IrSource {
  file: string;
  line: number;
  /** The layer's unique name in the model (`dense_1`, `ResidualDense/h`). */
  layer: string;
  /** A later use of a shared layer: the layer whose parameters (and PyTorch module) it uses. */
  weightsOf?: string;
}

export interface IrTensor {
  id: number;
  shape: Shape;
  dtype: 'float' | 'int';
  /** A readable name for generated code (`image`, `dense_1`). */
  name: string;
}

export interface IrParam {
  /** Its index in `IrModel.params`: ops refer to parameters by this id, never by name. */
  id: number;
  /** `layer/weight`, e.g. `dense/weights`: for checkpoints, initializer and state_dict names only. */
  name: string;
  shape: Shape;
  trainable: boolean;
  /** What the weight is for, from the catalogue: the back end reads this, never the name. */
  role: WeightRole;
  /** Penalized by `l1` / `l2` (every kernel, including recurrent and attention ones). */
  regularized: boolean;
  /** Initializer name from the catalogue; `values` or `load` override it. */
  init: string;
  /** The initializer's options, by the runtime's names (`{ standardDeviation: 0.01 }`). */
  initOptions?: Readonly<Record<string, number>>;
  /** Hand-set values (row-major), from `with { … }`. */
  values?: number[];
  load?: { file: string; tensor: string };
  /**
   * State kept with the weights (role `statistic`, a moving statistic): no optimizer, penalty or
   * gradient; the op's training forward updates it; checkpoints keep it.
   */
  isState?: boolean;
}

/** One operation of kind K with its typed attributes; `IrOp` is the union over every kind. */
export interface IrOpOf<K extends OpKind> {
  id: number;
  kind: K;
  inputs: number[];
  output: number;
  /** Parameter ids (indices into `IrModel.params`), in the order the kernel takes them. */
  params: number[];
  attrs: OpAttributes[K];
  source: IrSource;
  /** Set by fuse-loss: this op runs in `predict` only; training reads its input (the logits). */
  inferenceOnly?: boolean;
}

/** An op of any of the kinds K (a union, narrowed by `kind`); `IrOp` alone is every kind. */
export type IrOp<K extends OpKind = OpKind> = { [P in K]: IrOpOf<P> }[K];

export interface IrLoss {
  name: string;
  args: Record<string, ArgValue>;
  task: LossTask;
  /** The tensor the loss reads: the output, or the logits before a fused softmax / sigmoid. */
  input: number;
  /** Set by fuse-loss: the final activation the loss computes itself, stably (its `fusesWith`). */
  fusedActivation?: string;
}

export interface IrTraining {
  loss: IrLoss;
  optimizer: { name: string; args: Record<string, ArgValue> };
  l1: number;
  l2: number;
}

export interface IrModel {
  name: string;
  source: string;
  tensors: IrTensor[];
  params: IrParam[];
  ops: IrOp[];
  inputs: number[];
  outputs: number[];
  training?: IrTraining;
  /**
   * Inference graphs of trained models: the tensor evaluation reads the loss from (the logits of
   * a fused loss, after dropout was removed); kept computed by the passes.
   */
  evaluationInput?: number;
  /** The names of the passes that produced this IR, in order. */
  passes: string[];
}
