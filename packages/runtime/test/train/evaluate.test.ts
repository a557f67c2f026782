// evaluate(): the mean loss over every sample whatever the batch size, and each metric over the
// whole set, in inference mode (no weight changes), against values computed here by hand.

import { describe, expect, it } from 'vitest';
import { evaluate, metricKey } from '../../src/training/index.js';
import type { Dataset } from '../../src/data/dataset.js';
import { copyParams, createLinearModel, linearData } from './models.js';

describe('evaluate', () => {
  const data = linearData(23, [0.5, -1], 0.25);
  const model = createLinearModel({
    inputs: 2,
    outputs: 1,
    learningRate: 0.1,
    weights: [0.4, -0.8],
  });

  const byHand = () => {
    let squared = 0;
    let absolute = 0;
    for (let s = 0; s < data.count; s++) {
      const output = data.inputs[2 * s] * 0.4 + data.inputs[2 * s + 1] * -0.8;
      squared += (output - data.targets[s]) ** 2;
      absolute += Math.abs(output - data.targets[s]);
    }
    return {
      loss: (0.5 * squared) / data.count,
      mse: squared / data.count,
      mae: absolute / data.count,
    };
  };

  it('gives the same loss and metrics for any batch size (weighting the short last batch)', () => {
    const expected = byHand();
    for (const batch of [1, 5, 23, 256]) {
      const result = evaluate(model, data, [{ name: 'mse' }, { name: 'mae' }], batch);
      expect(result.loss, `batch ${batch}`).toBeCloseTo(expected.loss, 6);
      expect(result.metrics.mse, `batch ${batch}`).toBeCloseTo(expected.mse, 6);
      expect(result.metrics.mae, `batch ${batch}`).toBeCloseTo(expected.mae, 6);
    }
  });

  it('changes no weight', () => {
    const before = copyParams(model);
    evaluate(model, data, [{ name: 'mse' }], 4);
    expect(copyParams(model)).toEqual(before);
  });

  it('computes binary accuracy and AUC over the whole set for one sigmoid output', () => {
    const logistic = createLinearModel({
      inputs: 1,
      outputs: 1,
      learningRate: 0.1,
      logistic: true,
      weights: [1],
    });
    // Outputs are sigmoid(x): x > 0 predicts 1. Labels: right, right, wrong, right.
    const points: Dataset = {
      inputs: Float32Array.from([-2, -1, 0.5, 3]),
      targets: Float32Array.from([0, 0, 0, 1]),
      count: 4,
      inputShape: [1],
      targetShape: [1],
      task: 'binary',
    };
    const result = evaluate(
      logistic,
      points,
      [{ name: 'accuracy' }, { name: 'binary_accuracy' }, { name: 'auc' }],
      3,
    );
    expect(result.metrics).toEqual({ accuracy: 0.75, binary_accuracy: 0.75, auc: 1 });
  });

  it('reports top_k under top_<k>', () => {
    expect(metricKey({ name: 'top_k', k: 3 })).toBe('top_3');
    expect(metricKey({ name: 'accuracy' })).toBe('accuracy');
  });
});
