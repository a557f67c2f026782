// sgd (momentum, Nesterov), adagrad, adadelta, rmsprop and the perceptron rule, as torch.optim
// writes them. Where Keras differs it is noted: with a constant learning rate Keras's SGD is the
// same update, while its adagrad and rmsprop put ε inside the square root and default differently.

import { wasmSgdUpdate } from '../core/wasm/elementwise.js';
import { checkStepArguments, stateLike, type Optimizer, type OptimizerOptions } from './types.js';

/**
 * sgd (torch.optim.SGD): g ← ∇ + wd·p; with momentum μ: b ← g on the first step, else
 * b ← μ·b + (1 − dampening)·g; then g ← g + μ·b (Nesterov) or g ← b; p ← p − lr·g.
 * Keras writes v ← μ·v − lr·g; p ← p + v, equal to this while lr is constant. Default lr 0.01.
 */
export function createSgd(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const momentum = options.momentum ?? 0;
  const dampening = options.dampening ?? 0;
  const nesterov = options.nesterov ?? false;
  const weightDecay = options.weightDecay ?? 0;
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError('sgd: nesterov needs momentum > 0 and dampening 0');
  }
  const buffers = stateLike(params);
  const optimizer = {
    name: 'sgd',
    learningRate: options.learningRate ?? 0.01,
    stepCount: 0,
    state: [...buffers],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('sgd', buffers, params, grads);
      const lr = optimizer.learningRate;
      const first = optimizer.stepCount === 0;
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const buffer = buffers[t];
        if (momentum === 0 && weightDecay === 0) {
          // Plain gradient descent, the common case: in WebAssembly when both arrays are in the
          // kernel memory, else a loop without branches.
          if (wasmSgdUpdate(param, grad, lr)) continue;
          for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
          continue;
        }
        for (let i = 0; i < param.length; i++) {
          let g = grad[i] + weightDecay * param[i];
          if (momentum !== 0) {
            const b = first ? g : momentum * buffer[i] + (1 - dampening) * g;
            buffer[i] = b;
            g = nesterov ? g + momentum * buffer[i] : buffer[i];
          }
          param[i] -= lr * g;
        }
      }
      optimizer.stepCount++;
    },
  };
  return optimizer;
}

/** The perceptron optimizer: plain gradient descent at `learningRate` (the rule's rate). */
export function createPerceptronOptimizer(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const optimizer = createSgd(params, { learningRate: options.learningRate ?? 1 });
  return Object.assign(optimizer, { name: 'perceptron' });
}

/**
 * Rosenblatt's rule for one sample of a dense layer W[inputs, outputs], b[outputs]:
 * W[i, j] += rate·error[j]·x[i], b[j] += rate·error[j], with error = target − output.
 */
export function perceptronRuleUpdate(
  weights: Float32Array,
  bias: Float32Array | null,
  input: Float32Array,
  error: Float32Array,
  rate: number,
  inputs: number,
  outputs: number,
): void {
  for (let i = 0; i < inputs; i++) {
    const scaledInput = rate * input[i];
    for (let j = 0; j < outputs; j++) weights[i * outputs + j] += scaledInput * error[j];
  }
  if (bias) for (let j = 0; j < outputs; j++) bias[j] += rate * error[j];
}

/**
 * adagrad (torch.optim.Adagrad): s ← s + g²; p ← p − clr·g/(√s + ε), clr = lr/(1 + (t−1)·decay).
 * Defaults lr 0.01, ε 1e-10, s₀ 0. (Keras: lr 0.001, s₀ 0.1, p ← p − lr·g/√(s + ε), ε 1e-7.)
 */
export function createAdagrad(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const learningRateDecay = options.learningRateDecay ?? 0;
  const epsilon = options.epsilon ?? 1e-10;
  const weightDecay = options.weightDecay ?? 0;
  const sums = stateLike(params, options.initialAccumulatorValue ?? 0);
  const optimizer = {
    name: 'adagrad',
    learningRate: options.learningRate ?? 0.01,
    stepCount: 0,
    state: [...sums],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('adagrad', sums, params, grads);
      optimizer.stepCount++;
      const clr = optimizer.learningRate / (1 + (optimizer.stepCount - 1) * learningRateDecay);
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const sum = sums[t];
        for (let i = 0; i < param.length; i++) {
          const g = grad[i] + weightDecay * param[i];
          sum[i] += g * g;
          param[i] -= (clr * g) / (Math.sqrt(sum[i]) + epsilon);
        }
      }
    },
  };
  return optimizer;
}

/**
 * adadelta (torch.optim.Adadelta): v ← ρv + (1−ρ)g²; Δ = √(u + ε)/√(v + ε)·g;
 * u ← ρu + (1−ρ)Δ²; p ← p − lr·Δ. Defaults lr 1.0, ρ 0.9, ε 1e-6. (Keras: lr 0.001, ρ 0.95, ε 1e-7.)
 */
export function createAdadelta(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const rho = options.rho ?? 0.9;
  const epsilon = options.epsilon ?? 1e-6;
  const weightDecay = options.weightDecay ?? 0;
  const squareAverages = stateLike(params);
  const deltaAverages = stateLike(params);
  const optimizer = {
    name: 'adadelta',
    learningRate: options.learningRate ?? 1,
    stepCount: 0,
    state: [...squareAverages, ...deltaAverages],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('adadelta', squareAverages, params, grads);
      const lr = optimizer.learningRate;
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const squareAverage = squareAverages[t];
        const deltaAverage = deltaAverages[t];
        for (let i = 0; i < param.length; i++) {
          const g = grad[i] + weightDecay * param[i];
          squareAverage[i] = rho * squareAverage[i] + (1 - rho) * g * g;
          const delta =
            (Math.sqrt(deltaAverage[i] + epsilon) / Math.sqrt(squareAverage[i] + epsilon)) * g;
          deltaAverage[i] = rho * deltaAverage[i] + (1 - rho) * delta * delta;
          param[i] -= lr * delta;
        }
      }
      optimizer.stepCount++;
    },
  };
  return optimizer;
}

/**
 * rmsprop (torch.optim.RMSprop): v ← αv + (1−α)g²; centered: m ← αm + (1−α)g, d = √(v − m²) + ε,
 * else d = √v + ε; with momentum μ: b ← μb + g/d, p ← p − lr·b; else p ← p − lr·g/d.
 * Defaults lr 0.01, α 0.99, ε 1e-8. (Keras: lr 0.001, ρ 0.9, ε 1e-7 inside the square root.)
 */
export function createRmsprop(
  params: readonly Float32Array[],
  options: OptimizerOptions = {},
): Optimizer {
  const alpha = options.alpha ?? 0.99;
  const epsilon = options.epsilon ?? 1e-8;
  const momentum = options.momentum ?? 0;
  const centered = options.centered ?? false;
  const weightDecay = options.weightDecay ?? 0;
  const squareAverages = stateLike(params);
  const gradientAverages = centered ? stateLike(params) : [];
  const buffers = momentum > 0 ? stateLike(params) : [];
  const optimizer = {
    name: 'rmsprop',
    learningRate: options.learningRate ?? 0.01,
    stepCount: 0,
    state: [...squareAverages, ...gradientAverages, ...buffers],
    step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
      checkStepArguments('rmsprop', squareAverages, params, grads);
      const lr = optimizer.learningRate;
      for (let t = 0; t < params.length; t++) {
        const param = params[t];
        const grad = grads[t];
        const squareAverage = squareAverages[t];
        for (let i = 0; i < param.length; i++) {
          const g = grad[i] + weightDecay * param[i];
          squareAverage[i] = alpha * squareAverage[i] + (1 - alpha) * g * g;
          let variance = squareAverage[i];
          if (centered) {
            const gradientAverage = gradientAverages[t];
            gradientAverage[i] = alpha * gradientAverage[i] + (1 - alpha) * g;
            variance -= gradientAverage[i] * gradientAverage[i];
          }
          const denominator = Math.sqrt(variance) + epsilon;
          if (momentum > 0) {
            const buffer = buffers[t];
            buffer[i] = momentum * buffer[i] + g / denominator;
            param[i] -= lr * buffer[i];
          } else {
            param[i] -= (lr * g) / denominator;
          }
        }
      }
      optimizer.stepCount++;
    },
  };
  return optimizer;
}
