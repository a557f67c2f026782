// What the user reads: the progress reporter (a bar redrawn with \r on a TTY, one line per epoch
// otherwise), the table of epochs and the JSON report's keys.

import { describe, expect, it } from 'vitest';
import {
  buildReport,
  createProgressReporter,
  fit,
  historyTable,
  type EpochRecord,
} from '../../src/training/index.js';
import { createLinearModel, linearData, sliceDataset } from './models.js';

function recordingStream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    stream: { isTTY, write: (text: string) => chunks.push(text) },
    text: () => chunks.join(''),
  };
}

const history: EpochRecord[] = [1, 2, 3].map((epoch) => ({
  epoch,
  loss: 1 / epoch,
  metrics: { accuracy: 0.5 + epoch / 10 },
  validation: { loss: 1.2 / epoch, metrics: { accuracy: 0.45 + epoch / 10 } },
  seconds: 0.2 * epoch,
}));

describe('the progress reporter', () => {
  const data = linearData(64, [1, 2], 0);
  const train = async (isTTY: boolean) => {
    const { stream, text } = recordingStream(isTTY);
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(
      model,
      { train: sliceDataset(data, 0, 48), validation: sliceDataset(data, 48, 64) },
      {
        epochs: 3,
        batch: 8,
        seed: 1,
        metrics: [{ name: 'mae' }],
        reporter: createProgressReporter(stream),
      },
    );
    return text();
  };

  it('writes one line per epoch, without \\r, when the stream is not a TTY (CI logs)', async () => {
    const output = await train(false);
    const lines = output.trimEnd().split('\n');
    expect(output).not.toContain('\r');
    expect(lines).toHaveLength(3);
    lines.forEach((line, index) => {
      expect(line).toMatch(
        new RegExp(
          `^Epoch ${index + 1}/3 - loss: [\\d.]+ - mae: [\\d.]+ - val_loss: [\\d.]+ - val_mae: [\\d.]+ - [\\d.]+s$`,
        ),
      );
    });
  });

  it('redraws a bar in place with \\r on a TTY and ends each epoch with its summary', async () => {
    const output = await train(true);
    expect(output).toContain('\r');
    expect(output).toContain('Epoch 1/3\n');
    expect(output).toContain('Epoch 3/3\n');
    // The last step of an epoch is always drawn: a full bar, the step count and the loss.
    expect(output).toMatch(/\r\[=+\] 6\/6 - loss: [\d.]+ - \d+:\d\d/);
    expect(output.match(/val_mae: /g)).toHaveLength(3);
  });

  it('draws the bar with an ETA partway through an epoch', () => {
    const { stream, text } = recordingStream(true);
    const reporter = createProgressReporter(stream, { width: 10 });
    reporter.onEpochStart!(1, 10, 4);
    reporter.onBatch!(1, 2, 4, 0.2134, 2);
    expect(text()).toBe('Epoch 1/10\n\r[====>     ] 2/4 - loss: 0.2134 - ETA 0:02\u001b[K');
  });

  it('prints the table of epochs with loss, metrics, validation values and time', () => {
    const lines = historyTable(history).trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'epoch',
      'loss',
      'accuracy',
      'val_loss',
      'val_accuracy',
      'time',
    ]);
    expect(lines).toHaveLength(2 + 3);
    expect(lines[2].split(/\s+/)).toEqual(['1', '1.0000', '0.6000', '1.2000', '0.5500', '0.2s']);
    expect(lines[4].split(/\s+/)).toEqual(['3', '0.3333', '0.8000', '0.4000', '0.7500', '0.6s']);
  });
});

describe('the JSON report', () => {
  it('has the documented keys, per-epoch values and final metrics per split', () => {
    const report = buildReport(
      { model: 'Linear', source: 'linear.nnet', run: 'quick', params: 3 },
      { history, stoppedEarly: true, bestEpoch: 2, samplesPerSecond: 1000, trainingSeconds: 1.5 },
      {
        train: { loss: 0.3, metrics: { accuracy: 0.8 } },
        validation: { loss: 0.4, metrics: { accuracy: 0.75 } },
        test: undefined,
      },
    );
    const json = JSON.parse(JSON.stringify(report));
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'model',
        'source',
        'run',
        'params',
        'epochs',
        'final',
        'samplesPerSecond',
        'stoppedEarly',
      ]),
    );
    expect(json.epochs[0]).toEqual({
      epoch: 1,
      loss: 1,
      accuracy: 0.6,
      val_loss: 1.2,
      val_accuracy: 0.55,
      seconds: 0.2,
    });
    expect(json.final).toEqual({
      train: { loss: 0.3, accuracy: 0.8 },
      validation: { loss: 0.4, accuracy: 0.75 },
    });
    expect(json.params).toBe(3);
    expect(json.nan).toBeUndefined();
  });
});
