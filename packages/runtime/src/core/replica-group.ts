// The calling thread's side of data parallelism (replicas.ts): starts N − 1 workers through the
// host's spawn, hands each its rows of every batch, steps its own copy on the first rows, and keeps
// every copy's weights and optimizer state equal to this model's (sync). Browser-safe.

import type { CompiledModel, TensorData } from './compiled-model.js';
import { allocateFloats } from './wasm/arena.js';
import { getKernels } from './wasm/kernel-choice.js';
import { wasmGemm } from './wasm/gemm.js';
import { copyRegion } from './wasm/kernel-memory.js';
import type { WasmMemory } from './wasm/host-api.js';
import {
  COMMAND,
  COMMAND_STEP,
  COMMAND_SYNC,
  CopySide,
  DONE,
  failReplicas,
  GO,
  placement,
  ROWS,
  shapeSize,
  slot,
  STEP_COUNT,
  STOP,
  SYNCED,
  X_ADDRESS,
  Y_ADDRESS,
  type ReplicaMessage,
  type ReplicaStart,
  type ReplicaWorker,
  type SpawnReplica,
} from './replicas.js';

const CONTROL_INTS = 8 + 8 * 64;

/** What the copies have done since they started: steps, and how long this thread waited. */
export interface ReplicaStatistics {
  copies: number;
  /** Every copy keeps its arrays in this thread's memory (gradients read in place, no staging). */
  oneMemory: boolean;
  steps: number;
  waitMilliseconds: number;
}

export class ReplicaGroup {
  private readonly control: Int32Array;
  private readonly values: Float64Array;
  /** Per worker: its rows of x and y, when they are not already in the kernels' memory. */
  private readonly staging: { x: Float32Array; y: Float32Array }[] = [];
  private readonly inputSize: number;
  private readonly targetSize: number;
  private stopped = false;

  private constructor(
    readonly model: CompiledModel,
    readonly count: number,
    private readonly side: CopySide,
    control: SharedArrayBuffer,
    values: SharedArrayBuffer,
    private readonly workers: ReplicaWorker[],
    private readonly oneMemory: boolean,
  ) {
    this.control = new Int32Array(control);
    this.values = new Float64Array(values);
    this.inputSize = shapeSize(model.inputShape);
    this.targetSize = Math.max(1, shapeSize(model.loss?.targetShape ?? [1]));
    for (let t = 0; t < count; t++)
      this.staging.push({ x: new Float32Array(0), y: new Float32Array(0) });
  }

  /**
   * `count` copies of `model` (this thread's and count − 1 workers' from `spawn`, each a fresh
   * model of the same generated module), equal to it once started. Rejects, with the worker's
   * error, when a worker cannot start its copy.
   */
  static async start(
    model: CompiledModel,
    count: number,
    spawn: SpawnReplica,
    seed = 0,
  ): Promise<ReplicaGroup> {
    const replica = model.replica;
    if (!replica) throw new Error(`model ${model.name} has no training step to split`);
    if (replica.blocker) throw new Error(`model ${model.name} cannot be split: ${replica.blocker}`);
    if (count < 2 || count > 64) throw new Error(`expected 2–64 copies, got ${count}`);
    const control = new SharedArrayBuffer(CONTROL_INTS * 4);
    const values = new SharedArrayBuffer(8 * (1 + count));
    const params = Object.fromEntries(
      Object.entries(model.params).map(([name, view]) => [name, placement(view)]),
    );
    const state = Object.fromEntries(
      Object.entries(model.state())
        .filter(([name]) => name !== 'optimizer/step')
        .map(([name, view]) => [name, placement(view)]),
    );
    const memory = wasmGemm().memory;
    const workers: ReplicaWorker[] = [];
    const started: Promise<Extract<ReplicaMessage, { kind: 'ready' }>>[] = [];
    const bound: Promise<void>[] = [];
    let failed: ((message: string) => void) | undefined;
    const failure = new Promise<never>((_, reject) => {
      failed = (message) => reject(new Error(`a data-parallel worker failed: ${message}`));
    });
    const regions = Array.from({ length: count }, (_, index) =>
      index > 0 && wasmGemm().shared ? copyRegion(index) : undefined,
    );
    // Grown here, once, past every region's start (address space; pages are touched as used):
    // then only the topmost copy ever grows the memory, and no two threads grow it at once.
    for (const region of regions) if (region) wasmGemm().floats(region.start + (1 << 20));
    for (let index = 1; index < count; index++) {
      const region = regions[index];
      const start: ReplicaStart = {
        index,
        count,
        seed,
        kernels: getKernels(),
        control,
        values,
        memory,
        ...(region ? { region } : {}),
        params,
        state,
      };
      const worker = spawn(start);
      workers.push(worker);
      let ready!: (message: Extract<ReplicaMessage, { kind: 'ready' }>) => void;
      let boundNow!: () => void;
      started.push(new Promise((resolve) => (ready = resolve)));
      bound.push(new Promise((resolve) => (boundNow = resolve)));
      worker.onMessage((message) => {
        if (message.kind === 'ready') ready(message);
        else if (message.kind === 'bound') boundNow();
        else {
          // Wakes this thread if it waits on the worker; a later step then throws.
          failReplicas(control);
          failed!(message.message);
        }
      });
    }
    try {
      const answers = await Promise.race([Promise.all(started), failure]);
      const memories: WasmMemory[] = [memory, ...answers.map((a) => a.memory)];
      const gradients = [replica.gradients.map(placement), ...answers.map((a) => a.gradients)];
      const sameMemory = [true, ...answers.map((a) => a.sameMemory)];
      for (const worker of workers) worker.post({ kind: 'bind', memories, gradients, sameMemory });
      const side = new CopySide(0, count, control, values, replica, model);
      side.bind(memories, gradients, sameMemory);
      await Promise.race([Promise.all(bound), failure]);
      failure.catch(() => undefined);
      const oneMemory = sameMemory.every(Boolean);
      const group = new ReplicaGroup(model, count, side, control, values, workers, oneMemory);
      group.sync();
      return group;
    } catch (error) {
      for (const worker of workers) worker.terminate();
      throw error;
    }
  }

  /**
   * One training step over `batch` samples: copy t runs rows [from_t, from_t + rows_t), the first
   * copies one row more when the batch does not divide; returns the batch's mean loss (each copy's
   * weighted by its share, in thread order).
   */
  trainStep(x: TensorData, y: TensorData, batch = Math.floor(x.length / this.inputSize)): number {
    if (this.stopped) throw new Error('the data-parallel copies were stopped');
    const { control, count, inputSize, targetSize } = this;
    const base = Math.floor(batch / count);
    const extra = batch % count;
    let from = 0;
    for (let t = 0; t < count; t++) {
      const rows = base + (t < extra ? 1 : 0);
      Atomics.store(control, slot(t, ROWS), rows);
      if (t > 0 && rows > 0) {
        const staging = this.staging[t];
        const xAt = this.rowsAddress(x, from * inputSize, rows * inputSize, staging, 'x');
        const yAt = this.rowsAddress(y, from * targetSize, rows * targetSize, staging, 'y');
        Atomics.store(control, slot(t, X_ADDRESS), xAt);
        Atomics.store(control, slot(t, Y_ADDRESS), yAt);
      }
      from += rows;
    }
    this.values[0] = this.model.learningRate;
    Atomics.store(control, COMMAND, COMMAND_STEP);
    Atomics.add(control, GO, 1);
    Atomics.notify(control, GO);
    const rows0 = base + (extra > 0 ? 1 : 0);
    const step = this.side.steps + 1;
    this.side.step(
      step,
      x.subarray(0, rows0 * inputSize),
      y.subarray(0, rows0 * targetSize),
      batch,
    );
    let loss = 0;
    for (let t = 0; t < count; t++) {
      const rows = base + (t < extra ? 1 : 0);
      if (rows > 0) loss += (rows / batch) * this.values[1 + t];
    }
    return loss;
  }

  /** The byte address of values[from, from + length) in the kernels' memory, copied there if needed. */
  private rowsAddress(
    values: TensorData,
    from: number,
    length: number,
    staging: { x: Float32Array; y: Float32Array },
    which: 'x' | 'y',
  ): number {
    const at = wasmGemm().address(values as Float32Array);
    if (at >= 0) return at + from * 4;
    if (staging[which].length < length) staging[which] = allocateFloats(length);
    const into = staging[which];
    // The bytes as they are (floats or class indices).
    new (values.constructor as Int32ArrayConstructor)(into.buffer, into.byteOffset, length).set(
      values.subarray(from, from + length) as Int32Array,
    );
    return wasmGemm().address(into);
  }

  /**
   * Makes every copy's weights and optimizer state this model's (after they were loaded or
   * restored): waits for the copies' last updates, then each copies them from this thread's memory.
   */
  sync(): void {
    const { control } = this;
    this.side.waitFor(DONE, this.side.steps);
    const step = this.model.state()['optimizer/step']?.[0] ?? 0;
    Atomics.store(control, STEP_COUNT, step);
    Atomics.store(control, COMMAND, COMMAND_SYNC);
    const go = Atomics.add(control, GO, 1) + 1;
    Atomics.notify(control, GO);
    this.side.waitFor(SYNCED, go);
  }

  statistics(): ReplicaStatistics {
    return {
      copies: this.count,
      oneMemory: this.oneMemory,
      steps: this.side.steps,
      waitMilliseconds: this.side.waitMilliseconds,
    };
  }

  /** Ends the workers (each returns from its wait); the model keeps training on one thread. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GO, 1);
    Atomics.notify(this.control, GO);
    for (const worker of this.workers) worker.terminate();
  }
}
