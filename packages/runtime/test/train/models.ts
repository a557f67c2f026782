// Hand-made CompiledModels for the training tests, written with plain loops so no compiler is
// needed: linear regression (y = x·W + b, loss ½·mean squared error, plain SGD) and logistic
// regression (sigmoid output, binary cross-entropy, SGD with a step-count state).

import type { CompiledModel, ParamInfo, TensorData } from '../../src/core/compiled-model.js';
import type { Dataset } from '../../src/data/dataset.js';

interface LinearOptions {
  inputs: number;
  outputs: number;
  learningRate: number;
  /** Squash the output through a sigmoid and use binary cross-entropy instead of ½·MSE. */
  logistic?: boolean;
  /** Initial weights (inputs × outputs, row-major); zeros when left out. */
  weights?: number[];
}

/** A one-layer model (`dense/weights`, `dense/bias`) trained by plain SGD on the mean loss. */
export function createLinearModel(options: LinearOptions): CompiledModel {
  const { inputs, outputs, logistic = false } = options;
  const weights = new Float32Array(inputs * outputs);
  if (options.weights) weights.set(options.weights);
  const bias = new Float32Array(outputs);
  const params = { 'dense/weights': weights, 'dense/bias': bias };
  const paramInfo: ParamInfo[] = [
    { name: 'dense/weights', shape: [inputs, outputs], trainable: true },
    { name: 'dense/bias', shape: [outputs], trainable: true },
  ];
  let outputBuffer = new Float32Array(0);
  const steps = new Float32Array(1);

  const forward = (x: TensorData, batch: number): Float32Array => {
    if (outputBuffer.length < batch * outputs) outputBuffer = new Float32Array(batch * outputs);
    for (let s = 0; s < batch; s++) {
      for (let o = 0; o < outputs; o++) {
        let sum = bias[o];
        for (let i = 0; i < inputs; i++) sum += x[s * inputs + i] * weights[i * outputs + o];
        outputBuffer[s * outputs + o] = logistic ? 1 / (1 + Math.exp(-sum)) : sum;
      }
    }
    return outputBuffer.subarray(0, batch * outputs);
  };

  const meanLoss = (out: Float32Array, y: TensorData, batch: number): number => {
    let sum = 0;
    for (let k = 0; k < batch * outputs; k++) {
      if (logistic) {
        const p = Math.min(Math.max(out[k], 1e-7), 1 - 1e-7);
        sum -= y[k] * Math.log(p) + (1 - y[k]) * Math.log(1 - p);
      } else {
        sum += 0.5 * (out[k] - y[k]) ** 2;
      }
    }
    return sum / batch;
  };

  const batchOf = (x: TensorData, batch?: number) => batch ?? x.length / inputs;

  const model: CompiledModel = {
    name: logistic ? 'Logistic' : 'Linear',
    source: 'test/train/models.ts',
    inputShape: [inputs],
    inputDtype: 'float',
    outputShape: [outputs],
    loss: {
      name: logistic ? 'binary_cross_entropy' : 'mse',
      task: logistic ? 'binary' : 'regression',
      targetShape: [outputs],
      targetsAreIndices: false,
    },
    paramInfo,
    params,
    learningRate: options.learningRate,
    predict: (x, batch) => forward(x, batchOf(x, batch)),
    trainStep(x, y, batchArgument) {
      const batch = batchOf(x, batchArgument);
      const out = forward(x, batch);
      const loss = meanLoss(out, y, batch);
      // Both losses have gradient (output − target) with respect to the pre-activation.
      for (let o = 0; o < outputs; o++) {
        let biasGradient = 0;
        for (let s = 0; s < batch; s++) biasGradient += out[s * outputs + o] - y[s * outputs + o];
        for (let i = 0; i < inputs; i++) {
          let gradient = 0;
          for (let s = 0; s < batch; s++)
            gradient += (out[s * outputs + o] - y[s * outputs + o]) * x[s * inputs + i];
          weights[i * outputs + o] -= (model.learningRate * gradient) / batch;
        }
        bias[o] -= (model.learningRate * biasGradient) / batch;
      }
      steps[0]++;
      return loss;
    },
    evaluateBatch(x, y, batch) {
      const out = forward(x, batch);
      return { loss: meanLoss(out, y, batch), outputs: out };
    },
    state: () => ({ 'optimizer/steps': steps }),
    loadState(state) {
      if (state['optimizer/steps']) steps.set(state['optimizer/steps']);
    },
  };
  return model;
}

/** `count` samples of y = x·W + b (no noise) with x uniform in [-1, 1) from a tiny LCG. */
export function linearData(count: number, weights: number[], bias: number, seed = 1): Dataset {
  const inputs = weights.length;
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  };
  const x = new Float32Array(count * inputs);
  const y = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    let sum = bias;
    for (let i = 0; i < inputs; i++) {
      x[s * inputs + i] = next();
      sum += x[s * inputs + i] * weights[i];
    }
    y[s] = sum;
  }
  return {
    inputs: x,
    targets: y,
    count,
    inputShape: [inputs],
    targetShape: [1],
    task: 'regression',
  };
}

/** Two-dimensional points labelled 1 when x₀ + x₁ > 0 (linearly separable, with a margin). */
export function separableData(count: number, seed = 2): Dataset {
  const base = linearData(count, [1, 1], 0, seed);
  const targets = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    // Push points away from the line so that accuracy 1 is reachable quickly.
    const sum = base.inputs[2 * s] + base.inputs[2 * s + 1];
    const shift = sum > 0 ? 0.2 : -0.2;
    base.inputs[2 * s] += shift;
    base.inputs[2 * s + 1] += shift;
    targets[s] = sum > 0 ? 1 : 0;
  }
  return { ...base, targets, task: 'binary' };
}

/** The samples start … end − 1 of a data set, copied. */
export function sliceDataset(data: Dataset, start: number, end: number): Dataset {
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = data.targetShape.reduce((a, b) => a * b, 1);
  return {
    ...data,
    count: end - start,
    inputs: data.inputs.slice(start * inputSize, end * inputSize),
    targets: data.targets.slice(start * targetSize, end * targetSize),
  };
}

/** Copies of every parameter, to compare runs bit for bit. */
export function copyParams(model: CompiledModel): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(model.params).map(([name, values]) => [name, Array.from(values)]),
  );
}
