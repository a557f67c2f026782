// Evaluation of a CompiledModel on a data set in inference mode: the mean loss over every sample
// and each requested metric (accuracy, binary_accuracy, top_k, auc, mse, mae) over the whole set;
// with a class per output row (graph nodes), over the rows labelled in that set.

import type { CompiledModel, TensorData } from '../core/compiled-model.js';
import type { Dataset } from '../data/dataset.js';
import {
  accuracy,
  binaryAccuracy,
  meanAbsoluteErrorMetric,
  meanSquaredErrorMetric,
  rocAuc,
  topKAccuracy,
} from '../metrics/metrics.js';

export interface MetricRequest {
  name: string;
  /** top_k's k. */
  k?: number;
}

export interface Evaluation {
  loss: number;
  metrics: Record<string, number>;
}

/** The name a metric's value is reported under: `accuracy`, `top_5`. */
export function metricKey(metric: MetricRequest): string {
  return metric.name === 'top_k' ? `top_${metric.k ?? 5}` : metric.name;
}

export function evaluate(
  model: CompiledModel,
  data: Dataset,
  metrics: readonly MetricRequest[],
  batch = 256,
): Evaluation {
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = Math.max(
    1,
    data.targetShape.reduce((a, b) => a * b, 1),
  );
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
  const outputs = new Float32Array(data.count * outputSize);
  let lossSum = 0;
  for (let start = 0; start < data.count; start += batch) {
    const size = Math.min(batch, data.count - start);
    const x = data.inputs.subarray(start * inputSize, (start + size) * inputSize) as TensorData;
    const y = data.targets.subarray(start * targetSize, (start + size) * targetSize) as TensorData;
    const result = model.loss
      ? model.evaluateBatch(x, y, size)
      : { loss: 0, outputs: model.predict(x, size) };
    lossSum += result.loss * size;
    outputs.set(result.outputs, start * outputSize);
  }
  const values: Record<string, number> = {};
  // A class per row of the output (graph nodes): metrics over the labelled rows only.
  const rows = data.targets instanceof Int32Array && targetSize > 1 ? labelledRows : undefined;
  const scored = rows
    ? rows(outputs, data.targets as Int32Array, outputSize / targetSize, data.count * targetSize)
    : { outputs, targets: data.targets, outputSize, count: data.count };
  for (const metric of metrics)
    values[metricKey(metric)] = computeMetric(
      metric,
      scored.outputs,
      scored.targets,
      scored.outputSize,
      scored.count,
    );
  return { loss: lossSum / Math.max(1, data.count), metrics: values };
}

/** The rows whose class is not −1 (unlabelled in this split), gathered for the metrics. */
export function labelledRows(
  outputs: Float32Array,
  targets: Int32Array,
  classes: number,
  rows: number,
): { outputs: Float32Array; targets: Int32Array; outputSize: number; count: number } {
  const kept = [...targets.subarray(0, rows).keys()].filter((row) => targets[row] !== -1);
  const gathered = new Float32Array(kept.length * classes);
  kept.forEach((row, i) =>
    gathered.set(outputs.subarray(row * classes, (row + 1) * classes), i * classes),
  );
  return {
    outputs: gathered,
    targets: Int32Array.from(kept, (row) => targets[row]),
    outputSize: classes,
    count: kept.length,
  };
}

export function computeMetric(
  metric: MetricRequest,
  outputs: Float32Array,
  targets: Float32Array | Int32Array,
  outputSize: number,
  count: number,
): number {
  switch (metric.name) {
    case 'accuracy':
      return outputSize === 1
        ? binaryAccuracy(outputs, targets as Float32Array, 1, count)
        : accuracy(outputs, targets, outputSize, count);
    case 'binary_accuracy':
      return binaryAccuracy(outputs, targets as Float32Array, outputSize, count);
    case 'top_k':
      return topKAccuracy(outputs, targets, outputSize, count, metric.k ?? 5);
    case 'auc':
      return rocAuc(outputs, targets, count * outputSize);
    case 'mse':
      return meanSquaredErrorMetric(outputs, targets as Float32Array, outputSize, count);
    case 'mae':
      return meanAbsoluteErrorMetric(outputs, targets as Float32Array, outputSize, count);
    default:
      throw new RangeError(`unknown metric ${metric.name}`);
  }
}

/** Whether larger is better for a monitored quantity (`val_loss` no, `val_accuracy` yes). */
export function higherIsBetter(quantity: string): boolean {
  const name = quantity.replace(/^val_/, '');
  return !(name === 'loss' || name === 'mse' || name === 'mae');
}
