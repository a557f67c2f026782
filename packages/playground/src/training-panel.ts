// The training panel: data set, noise and train share, learning rate and batch — each edits the
// `train` block's text — play / pause / step / reset, and what the trainer worker reports (loss
// curves, accuracies, the decision boundary, each neuron). The worker is started on first use.

import type { ChangeSpec } from '@codemirror/state';
import { drawBoundary, drawDigits, drawLossCurve, drawNetwork, type LossPoint } from './charts.js';
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
  readNumber,
  setCallArgument,
  setSetting,
  structureKey,
  type TextChange,
} from './train-text.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The `data = …` text each menu entry writes (noise filled in where the source takes one). */
const DATA_SOURCES: Record<string, (noise: number) => string> = {
  spiral: (noise) => `spiral(points = 100, classes = 3, noise = ${noise})`,
  moons: (noise) => `moons(samples = 200, noise = ${noise})`,
  circles: (noise) => `circles(samples = 200, noise = ${noise})`,
  blobs: () => 'blobs(samples = 300, centers = 3)',
  xor: () => 'xor',
  mnist: () => 'mnist',
};

/** Pictures kept for the replay; past it, every other one is dropped (the replay gets coarser). */
const MAX_SNAPSHOTS = 120;

const percent = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const loss = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4);

export class TrainingPanel {
  private worker: Worker | undefined;
  private loadedKey: string | undefined;
  private wantRunning = false;
  private history: LossPoint[] = [];
  private loading: Promise<boolean> | undefined;
  private loadingKey: string | undefined;
  /** Set once the language server has checked the text (the trainer loads after that). */
  private checkedOnce = false;
  /** The pictures so far, for the replay slider. */
  private snapshots: TrainerPlane[] = [];

  constructor(private readonly editor: PlaygroundEditor) {
    $('play').addEventListener('click', () => void this.play());
    $('pause').addEventListener('click', () => this.send({ type: 'pause' }, false));
    $('step').addEventListener(
      'click',
      () => void this.ensureLoaded().then((ok) => ok && this.send({ type: 'step' }, false)),
    );
    $('reset').addEventListener('click', () => void this.reset());
    $<HTMLInputElement>('replay').addEventListener('input', (e) =>
      this.show(Number((e.target as HTMLInputElement).value)),
    );
    $<HTMLSelectElement>('dataset').addEventListener('change', (e) =>
      this.chooseData((e.target as HTMLSelectElement).value),
    );
    $<HTMLInputElement>('noise').addEventListener('change', (e) =>
      this.edit(
        setCallArgument(this.text(), 'data', 'noise', (e.target as HTMLInputElement).value),
      ),
    );
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

  private edit(change: TextChange | undefined): void {
    if (!change) {
      this.message('write a `train Model { … }` block first: the controls edit it');
      return;
    }
    this.editor.view.dispatch({ changes: change as ChangeSpec });
  }

  private chooseData(name: string): void {
    const noise = Number($<HTMLInputElement>('noise').value || 0.2);
    this.edit(setSetting(this.text(), 'data', DATA_SOURCES[name]?.(noise) ?? name));
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
    setValue('noise', readNumber(text, 'data', 'noise'));
    const split = findSetting(text, 'split')?.value.match(/\[\s*([\d.eE+-]+)/)?.[1];
    setValue('ratio', split === undefined ? 1 : Number(split));
    const data = findSetting(text, 'data')?.value.match(/^\s*([A-Za-z_]\w*)/)?.[1];
    if (data && DATA_SOURCES[data]) $<HTMLSelectElement>('dataset').value = data;
    $<HTMLInputElement>('noise').disabled = !data || !DATA_SOURCES[data]?.(0).includes('noise');
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
      this.loadedKey = structureKey(text);
      this.message(result.message);
      this.wantRunning = false;
      this.clear();
      return false;
    }
    this.message('');
    this.loadedKey = structureKey(text);
    this.history = [];
    this.snapshots = [];
    this.worker.postMessage({ type: 'load', compiled: result.value } satisfies TrainerCommand);
    if (thenPlay) this.worker.postMessage({ type: 'play' } satisfies TrainerCommand);
    return true;
  }

  private ensureLoaded(): Promise<boolean> {
    const key = structureKey(this.text());
    if (this.worker && this.loadedKey === key) return Promise.resolve(true);
    // A load of this text under way (the one after the first check): wait for it.
    if (this.loading && this.loadingKey === key) return this.loading;
    this.loadingKey = key;
    this.loading = this.load(false);
    return this.loading;
  }

  private async play(): Promise<void> {
    this.wantRunning = true;
    if (await this.ensureLoaded()) this.send({ type: 'play' }, true);
  }

  private async reset(): Promise<void> {
    this.history = [];
    this.snapshots = [];
    if (this.worker && this.loadedKey === structureKey(this.text()))
      this.send({ type: 'reset' }, false);
    else await this.load(false);
  }

  private send(command: TrainerCommand, running: boolean): void {
    this.wantRunning = running;
    this.worker?.postMessage(command);
  }

  /** Nothing to train: no pictures or figures of a model that is gone. */
  private clear(): void {
    this.history = [];
    this.snapshots = [];
    for (const id of [
      'epoch',
      'steps',
      'train-loss',
      'test-loss',
      'train-accuracy',
      'test-accuracy',
    ])
      $(id).textContent = '–';
    $('data-info').textContent = '';
    $('plane-box').hidden = true;
    $('digits').hidden = true;
    drawLossCurve($<HTMLCanvasElement>('loss-curve'), []);
  }

  private message(text: string): void {
    const box = $('train-message');
    box.textContent = text;
    box.hidden = text === '';
  }

  private receive(report: TrainerReport): void {
    switch (report.type) {
      case 'loaded':
        $('data-info').textContent = `${report.dataset}: ${report.samples} samples`;
        $('plane-box').hidden = report.inputSize !== 2;
        $('digits').hidden = report.inputSize !== 784;
        break;
      case 'status':
        this.showStatus(report);
        break;
      case 'plane':
        this.record(report);
        break;
      case 'digits':
        drawDigits($('digits'), report);
        break;
      case 'error':
        this.wantRunning = false;
        this.message(report.message);
        break;
    }
  }

  /** Keeps the picture for the replay (thinned to every other one past MAX_SNAPSHOTS). */
  private record(plane: TrainerPlane): void {
    const slider = $<HTMLInputElement>('replay');
    const live = Number(slider.value) >= this.snapshots.length - 1;
    if (
      this.snapshots.length > 0 &&
      this.snapshots[this.snapshots.length - 1].steps === plane.steps
    )
      this.snapshots.pop();
    this.snapshots.push(plane);
    if (this.snapshots.length > MAX_SNAPSHOTS)
      this.snapshots = this.snapshots.filter(
        (_, i) => i % 2 === 0 || i === this.snapshots.length - 1,
      );
    slider.max = String(this.snapshots.length - 1);
    slider.disabled = this.snapshots.length < 2;
    if (live) {
      slider.value = slider.max;
      this.show(this.snapshots.length - 1);
    }
  }

  private show(index: number): void {
    const plane = this.snapshots[index];
    if (!plane) return;
    drawBoundary($<HTMLCanvasElement>('boundary'), plane);
    drawNetwork($<HTMLCanvasElement>('network'), plane);
    $('replay-label').textContent =
      index === this.snapshots.length - 1 ? `live · step ${plane.steps}` : `step ${plane.steps}`;
  }

  private showStatus(status: TrainerStatus): void {
    if (this.history.length === 0 || this.history[this.history.length - 1].step !== status.steps)
      this.history.push({ step: status.steps, train: status.trainLoss, test: status.testLoss });
    if (this.history.length > 2000) this.history = this.history.filter((_, i) => i % 2 === 0);
    $('epoch').textContent = String(status.epoch);
    $('steps').textContent = String(status.steps);
    $('train-loss').textContent = loss(status.trainLoss);
    $('test-loss').textContent = loss(status.testLoss);
    $('train-accuracy').textContent = percent(status.trainAccuracy);
    $('test-accuracy').textContent = percent(status.testAccuracy);
    $('kernels').textContent = status.kernels;
    document.body.dataset.training = status.running ? 'running' : 'paused';
    $('play').hidden = status.running;
    $('pause').hidden = !status.running;
    drawLossCurve($<HTMLCanvasElement>('loss-curve'), this.history);
  }
}
