// The IR: a model as a list of typed operations over tensors with static per-sample shapes (the
// batch dimension stays symbolic), plus its parameters, loss and optimizer. Plain data: lowering
// builds it from a checked ModelGraph, passes rewrite it, code generators read it.

import type {
  ActivationForm,
  ActivationValue,
  ArgValue,
  Shape,
  WeightRole,
} from '../catalogue/types.js';

/** Every operation, with its meaning in one line. Shapes are per sample; `b` is the batch. */
export const opMeanings = {
  matmul: 'y[b, n] = x[b, k] · W[k, n]',
  bias_add: 'y = x + bias, bias broadcast over every position but the last axis',
  activation: 'y = f(x) elementwise (softmax: over the last axis)',
  dense: 'y = f(x · W + bias): matmul, bias and activation fused',
  conv: 'y = f(conv(x, W) + bias), channels-last, 1-D or 2-D (attrs.rank)',
  maxpool: 'y = max over each window, 1-D or 2-D',
  avgpool: 'y = mean over each window',
  globalavgpool: 'y[c] = mean over every position of channel c',
  batchnorm: 'y = γ·(x − μ)/√(σ² + ε) + β over the last axis; batch statistics when training',
  layernorm: "y = γ·(x − μ)/√(σ² + ε) + β over each sample's last axis",
  dropout: 'y = x·mask/(1 − rate) when training, y = x otherwise',
  reshape: 'y = x viewed with another shape (no data moves)',
  embedding: 'y[t] = E[x[t]]: integer ids to vectors',
  add: 'y = x1 + x2 + …',
  multiply: 'y = x1 ⊙ x2 ⊙ …',
  concat: 'y = x1 ‖ x2 ‖ … along attrs.axis',
  recurrent: 'rnn / lstm / gru over [time, features] (attrs.cell)',
  attention: 'multi-head self-attention',
} as const;

export type OpKind = keyof typeof opMeanings;

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
}

export interface IrTensor {
  id: number;
  shape: Shape;
  dtype: 'float' | 'int';
  /** A readable name for generated code (`image`, `dense_1`). */
  name: string;
}

export interface IrParam {
  /** `layer/weight`, e.g. `dense/weights`. */
  name: string;
  shape: Shape;
  trainable: boolean;
  /** What the weight is for, from the catalogue: the back end reads this, never the name. */
  role: WeightRole;
  /** Penalized by `l1` / `l2` (every kernel, including recurrent and attention ones). */
  regularized: boolean;
  /** Initializer name from the catalogue; `values` or `load` override it. */
  init: string;
  /** Hand-set values (row-major), from `with { … }`. */
  values?: number[];
  load?: { file: string; tensor: string };
  /** Not a parameter the optimizer sees (BatchNorm running statistics). */
  isState?: boolean;
}

export interface IrOp {
  id: number;
  kind: OpKind;
  inputs: number[];
  output: number;
  /** Parameter names, in the order the kernel takes them. */
  params: string[];
  attrs: Record<string, ArgValue | undefined>;
  source: IrSource;
  /** Set by fuse-loss: this op runs in `predict` only; training reads its input (the logits). */
  inferenceOnly?: boolean;
}

export interface IrLoss {
  name: string;
  args: Record<string, ArgValue>;
  task: 'multiclass' | 'binary' | 'regression' | 'distribution' | 'perceptron';
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
  /** Set by fuse-optimizer: update each parameter as soon as its gradient is complete. */
  fusedUpdate?: boolean;
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
