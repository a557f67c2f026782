// Every metric of the language: name, arguments, what it measures and the task it fits. Metrics
// are reported per epoch on the training and validation data (`val_` + name for early stopping).

import type { MetricSpec } from './types.js';

export const metrics: readonly MetricSpec[] = [
  {
    name: 'accuracy',
    args: [],
    summary: 'Fraction of samples whose highest output is the true class.',
    doc: '**accuracy** — $\\frac1N \\sum_n [\\arg\\max_k u_{nk} = c_n]$. For a single sigmoid output it is `binary_accuracy`.',
    task: 'classification',
  },
  {
    name: 'binary_accuracy',
    args: [
      {
        name: 'threshold',
        type: { kind: 'number', min: 0, max: 1 },
        doc: 'Outputs above it count as 1.',
        default: 0.5,
      },
    ],
    summary: 'Fraction of outputs on the right side of the threshold.',
    doc: '**binary_accuracy(threshold = 0.5)** — $\\frac1N \\sum_n [(u_n > t) = y_n]$, averaged over the outputs.',
    task: 'binary',
  },
  {
    name: 'top_k',
    args: [
      {
        name: 'k',
        type: { kind: 'int', min: 1 },
        doc: 'How many of the highest outputs may contain the true class.',
        default: 5,
      },
    ],
    summary: 'Fraction of samples whose true class is among the k highest outputs.',
    doc: '**top_k(k = 5)** — $\\frac1N \\sum_n [c_n \\in \\text{top}_k(u_n)]$. Keras: `TopKCategoricalAccuracy`.',
    task: 'classification',
  },
  {
    name: 'auc',
    args: [],
    summary: 'Area under the ROC curve for binary outputs.',
    doc: '**auc** — the area under the ROC curve (true-positive rate against false-positive rate over all thresholds): the probability that a random positive scores above a random negative.',
    task: 'binary',
  },
  {
    name: 'mse',
    args: [],
    summary: 'Mean squared error over outputs and samples.',
    doc: "**mse** — $\\frac{1}{NK} \\sum_{n,k} (u_{nk} - y_{nk})^2$ (always the plain mean, whatever the loss's `half`).",
    task: 'regression',
  },
  {
    name: 'mae',
    args: [],
    summary: 'Mean absolute error over outputs and samples.',
    doc: '**mae** — $\\frac{1}{NK} \\sum_{n,k} |u_{nk} - y_{nk}|$.',
    task: 'regression',
  },
];
