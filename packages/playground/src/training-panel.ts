// The training panel: data set, noise and train share, learning rate and batch — each edits the
// `train` block's text — play / pause / step / reset, and what the trainer worker reports (loss
// curves, accuracies, the decision boundary, each neuron). The worker is started on first use.

import type { ChangeSpec } from '@codemirror/state';
import {
  drawBoundary,
  drawCurve,
  drawDigits,
  drawLossCurve,
  drawNetwork,
  type LossPoint,
} from './charts.js';
import type { PlaygroundEditor } from './editor.js';
import type {
  CompileResult,
  TrainerCommand,
  TrainerPlane,
  TrainerReport,
  TrainerStatus,
} from './protocol.js';
import {
  findSetting,
  fitOutput,
  type OutputNeed,
  readNumber,
  setCallArgument,
  setSetting,
  structureKey,
  type TextChange,
} from './train-text.js';
import { type ReadoutFigures, replayWording, writeReadout } from './readout.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * Each menu entry: the `data = …` text it writes (its noise argument filled in where the source
 * has one: `std` for the gaussians), and the output its targets need (the menu fits the model's
 * last layer and the loss to it).
 */
const DATA_SOURCES: Record<
  string,
  { text: (noise: number | undefined) => string; noise?: string; need: OutputNeed }
> = {
  spiral: {
    text: (noise) => `spiral(points = 100, classes = 3, noise = ${noise ?? 0.2})`,
    noise: 'noise',
    need: { kind: 'classes', classes: 3 },
  },
  moons: {
    text: (noise) => `moons(samples = 200, noise = ${noise ?? 0.2})`,
    noise: 'noise',
    need: { kind: 'binary' },
  },
  circles: {
    text: (noise) => `circles(samples = 200, noise = ${noise ?? 0.1})`,
    noise: 'noise',
    need: { kind: 'binary' },
  },
  blobs: {
    text: (noise) => `blobs(samples = 300, centers = 3, std = ${noise ?? 1})`,
    noise: 'std',
    need: { kind: 'classes', classes: 3 },
  },
  xor: { text: () => 'xor', need: { kind: 'binary' } },
  mnist: { text: () => 'mnist', need: { kind: 'classes', classes: 10 } },
};

/** The menu entry the text's `data = …` names, if any. */
function dataSourceOf(text: string): string | undefined {
  const name = findSetting(text, 'data')?.value.match(/^\s*([A-Za-z_]\w*)/)?.[1];
  return name && DATA_SOURCES[name] ? name : undefined;
}

/** Pictures kept for the replay; past it, every other one is dropped (the replay gets coarser). */
const MAX_SNAPSHOTS = 120;

/** A picture kept for the replay, with the figures reported with it (the readout shows them). */
interface Snapshot {
  plane: TrainerPlane;
  figures: ReadoutFigures | undefined;
}

export class TrainingPanel {
  private worker: Worker | undefined;
  private loadedKey: string | undefined;
  private wantRunning = false;
  /** The loss curve: each step's batch loss (in means) and the held-out loss at each report. */
  private trainHistory: LossPoint[] = [];
  private testHistory: LossPoint[] = [];
  /** The step of the picture the replay shows (undefined: live). */
  private replayStep: number | undefined;
  /** The text whose compilation failed last (Play does nothing for it). */
  private failedKey: string | undefined;
  /** The message box says training stopped at `epochs` (Play clears it). */
  private finishedNotice = false;
  private loading: Promise<boolean> | undefined;
  private loadingKey: string | undefined;
  /** Set once the language server has checked the text (the trainer loads after that). */
  private checkedOnce = false;
  /** The pictures so far, for the replay slider. */
  private snapshots: Snapshot[] = [];
  /** The trainer's last figures (the readout shows them when live). */
  private lastStatus: TrainerStatus | undefined;

  constructor(private readonly editor: PlaygroundEditor) {
    $('play').addEventListener('click', () => {
      this.goLive();
      void this.play();
    });
    $('pause').addEventListener('click', () => this.send({ type: 'pause' }, false));
    $('step').addEventListener('click', () => {
      this.goLive();
      void this.ensureLoaded().then((ok) => ok && this.send({ type: 'step' }, false));
    });
    $('reset').addEventListener('click', () => void this.reset());
    $<HTMLInputElement>('replay').addEventListener('input', (e) =>
      this.show(Number((e.target as HTMLInputElement).value)),
    );
    $<HTMLSelectElement>('dataset').addEventListener('change', (e) =>
      this.chooseData((e.target as HTMLSelectElement).value),
    );
    $<HTMLInputElement>('noise').addEventListener('change', (e) => {
      const argument = DATA_SOURCES[dataSourceOf(this.text()) ?? '']?.noise;
      if (argument)
        this.edit(
          setCallArgument(this.text(), 'data', argument, (e.target as HTMLInputElement).value),
        );
    });
    $<HTMLInputElement>('ratio').addEventListener('change', (e) => {
      const share = Number((e.target as HTMLInputElement).value);
      const rest = Number((1 - share).toFixed(2));
      this.edit(setSetting(this.text(), 'split', `[${share}, ${rest}]`));
    });
    $<HTMLInputElement>('learning-rate').addEventListener('change', (e) =>
      this.edit(
        setCallArgument(this.text(), 'optimizer', 'lr', (e.target as HTMLInputElement).value),
      ),
    );
    $<HTMLInputElement>('batch').addEventListener('change', (e) =>
      this.edit(
        setSetting(
          this.text(),
          'batch',
          String(Math.max(1, Math.round(Number((e.target as HTMLInputElement).value)))),
        ),
      ),
    );
  }

  private text(): string {
    return this.editor.view.state.doc.toString();
  }

  private edit(change: TextChange | TextChange[] | undefined): void {
    if (!change) {
      this.message('write a `train Model { … }` block first: the controls edit it');
      return;
    }
    this.editor.view.dispatch({ changes: change as ChangeSpec });
  }

  /** Writes the chosen source (keeping the noise the field shows) and fits the output to it. */
  private chooseData(name: string): void {
    const source = DATA_SOURCES[name];
    if (!source) return;
    const field = $<HTMLInputElement>('noise').value;
    const previous = DATA_SOURCES[dataSourceOf(this.text()) ?? ''];
    // A noise carries over between sources whose noise means the same (not into `std`).
    const noise = field !== '' && previous?.noise === source.noise ? Number(field) : undefined;
    const text = this.text();
    const data = setSetting(text, 'data', source.text(noise));
    if (!data) return this.edit(undefined);
    this.edit([data, ...fitOutput(text, source.need)]);
  }

  /** After each check: the controls show the text's values; a changed model is rebuilt. */
  textChecked(text: string): void {
    // A value the text leaves out shows empty, with the language's default as a hint.
    const setValue = (id: string, value: number | undefined) => {
      const input = $<HTMLInputElement>(id);
      if (document.activeElement !== input) input.value = value === undefined ? '' : String(value);
    };
    setValue('learning-rate', readNumber(text, 'optimizer', 'lr'));
    setValue('batch', readNumber(text, 'batch'));
    const source = dataSourceOf(text);
    const noiseArgument = source ? DATA_SOURCES[source].noise : undefined;
    setValue('noise', noiseArgument ? readNumber(text, 'data', noiseArgument) : undefined);
    const split = findSetting(text, 'split')?.value.match(/\[\s*([\d.eE+-]+)/)?.[1];
    setValue('ratio', split === undefined ? 1 : Number(split));
    $<HTMLSelectElement>('dataset').value = source ?? '';
    $<HTMLInputElement>('noise').disabled = noiseArgument === undefined;
    // The first check loads the trainer (no training yet): the page shows the untrained model.
    if (!this.worker) {
      if (this.checkedOnce) void this.ensureLoaded();
      this.checkedOnce = true;
      return;
    }
    if (this.loadedKey === undefined) return;
    if (structureKey(text) !== this.loadedKey) void this.load(this.wantRunning);
    else {
      const learningRate = readNumber(text, 'optimizer', 'lr');
      const batch = readNumber(text, 'batch');
      this.send(
        {
          type: 'settings',
          ...(learningRate !== undefined ? { learningRate } : {}),
          ...(batch !== undefined ? { batch } : {}),
        },
        false,
      );
    }
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event) => this.receive(event.data as TrainerReport));
    worker.addEventListener('error', (event) =>
      this.message(`the trainer stopped: ${event.message}`),
    );
    return worker;
  }

  /** Compiles the current text (in the language server's worker) and loads it into the trainer. */
  private async load(thenPlay: boolean): Promise<boolean> {
    const text = this.text();
    this.worker ??= this.startWorker();
    const runtimeUrl = new URL('./nnet-runtime.js', location.href).href;
    const result = await this.editor.client.request<unknown, CompileResult>('playground/compile', {
      text,
      runtimeUrl,
    });
    if (!result.ok) {
      // The trainer forgets the last model: Play must not train what the text no longer says.
      this.loadedKey = structureKey(text);
      this.failedKey = this.loadedKey;
      this.worker.postMessage({ type: 'unload' } satisfies TrainerCommand);
      // A compiler error is red; "add a `train` block" and the like are notes.
      this.message(result.message, !/\berror NN\d/.test(result.message));
      this.wantRunning = false;
      this.clear();
      return false;
    }
    this.message('');
    this.loadedKey = structureKey(text);
    this.failedKey = undefined;
    this.clearHistory();
    $('data-info').textContent = 'loading…';
    this.worker.postMessage({ type: 'load', compiled: result.value } satisfies TrainerCommand);
    if (thenPlay) this.worker.postMessage({ type: 'play' } satisfies TrainerCommand);
    return true;
  }

  private ensureLoaded(): Promise<boolean> {
    const key = structureKey(this.text());
    if (this.worker && this.loadedKey === key) return Promise.resolve(this.failedKey !== key);
    // A load of this text under way (the one after the first check): wait for it.
    if (this.loading && this.loadingKey === key) return this.loading;
    this.loadingKey = key;
    this.loading = this.load(false);
    return this.loading;
  }

  private async play(): Promise<void> {
    if (this.finishedNotice) this.message('');
    this.finishedNotice = false;
    this.wantRunning = true;
    if (await this.ensureLoaded()) this.send({ type: 'play' }, true);
    else this.wantRunning = false;
  }

  /** How many points each loss curve has (for the browser tests). */
  lossPointCounts(): { train: number; test: number } {
    return { train: this.trainHistory.length, test: this.testHistory.length };
  }

  private clearHistory(): void {
    this.trainHistory = [];
    this.testHistory = [];
    this.snapshots = [];
    this.replayStep = undefined;
    this.lastStatus = undefined;
    $<HTMLInputElement>('replay').max = '0';
    $<HTMLInputElement>('replay').disabled = true;
    $('replay-label').textContent = 'live';
  }

  private async reset(): Promise<void> {
    this.clearHistory();
    if (this.worker && this.loadedKey === structureKey(this.text()) && !this.failedKey)
      this.send({ type: 'reset' }, false);
    else await this.load(false);
  }

  private send(command: TrainerCommand, running: boolean): void {
    this.wantRunning = running;
    this.worker?.postMessage(command);
  }

  /** Nothing to train: no pictures or figures of a model that is gone. */
  private clear(): void {
    this.clearHistory();
    this.clearReadout();
    $('data-info').textContent = '';
    $('plane-box').hidden = true;
    $('digits').hidden = true;
    $('fit').hidden = true;
    this.drawLoss();
  }

  /** No figures until the trainer reports on the model now loaded. */
  private clearReadout(): void {
    writeReadout(undefined);
  }

  private drawLoss(): void {
    drawLossCurve(
      $<HTMLCanvasElement>('loss-curve'),
      this.trainHistory,
      this.testHistory,
      this.replayStep,
    );
  }

  /** The box under the buttons: an error (red), or a note (`notice`: grey, e.g. the epochs stop). */
  private message(text: string, notice = false): void {
    const box = $('train-message');
    box.textContent = text;
    box.hidden = text === '';
    box.classList.toggle('notice', notice);
  }

  private receive(report: TrainerReport): void {
    switch (report.type) {
      case 'loaded':
        // A load that failed before this one no longer stands.
        this.failedKey = undefined;
        this.message('');
        this.clearReadout();
        $('data-info').textContent = `${report.dataset}: ${report.samples} samples`;
        $('plane-box').hidden = report.inputSize !== 2;
        $('digits').hidden = !report.images;
        $('fit').hidden = !report.curve;
        break;
      case 'status':
        this.showStatus(report);
        break;
      case 'running':
        this.showRunning(report.running);
        break;
      case 'plane':
        this.record(report);
        break;
      case 'digits':
        drawDigits($('digits'), report);
        break;
      case 'curve':
        drawCurve($<HTMLCanvasElement>('fit'), report);
        break;
      case 'error':
        this.wantRunning = false;
        if (report.unloaded) {
          this.failedKey = this.loadedKey;
          this.clear();
        }
        this.message(report.message);
        break;
    }
  }

  /** Keeps the picture for the replay (thinned to every other one past MAX_SNAPSHOTS). */
  private record(plane: TrainerPlane): void {
    const slider = $<HTMLInputElement>('replay');
    const live = this.replayStep === undefined;
    const last = this.snapshots[this.snapshots.length - 1];
    if (last && last.plane.steps === plane.steps) this.snapshots.pop();
    // The status of a report comes just before its picture: they share the step.
    const status = this.lastStatus;
    this.snapshots.push({ plane, figures: status?.steps === plane.steps ? status : undefined });
    if (this.snapshots.length > MAX_SNAPSHOTS)
      this.snapshots = this.snapshots.filter(
        (_, i) => i % 2 === 0 || i === this.snapshots.length - 1,
      );
    slider.max = String(this.snapshots.length - 1);
    slider.disabled = this.snapshots.length < 2;
    if (live) {
      slider.value = slider.max;
      this.show(this.snapshots.length - 1);
    } else {
      // Thinning moves the pictures: the slider stays on the replayed step (or the one before).
      let index = 0;
      while (
        index + 1 < this.snapshots.length - 1 &&
        this.snapshots[index + 1].plane.steps <= this.replayStep!
      )
        index++;
      slider.value = String(index);
      this.show(index);
    }
  }

  /** The last picture and the live figures (Play and Step end a replay). */
  private goLive(): void {
    if (this.replayStep === undefined || this.snapshots.length === 0) return;
    const slider = $<HTMLInputElement>('replay');
    slider.value = slider.max;
    this.show(this.snapshots.length - 1);
  }

  /** Shows picture `index`: the last one is live; an earlier one is a replay, figures included. */
  private show(index: number): void {
    const snapshot = this.snapshots[index];
    if (!snapshot) return;
    const { plane, figures } = snapshot;
    drawBoundary($<HTMLCanvasElement>('boundary'), plane);
    drawNetwork($<HTMLCanvasElement>('network'), plane);
    const live = index === this.snapshots.length - 1;
    const liveSteps = this.lastStatus?.steps ?? plane.steps;
    $('replay-label').textContent = live
      ? `live · step ${plane.steps}`
      : `step ${replayWording(plane.steps, liveSteps)}`;
    this.replayStep = live ? undefined : plane.steps;
    if (live) writeReadout(this.lastStatus);
    else writeReadout(figures, liveSteps);
    this.drawLoss();
  }

  private showStatus(status: TrainerStatus): void {
    const { steps, values } = status.stepLosses;
    for (let i = 0; i < steps.length; i++)
      this.trainHistory.push({ step: steps[i], loss: values[i] });
    // Before the first step the curve starts at the untrained model's loss.
    if (this.trainHistory.length === 0 && status.steps === 0)
      this.trainHistory.push({ step: 0, loss: status.trainLoss });
    const lastTest = this.testHistory[this.testHistory.length - 1];
    if (status.testLoss !== undefined && (!lastTest || lastTest.step !== status.steps))
      this.testHistory.push({ step: status.steps, loss: status.testLoss });
    this.trainHistory = thin(this.trainHistory);
    this.testHistory = thin(this.testHistory);
    if (status.finished) {
      this.message(status.finished, true);
      this.finishedNotice = true;
    }
    this.lastStatus = status;
    // During a replay the readout keeps the replayed step's figures (its "of" counts on).
    if (this.replayStep === undefined) writeReadout(status);
    else {
      const index = Number($<HTMLInputElement>('replay').value);
      $('replay-label').textContent = `step ${replayWording(this.replayStep, status.steps)}`;
      writeReadout(this.snapshots[index]?.figures, status.steps);
    }
    $('kernels').textContent = status.kernels;
    this.showRunning(status.running);
    this.drawLoss();
  }

  private showRunning(running: boolean): void {
    document.body.dataset.training = running ? 'running' : 'paused';
    $('play').hidden = running;
    $('pause').hidden = !running;
  }
}

/** Past MAX_LOSS_POINTS, neighbours are merged into their mean (the curve keeps its whole span). */
const MAX_LOSS_POINTS = 2000;
function thin(points: LossPoint[]): LossPoint[] {
  if (points.length <= MAX_LOSS_POINTS) return points;
  const merged: LossPoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2)
    merged.push({ step: points[i + 1].step, loss: (points[i].loss + points[i + 1].loss) / 2 });
  if (points.length % 2 === 1) merged.push(points[points.length - 1]);
  return merged;
}
