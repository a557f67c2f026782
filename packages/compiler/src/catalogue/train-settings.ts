// Every setting of a `train` run: how its value is read (a table name, a typed value or an object),
// its default and an example for hints. What `early_stop` may monitor depends on the run's
// metrics, so `monitor` is checked against `monitoredQuantities(run metrics)`, not a fixed enum.

import type { TrainSettingSpec } from './types.js';

/** What `early_stop.monitor` may name in a run with these metrics: the loss and each metric, plain or `val_`. */
export function monitoredQuantities(metricNames: readonly string[]): string[] {
  const names = ['loss', ...metricNames];
  return [...names, ...names.map((name) => `val_${name}`)];
}

export const trainSettings: readonly TrainSettingSpec[] = [
  {
    name: 'data',
    value: { kind: 'data' },
    doc: 'The data to train on: a built-in set (`xor`, `spiral(…)`, `mnist`) or a file (`csv(…)`, `idx(…)`, `json(…)`).',
    required: true,
    example: 'mnist',
  },
  {
    name: 'loss',
    value: { kind: 'loss' },
    doc: 'The loss to minimise, e.g. `cross_entropy` (fused with a final softmax) or `mse`.',
    required: true,
    example: 'cross_entropy',
  },
  {
    name: 'optimizer',
    value: { kind: 'optimizer' },
    doc: 'How the weights are updated, e.g. `sgd(lr = 0.1, momentum = 0.9)` or `adam`. Default: `sgd` with its defaults.',
    example: 'adam(lr = 0.001)',
    default: 'sgd',
  },
  {
    name: 'batch',
    value: { kind: 'typed', type: { kind: 'int', min: 1 } },
    doc: [
      'Samples per gradient step. A batch at least as large as the training set is full-batch gradient',
      'descent (batches are never padded), e.g. `batch = 4` on `xor`.',
    ].join(' '),
    example: '32',
    default: 32,
  },
  {
    name: 'epochs',
    value: { kind: 'typed', type: { kind: 'int', min: 1 } },
    doc: 'Passes over the training data.',
    example: '10',
    default: 10,
  },
  {
    name: 'split',
    value: { kind: 'typed', type: { kind: 'numbers' } },
    doc: 'Fractions [train, validation] or [train, validation, test] adding up to 1. Default: all data for training.',
    example: '[0.8, 0.1, 0.1]',
  },
  {
    name: 'metrics',
    value: { kind: 'metrics' },
    doc: 'Metrics reported each epoch besides the loss, e.g. `[accuracy]`.',
    example: '[accuracy]',
    default: [],
  },
  {
    name: 'l1',
    value: { kind: 'typed', type: { kind: 'number', min: 0 } },
    doc: 'L1 penalty λ₁ Σ |w| added to the loss for every kernel (not biases or normalisation weights).',
    example: '1e-5',
    default: 0,
  },
  {
    name: 'l2',
    value: { kind: 'typed', type: { kind: 'number', min: 0 } },
    doc: 'L2 penalty λ₂ Σ w² added to the loss for every kernel (not biases or normalisation weights).',
    example: '1e-4',
    default: 0,
  },
  {
    name: 'early_stop',
    value: {
      kind: 'object',
      fields: [
        {
          name: 'monitor',
          type: { kind: 'any' },
          doc: "The quantity watched, a bare name: `loss`, `val_loss`, or one of the run's metrics, plain or with `val_`.",
          default: 'val_loss',
        },
        {
          name: 'patience',
          type: { kind: 'int', min: 0 },
          doc: 'Epochs without improvement before stopping.',
          default: 5,
        },
        {
          name: 'min_delta',
          type: { kind: 'number', min: 0 },
          doc: 'Smallest change that counts as an improvement.',
          default: 0,
        },
      ],
    },
    doc: 'Stop when the monitored quantity has not improved for `patience` epochs; the best weights are kept.',
    example: '{ monitor = val_loss, patience = 3 }',
  },
  {
    name: 'seed',
    value: { kind: 'typed', type: { kind: 'int', min: 0 } },
    doc: 'Seed for weight initialisation, shuffling, dropout, and (unless `data_seed` is set) splitting and generated data; random when left out.',
    example: '42',
  },
  {
    name: 'data_seed',
    value: { kind: 'typed', type: { kind: 'int', min: 0 } },
    doc: "Seed for generated data and for splitting it; `seed` when left out. A search gives every trial its own `seed` and keeps the run's data seed, so all trials see the same data.",
    example: '1',
  },
  {
    name: 'shuffle',
    value: { kind: 'typed', type: { kind: 'bool' } },
    doc: 'Shuffle the training samples before each epoch.',
    example: 'true',
    default: true,
  },
  {
    name: 'validation',
    value: { kind: 'data' },
    doc: 'A separate validation set; when given it replaces the validation part of `split`, which should then be 0.',
    example: 'csv("validation.csv", target = "label")',
  },
  {
    name: 'threads',
    value: { kind: 'typed', type: { kind: 'int', min: 1 } },
    doc: [
      'Threads for training. A model whose loss is a mean over independent samples (no batchnorm,',
      'dropout or noise) and whose step is large enough trains as that many copies, each on its share',
      'of every batch, their gradients averaged in a fixed order: the same bits run to run for a',
      'thread count, equal to one thread within float32 rounding. Other models split their large',
      'matrix products across the threads (the same bits for any count). Default: all cores;',
      '`nnc train --threads` overrides it.',
    ].join(' '),
    example: '2',
  },
  {
    name: 'log_every',
    value: { kind: 'typed', type: { kind: 'int', min: 1 } },
    doc: [
      'Record the training loss every N gradient steps (the mean over those N steps; 1 records each',
      'step) in the JSON report, for learning curves per step: `nnc plot REPORT.json --per step`.',
    ].join(' '),
    example: '1',
  },
  {
    name: 'record_weights',
    value: {
      kind: 'object',
      fields: [
        {
          name: 'every',
          type: { kind: 'int', min: 1 },
          doc: 'A snapshot every N steps or epochs.',
          required: true,
        },
        {
          name: 'unit',
          type: { kind: 'enum', values: ['steps', 'epochs'] },
          doc: '`steps` (optimizer steps, not samples) or `epochs`.',
          required: true,
        },
      ],
    },
    doc: [
      'Record snapshots of all weights while training, into `weights.nnwr` next to the checkpoint:',
      'the initial weights, every N steps or epochs, and the final weights. Draw them with',
      '`nnc graph FILE --weights out/RUN/weights.nnwr` (`--animate`, `--at`). `nnc train --record`',
      'does the same from the command line.',
    ].join(' '),
    example: '{ every = 100, unit = steps }',
  },
];
