// Early stopping (the right epoch, the best weights restored, min/max inferred from the quantity)
// and the NaN guard (stops at once, says when and the likely cause, restores the last good weights,
// leaves no temporary file), on hand-made models whose losses are scripted or made to blow up.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../src/core/compiled-model.js';
import { fit, higherIsBetter, readSafetensors } from '../../src/training/index.js';
import { copyParams, createLinearModel, linearData, sliceDataset } from './models.js';

/** The linear model, but evaluation call k (one per epoch on a small validation set) returns losses[k]. */
function withScriptedValidationLoss(model: CompiledModel, losses: number[]): CompiledModel {
  let call = 0;
  const evaluateBatch = model.evaluateBatch;
  model.evaluateBatch = (x, y, batch) => ({
    ...evaluateBatch(x, y, batch),
    loss: losses[call++] ?? 100,
  });
  return model;
}

/** The linear model, but training step number `badStep` (1-based, counted over the run) returns NaN. */
function withNaNAtStep(model: CompiledModel, badStep: number, value = Number.NaN): CompiledModel {
  let step = 0;
  const trainStep = model.trainStep;
  model.trainStep = (x, y, batch) => {
    const loss = trainStep(x, y, batch);
    if (++step !== badStep) return loss;
    for (const values of Object.values(model.params)) values.fill(value); // the update went bad too
    return value;
  };
  return model;
}

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-train-test-'));

describe('early stopping', () => {
  const data = linearData(40, [1, -2], 0.5);
  const train = sliceDataset(data, 0, 32);
  const validation = sliceDataset(data, 32, 40);
  const options = { batch: 8, seed: 4 };

  it('stops `patience` epochs after the best one and restores the weights of the best epoch', async () => {
    // Best val_loss at epoch 3; epochs 4, 5 and 6 do not improve on it, so patience 3 stops after 6.
    const losses = [5, 4, 3, 3.5, 3.2, 3.1, 1, 1];
    const model = withScriptedValidationLoss(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      losses,
    );
    const messages: string[] = [];
    const result = await fit(
      model,
      { train, validation },
      {
        ...options,
        epochs: 20,
        earlyStop: { monitor: 'val_loss', patience: 3 },
        reporter: { onMessage: (m) => messages.push(m) },
      },
    );
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(3);
    expect(result.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(messages.join('\n')).toContain('restored the weights of epoch 3');

    const threeEpochs = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(threeEpochs, { train, validation }, { ...options, epochs: 3 });
    expect(copyParams(model)).toEqual(copyParams(threeEpochs));
  });

  it('counts only improvements larger than minDelta', async () => {
    // With minDelta 0.5 the best stays at epoch 1 (5 → 4.8 → 4.6 are too small), so stop after 3.
    const model = withScriptedValidationLoss(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      [5, 4.8, 4.6, 1],
    );
    const result = await fit(
      model,
      { train, validation },
      { ...options, epochs: 20, earlyStop: { monitor: 'val_loss', patience: 2, minDelta: 0.5 } },
    );
    expect(result.bestEpoch).toBe(1);
    expect(result.history).toHaveLength(3);
  });

  it('runs every epoch when the monitored quantity keeps improving', async () => {
    const model = withScriptedValidationLoss(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      [5, 4, 3, 2, 1],
    );
    const result = await fit(
      model,
      { train, validation },
      { ...options, epochs: 5, earlyStop: { monitor: 'val_loss', patience: 1 } },
    );
    expect(result.stoppedEarly).toBe(false);
    expect(result.history).toHaveLength(5);
  });

  it('minimizes losses and errors, and maximizes every other metric', () => {
    for (const quantity of ['loss', 'val_loss', 'mse', 'val_mse', 'mae', 'val_mae'])
      expect(higherIsBetter(quantity), quantity).toBe(false);
    for (const quantity of [
      'accuracy',
      'val_accuracy',
      'val_binary_accuracy',
      'auc',
      'val_auc',
      'top_5',
    ])
      expect(higherIsBetter(quantity), quantity).toBe(true);
  });

  // Regression test (src/training/fit.ts): before its fix, the checkpoint keeps no early-stopping state (best value and
  // weights, epochs waited), so a resumed run starts counting afresh.
  it('continues counting patience and keeps the best weights across a resume', async () => {
    const dir = temporary();
    const earlyStop = { monitor: 'val_loss', patience: 3 };
    const first = withScriptedValidationLoss(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      [5, 4, 3, 3.5],
    );
    await fit(
      first,
      { train, validation },
      { ...options, epochs: 4, earlyStop, checkpointDir: dir },
    );
    const resumed = withScriptedValidationLoss(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      [3.2, 3.1, 1, 1],
    );
    const result = await fit(
      resumed,
      { train, validation },
      {
        ...options,
        epochs: 20,
        earlyStop,
        resume: path.join(dir, 'checkpoint.safetensors'),
      },
    );
    expect(result.bestEpoch).toBe(3);
    expect(result.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const threeEpochs = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(threeEpochs, { train, validation }, { ...options, epochs: 3 });
    expect(copyParams(resumed)).toEqual(copyParams(threeEpochs));
  });

  // Regression test (src/training/fit.ts): before its fix, when the monitored quantity never has a value (val_loss
  // without validation data), no epoch "improves", the best-weights snapshot is never filled, and
  // the stop restores its initial zeros: the trained weights are silently replaced by zeros.
  it('never replaces the weights by zeros when the monitored quantity is missing', async () => {
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    const outcome = await fit(
      model,
      { train },
      { ...options, epochs: 10, earlyStop: { monitor: 'val_loss', patience: 2 } },
    ).then(
      () => 'trained',
      (error: Error) => error.message,
    );
    if (outcome === 'trained')
      expect(Array.from(model.params['dense/weights']).some((w) => w !== 0)).toBe(true);
    else expect(outcome).toMatch(/val_loss/);
  });
});

describe('the NaN guard', () => {
  const data = linearData(40, [1, -2], 0.5);

  it('stops at the first NaN, says when, and restores the weights from before that epoch', async () => {
    // 5 steps per epoch; step 13 is epoch 3, step 3, after 2 · 40 + 2 · 8 = 96 samples.
    const model = withNaNAtStep(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.01 }),
      13,
    );
    const messages: string[] = [];
    const result = await fit(
      model,
      { train: data },
      { epochs: 10, batch: 8, seed: 2, reporter: { onMessage: (m) => messages.push(m) } },
    );
    expect(result.nan).toMatchObject({ epoch: 3, step: 3, samples: 96 });
    expect(result.nan!.message).toMatch(/became NaN at epoch 3, step 3 \(after 96 samples\)/);
    expect(messages).toContain(result.nan!.message);
    expect(result.history).toHaveLength(2);

    const twoEpochs = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.01 });
    await fit(twoEpochs, { train: data }, { epochs: 2, batch: 8, seed: 2 });
    expect(copyParams(model)).toEqual(copyParams(twoEpochs));
  });

  it('blames a high learning rate (lr ≥ 0.1) and suggests a tenth of it', async () => {
    const model = withNaNAtStep(createLinearModel({ inputs: 2, outputs: 1, learningRate: 10 }), 2);
    const result = await fit(model, { train: data }, { epochs: 3, batch: 8, seed: 2 });
    expect(result.nan!.message).toContain('learning rate 10 is probably too high — try 1');
  });

  it('names other causes, without "probably too high", for a small learning rate and a steady loss', async () => {
    const model = withNaNAtStep(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.01 }),
      2,
      Number.POSITIVE_INFINITY,
    );
    const result = await fit(model, { train: data }, { epochs: 3, batch: 8, seed: 2 });
    expect(result.nan!.message).toMatch(/became infinite at epoch 1, step 2/);
    expect(result.nan!.message).not.toContain('probably too high');
    expect(result.nan!.message).toMatch(/unscaled inputs/);
    expect(result.nan!.message).toMatch(/log of 0/);
  });

  it('catches a real divergence (lr 10 on inputs in the hundreds) and keeps finite weights', async () => {
    const big = linearData(40, [100, -200], 0);
    for (let i = 0; i < big.inputs.length; i++) big.inputs[i] *= 100;
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 10 });
    const result = await fit(model, { train: big }, { epochs: 50, batch: 8, seed: 1 });
    expect(result.nan).toBeDefined();
    expect(result.nan!.message).toContain('learning rate 10 is probably too high');
    for (const values of Object.values(model.params))
      expect(values.every(Number.isFinite)).toBe(true);
  });

  it('keeps the last good checkpoint and leaves no temporary file behind', async () => {
    const dir = temporary();
    const model = withNaNAtStep(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.01 }),
      13,
    );
    await fit(model, { train: data }, { epochs: 10, batch: 8, seed: 2, checkpointDir: dir });
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
    const checkpoint = readSafetensors(path.join(dir, 'checkpoint.safetensors'));
    expect(Number(checkpoint.metadata.epoch)).toBeGreaterThanOrEqual(1);
    expect(Number(checkpoint.metadata.epoch)).toBeLessThanOrEqual(2);
    for (const { data: values } of Object.values(checkpoint.tensors))
      expect(values.every(Number.isFinite)).toBe(true);
  });
});
