// The training loop: epochs of shuffled mini-batches through CompiledModel.trainStep, evaluation
// on the validation set, early stopping with the best weights restored, a checkpoint per epoch
// (atomic) with resume, a per-step trace for the perceptron exercise, and a stop at the first
// NaN or infinite loss that restores the last good weights and says why it probably happened.

import * as path from 'node:path';
import type { CompiledModel, TensorData } from '../core/compiled-model.js';
import { Batcher } from '../data/batcher.js';
import type { Dataset } from '../data/dataset.js';
import { Prng } from '../core/prng.js';
import {
  evaluate,
  higherIsBetter,
  metricKey,
  type Evaluation,
  type MetricRequest,
} from './evaluate.js';
import { readSafetensors, writeSafetensors, type SafetensorsContent } from './safetensors.js';
import { checkCheckpointTensors, readCheckpointMetadata } from './checkpoint-check.js';
import { firstNonFiniteParam, formatRate, lossGrowthWarning } from './divergence.js';

export interface EarlyStop {
  monitor: string;
  patience: number;
  minDelta?: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  metrics: Record<string, number>;
  validation?: Evaluation;
  seconds: number;
}

export interface TraceRow {
  step: number;
  input: number[];
  target: number[];
  /** The model's output before the step. */
  output: number[];
  /** Every parameter after the step. */
  weights: Record<string, number[]>;
}

export interface FitReporter {
  onEpochStart?(epoch: number, epochs: number, steps: number): void;
  onBatch?(
    epoch: number,
    step: number,
    steps: number,
    meanLoss: number,
    elapsedSeconds: number,
  ): void;
  /** After every gradient step: that step's mean loss over its batch (for `log_every`). */
  onStep?(epoch: number, step: number, loss: number, batch: number): void;
  /** Returning `'stop'` ends training after this epoch (a search pruning the trial). */
  onEpochEnd?(record: EpochRecord, epochs: number): void | 'stop';
  onTrace?(row: TraceRow): void;
  onMessage?(text: string): void;
}

export interface FitOptions {
  epochs: number;
  batch: number;
  shuffle?: boolean;
  seed?: number;
  metrics?: readonly MetricRequest[];
  earlyStop?: EarlyStop;
  /**
   * Folder for `checkpoint.safetensors`: written after an epoch (at most every 2 s, and after the
   * last one); after an early stop it holds the restored best weights.
   */
  checkpointDir?: string;
  /** A checkpoint to continue from (its epoch, weights, optimizer state and history). */
  resume?: string;
  trace?: boolean;
  reporter?: FitReporter;
  /** Model name and source, recorded in checkpoints. */
  runName?: string;
  /** More checkpoint metadata (e.g. `tabular`: the CSV encoding fitted on the training split). */
  metadata?: Readonly<Record<string, string>>;
  /**
   * Copies of the model that run each batch together (data parallelism, ReplicaGroup): they take
   * the steps, and are made equal to the model at every epoch's start (after a resume or restore).
   */
  copies?: FitCopies;
}

/** What fit needs of copies of the model stepping together (ReplicaGroup is one). */
export interface FitCopies {
  trainStep(x: TensorData, y: TensorData, batch: number): number;
  sync(): void;
}

export interface NanStop {
  epoch: number;
  step: number;
  samples: number;
  message: string;
}

export interface FitResult {
  history: EpochRecord[];
  stoppedEarly: boolean;
  bestEpoch?: number;
  nan?: NanStop;
  samplesPerSecond: number;
  trainingSeconds: number;
}

const CHECKPOINT = 'checkpoint.safetensors';
const CHECKPOINT_INTERVAL_MS = 2000;
/** Checkpoint tensors holding the early-stopping best weights, apart from the live ones. */
const BEST_PREFIX = 'early_stop_best/';

export async function fit(
  model: CompiledModel,
  data: { train: Dataset; validation?: Dataset },
  options: FitOptions,
): Promise<FitResult> {
  const { train, validation } = data;
  const reporter = options.reporter ?? {};
  const metrics = options.metrics ?? [];
  const prng = new Prng(options.seed ?? 0);
  const batcher = new Batcher(train, {
    batchSize: options.batch,
    shuffle: options.shuffle ?? true,
    prng,
  });
  const snapshot = createSnapshot(model);
  const best = createSnapshot(model);
  const history: EpochRecord[] = [];
  let startEpoch = 1;

  const monitor = options.earlyStop?.monitor;
  if (monitor) checkMonitor(monitor, metrics, validation !== undefined);
  const maximize = monitor ? higherIsBetter(monitor) : false;
  let bestValue = maximize ? -Infinity : Infinity;
  let bestEpoch: number | undefined;
  let waited = 0;

  if (options.resume) {
    const resumed = readSafetensors(options.resume);
    // Validated before anything is copied: a corrupt epoch or a renamed tensor is refused.
    const saved = readCheckpointMetadata(resumed.metadata, options.resume);
    checkCheckpointTensors(model, resumed, options.resume);
    restoreCheckpoint(model, resumed.tensors, options.resume);
    startEpoch = saved.epoch + 1;
    history.push(...(saved.history as EpochRecord[]));
    // The sample order and the early-stopping state continue where they were, so a resumed run
    // ends with the same weights as an uninterrupted one. The Batcher shuffles its order in place,
    // epoch after epoch, so replaying the finished epochs' shuffles restores both it and the prng.
    for (let epoch = 1; epoch < startEpoch; epoch++) batcher.startEpoch();
    if (monitor && saved.earlyStop) {
      const stop = saved.earlyStop;
      if (stop.bestEpoch !== null && stop.bestValue !== null) {
        bestValue = stop.bestValue;
        bestEpoch = stop.bestEpoch;
        for (const name of Object.keys(best.params))
          best.params[name].set(
            resumed.tensors[`${BEST_PREFIX}${name}`]?.data ?? model.params[name],
          );
        for (const name of Object.keys(best.state))
          best.state[name].set(resumed.tensors[`${BEST_PREFIX}${name}`]?.data ?? best.state[name]);
      }
      waited = stop.waited;
    }
    reporter.onMessage?.(`resuming from ${options.resume} after epoch ${startEpoch - 1}`);
  }
  let stoppedEarly = false;
  let warnedGrowth = false;
  let samplesSeen = 0;
  let trainingSeconds = 0;
  let lastCheckpoint = -Infinity;
  const inputSize = train.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = Math.max(
    1,
    train.targetShape.reduce((a, b) => a * b, 1),
  );

  for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
    saveSnapshot(model, snapshot);
    options.copies?.sync();
    batcher.startEpoch();
    const steps = batcher.batchesPerEpoch;
    reporter.onEpochStart?.(epoch, options.epochs, steps);
    const started = performance.now();
    let lossSum = 0;
    let count = 0;
    for (let step = 1; ; step++) {
      const size = batcher.nextBatch();
      if (size === 0) break;
      const output = options.trace
        ? Array.from(model.predict(batcher.inputs as TensorData, size))
        : [];
      const loss = (options.copies ?? model).trainStep(
        batcher.inputs as TensorData,
        batcher.targets as TensorData,
        size,
      );
      if (!Number.isFinite(loss)) {
        restoreSnapshot(model, snapshot);
        trainingSeconds += (performance.now() - started) / 1000;
        const nan = nanStop(
          epoch,
          step,
          samplesSeen + count,
          loss,
          model.learningRate,
          history,
          lossSum / Math.max(1, count),
        );
        reporter.onMessage?.(nan.message);
        return {
          history,
          stoppedEarly: true,
          nan,
          samplesPerSecond: samplesSeen / Math.max(trainingSeconds, 1e-9),
          trainingSeconds,
        };
      }
      lossSum += loss * size;
      count += size;
      reporter.onStep?.(epoch, step, loss, size);
      if (options.trace) {
        reporter.onTrace?.({
          step: samplesSeen + count,
          input: Array.from(batcher.inputs.subarray(0, size * inputSize)),
          target: Array.from(batcher.targets.subarray(0, size * targetSize)),
          output,
          weights: Object.fromEntries(
            Object.entries(model.params).map(([k, v]) => [k, Array.from(v)]),
          ),
        });
      }
      reporter.onBatch?.(epoch, step, steps, lossSum / count, (performance.now() - started) / 1000);
    }
    const seconds = (performance.now() - started) / 1000;
    trainingSeconds += seconds;
    // The last update of an epoch (every update, full batch) is measured by no loss: a weight it
    // made NaN or infinite stops the run here, with the weights from before the epoch.
    const broken = firstNonFiniteParam(model);
    if (broken !== undefined) {
      restoreSnapshot(model, snapshot);
      const nan = nanStop(
        epoch,
        steps,
        samplesSeen + count,
        NaN,
        model.learningRate,
        history,
        lossSum / Math.max(1, count),
        broken,
      );
      reporter.onMessage?.(nan.message);
      return {
        history,
        stoppedEarly: true,
        nan,
        samplesPerSecond: (samplesSeen + count) / Math.max(trainingSeconds, 1e-9),
        trainingSeconds,
      };
    }
    samplesSeen += count;
    const trainMetrics = metrics.length ? evaluate(model, train, metrics).metrics : {};
    const record: EpochRecord = {
      epoch,
      loss: lossSum / Math.max(1, count),
      metrics: trainMetrics,
      ...(validation ? { validation: evaluate(model, validation, metrics) } : {}),
      seconds,
    };
    history.push(record);
    if (reporter.onEpochEnd?.(record, options.epochs) === 'stop') {
      stoppedEarly = true;
      break;
    }
    const growth = warnedGrowth ? undefined : lossGrowthWarning(history, model.learningRate);
    if (growth) {
      warnedGrowth = true;
      reporter.onMessage?.(growth);
    }

    // A checkpoint after every epoch, but not more often than every 2 s: a run of thousands of
    // tiny full-batch epochs (the spiral) must not spend its time writing files.
    const now = performance.now();
    if (monitor) {
      const value = monitoredValue(record, monitor);
      const minDelta = options.earlyStop?.minDelta ?? 0;
      const improved =
        value !== undefined &&
        (maximize ? value > bestValue + minDelta : value < bestValue - minDelta);
      if (improved) {
        bestValue = value!;
        bestEpoch = epoch;
        waited = 0;
        saveSnapshot(model, best);
      } else if (++waited >= (options.earlyStop?.patience ?? Infinity)) {
        stoppedEarly = true;
        if (bestEpoch !== undefined) restoreSnapshot(model, best);
        if (options.checkpointDir)
          writeCheckpoint(
            path.join(options.checkpointDir, CHECKPOINT),
            model,
            epoch,
            history,
            options.runName,
            { seed: String(options.seed ?? 0), ...options.metadata },
          );
        reporter.onMessage?.(
          `early stop after epoch ${epoch}: ${monitor} has not improved for ${waited} epoch${waited === 1 ? '' : 's'}; restored the weights of epoch ${bestEpoch}`,
        );
        break;
      }
    }
    if (
      options.checkpointDir &&
      (now - lastCheckpoint >= CHECKPOINT_INTERVAL_MS || epoch === options.epochs)
    ) {
      const earlyStopState = monitor
        ? {
            bestValue: bestEpoch === undefined ? null : bestValue,
            bestEpoch: bestEpoch ?? null,
            waited,
          }
        : undefined;
      writeCheckpoint(
        path.join(options.checkpointDir, CHECKPOINT),
        model,
        epoch,
        history,
        options.runName,
        {
          seed: String(options.seed ?? 0),
          ...options.metadata,
          ...(earlyStopState ? { early_stop: JSON.stringify(earlyStopState) } : {}),
        },
        monitor && bestEpoch !== undefined ? best : undefined,
      );
      lastCheckpoint = now;
    }
  }
  return {
    history,
    stoppedEarly,
    ...(bestEpoch !== undefined ? { bestEpoch } : {}),
    samplesPerSecond: samplesSeen / Math.max(trainingSeconds, 1e-9),
    trainingSeconds,
  };
}

/** `loss`, `accuracy`, `val_loss`, `val_accuracy` of an epoch. */
export function monitoredValue(record: EpochRecord, quantity: string): number | undefined {
  const validation = quantity.startsWith('val_');
  const name = quantity.replace(/^val_/, '');
  const source = validation ? record.validation : { loss: record.loss, metrics: record.metrics };
  if (!source) return undefined;
  return name === 'loss' ? source.loss : source.metrics[name];
}

function nanStop(
  epoch: number,
  step: number,
  samples: number,
  loss: number,
  learningRate: number,
  history: readonly EpochRecord[],
  epochMean: number,
  brokenParam?: string,
): NanStop {
  const what =
    brokenParam !== undefined
      ? `NaN or infinite in weight "${brokenParam}" after the last update of the epoch`
      : Number.isNaN(loss)
        ? 'NaN'
        : 'infinite';
  const first = history[0]?.loss;
  const grew = first !== undefined && Number.isFinite(epochMean) && epochMean > 10 * first;
  const cause =
    learningRate >= 0.1 || grew
      ? `learning rate ${formatRate(learningRate)} is probably too high — try ${formatRate(learningRate / 10)}`
      : `with learning rate ${formatRate(learningRate)}, look for unscaled inputs (values in the hundreds), a log of 0 in the loss, or data with NaN in it`;
  return {
    epoch,
    step,
    samples,
    message: `${brokenParam !== undefined ? 'training diverged: ' : 'the loss became '}${what} at epoch ${epoch}, step ${step} (after ${samples} samples); ${cause}. The weights from before this epoch were restored and the last checkpoint is kept.`,
  };
}

interface Snapshot {
  params: Record<string, Float32Array>;
  state: Record<string, Float32Array>;
}

function createSnapshot(model: CompiledModel): Snapshot {
  const copy = (record: Readonly<Record<string, Float32Array>>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, new Float32Array(v.length)]));
  return { params: copy(model.params), state: copy(model.state()) };
}

function saveSnapshot(model: CompiledModel, snapshot: Snapshot): void {
  for (const [k, v] of Object.entries(model.params)) snapshot.params[k].set(v);
  for (const [k, v] of Object.entries(model.state())) snapshot.state[k]?.set(v);
}

function restoreSnapshot(model: CompiledModel, snapshot: Snapshot): void {
  for (const [k, v] of Object.entries(snapshot.params)) model.params[k].set(v);
  model.loadState(snapshot.state);
}

/** The weights and optimizer state of a model as a checkpoint file, outside a training run. */
export function saveModel(model: CompiledModel, file: string): void {
  writeCheckpoint(file, model, 0, []);
}

/** Weights and optimizer state from a checkpoint written by `saveModel` or `nnc train`. */
export function loadModel(model: CompiledModel, file: string): void {
  restoreModel(model, readSafetensors(file), file);
}

/** The same from a checkpoint already read (a caller that looked at its metadata first). */
export function restoreModel(
  model: CompiledModel,
  content: Pick<SafetensorsContent, 'tensors' | 'metadata'>,
  file: string,
): void {
  checkCheckpointTensors(model, content, file);
  restoreCheckpoint(model, content.tensors, file);
}

function writeCheckpoint(
  file: string,
  model: CompiledModel,
  epoch: number,
  history: readonly EpochRecord[],
  runName?: string,
  extraMetadata: Record<string, string> = {},
  best?: Snapshot,
): void {
  const tensors: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
  for (const info of model.paramInfo)
    tensors[info.name] = { shape: info.shape, data: model.params[info.name] };
  for (const [name, data] of Object.entries(model.state()))
    tensors[name] = { shape: [data.length], data };
  if (best) {
    for (const info of model.paramInfo)
      tensors[`${BEST_PREFIX}${info.name}`] = { shape: info.shape, data: best.params[info.name] };
    for (const [name, data] of Object.entries(best.state))
      tensors[`${BEST_PREFIX}${name}`] = { shape: [data.length], data };
  }
  writeSafetensors(file, {
    tensors,
    metadata: {
      format: 'nnet',
      model: model.name,
      // The file name only: a checkpoint holds no absolute path (it may be shared or moved).
      source: path.basename(model.source),
      epoch: String(epoch),
      history: JSON.stringify(history),
      ...(runName ? { run: runName } : {}),
      ...extraMetadata,
    },
  });
}

/** Rejects a monitored quantity that no epoch would ever report (it would never improve). */
function checkMonitor(
  monitor: string,
  metrics: readonly MetricRequest[],
  hasValidation: boolean,
): void {
  const name = monitor.replace(/^val_/, '');
  if (monitor.startsWith('val_') && !hasValidation) {
    throw new Error(
      `early stopping monitors ${monitor}, but there is no validation data; monitor ${name} or add a validation split`,
    );
  }
  const known = ['loss', ...metrics.map(metricKey)];
  if (!known.includes(name)) {
    throw new Error(
      `early stopping monitors ${monitor}, but ${name} is not reported; expected one of ${known.map((k) => (monitor.startsWith('val_') ? `val_${k}` : k)).join(', ')}`,
    );
  }
}

function restoreCheckpoint(
  model: CompiledModel,
  tensors: Record<string, { data: Float32Array }>,
  file: string,
): void {
  for (const info of model.paramInfo) {
    const saved = tensors[info.name];
    if (!saved || saved.data.length !== model.params[info.name].length) {
      throw new Error(
        `${file}: the checkpoint has no tensor "${info.name}" of ${model.params[info.name].length} values; was it written for another model?`,
      );
    }
    model.params[info.name].set(saved.data);
  }
  model.loadState(
    Object.fromEntries(
      Object.entries(tensors)
        .filter(([k]) => !(k in model.params) && !k.startsWith(BEST_PREFIX))
        .map(([k, v]) => [k, v.data]),
    ),
  );
}

export { metricKey };
