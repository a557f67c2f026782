// The activation table: each language name (LANGUAGE.md) → its forward and backward kernels and
// what the backward reads. Elementwise kernels take a flat length; softmax takes rows × cols;
// prelu also takes its learned alpha. Generated code looks a name up here once, at load time.

import * as act from './elementwise.js';
import { preluBackward, preluForward } from '../kernels/prelu.js';
import { softmaxBackward, softmaxForward } from '../kernels/softmax.js';

/** Applies to each of n values independently; `alpha` matters only for leaky_relu and elu. */
export interface ElementwiseActivation {
  kind: 'elementwise';
  forward(x: Float32Array, out: Float32Array, n: number, alpha: number): void;
  /** `value` is the forward's output y when usesOutput, else its input x. */
  backward(value: Float32Array, dy: Float32Array, dx: Float32Array, n: number, alpha: number): void;
  usesOutput: boolean;
}

/** Softmax: normalizes each row of x[rows, cols]; backward reads the output. */
export interface RowActivation {
  kind: 'rows';
  forward(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  backward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void;
  usesOutput: true;
}

/** prelu: a learned alpha per feature; backward also produces dAlpha. */
export interface ParametricActivation {
  kind: 'parametric';
  forward(
    x: Float32Array,
    alpha: Float32Array,
    out: Float32Array,
    rows: number,
    features: number,
  ): void;
  backward(
    x: Float32Array,
    alpha: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dAlpha: Float32Array,
    rows: number,
    features: number,
  ): void;
  usesOutput: false;
}

export type Activation = ElementwiseActivation | RowActivation | ParametricActivation;

function elementwise(
  forward: ElementwiseActivation['forward'],
  backward: ElementwiseActivation['backward'],
  usesOutput: boolean,
): ElementwiseActivation {
  return { kind: 'elementwise', forward, backward, usesOutput };
}

const rowActivation: RowActivation = {
  kind: 'rows',
  forward: softmaxForward,
  backward: softmaxBackward,
  usesOutput: true,
};

const parametricActivation: ParametricActivation = {
  kind: 'parametric',
  forward: preluForward,
  backward: preluBackward,
  usesOutput: false,
};

export const activationTable = {
  identity: elementwise(act.identityForward, act.identityBackward, true),
  linear: elementwise(act.identityForward, act.identityBackward, true),
  step: elementwise(act.stepForward, act.stepBackward, true),
  sigmoid: elementwise(act.sigmoidForward, act.sigmoidBackward, true),
  tanh: elementwise(act.tanhForward, act.tanhBackward, true),
  relu: elementwise(act.reluForward, act.reluBackward, true),
  leaky_relu: elementwise(act.leakyReluForward, act.leakyReluBackward, false),
  elu: elementwise(act.eluForward, act.eluBackward, true),
  selu: elementwise(act.seluForward, act.seluBackward, true),
  softplus: elementwise(act.softplusForward, act.softplusBackward, false),
  softsign: elementwise(act.softsignForward, act.softsignBackward, false),
  hard_sigmoid: elementwise(act.hardSigmoidForward, act.hardSigmoidBackward, false),
  gaussian: elementwise(act.gaussianForward, act.gaussianBackward, false),
  swish: elementwise(act.swishForward, act.swishBackward, false),
  gelu: elementwise(act.geluForward, act.geluBackward, false),
  softmax: rowActivation,
  prelu: parametricActivation,
} satisfies Record<string, Activation>;

export type ActivationName = keyof typeof activationTable;

export const activationNames = Object.keys(activationTable) as ActivationName[];
