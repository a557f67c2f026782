// The `json(path)` source: { "inputs": [...], "targets": [...] }, one entry per sample, each a number
// or a nested list of numbers, every entry of the first one's shape; flattened row-major into a
// Dataset. The task is given by an optional "task" or inferred from the targets (see jsonToDataset).

import { readFileSync } from 'node:fs';
import { DataError, formatShape, shapeSize, type Dataset, type Task } from './dataset.js';
import { readDataFile } from './files.js';

const TASKS: readonly Task[] = ['classification', 'binary', 'regression'];

export function loadJson(path: string): Dataset {
  const text = readDataFile(path, () => readFileSync(path, 'utf8'));
  return jsonToDataset(text, path);
}

/**
 * Optional fields: "task" ("classification" | "binary" | "regression") and "classes". Without
 * "task": whole-number scalar targets are class indices, targets that are all 0/1 of one value are
 * binary, anything else is regression. Scalar binary and regression targets get the shape [1].
 */
export function jsonToDataset(text: string, file?: string): Dataset {
  let document: unknown;
  try {
    // A byte-order mark is accepted, as it is in CSV files.
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new DataError(`expected JSON, found a syntax error (${(error as Error).message})`, {
      file,
    });
  }
  const fail = (detail: string): never => {
    throw new DataError(detail, { file });
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    fail('expected an object { "inputs": [...], "targets": [...] }, found ' + describe(document));
  }
  const { inputs, targets, task, classes } = document as Record<string, unknown>;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    fail(`expected "inputs" to be a non-empty list, found ${describe(inputs)}`);
  }
  if (!Array.isArray(targets)) {
    return fail(`expected "targets" to be a list, found ${describe(targets)}`);
  }
  const count = (inputs as unknown[]).length;
  if (targets.length !== count) {
    fail(`expected ${count} targets, one per input, found ${targets.length}`);
  }
  if (task !== undefined && !TASKS.includes(task as Task)) {
    fail(`expected "task" to be one of ${TASKS.join(', ')}, found ${describe(task)}`);
  }
  if (classes !== undefined && !(Number.isInteger(classes) && (classes as number) >= 1)) {
    fail(`expected "classes" to be a whole number >= 1, found ${describe(classes)}`);
  }

  const input = readSamples(inputs as unknown[], 'inputs', file);
  const target = readSamples(targets, 'targets', file);
  const scalarTargets = shapeSize(target.shape) === 1;
  const wholeTargets = target.values.every((value) => Number.isInteger(value) && value >= 0);
  const chosen: Task =
    (task as Task | undefined) ??
    (target.shape.length === 0 && wholeTargets
      ? 'classification'
      : scalarTargets && target.values.every((value) => value === 0 || value === 1)
        ? 'binary'
        : 'regression');
  const base = { inputs: input.values, count, inputShape: input.shape };
  if (chosen === 'classification') {
    if (!scalarTargets || !wholeTargets) {
      fail(
        `expected class indices (whole numbers >= 0, one per sample) as "targets", found samples of ${formatShape(target.shape)}`,
      );
    }
    const largest = target.values.reduce((max, value) => Math.max(max, value), 0);
    const classCount = (classes as number | undefined) ?? largest + 1;
    if (largest >= classCount) {
      fail(`expected class indices below "classes" = ${classCount}, found ${largest}`);
    }
    return {
      ...base,
      targets: Int32Array.from(target.values),
      targetShape: [],
      classes: classCount,
      task: chosen,
    };
  }
  if (chosen === 'binary' && !target.values.every((value) => value === 0 || value === 1)) {
    fail('expected binary targets (0 or 1), found other values');
  }
  const targetShape = target.shape.length === 0 ? [1] : target.shape;
  return { ...base, targets: target.values, targetShape, task: chosen };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value) && shapeOf(value).length > MAX_RANK) return 'a list nested too deeply';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Dimensions of one sample: far more than any tensor has, far less than the stack can recurse. */
const MAX_RANK = 32;

/** The shape of a nested list, read along its first entries (at most MAX_RANK + 1 levels). */
function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  while (Array.isArray(value) && shape.length <= MAX_RANK) {
    shape.push(value.length);
    value = value[0];
  }
  return shape;
}

/** All samples flattened row-major; every one must have the first one's shape. */
function readSamples(samples: unknown[], field: string, file: string | undefined) {
  const shape = shapeOf(samples[0]);
  if (shape.length > MAX_RANK) {
    throw new DataError(
      `${field}[0]: expected samples of at most ${MAX_RANK} dimensions, found lists nested more than ${MAX_RANK} deep`,
      { file },
    );
  }
  const size = shapeSize(shape);
  const values = new Float32Array(samples.length * size);
  samples.forEach((sample, s) => {
    const found = shapeOf(sample);
    if (formatShape(found) !== formatShape(shape)) {
      throw new DataError(
        `${field}[${s}]: expected samples of ${formatShape(shape)}, found ${formatShape(found)}`,
        { file },
      );
    }
    let at = s * size;
    const visit = (value: unknown, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof value !== 'number') {
          throw new DataError(`${path}: expected a number, found ${describe(value)}`, { file });
        }
        if (!(Math.abs(value) <= 3.4028234663852886e38)) {
          throw new DataError(
            `${path}: expected a number a float32 can hold (at most about 3.4e38 in size), found a larger one`,
            { file },
          );
        }
        values[at++] = value;
        return;
      }
      if (!Array.isArray(value) || value.length !== shape[depth]) {
        throw new DataError(
          `${path}: expected a list of ${shape[depth]}, found ${describe(value)}`,
          { file },
        );
      }
      value.forEach((item, i) => visit(item, depth + 1, `${path}[${i}]`));
    };
    visit(sample, 0, `${field}[${s}]`);
  });
  return { shape, values };
}
