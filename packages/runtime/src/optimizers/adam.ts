// adam (and amsgrad), adamw, adamax and nadam, as torch.optim writes them: bias corrections use
// the step count t from 1, and ε is added after dividing √v by √(1 − β2^t). Keras instead folds
// the corrections into the learning rate, lr·√(1−β2^t)/(1−β1^t)·m/(√v + ε), and uses ε 1e-7.

import { wasmAdamUpdate } from '../core/wasm/adam.js';
import { useWasmElementwise } from '../core/wasm/kernel-choice.js';
import { checkStepArguments, stateLike, type Optimizer, type OptimizerOptions } from './types.js';

/**
 * adam (torch.optim.Adam): m ← β1m + (1−β1)g; v ← β2v + (1−β2)g² (amsgrad: v̂ ← max(v̂, v));
 * p ← p − lr/(1−β1^t)·m/(√v/√(1−β2^t) + ε). Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8.
 * adamw (torch.optim.AdamW) first decays p ← p·(1 − lr·wd) (default wd 0.01), then does the same.
 */
function createAdamFamily(
  name: 'adam' | 'adamw',
  params: readonly Float32Array[],
  options: OptimizerOptions,
): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const amsgrad = options.amsgrad ?? false;
  const decoupled = name === 'adamw';
  const weightDecay = options.weightDecay ?? (decoupled ? 0.01 : 0);
  const firstMoments = stateLike(params);
  const secondMoments = stateLike(params);
  const maximumSecondMoments = amsgrad ? stateLike(params) : [];
  const optimizer = {
    name,
    learningRate: options.learningRate ?? 1e-3,
    stepCount: 0,
    state: [...firstMoments, ...secondMoments, ...maximumSecondMoments],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments(name, firstMoments, params, grads);
      optimizer.stepCount++;
      const lr = optimizer.learningRate;
      const stepSize = lr / (1 - beta1 ** optimizer.stepCount);
      const correction2Root = Math.sqrt(1 - beta2 ** optimizer.stepCount);
      const decay = decoupled ? 1 - lr * weightDecay : 1;
      const coupledDecay = decoupled ? 0 : weightDecay;
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const m = firstMoments[t];
        const v = secondMoments[t];
        if (!decoupled && !amsgrad && coupledDecay === 0) {
          const update = useWasmElementwise(param.length) ? wasmAdamUpdate : adamPlainUpdate;
          update(param, grad, m, v, beta1, beta2, stepSize, correction2Root, epsilon);
          continue;
        }
        for (let i = 0; i < param.length; i++) {
          if (decoupled) param[i] *= decay;
          const g = grad[i] + coupledDecay * param[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          let second = v[i];
          if (amsgrad) {
            const maximum = maximumSecondMoments[t];
            if (v[i] > maximum[i]) maximum[i] = v[i];
            second = maximum[i];
          }
          param[i] -= (stepSize * m[i]) / (Math.sqrt(second) / correction2Root + epsilon);
        }
      }
    },
  };
  return optimizer;
}

/**
 * The common case of the loop above (no weight decay, no amsgrad) without its per-element
 * branches, the same float64 arithmetic in the same order: the loop is most of Adam's time.
 */
function adamPlainUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  stepSize: number,
  correction2Root: number,
  epsilon: number,
): void {
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    const first = beta1 * m[i] + keep1 * g;
    const second = beta2 * v[i] + keep2 * g * g;
    m[i] = first;
    v[i] = second;
    param[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2Root + epsilon);
  }
}

export function createAdam(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  return createAdamFamily('adam', params, options);
}

export function createAdamW(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  return createAdamFamily('adamw', params, options);
}

/**
 * adamax (torch.optim.Adamax): m ← β1m + (1−β1)g; u ← max(β2·u, |g| + ε);
 * p ← p − lr/(1−β1^t)·m/u. Defaults lr 2e-3, β (0.9, 0.999), ε 1e-8. (Keras: u ← max(β2u, |g|),
 * p ← p − lr/(1−β1^t)·m/(u + ε), ε 1e-7, lr 1e-3.)
 */
export function createAdamax(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const firstMoments = stateLike(params);
  const infinityNorms = stateLike(params);
  const optimizer = {
    name: 'adamax',
    learningRate: options.learningRate ?? 2e-3,
    stepCount: 0,
    state: [...firstMoments, ...infinityNorms],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('adamax', firstMoments, params, grads);
      optimizer.stepCount++;
      const stepSize = optimizer.learningRate / (1 - beta1 ** optimizer.stepCount);
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const m = firstMoments[t];
        const u = infinityNorms[t];
        for (let i = 0; i < param.length; i++) {
          const g = grad[i] + weightDecay * param[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          u[i] = Math.max(beta2 * u[i], Math.abs(g) + epsilon);
          param[i] -= (stepSize * m[i]) / u[i];
        }
      }
    },
  };
  return optimizer;
}

/**
 * nadam (torch.optim.NAdam): μ_t = β1(1 − ½·0.96^(tψ)), Π_t = Π μ_1..μ_t; m, v as adam;
 * d = √(v/(1−β2^t)) + ε; p ← p − lr(1−μ_t)/(1−Π_t)·g/d − lr·μ_{t+1}/(1−Π_t·μ_{t+1})·m/d.
 * Defaults lr 2e-3, β (0.9, 0.999), ε 1e-8, ψ 4e-3. This is torch >= 2.0; 1.13's single-tensor
 * path wrongly used Π_t·μ_t·μ_{t+1} in the second term (pytorch#92699). (Keras's Nadam has its own momentum
 * schedule, ε 1e-7 and lr 1e-3; fixtures for this runtime come from PyTorch.)
 */
export function createNadam(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const momentumDecay = options.momentumDecay ?? 4e-3;
  const weightDecay = options.weightDecay ?? 0;
  const firstMoments = stateLike(params);
  const secondMoments = stateLike(params);
  let muProduct = 1;
  let muProductStep = 0;
  const muAt = (t: number) => beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
  const optimizer = {
    name: 'nadam',
    learningRate: options.learningRate ?? 2e-3,
    stepCount: 0,
    state: [...firstMoments, ...secondMoments],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('nadam', firstMoments, params, grads);
      if (muProductStep !== optimizer.stepCount) {
        // stepCount was restored from a checkpoint: rebuild Π μ_s for s ≤ stepCount.
        muProduct = 1;
        for (let s = 1; s <= optimizer.stepCount; s++) muProduct *= muAt(s);
      }
      optimizer.stepCount++;
      muProductStep = optimizer.stepCount;
      const t = optimizer.stepCount;
      const lr = optimizer.learningRate;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
      muProduct *= mu;
      const gradientScale = (lr * (1 - mu)) / (1 - muProduct);
      const momentScale = (lr * muNext) / (1 - muProduct * muNext);
      const correction2 = 1 - beta2 ** t;
      for (let index = 0; index < params.length; index++) {
        const param = params[index];
        const grad = grads[index];
        const m = firstMoments[index];
        const v = secondMoments[index];
        for (let i = 0; i < param.length; i++) {
          const g = grad[i] + weightDecay * param[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          const denominator = Math.sqrt(v[i] / correction2) + epsilon;
          param[i] -= (gradientScale * g + momentScale * m[i]) / denominator;
        }
      }
    },
  };
  return optimizer;
}
