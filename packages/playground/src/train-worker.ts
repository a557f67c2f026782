// The trainer, in a Web Worker so the page never trains on its own thread: imports the model the
// language server's worker compiled (an ES module over the shared runtime), makes its data, trains
// in ~40 ms slices between commands (pause, step, settings), reports losses, accuracies, pictures.

import * as runtime from '@nnet/runtime';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import { makeData, splitIndices, type PlaygroundData } from './datasets.js';
import type {
  CompiledForTraining,
  TrainerCommand,
  TrainerCurve,
  TrainerDigits,
  TrainerReport,
} from './protocol.js';
import { planeReport } from './plane.js';
import { evaluateInChunks, gather } from './evaluate-in-chunks.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: TrainerReport, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const post = (report: TrainerReport, transfer: Transferable[] = []) =>
  scope.postMessage(report, transfer);

/** The kernels in use: WebAssembly SIMD when it exists here and computes what the JS loops do. */
const kernels = (() => {
  try {
    runtime.setKernels('wasm');
    const m = 33;
    const a = Float32Array.from({ length: m * m }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: m * m }, (_, i) => Math.cos(i));
    const viaWasm = new Float32Array(m * m);
    runtime.matmul(a, b, viaWasm, m, m, m);
    runtime.setKernels('js');
    const viaJs = new Float32Array(m * m);
    runtime.matmul(a, b, viaJs, m, m, m);
    runtime.setKernels('auto');
    const agree = viaWasm.every(
      (v, i) => Math.abs(v - viaJs[i]) <= 1e-4 * (1 + Math.abs(viaJs[i])),
    );
    if (!agree) {
      runtime.setKernels('js');
      return 'JavaScript (WebAssembly disagreed with the JS loops)';
    }
    return `WebAssembly SIMD for large products${threadsNote()}, JavaScript for small ones`;
  } catch {
    return 'JavaScript (no WebAssembly SIMD here)';
  }
})();

/**
 * Large products on every core: this worker and navigator.hardwareConcurrency − 1 Web Workers on
 * the kernels' shared memory (the page is cross-origin isolated; this thread may block). A small
 * model never starts them: the pool starts at the first product worth splitting.
 */
function threadsNote(): string {
  const cores = runtime.defaultWebThreads();
  if (cores < 2 || !(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated)
    return '';
  try {
    runtime.setWebWorkerThreads(cores);
  } catch {
    return '';
  }
  return runtime.getThreads() > 1 ? ` on ${runtime.getThreads()} threads` : '';
}

interface Session {
  compiled: CompiledForTraining;
  module: CompiledModule;
  model: CompiledModel;
  data: PlaygroundData;
  train: Int32Array;
  test: Int32Array;
  batch: number;
  seed: number;
  epoch: number;
  steps: number;
  cursor: number;
  lastLoss: number;
  /** Each step's loss since the last report, and the step it was taken at. */
  pendingLosses: number[];
  pendingSteps: number[];
}

let session: Session | undefined;
let running = false;
let lastMetrics = 0;
let lastPlane = 0;
/** Bumped by every command but `settings` as it arrives: a report under way then stops. */
let commandsSeen = 0;

/** Resolves after the commands already sent to this worker have been received (a message of
 * a MessageChannel comes behind them). */
const turns = new MessageChannel();
const waitingForTurn: (() => void)[] = [];
turns.port1.onmessage = () => waitingForTurn.shift()?.();
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waitingForTurn.push(resolve);
    turns.port2.postMessage(null);
  });
}

async function load(compiled: CompiledForTraining): Promise<void> {
  running = false;
  // Whatever fails below, the last model is gone: Play must not train it.
  session = undefined;
  const url = URL.createObjectURL(new Blob([compiled.js], { type: 'text/javascript' }));
  let module: CompiledModule;
  try {
    module = (await import(/* @vite-ignore */ url)) as CompiledModule;
  } finally {
    URL.revokeObjectURL(url);
  }
  const seed = compiled.settings.seed ?? 0;
  const data = await makeData(compiled.data, seed);
  const inputSize = module.create({ seed }).inputShape.reduce((a, b) => a * b, 1);
  if (inputSize !== data.inputSize)
    throw new Error(
      `the model takes ${inputSize} inputs, and ${data.name} has ${data.inputSize} per sample`,
    );
  const trainFraction = compiled.settings.split?.[0] ?? 1;
  const [train, test] = splitIndices(data.count, trainFraction, seed);
  session = {
    compiled,
    module,
    model: module.create({ seed }),
    data,
    train,
    test,
    batch: Math.max(1, Math.min(compiled.settings.batch ?? 32, train.length)),
    seed,
    epoch: 0,
    steps: 0,
    cursor: 0,
    lastLoss: NaN,
    pendingLosses: [],
    pendingSteps: [],
  };
  if (compiled.learningRate !== undefined) session.model.learningRate = compiled.learningRate;
  post({
    type: 'loaded',
    dataset: data.name,
    samples: data.count,
    inputSize: data.inputSize,
    classes: data.classes,
    images: data.imageSide !== undefined,
    curve: isCurve(data),
  });
  await report(true);
}

async function reset(): Promise<void> {
  if (!session) return;
  const lr = session.model.learningRate;
  session.model = session.module.create({ seed: session.seed });
  session.model.learningRate = lr;
  Object.assign(session, {
    epoch: 0,
    steps: 0,
    cursor: 0,
    lastLoss: NaN,
    pendingLosses: [],
    pendingSteps: [],
  });
  await report(true);
}

/** One optimizer step on the next batch of a shuffled epoch. */
function step(s: Session): void {
  if (s.cursor === 0) new runtime.Prng(s.seed * 7919 + s.epoch).shuffle(s.train);
  const to = Math.min(s.cursor + s.batch, s.train.length);
  const { x, y, n } = gather(s.data, s.model, s.train, s.cursor, to);
  s.lastLoss = s.model.trainStep(x, y, n);
  s.steps++;
  s.pendingLosses.push(s.lastLoss);
  s.pendingSteps.push(s.steps);
  s.cursor = to >= s.train.length ? 0 : to;
  if (s.cursor === 0) s.epoch++;
}

/** The losses of the steps since the last report, as at most LOSS_POINTS means (then cleared). */
const LOSS_POINTS = 64;
function takeStepLosses(s: Session): { steps: number[]; values: number[] } {
  const count = s.pendingLosses.length;
  const buckets = Math.min(count, LOSS_POINTS);
  const steps: number[] = [];
  const values: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * count) / buckets);
    const to = Math.floor(((b + 1) * count) / buckets);
    let sum = 0;
    for (let i = from; i < to; i++) sum += s.pendingLosses[i];
    steps.push(s.pendingSteps[to - 1]);
    values.push(sum / (to - from));
  }
  s.pendingLosses = [];
  s.pendingSteps = [];
  return { steps, values };
}

/** How long the last report took (it evaluates every sample): reports keep to a quarter of the time. */
let reportMs = 0;

/**
 * Evaluates both parts, a chunk at a time, and posts the figures and pictures. A command that
 * arrives meanwhile (pause, step, a new model…) stops it between chunks: nothing is posted.
 */
async function report(withPlane = false, finished?: string): Promise<void> {
  const s = session;
  if (!s) return;
  const started = performance.now();
  const seen = commandsSeen;
  const giveWay = async () => {
    await nextTurn();
    return commandsSeen !== seen || session !== s;
  };
  const trainPart = await evaluateInChunks(s.model, s.data, s.train, giveWay);
  if (!trainPart) return;
  const testPart = await evaluateInChunks(s.model, s.data, s.test, giveWay);
  if (!testPart) return;
  post({
    type: 'status',
    running,
    epoch: s.epoch,
    steps: s.steps,
    trainLoss: trainPart.loss,
    testLoss: s.test.length ? testPart.loss : undefined,
    trainAccuracy: trainPart.accuracy,
    testAccuracy: s.test.length ? testPart.accuracy : undefined,
    kernels,
    stepLosses: takeStepLosses(s),
    ...(finished ? { finished } : {}),
  });
  if (withPlane && s.data.inputSize === 2) {
    const plane = planeReport(s.model, s.data, s.test, s.compiled.denseChain, s.steps);
    const transfer = [
      plane.output.buffer,
      ...plane.neurons.flatMap((l) => [l.kernel.buffer, ...l.values.map((v) => v.buffer)]),
    ];
    post(plane, transfer as ArrayBuffer[]);
  } else if (withPlane && isCurve(s.data)) {
    const curve = curveReport(s);
    post(curve, [curve.xs.buffer, curve.ys.buffer] as ArrayBuffer[]);
  } else if (withPlane && s.data.imageSide !== undefined) {
    const digits = digitsReport(s);
    post(digits, [digits.images.buffer as ArrayBuffer]);
  }
  reportMs = performance.now() - started;
}

/** Regression on one input: its fit is a curve. */
const isCurve = (data: PlaygroundData) =>
  data.inputSize === 1 && data.targetSize === 1 && data.classes === 1 && data.count > 0;

const CURVE_POINTS = 200;

/** The model's output on CURVE_POINTS inputs across the data's range, with the samples. */
function curveReport(s: Session): TrainerCurve {
  let low = Infinity;
  let high = -Infinity;
  for (const v of s.data.inputs) [low, high] = [Math.min(low, v), Math.max(high, v)];
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const xs = Float32Array.from(
    { length: CURVE_POINTS },
    (_, i) => low + ((high - low) * i) / (CURVE_POINTS - 1),
  );
  const ys = Float32Array.from(s.model.predict(xs, CURVE_POINTS));
  const test = new Uint8Array(s.data.count);
  for (const i of s.test) test[i] = 1;
  return {
    type: 'curve',
    xs,
    ys,
    points: { x: s.data.inputs, y: s.data.targets, test },
  };
}

const DIGITS_SHOWN = 24;

/** The first images of the held-out part (else of the training part) with the model's guesses. */
function digitsReport(s: Session): TrainerDigits {
  const heldOut = s.test.length > 0;
  const source = heldOut ? s.test : s.train;
  const indices = Int32Array.from(source.slice(0, DIGITS_SHOWN)).sort();
  const { x, y, n } = gather(s.data, s.model, indices, 0, indices.length);
  const outputs = s.model.predict(x, n);
  const width = outputs.length / n;
  const guesses = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < width; c++)
      if (outputs[i * width + c] > outputs[i * width + best]) best = c;
    guesses[i] = best;
  }
  return {
    type: 'digits',
    side: s.data.imageSide ?? 0,
    images: x,
    guesses,
    truths: Int32Array.from(y),
    heldOut,
  };
}

/** Bumped by every play: a slice of an earlier play (paused and played again) stops. */
let playing = 0;

async function runSlice(play: number): Promise<void> {
  const s = session;
  if (!running || !s || play !== playing) return;
  const end = performance.now() + 40;
  const epochs = s.compiled.settings.epochs;
  let finished: string | undefined;
  try {
    while (performance.now() < end) {
      step(s);
      if (s.cursor === 0 && s.epoch === epochs) {
        running = false;
        finished = `Stopped after epochs = ${epochs}, as the train block says; Play trains on.`;
        break;
      }
    }
  } catch (error) {
    running = false;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  const now = performance.now();
  if (!Number.isFinite(s.lastLoss)) {
    running = false;
    post({
      type: 'error',
      message: `the loss became ${s.lastLoss} at step ${s.steps}: lower the learning rate and reset`,
    });
  }
  if (now - lastMetrics > Math.max(200, 3 * reportMs) || !running) {
    lastMetrics = now;
    const plane = now - lastPlane > Math.max(400, 3 * reportMs);
    if (plane) lastPlane = now;
    await report(plane || !running, finished);
  }
  if (running && play === playing) setTimeout(() => startSlice(play), 0);
}

/** A slice whose report fails stops training and says why (as a failed step does). */
function startSlice(play: number): void {
  runSlice(play).catch((error: unknown) => {
    running = false;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
}

/** Stops training and says so at once (the figures follow when evaluated). */
function stop(): void {
  running = false;
  post({ type: 'running', running });
}

// Commands run one after another: a `play` sent right after a `load` waits for the load.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent) => {
  const command = event.data as TrainerCommand;
  if (command.type !== 'settings') commandsSeen++;
  queue = queue.then(async () => {
    try {
      switch (command.type) {
        case 'load':
          try {
            await load(command.compiled);
          } catch (error) {
            post({
              type: 'error',
              message: error instanceof Error ? error.message : String(error),
              unloaded: true,
            });
          }
          break;
        case 'play':
          if (session && !running) {
            running = true;
            post({ type: 'running', running });
            startSlice(++playing);
          }
          break;
        case 'pause':
          stop();
          await report(true);
          break;
        case 'step':
          stop();
          if (session) {
            step(session);
            await report(true);
          }
          break;
        case 'reset':
          stop();
          await reset();
          break;
        case 'unload':
          stop();
          session = undefined;
          break;
        case 'settings':
          if (session && command.learningRate !== undefined)
            session.model.learningRate = command.learningRate;
          if (session && command.batch !== undefined)
            session.batch = Math.max(1, Math.min(command.batch, session.train.length));
          break;
      }
    } catch (error) {
      running = false;
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
};
