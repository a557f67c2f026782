// The in-memory data set every loader produces (row-major samples, class targets as Int32Array
// indices) and DataError, the one error type for user mistakes in data: it names the file and the
// place in it, what was expected and what was found.

import type { TabularEncoding } from './tabular.js';

export type Task = 'classification' | 'binary' | 'regression';

export interface Dataset {
  /** count × size(inputShape) values, one sample after another. */
  inputs: Float32Array | Int32Array;
  /** count × size(targetShape) values; class indices (Int32Array) when task is 'classification'. */
  targets: Float32Array | Int32Array;
  count: number;
  inputShape: number[];
  /** [] for a class index, [1] for a binary label or a single regression value. */
  targetShape: number[];
  /** Number of classes when task is 'classification'. */
  classes?: number;
  task: Task;
  /** One name per input value when the source has them (CSV: `Age`, `Sex=male`). */
  inputNames?: string[];
  /** Class labels in index order when the source has them (CSV text targets). */
  classNames?: string[];
  /** The official test set of sources that come with one (mnist, fashion_mnist, graphs). */
  testSet?: Dataset;
  /** The validation set of sources that choose one (graphs: their validation nodes). */
  validationSet?: Dataset;
  /** Several inputs packed in each sample, in this order (graphs: features, then adjacency). */
  inputParts?: { name: string; shape: number[] }[];
  /** CSV: how columns became inputs; numeric inputs hold NaN for missing values until fitted. */
  tabular?: TabularEncoding;
  /** CSV: the 1-based line of the file each sample comes from. */
  sourceRows?: Int32Array;
}

/** Where in a file a data error is; `row` is the 1-based line in the file (the header is line 1). */
export interface DataErrorLocation {
  file?: string;
  row?: number;
  column?: string;
  offset?: number;
}

/** A mistake in the user's data or data arguments: shown as its message, never as a stack trace. */
export class DataError extends Error {
  override readonly name: string = 'DataError';
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly offset?: number;

  constructor(detail: string, location: DataErrorLocation = {}) {
    super(formatLocation(location) + detail);
    this.file = location.file;
    this.row = location.row;
    this.column = location.column;
    this.offset = location.offset;
  }
}

function formatLocation(location: DataErrorLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.row !== undefined) parts.push(`line ${location.row}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}

/** Number of values in one sample of this shape ([] holds one value). */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** What a model expects of its data; any field left out is not checked. */
export interface ExpectedSamples {
  input?: readonly number[];
  target?: readonly number[];
  classes?: number;
}

/** Throws a DataError when the data set's samples do not fit what the model expects. */
export function checkSampleShapes(
  dataset: Dataset,
  expected: ExpectedSamples,
  source = 'the data',
): void {
  const sameShape = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((dim, i) => dim === b[i]);
  if (expected.input && !sameShape(expected.input, dataset.inputShape)) {
    throw new DataError(
      `${source}: expected samples of ${formatShape(expected.input)}, found ${formatShape(dataset.inputShape)}`,
    );
  }
  if (expected.target && !sameShape(expected.target, dataset.targetShape)) {
    throw new DataError(
      `${source}: expected targets of ${formatShape(expected.target)}, found ${formatShape(dataset.targetShape)}`,
    );
  }
  if (
    expected.classes !== undefined &&
    dataset.classes !== undefined &&
    dataset.classes > expected.classes
  ) {
    throw new DataError(
      `${source}: expected at most ${expected.classes} classes, found ${dataset.classes}`,
    );
  }
}
