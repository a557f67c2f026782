// A measured prototype of data parallelism over the batch (#9's two-worker design): this thread and
// one worker each run a replica of a workload's generated model on half the batch, exchange gradients
// through shared memory, combine them in a fixed order and both apply the same update.
// `tsx --conditions=@nnet/source bench/experiments/data-parallel.ts B,C [rounds] [seconds]`.
//
// What it prints, per workload, against one thread and against the product-split pool in the same
// process, rounds interleaved (the machine is shared: the CPU-time figures are the robust ones):
// CPU seconds per 1000 samples (the inflation of 2 threads over 1), each thread's busy share of the
// wall time (the balance), wake-ups per step, and the predicted speed-up 2 / (inflation × imbalance).
// It also checks the design's numbers: the replicas stay bit-identical, two runs from one seed give
// the same bits, and the weights after 20 steps match one thread's within float32 rounding.
//
// Prototype only: the generated text's `oN.step(plN, glN)` calls are rewritten to a hook that defers
// the update until the gradients are combined; the product needs that from the generated code itself.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import { allocateFloats, poolStatistics, setThreads } from '@nnet/runtime/train';
import { instantiateCombine } from './combine-kernel.js';
import { wasmGemm } from '../../packages/runtime/src/core/wasm/gemm.js';
import { kernelAddress } from '../../packages/runtime/src/core/wasm/arena.js';
import { generateWorkloadData, type WorkloadData } from '../workload-data.js';
import { findWorkload, inputSize, nnetSource, targetSize, type Workload } from '../workloads.js';

type Optimizer = { step(p: readonly Float32Array[], g: readonly Float32Array[]): void };
type StepHook = (o: Optimizer, p: readonly Float32Array[], g: readonly Float32Array[]) => void;

// Control block (Int32Array over a SharedArrayBuffer); slots [2t], [2t + 1] belong to thread t.
const ARRIVED = 0; // + t: the last step whose gradients thread t has ready
const RELEASED = 2; // + t: the last step for which thread t has read its partner's gradients
const GO = 4; // the worker runs steps up to this count (main raises it; 0 = idle)
const STOP = 5;
const WORKER_WAITS = 6; // the worker's Atomics.wait calls that slept
const CONTROL_INTS = 7;

const combineKernel = instantiateCombine(wasmGemm().memory, wasmGemm().shared);

/** The replica whose step is running: its optimizer steps are recorded, not run. */
let recording: Replica | null = null;
(globalThis as { __nnetOptimizerStep?: StepHook }).__nnetOptimizerStep = (o, p, g) => {
  if (recording) recording.recorded.push({ o, p, g });
  else o.step(p, g);
};

/** One thread's side of the exchange: its replica, its half of every batch, its recorded steps. */
class Replica {
  readonly recorded: {
    o: Optimizer;
    p: readonly Float32Array[];
    g: readonly Float32Array[];
    combined?: Float32Array[];
  }[] = [];
  readonly combined: Float32Array[] = [];
  readonly staged: Float32Array[] = [];
  /** Byte address of [w₀, w₁] in the kernel memory. */
  readonly constants: number;
  copyMilliseconds = 0;
  computeMilliseconds = 0;
  /** Time this thread slept in Atomics.wait for its partner. */
  waitMilliseconds = 0;
  combineMilliseconds = 0;
  updateMilliseconds = 0;
  readonly partnerGradients: Float32Array[] = [];
  waits = 0;
  losses: Float64Array;

  constructor(
    readonly thread: 0 | 1,
    readonly model: CompiledModel,
    readonly xs: Float32Array[],
    readonly ys: (Float32Array | Int32Array)[],
    readonly rows: number,
    readonly weights: [number, number],
    readonly control: Int32Array,
    lossBuffer: SharedArrayBuffer,
  ) {
    this.losses = new Float64Array(lossBuffer);
    const constants = allocateFloats(4);
    constants.set(weights);
    this.constants = kernelAddress(constants);
  }

  /** Byte offsets and lengths of the gradients the step fills, in the order they are stepped. */
  gradientLayout(): number[][] {
    this.recorded.length = 0;
    recording = this;
    this.model.trainStep(this.xs[0], this.ys[0], this.rows);
    recording = null;
    return this.recorded.flatMap((entry) => entry.g.map((g) => [g.byteOffset, g.length]));
  }

  bindPartner(buffer: SharedArrayBuffer, layout: number[][]): void {
    this.partnerGradients.length = 0;
    for (const [offset, length] of layout) {
      this.partnerGradients.push(new Float32Array(buffer, offset, length));
      this.combined.push(allocateFloats(length));
      this.staged.push(allocateFloats(length));
    }
  }

  private waitFor(slot: number, step: number): void {
    for (;;) {
      const seen = Atomics.load(this.control, slot);
      if (seen >= step) return;
      this.waits++;
      const start = performance.now();
      Atomics.wait(this.control, slot, seen);
      this.waitMilliseconds += performance.now() - start;
    }
  }

  /** Step number `step` (1-based) on batch `step − 1`; returns the whole batch's loss. */
  step(step: number, batchIndex: number): number {
    const { control, thread } = this;
    const other = 1 - thread;
    this.waitFor(RELEASED + other, step - 1);
    const start = performance.now();
    this.recorded.length = 0;
    recording = this;
    this.losses[thread] = this.model.trainStep(this.xs[batchIndex], this.ys[batchIndex], this.rows);
    recording = null;
    Atomics.store(control, ARRIVED + thread, step);
    Atomics.notify(control, ARRIVED + thread);
    const busy = performance.now() - start;
    this.waitFor(ARRIVED + other, step);
    const resumed = performance.now();
    // (g₀·w₀ + g₁·w₁) in thread order on both threads, so both get the same bits, into buffers of
    // this thread's own: the partner may still be reading this thread's gradients.
    let index = 0;
    for (const entry of this.recorded) {
      const combined: Float32Array[] = [];
      for (const mine of entry.g) {
        // The partner's replica lives in its own WebAssembly memory here, so its gradient is
        // copied in first (one memcpy); replicas sharing one memory would skip this copy.
        const staged = this.staged[index];
        const copyStart = performance.now();
        staged.set(this.partnerGradients[index]);
        this.copyMilliseconds += performance.now() - copyStart;
        const into = this.combined[index++];
        const first = thread === 0 ? mine : staged;
        const second = thread === 0 ? staged : mine;
        combineKernel(
          kernelAddress(first),
          kernelAddress(second),
          kernelAddress(into),
          into.length,
          this.constants,
        );
        combined.push(into);
      }
      entry.combined = combined;
    }
    Atomics.store(control, RELEASED + thread, step);
    Atomics.notify(control, RELEASED + thread);
    const updating = performance.now();
    this.combineMilliseconds += updating - resumed;
    for (const entry of this.recorded) entry.o.step(entry.p, entry.combined!);
    const end = performance.now();
    this.updateMilliseconds += end - updating;
    this.computeMilliseconds += busy;
    return this.losses[0] * this.weights[0] + this.losses[1] * this.weights[1];
  }
}

/** Where the generated modules were written; removed when the script ends. */
const temporaryDirectories: string[] = [];

/** The workload's generated module, its updates deferred to the hook (prototype only). */
async function compileWithHook(workload: Workload): Promise<string> {
  const { checkFile, builtinCatalogue } = await import('../../packages/compiler/src/compile.js');
  const { compileModelToJs } = await import('../../packages/compiler/src/targets/js/index.js');
  const { runtimeFileUrl } = await import('../../packages/compiler/src/targets/js/load.js');
  const file = path.join(os.tmpdir(), 'data-parallel.nnet');
  const text = nnetSource(workload);
  const result = checkFile(file, { host: { readFile: () => text } });
  const checked = result.checked!;
  const graph = checked.models[0];
  const run = checked.runs.find((r) => r.model === graph.name);
  const compiled = compileModelToJs(graph, run, checked, result.sources, builtinCatalogue(), {
    runtimeImport: runtimeFileUrl(),
  });
  let js = compiled.value!.js;
  let hooks = 0;
  js = js.replace(/o(\d+)\.step\(pl\1, gl\1\);/g, (_all, n: string) => {
    hooks++;
    return `globalThis.__nnetOptimizerStep(o${n}, pl${n}, gl${n});`;
  });
  if (hooks === 0) throw new Error('no optimizer step found in the generated code');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-dp-'));
  temporaryDirectories.push(directory);
  const target = path.join(directory, 'model.mjs');
  fs.writeFileSync(target, js);
  return target;
}

/** Thread `thread`'s halves of every batch, placed in its own kernel memory. */
function halves(workload: Workload, data: WorkloadData, thread: 0 | 1) {
  const inputs = inputSize(workload);
  const targets = targetSize(workload);
  const first = Math.ceil(workload.batch / 2);
  const [from, rows] = thread === 0 ? [0, first] : [first, workload.batch - first];
  const xs: Float32Array[] = [];
  const ys: (Float32Array | Int32Array)[] = [];
  for (let start = 0; start + workload.batch <= data.samples; start += workload.batch) {
    const x = allocateFloats(rows * inputs);
    x.set(data.x.subarray((start + from) * inputs, (start + from + rows) * inputs));
    xs.push(x);
    ys.push(data.y.slice((start + from) * targets, (start + from + rows) * targets));
  }
  const weights: [number, number] = [
    first / workload.batch,
    (workload.batch - first) / workload.batch,
  ];
  return { xs, ys, rows, weights };
}

interface WorkerSetup {
  workloadId: string;
  modulePath: string;
  seed: number;
  control: SharedArrayBuffer;
  losses: SharedArrayBuffer;
}

async function replicaFor(setup: WorkerSetup, thread: 0 | 1): Promise<Replica> {
  const workload = findWorkload(setup.workloadId);
  const module = (await import(pathToFileURL(setup.modulePath).href)) as CompiledModule;
  const model = module.create({ seed: setup.seed });
  const { xs, ys, rows, weights } = halves(workload, generateWorkloadData(workload, 1234), thread);
  const control = new Int32Array(setup.control);
  return new Replica(thread, model, xs, ys, rows, weights, control, setup.losses);
}

/** The worker: builds replica 1, exchanges layouts, then steps whenever GO is raised. */
async function workerMain(setup: WorkerSetup): Promise<void> {
  setThreads(1);
  let replica = await replicaFor(setup, 1);
  const port = parentPort!;
  const control = replica.control;
  port.on(
    'message',
    async (message: { kind: string; buffer?: SharedArrayBuffer; layout?: number[][] }) => {
      if (message.kind === 'layout') {
        port.postMessage({
          kind: 'layout',
          buffer: wasmGemm().memory.buffer,
          layout: replica.gradientLayout(),
          tid: threadId(),
        });
      } else if (message.kind === 'bind') {
        replica.bindPartner(message.buffer!, message.layout!);
        port.postMessage({ kind: 'bound' });
        let step = Atomics.load(control, ARRIVED + 1);
        for (;;) {
          const go = Atomics.load(control, GO);
          if (Atomics.load(control, STOP) !== 0) break;
          if (step >= go) {
            replica.waits++;
            Atomics.wait(control, GO, go);
            continue;
          }
          step++;
          replica.step(step, (step - 1) % replica.xs.length);
          Atomics.store(control, WORKER_WAITS, replica.waits);
        }
        port.postMessage({ kind: 'stopped' });
      } else if (message.kind === 'fresh') {
        replica = await replicaFor(setup, 1);
        port.postMessage({ kind: 'fresh' });
      }
    },
  );
  port.postMessage({ kind: 'ready' });
}

interface Answer {
  kind: string;
  buffer: SharedArrayBuffer;
  layout: number[][];
  tid: string;
}

function request(worker: Worker, message: object, reply: string): Promise<Answer> {
  return new Promise((resolve) => {
    const listener = (answer: Answer) => {
      if (answer.kind !== reply) return;
      worker.off('message', listener);
      resolve(answer);
    };
    worker.on('message', listener);
    worker.postMessage(message);
  });
}

/** A pair of replicas (this thread and the worker), from fresh models of `seed`. */
async function startPair(workload: Workload, seed: number) {
  const modulePath = await compileWithHook(workload);
  const setup: WorkerSetup = {
    workloadId: workload.id,
    modulePath,
    seed,
    control: new SharedArrayBuffer(CONTROL_INTS * 4),
    losses: new SharedArrayBuffer(16),
  };
  const worker = new Worker(
    // The worker runs this TypeScript file from source, as this thread does.
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`,
    { eval: true, workerData: setup, execArgv: ['--conditions=@nnet/source'] },
  );
  await new Promise<void>((resolve) => {
    const listener = (m: { kind: string }) => {
      if (m.kind === 'ready') {
        worker.off('message', listener);
        resolve();
      }
    };
    worker.on('message', listener);
  });
  const replica = await replicaFor(setup, 0);
  const theirs = await request(worker, { kind: 'layout' }, 'layout');
  const mine = replica.gradientLayout();
  const lengths = (layout: number[][]) => layout.map(([, length]) => length).join();
  if (lengths(mine) !== lengths(theirs.layout))
    throw new Error('the replicas laid their gradients out differently');
  replica.bindPartner(theirs.buffer, theirs.layout);
  await request(worker, { kind: 'bind', buffer: wasmGemm().memory.buffer, layout: mine }, 'bound');
  const control = replica.control;
  let steps = 0;
  const step = () => {
    steps++;
    Atomics.store(control, GO, steps);
    Atomics.notify(control, GO);
    return replica.step(steps, (steps - 1) % replica.xs.length);
  };
  const stop = async () => {
    Atomics.store(control, STOP, 1);
    Atomics.notify(control, GO);
    await worker.terminate();
  };
  /** Waits until the worker has finished every step asked of it (and a little, to reach its wait). */
  const settle = () => {
    for (;;) {
      const done = Atomics.load(control, RELEASED + 1);
      if (done >= steps) break;
      Atomics.wait(control, RELEASED + 1, done, 10);
    }
  };
  return { replica, step, stop, control, steps: () => steps, settle, workerTid: theirs.tid };
}

const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

interface Run {
  samples: number;
  wall: number;
  cpu: number;
}

function timed(seconds: number, batch: number, step: () => unknown): Run {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let steps = 0;
  let now = start;
  do {
    step();
    steps++;
    now = performance.now();
  } while (now < start + seconds * 1000);
  const cpu = process.cpuUsage(cpuStart);
  return { samples: steps * batch, wall: (now - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Max |a − b| / max(1, |b|) over every parameter. */
function largestDifference(a: CompiledModel, b: CompiledModel): number {
  let worst = 0;
  for (const name of Object.keys(a.params)) {
    const x = a.params[name];
    const y = b.params[name];
    for (let i = 0; i < x.length; i++)
      worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
  }
  return worst;
}

function identical(a: CompiledModel, b: CompiledModel): boolean {
  return Object.keys(a.params).every((name) =>
    a.params[name].every((value, i) => Object.is(value, b.params[name][i])),
  );
}

async function checkNumbers(workload: Workload): Promise<void> {
  setThreads(1);
  const steps = 20;
  const module = (await import(
    pathToFileURL(await compileWithHook(workload)).href
  )) as CompiledModule;
  const single = module.create({ seed: 7 });
  const data = generateWorkloadData(workload, 1234);
  const inputs = inputSize(workload);
  const targets = targetSize(workload);
  for (let s = 0; s < steps; s++) {
    const first = (s % 16) * workload.batch;
    single.trainStep(
      data.x.subarray(first * inputs, (first + workload.batch) * inputs),
      data.y.subarray(first * targets, (first + workload.batch) * targets),
      workload.batch,
    );
  }
  const runs: CompiledModel[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const pair = await startPair(workload, 7);
    for (let s = 0; s < steps; s++) pair.step();
    await pair.stop();
    runs.push(pair.replica.model);
  }
  console.log(
    `${workload.id.padEnd(6)} numbers after ${steps} steps: two 2-thread runs ${identical(runs[0], runs[1]) ? 'bit-identical' : 'DIFFER'}; ` +
      `largest |2-thread − 1-thread| / max(1, |w|) = ${largestDifference(runs[0], single).toExponential(2)}`,
  );
}

/** This thread's kernel id (Linux), to read its own CPU time from /proc. */
function threadId(): string {
  return fs.readlinkSync('/proc/thread-self').split('/').pop()!;
}

/** User + system CPU seconds of one thread of this process (Linux, 10 ms ticks). */
function threadCpuSeconds(tid: string): number {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Totals {
  steps: number;
  samples: number;
  wall: number;
  process: number;
  main: number;
  worker: number;
  sleeps: number;
  wakeUps: number;
  /** Seconds this thread slept waiting (for the pool's workers or for the partner replica). */
  mainWait: number;
  rates: number[];
}

async function measure(workload: Workload, rounds: number, seconds: number): Promise<void> {
  setThreads(1);
  const { compileAndLoad } = await import('../../packages/compiler/src/targets/js/load.js');
  const plain = await compileAndLoad(nnetSource(workload), { seed: 1234 });
  const data = generateWorkloadData(workload, 1234);
  const inputs = inputSize(workload);
  const targets = targetSize(workload);
  const xs: Float32Array[] = [];
  const ys: (Float32Array | Int32Array)[] = [];
  for (let start = 0; start + workload.batch <= data.samples; start += workload.batch) {
    const x = allocateFloats(workload.batch * inputs);
    x.set(data.x.subarray(start * inputs, (start + workload.batch) * inputs));
    xs.push(x);
    ys.push(data.y.subarray(start * targets, (start + workload.batch) * targets));
  }
  let index = 0;
  const plainStep = () => {
    const i = index++ % xs.length;
    plain.trainStep(xs[i], ys[i], workload.batch);
  };
  const pair = await startPair(workload, 1234);
  const mainTid = threadId();
  const kinds = ['one', 'split', 'data'] as const;
  const totals = {} as Record<(typeof kinds)[number], Totals>;
  for (const kind of kinds)
    totals[kind] = {
      steps: 0,
      samples: 0,
      wall: 0,
      process: 0,
      main: 0,
      worker: 0,
      sleeps: 0,
      wakeUps: 0,
      mainWait: 0,
      rates: [],
    };
  for (let round = -1; round < rounds; round++) {
    const order = round % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      setThreads(kind === 'split' ? 2 : 1);
      const pool = poolStatistics();
      const sleeps = pair.replica.waits + Atomics.load(pair.control, WORKER_WAITS);
      const mainWait = pair.replica.waitMilliseconds;
      const main = threadCpuSeconds(mainTid);
      const worker = threadCpuSeconds(pair.workerTid);
      const startSteps = pair.steps();
      const run = timed(
        round < 0 ? 0.5 : seconds,
        workload.batch,
        kind === 'data' ? pair.step : plainStep,
      );
      // The worker's last step ends with this thread's; let it reach its wait before reading.
      if (kind === 'data') pair.settle();
      if (round < 0) continue;
      const total = totals[kind];
      total.steps += run.samples / workload.batch;
      total.samples += run.samples;
      total.wall += run.wall;
      total.process += run.cpu;
      total.main += threadCpuSeconds(mainTid) - main;
      total.worker += threadCpuSeconds(pair.workerTid) - worker;
      total.rates.push(run.samples / run.wall);
      if (kind === 'data') {
        total.sleeps += pair.replica.waits + Atomics.load(pair.control, WORKER_WAITS) - sleeps;
        total.wakeUps += pair.steps() - startSteps;
        total.mainWait += (pair.replica.waitMilliseconds - mainWait) / 1000;
      }
      if (kind === 'split') {
        const after = poolStatistics();
        total.wakeUps += (after?.products ?? 0) - (pool?.products ?? 0);
        total.mainWait += ((after?.waitMilliseconds ?? 0) - (pool?.waitMilliseconds ?? 0)) / 1000;
      }
    }
  }
  await pair.stop();
  setThreads(1);
  const r = pair.replica;
  const busy = r.computeMilliseconds + r.combineMilliseconds + r.updateMilliseconds;
  const share = (part: number) => `${((part / busy) * 100).toFixed(0)} %`;
  console.log(
    `${workload.id.padEnd(6)} data parallel, this thread's time outside waits: half-batch forward+backward ${share(r.computeMilliseconds)}, ` +
      `combining gradients ${share(r.combineMilliseconds)} (copying the partner's in: ${share(r.copyMilliseconds)}), update ${share(r.updateMilliseconds)}`,
  );
  const micro = (seconds: number, steps: number) => ((seconds / steps) * 1e6).toFixed(0);
  const one = totals.one;
  const others = (one.process - one.main - one.worker) / one.steps; // GC and compiler threads
  const oneMain = one.main / one.steps;
  console.log(
    `${workload.id.padEnd(6)} 1 thread: ${micro(one.process, one.samples / 1000)} CPU µs per 1000 samples; per step: this thread ${micro(one.main, one.steps)} µs, other threads ${micro(others, 1)} µs`,
  );
  for (const kind of ['split', 'data'] as const) {
    const t = totals[kind];
    const inflation = t.process / t.samples / (one.process / one.samples);
    const main = t.main / t.steps;
    const worker = kind === 'data' ? t.worker / t.steps : t.process / t.steps - main - others;
    const critical = Math.max(main, worker);
    const imbalance = (2 * critical) / (main + worker);
    const label = kind === 'split' ? 'product split' : 'data parallel';
    console.log(
      `${workload.id.padEnd(6)} ${label}: inflation ${inflation.toFixed(2)} (process CPU per sample vs 1 thread); per step: this thread ${micro(main, 1)} µs, ` +
        `worker${kind === 'split' ? 's (process − this thread − 1-thread others)' : ''} ${micro(worker, 1)} µs → imbalance ${imbalance.toFixed(2)}; ` +
        `this thread slept ${micro(t.mainWait, t.steps)} µs per step; wake-ups per step ${(t.wakeUps / t.steps).toFixed(1)}${kind === 'data' ? ` (Atomics.wait sleeps ${(t.sleeps / t.steps).toFixed(2)})` : ''}; ` +
        `predicted ${(oneMain / critical).toFixed(2)}× (1-thread step / busier thread's step); measured wall ${(median(t.rates) / median(one.rates)).toFixed(2)}×`,
    );
    if (kind === 'data') {
      // Replicas in one memory sharing their weights: no copy, and each thread would combine and
      // update half of every gradient; the half-batch forward+backward stays as measured.
      const r = pair.replica;
      const outside = r.computeMilliseconds + r.combineMilliseconds + r.updateMilliseconds;
      const kept =
        (r.computeMilliseconds +
          (r.combineMilliseconds - r.copyMilliseconds) / 2 +
          r.updateMilliseconds / 2) /
        outside;
      console.log(
        `${workload.id.padEnd(6)} data parallel in one memory, update split (estimated from the shares above): ` +
          `per step ${micro(critical * kept, 1)} µs → predicted ${(oneMain / (critical * kept)).toFixed(2)}×`,
      );
    }
  }
}

if (isMainThread) {
  const ids = (process.argv[2] ?? 'B,C').split(',');
  const rounds = Number(process.argv[3] ?? 5);
  const seconds = Number(process.argv[4] ?? 1);
  console.log(`load average at start: ${load()}`);
  for (const id of ids) {
    const workload = findWorkload(id);
    await checkNumbers(workload);
    await measure(workload, rounds, seconds);
  }
  console.log(`load average at end: ${load()}`);
  for (const directory of temporaryDirectories)
    fs.rmSync(directory, { recursive: true, force: true });
  process.exit(0);
} else {
  await workerMain(workerData as WorkerSetup);
}
