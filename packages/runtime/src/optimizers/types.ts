// What every optimizer is: created over a list of parameter arrays (state allocated once, there),
// then `step(params, grads)` updates the parameters in place without allocating. Update formulas
// follow PyTorch 2.x torch.optim exactly (1.13 too, but for one nadam bug); defaults are PyTorch's.

import { allocateFloats } from '../core/wasm/arena.js';

export interface OptimizerOptions {
  learningRate?: number;
  /** sgd, rmsprop: heavy-ball momentum (0 turns it off). */
  momentum?: number;
  /** sgd: scales the gradient into the momentum buffer by (1 − dampening). */
  dampening?: number;
  /** sgd: Nesterov momentum. */
  nesterov?: boolean;
  /** L2 added to the gradient (g + wd·p), except adamw where the decay is decoupled. */
  weightDecay?: number;
  /** adam family: decay of the first moment. */
  beta1?: number;
  /** adam family: decay of the second moment (adamax: of the infinity norm). */
  beta2?: number;
  epsilon?: number;
  /** adam, adamw: keep the running maximum of the second moment. */
  amsgrad?: boolean;
  /** adadelta: decay of both running averages. */
  rho?: number;
  /** rmsprop: decay of the squared-gradient average. */
  alpha?: number;
  /** rmsprop: divide by the estimated variance instead of the raw second moment. */
  centered?: boolean;
  /** adagrad: lr / (1 + (t − 1)·learningRateDecay). */
  learningRateDecay?: number;
  /** adagrad: the starting value of the squared-gradient sum. */
  initialAccumulatorValue?: number;
  /** nadam: ψ in μ_t = β1·(1 − ½·0.96^(t·ψ)). */
  momentumDecay?: number;
}

export interface Optimizer {
  readonly name: string;
  /** May be changed between steps (schedules); read at every step. */
  learningRate: number;
  /** Steps taken so far (t of the bias corrections); set it with `state` to resume a checkpoint. */
  stepCount: number;
  /**
   * Every state array (moments, accumulators), in a fixed order, for checkpoints: copying saved
   * values into them and restoring `stepCount` resumes the optimizer exactly.
   */
  readonly state: readonly Float32Array[];
  /** Updates each params[i] in place from grads[i]; the arrays must match those given at creation. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void;
}

/** One zeroed state array per parameter, shaped like it. */
export function stateLike(params: readonly Float32Array[], fill = 0): Float32Array[] {
  return params.map((param) => allocateFloats(param.length).fill(fill));
}

/** Throws when the step's arrays do not line up with the state made at creation. */
export function checkStepArguments(
  name: string,
  state: readonly Float32Array[],
  params: readonly Float32Array[],
  grads: readonly Float32Array[],
): void {
  if (params.length !== state.length || grads.length !== state.length) {
    throw new RangeError(
      `${name}.step got ${params.length} params and ${grads.length} grads, expected ${state.length}`,
    );
  }
  for (let i = 0; i < state.length; i++) {
    if (params[i].length !== state[i].length || grads[i].length !== state[i].length) {
      throw new RangeError(
        `${name}.step: parameter ${i} has ${params[i].length} values and its gradient ` +
          `${grads[i].length}, expected ${state[i].length}`,
      );
    }
  }
}
