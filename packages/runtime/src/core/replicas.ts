// Data parallelism over the batch (#9): N copies of a model (this thread's and N − 1 workers'),
// each running model.replica.trainGradients on its share of every batch; every copy combines all
// the gradients in thread order (the same bits everywhere) and applies the same update. Browser-safe.

import type { CompiledModel, ModelReplica, TensorData } from './compiled-model.js';
import { allocateFloats } from './wasm/arena.js';
import { wasmCombineGradients } from './wasm/elementwise.js';
import { wasmGemm } from './wasm/gemm.js';
import type { WasmMemory } from './wasm/host-api.js';
import type { KernelChoice } from './wasm/kernel-choice.js';

// The control block (Int32Array over a SharedArrayBuffer). The caller raises GO with a COMMAND;
// copy t reports in its own slots: ARRIVED (its gradients are ready), RELEASED (it has read every
// other copy's gradients), DONE (its update is applied).
const GO = 0;
const STOP = 1;
const FAILED = 2;
const COMMAND = 3;
const STEP_COUNT = 4;
const FIRST_SLOT = 8;
const SLOTS = 8;
const ROWS = 0;
const X_ADDRESS = 1;
const Y_ADDRESS = 2;
const ARRIVED = 3;
const RELEASED = 4;
const DONE = 5;
const SYNCED = 6;
const COMMAND_STEP = 1;
const COMMAND_SYNC = 2;
/** A waiting thread looks at FAILED this often (ms): a dead copy never leaves the others hanging. */
const WAIT_SLICE = 1000;

const slot = (copy: number, field: number) => FIRST_SLOT + copy * SLOTS + field;

/** [byte address, length] of an array in its copy's kernel memory. */
type Placement = [number, number];

/** What a worker's copy receives when it starts. */
export interface ReplicaStart {
  index: number;
  count: number;
  seed: number;
  /** The caller's kernel choice: every copy must run the same arithmetic. */
  kernels: KernelChoice;
  control: SharedArrayBuffer;
  /** Float64: [0] the learning rate, [1 + t] copy t's loss of the step. */
  values: SharedArrayBuffer;
  /** The first copy's kernel memory: its inputs, gradients, weights and optimizer state. */
  memory: WasmMemory;
  /** Where in that memory this copy keeps its arrays (adoptKernelMemory), when there is room. */
  region?: { start: number; limit: number };
  params: Record<string, Placement>;
  state: Record<string, Placement>;
}

/** A worker's first message (its memory and gradients), then 'bound', or 'failed' at any time. */
export type ReplicaMessage =
  | { kind: 'ready'; memory: WasmMemory; gradients: Placement[]; sameMemory: boolean }
  | { kind: 'bound' }
  | { kind: 'failed'; message: string };

/** The caller's answer to 'ready': every copy's memory and gradients, in thread order. */
export interface ReplicaBinding {
  kind: 'bind';
  memories: WasmMemory[];
  gradients: Placement[][];
  /** Copy t keeps its arrays in the first copy's memory (then its gradients are read in place). */
  sameMemory: boolean[];
}

/** A started worker, as the host gives it (node worker_threads or a Web Worker). */
export interface ReplicaWorker {
  onMessage(listener: (message: ReplicaMessage) => void): void;
  post(message: ReplicaBinding): void;
  terminate(): void;
}

export type SpawnReplica = (start: ReplicaStart) => ReplicaWorker;

/** Whether this host can run copies in workers: the kernels' memory must be shared. */
export function replicasSupported(): boolean {
  return allocateFloats(4).buffer instanceof SharedArrayBuffer;
}

function placement(view: Float32Array): Placement {
  const at = wasmGemm().address(view);
  if (at < 0) throw new Error('data parallelism needs every array in the kernels’ shared memory');
  return [at, view.length];
}

const viewOf = (memory: WasmMemory, [at, length]: Placement) =>
  new Float32Array(memory.buffer as ArrayBuffer, at, length);

/** One thread's side of a step: its copy, its views of the others' gradients, its combined ones. */
class CopySide {
  private readonly control: Int32Array;
  private readonly values: Float64Array;
  private readonly others: (Float32Array | undefined)[] = [];
  private readonly staged: (Float32Array | undefined)[] = [];
  private readonly combined: Float32Array[];
  private readonly weights: number[];
  private x: Float32Array = new Float32Array(0);
  private y: Float32Array = new Float32Array(0);
  steps = 0;
  waitMilliseconds = 0;

  constructor(
    readonly index: number,
    readonly count: number,
    control: SharedArrayBuffer,
    values: SharedArrayBuffer,
    readonly replica: ModelReplica,
    readonly model: CompiledModel,
  ) {
    this.control = new Int32Array(control);
    this.values = new Float64Array(values);
    this.combined = replica.gradients.map((g) => allocateFloats(g.length));
    this.weights = new Array<number>(count).fill(0);
  }

  /**
   * Binds the other copies' gradients: read in place when both copies are in one memory, else
   * staged into this copy's memory before they are combined (a kernel reads one memory only).
   */
  bind(
    memories: readonly WasmMemory[],
    gradients: readonly Placement[][],
    sameMemory: readonly boolean[],
  ): void {
    const mine = this.replica.gradients.map((g) => g.length).join();
    for (let t = 0; t < this.count; t++) {
      if (gradients[t].map(([, length]) => length).join() !== mine)
        throw new Error('the copies of the model laid their gradients out differently');
    }
    this.others.length = 0;
    this.staged.length = 0;
    const here = sameMemory[this.index];
    for (let t = 0; t < this.count; t++) {
      const inPlace = here && sameMemory[t];
      for (const [k, at] of gradients[t].entries()) {
        const slot = t * gradients[t].length + k;
        if (t === this.index) continue;
        this.others[slot] = inPlace ? wasmGemm().view(at[0], at[1]) : viewOf(memories[t], at);
        this.staged[slot] = inPlace ? undefined : allocateFloats(at[1]);
      }
    }
  }

  waitFor(field: number, value: number, copies = this.count): void {
    const control = this.control;
    for (let t = 0; t < copies; t++) {
      if (t === this.index) continue;
      const at = slot(t, field);
      for (;;) {
        const seen = Atomics.load(control, at);
        if (seen >= value) break;
        if (Atomics.load(control, FAILED) !== 0) throw new Error(failure);
        const start = performance.now();
        Atomics.wait(control, at, seen, WAIT_SLICE);
        this.waitMilliseconds += performance.now() - start;
      }
    }
  }

  private report(field: number, value: number): void {
    const at = slot(this.index, field);
    Atomics.store(this.control, at, value);
    Atomics.notify(this.control, at);
  }

  /** Copies rows from the first copy's memory into this copy's arena (a worker's inputs). */
  private rowsFrom(memory: WasmMemory, at: number, length: number, which: 'x' | 'y'): Float32Array {
    let buffer = which === 'x' ? this.x : this.y;
    if (buffer.length < length) {
      buffer = allocateFloats(length);
      if (which === 'x') this.x = buffer;
      else this.y = buffer;
    }
    const view = buffer.subarray(0, length);
    view.set(new Float32Array(memory.buffer as ArrayBuffer, at, length));
    return view;
  }

  /**
   * Step number `step` on this copy's rows (x, y); every copy's rows were set by the caller. Waits
   * until the others have read this copy's last gradients before it overwrites them.
   */
  step(step: number, x: TensorData | undefined, y: TensorData | undefined, batch: number): void {
    const control = this.control;
    const rows = Atomics.load(control, slot(this.index, ROWS));
    // Read before this copy reports its gradients: the caller may then set the next step's.
    for (let t = 0; t < this.count; t++)
      this.weights[t] = Atomics.load(control, slot(t, ROWS)) / batch;
    const learningRate = this.values[0];
    this.waitFor(RELEASED, step - 1);
    let loss = 0;
    if (rows > 0) loss = this.replica.trainGradients(x!, y!, rows);
    this.values[1 + this.index] = loss;
    this.report(ARRIVED, step);
    this.waitFor(ARRIVED, step);
    // Σ_t w_t·g_t in thread order, over the copies that had rows: the same operations on every copy.
    const gradients = this.replica.gradients;
    for (let k = 0; k < gradients.length; k++) {
      const into = this.combined[k];
      let started = false;
      for (let t = 0; t < this.count; t++) {
        if (this.weights[t] === 0) continue;
        const g = this.gradientOf(t, k);
        if (!started) combine(g, g, into, this.weights[t], 0);
        else combine(into, g, into, 1, this.weights[t]);
        started = true;
      }
    }
    this.report(RELEASED, step);
    this.model.learningRate = learningRate;
    this.replica.applyUpdates(this.combined);
    this.steps = step;
    this.report(DONE, step);
  }

  private gradientOf(copy: number, k: number): Float32Array {
    const gradients = this.replica.gradients;
    if (copy === this.index) return gradients[k];
    const at = copy * gradients.length + k;
    const staged = this.staged[at];
    if (staged === undefined) return this.others[at]!;
    staged.set(this.others[at]!);
    return staged;
  }

  /** A worker's step: its rows read from the first copy's memory. */
  workerStep(step: number, memory: WasmMemory, inputSize: number, targetSize: number): void {
    const control = this.control;
    const rows = Atomics.load(control, slot(this.index, ROWS));
    let x: TensorData | undefined;
    let y: TensorData | undefined;
    if (rows > 0) {
      const xFloats = this.rowsFrom(
        memory,
        Atomics.load(control, slot(this.index, X_ADDRESS)),
        rows * inputSize,
        'x',
      );
      const yFloats = this.rowsFrom(
        memory,
        Atomics.load(control, slot(this.index, Y_ADDRESS)),
        rows * targetSize,
        'y',
      );
      x = this.model.inputDtype === 'int' ? asInts(xFloats) : xFloats;
      y = this.model.loss?.targetsAreIndices ? asInts(yFloats) : yFloats;
    }
    this.step(step, x, y, totalRows(control, this.count));
  }
}

const failure = 'a data-parallel worker failed; run with threads = 1 to see its error here';

const asInts = (view: Float32Array) => new Int32Array(view.buffer, view.byteOffset, view.length);

function totalRows(control: Int32Array, count: number): number {
  let rows = 0;
  for (let t = 0; t < count; t++) rows += Atomics.load(control, slot(t, ROWS));
  return rows;
}

/** out = a·wa + b·wb in float32: the SIMD kernel in the arena, else the same arithmetic in JS. */
function combine(a: Float32Array, b: Float32Array, out: Float32Array, wa: number, wb: number) {
  if (wasmCombineGradients(a, b, out, [wa, wb])) return;
  const fa = Math.fround(wa);
  const fb = Math.fround(wb);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.fround(Math.fround(a[i] * fa) + Math.fround(b[i] * fb));
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The worker's side: builds its copy's CopySide, answers 'ready', waits for 'bind', then steps
 * whenever GO rises, blocked in Atomics.wait in between, until STOP.
 */
export async function serveReplica(
  model: CompiledModel,
  start: ReplicaStart,
  post: (message: ReplicaMessage) => void,
  nextMessage: () => Promise<ReplicaBinding>,
): Promise<void> {
  const replica = model.replica;
  if (!replica) throw new Error(`model ${model.name} has no training step to split`);
  const side = new CopySide(start.index, start.count, start.control, start.values, replica, model);
  post({
    kind: 'ready',
    memory: wasmGemm().memory,
    gradients: replica.gradients.map(placement),
    sameMemory: wasmGemm().memory === start.memory,
  });
  const binding = await nextMessage();
  side.bind(binding.memories, binding.gradients, binding.sameMemory);
  const params = Object.fromEntries(
    Object.entries(start.params).map(([name, at]) => [name, viewOf(start.memory, at)]),
  );
  const state = Object.fromEntries(
    Object.entries(start.state).map(([name, at]) => [name, viewOf(start.memory, at)]),
  );
  post({ kind: 'bound' });
  const control = new Int32Array(start.control);
  const inputSize = size(model.inputShape);
  const targetSize = Math.max(1, size(model.loss?.targetShape ?? [1]));
  let seen = 0;
  for (;;) {
    Atomics.wait(control, GO, seen);
    if (Atomics.load(control, STOP) !== 0) return;
    const go = Atomics.load(control, GO);
    if (go === seen) continue;
    seen = go;
    if (Atomics.load(control, COMMAND) === COMMAND_SYNC) {
      for (const [name, values] of Object.entries(params)) model.params[name].set(values);
      model.loadState({
        ...state,
        'optimizer/step': Float32Array.of(Atomics.load(control, STEP_COUNT)),
      });
      Atomics.store(control, slot(start.index, SYNCED), go);
      Atomics.notify(control, slot(start.index, SYNCED));
    } else {
      side.workerStep(side.steps + 1, start.memory, inputSize, targetSize);
    }
  }
}

/** Marks the group failed (a worker's error) and wakes every thread that waits on it. */
export function failReplicas(control: SharedArrayBuffer): void {
  const ints = new Int32Array(control);
  Atomics.store(ints, FAILED, 1);
  for (let at = 0; at < ints.length; at++) Atomics.notify(ints, at);
}

export {
  COMMAND,
  COMMAND_STEP,
  COMMAND_SYNC,
  CopySide,
  DONE,
  FAILED,
  GO,
  placement,
  ROWS,
  slot,
  STEP_COUNT,
  STOP,
  SYNCED,
  X_ADDRESS,
  Y_ADDRESS,
  size as shapeSize,
};
