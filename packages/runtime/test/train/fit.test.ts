// fit() on hand-made models: it solves linearly solvable problems, takes the right number of
// steps, is deterministic for a seed, computes train and validation metrics per epoch, and traces
// every step (output before the update, weights after it) for the perceptron exercise.

import { describe, expect, it } from 'vitest';
import { evaluate, fit, type FitReporter, type TraceRow } from '../../src/training/index.js';
import {
  copyParams,
  createLinearModel,
  linearData,
  separableData,
  sliceDataset,
} from './models.js';

describe('fit on a linearly solvable problem', () => {
  it('lowers the loss and reaches y = 2·x₀ − 3·x₁ + 0.5', async () => {
    const data = linearData(64, [2, -3], 0.5);
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.3 });
    const result = await fit(model, { train: data }, { epochs: 150, batch: 8, seed: 1 });
    const losses = result.history.map((record) => record.loss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 1000);
    const [w0, w1] = model.params['dense/weights'];
    expect(w0).toBeCloseTo(2, 3);
    expect(w1).toBeCloseTo(-3, 3);
    expect(model.params['dense/bias'][0]).toBeCloseTo(0.5, 3);
    expect(result.history.map((record) => record.epoch)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    expect(result.samplesPerSecond).toBeGreaterThan(0);
  });

  it('reports the epoch loss as the mean over samples, weighting the short last batch by its size', async () => {
    // lr = 0: the weights stay at zero, so every step's loss is ½·mean(y²) of its batch, and the
    // epoch loss must equal the full set's ½·mean(y²) whatever the batch sizes (7 + 7 + 6).
    const data = linearData(20, [1, 2], 0.3);
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0 });
    const result = await fit(model, { train: data }, { epochs: 1, batch: 7, seed: 5 });
    const expected = Array.from(data.targets).reduce((sum, y) => sum + 0.5 * y * y, 0) / data.count;
    expect(result.history[0].loss).toBeCloseTo(expected, 6);
  });
});

describe('steps per epoch', () => {
  const countSteps = async (batch: number, epochs: number) => {
    const data = linearData(50, [1], 0);
    const model = createLinearModel({ inputs: 1, outputs: 1, learningRate: 0.1 });
    const stepsPerEpoch: number[] = [];
    const batchSizes: number[] = [];
    const reporter: FitReporter = {
      onEpochStart: (_epoch, _epochs, steps) => stepsPerEpoch.push(steps),
      onBatch: (_epoch, step) => batchSizes.push(step),
    };
    await fit(model, { train: data }, { epochs, batch, seed: 1, reporter });
    return {
      stepsPerEpoch,
      onBatchCalls: batchSizes.length,
      optimizerSteps: model.state()['optimizer/steps'][0],
    };
  };

  it('takes one step per epoch with a batch of at least the whole set (full batch)', async () => {
    expect(await countSteps(50, 3)).toEqual({
      stepsPerEpoch: [1, 1, 1],
      onBatchCalls: 3,
      optimizerSteps: 3,
    });
    expect(await countSteps(1000, 2)).toEqual({
      stepsPerEpoch: [1, 1],
      onBatchCalls: 2,
      optimizerSteps: 2,
    });
  });

  it('takes ceil(count / batch) steps per epoch with mini-batches', async () => {
    expect(await countSteps(16, 2)).toEqual({
      stepsPerEpoch: [4, 4],
      onBatchCalls: 8,
      optimizerSteps: 8,
    });
    expect(await countSteps(1, 1)).toEqual({
      stepsPerEpoch: [50],
      onBatchCalls: 50,
      optimizerSteps: 50,
    });
  });
});

describe('determinism', () => {
  const train = async (seed: number) => {
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.2 });
    await fit(model, { train: linearData(40, [1, -1], 0.2) }, { epochs: 3, batch: 5, seed });
    return copyParams(model);
  };

  it('gives bit-identical weights for the same seed, and different ones for another seed', async () => {
    const first = await train(7);
    expect(await train(7)).toEqual(first);
    expect(await train(8)).not.toEqual(first);
  });

  it('visits the samples in order when shuffle is off, whatever the seed', async () => {
    const run = async (seed: number) => {
      const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.2 });
      await fit(
        model,
        { train: linearData(40, [1, -1], 0.2) },
        { epochs: 2, batch: 5, seed, shuffle: false },
      );
      return copyParams(model);
    };
    expect(await run(1)).toEqual(await run(2));
  });
});

describe('metrics per epoch', () => {
  it('computes train metrics with an evaluation pass at the end of each epoch, and validation metrics', async () => {
    const all = separableData(80);
    const train = sliceDataset(all, 0, 60);
    const validation = sliceDataset(all, 60, 80);
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 1, logistic: true });
    const metrics = [{ name: 'accuracy' }, { name: 'auc' }];
    const result = await fit(
      model,
      { train, validation },
      { epochs: 40, batch: 10, seed: 3, metrics },
    );
    const last = result.history[result.history.length - 1];
    expect(Object.keys(last.metrics)).toEqual(['accuracy', 'auc']);
    expect(last.metrics.accuracy).toBe(1);
    expect(last.validation!.metrics.accuracy).toBe(1);
    // The end-of-epoch train metrics are those of the final weights, in inference mode.
    expect(last.metrics).toEqual(evaluate(model, train, metrics).metrics);
    expect(last.validation).toEqual(evaluate(model, validation, metrics));
  });
});

describe('trace', () => {
  it('reports each step: the input, target, output before the step and weights after it', async () => {
    const data = linearData(4, [1, 1], 0);
    const model = createLinearModel({
      inputs: 2,
      outputs: 1,
      learningRate: 0.5,
      weights: [0.25, -0.5],
    });
    const rows: TraceRow[] = [];
    await fit(
      model,
      { train: data },
      {
        epochs: 2,
        batch: 1,
        shuffle: false,
        trace: true,
        reporter: { onTrace: (row) => rows.push(row) },
      },
    );
    expect(rows.map((row) => row.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    let weights = [0.25, -0.5];
    let bias = 0;
    rows.forEach((row, index) => {
      const sample = index % 4;
      const x = Array.from(data.inputs.subarray(2 * sample, 2 * sample + 2));
      expect(row.input).toEqual(x);
      expect(row.target).toEqual([data.targets[sample]]);
      // The output was computed with the weights of the previous row.
      expect(row.output[0]).toBeCloseTo(x[0] * weights[0] + x[1] * weights[1] + bias, 6);
      const error = row.output[0] - row.target[0];
      weights = [weights[0] - 0.5 * error * x[0], weights[1] - 0.5 * error * x[1]];
      bias -= 0.5 * error;
      expect(row.weights['dense/weights'][0]).toBeCloseTo(weights[0], 5);
      expect(row.weights['dense/weights'][1]).toBeCloseTo(weights[1], 5);
      expect(row.weights['dense/bias'][0]).toBeCloseTo(bias, 5);
    });
  });

  it('calls onTrace only when trace is on', async () => {
    const rows: TraceRow[] = [];
    const model = createLinearModel({ inputs: 1, outputs: 1, learningRate: 0.1 });
    await fit(
      model,
      { train: linearData(4, [1], 0) },
      { epochs: 1, batch: 1, seed: 1, reporter: { onTrace: (row) => rows.push(row) } },
    );
    expect(rows).toEqual([]);
  });
});
