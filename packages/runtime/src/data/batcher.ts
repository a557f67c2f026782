// Mini-batches from a Dataset: each epoch (optionally) reshuffles the sample order, then copies
// samples into two buffers allocated once. Every sample appears exactly once per epoch; the last
// batch may be smaller (never padded); batch >= count gives one full batch, batch 1 single samples.

import type { Prng } from '../core/prng.js';
import { allocateFloats } from '../core/wasm/arena.js';
import { shapeSize, type Dataset } from './dataset.js';

/** Samples at least this long are copied with `set` (a memcpy); shorter ones value by value. */
const LONG_ROW = 16;

export interface BatcherOptions {
  batchSize: number;
  /** Reshuffle at the start of each epoch (default true); needs `prng`. */
  shuffle?: boolean;
  prng?: Prng;
}

export class Batcher {
  /** Inputs of the current batch: size × size(inputShape) values are valid. */
  readonly inputs: Float32Array | Int32Array;
  /** Targets of the current batch: size × size(targetShape) values are valid. */
  readonly targets: Float32Array | Int32Array;
  /** Samples in a full batch: the requested size, capped at the data set's count. */
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** Sample indices in this epoch's order; the current batch is order[start … start + size). */
  readonly order: Int32Array;
  private readonly inputSize: number;
  private readonly targetSize: number;
  private readonly shuffle: boolean;
  private readonly prng: Prng | undefined;
  private position = -1;
  private batchStart = 0;

  constructor(
    private readonly dataset: Dataset,
    options: BatcherOptions,
  ) {
    if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1)) {
      throw new RangeError(`batch size ${options.batchSize} is not a whole number >= 1`);
    }
    this.shuffle = options.shuffle ?? true;
    if (this.shuffle && !options.prng) throw new TypeError('a shuffling Batcher needs a prng');
    this.prng = options.prng;
    this.batchSize = Math.max(1, Math.min(options.batchSize, dataset.count));
    this.batchesPerEpoch = Math.ceil(dataset.count / this.batchSize);
    this.inputSize = shapeSize(dataset.inputShape);
    this.targetSize = shapeSize(dataset.targetShape);
    const inputType = dataset.inputs.constructor as Float32ArrayConstructor | Int32ArrayConstructor;
    const targetType = dataset.targets.constructor as
      Float32ArrayConstructor | Int32ArrayConstructor;
    // Float inputs go in the kernel memory, where the products read them without a copy.
    this.inputs =
      inputType === Float32Array
        ? allocateFloats(this.batchSize * this.inputSize)
        : new inputType(this.batchSize * this.inputSize);
    this.targets = new targetType(this.batchSize * this.targetSize);
    this.order = new Int32Array(dataset.count);
    for (let i = 0; i < dataset.count; i++) this.order[i] = i;
  }

  /** Starts an epoch: reshuffles the order when shuffling, and rewinds to its first batch. */
  startEpoch(): void {
    if (this.shuffle) this.prng!.shuffle(this.order);
    this.position = 0;
  }

  /** The offset in `order` of the current batch's first sample. */
  get start(): number {
    return this.batchStart;
  }

  /** Fills the buffers with the next batch and returns its size; 0 when the epoch is over. */
  nextBatch(): number {
    if (this.position < 0) throw new Error('Batcher.nextBatch called before startEpoch');
    const size = Math.min(this.batchSize, this.dataset.count - this.position);
    if (size <= 0) return 0;
    const { inputs, targets } = this.dataset;
    const inputSize = this.inputSize;
    const targetSize = this.targetSize;
    for (let b = 0; b < size; b++) {
      const sample = this.order[this.position + b];
      const from = sample * inputSize;
      const to = b * inputSize;
      if (inputSize >= LONG_ROW) this.inputs.set(inputs.subarray(from, from + inputSize), to);
      else for (let k = 0; k < inputSize; k++) this.inputs[to + k] = inputs[from + k];
      const targetFrom = sample * targetSize;
      const targetTo = b * targetSize;
      for (let k = 0; k < targetSize; k++) this.targets[targetTo + k] = targets[targetFrom + k];
    }
    this.batchStart = this.position;
    this.position += size;
    return size;
  }
}
