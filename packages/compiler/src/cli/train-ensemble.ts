// `nnc train` of a run whose model is an ensemble: takes the compiled weak learner's module, the
// run's data splits and the ensemble's settings; prints the per-round table as rounds finish, and
// writes the ensemble checkpoint (every learner's weights and α), staged curves and boundaries.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  adaboost,
  boostBoundariesSvg,
  boostTableHeader,
  boostTableRow,
  writeSafetensors,
  stagedAccuracy,
  stagedAccuracySvg,
  svgToPng,
  type Dataset,
  type OnWeakLearner,
} from '@nnet/runtime/train';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import type { CheckedEnsemble } from '../check/ensemble.js';
import type { TrainRun } from '../check/train.js';
import { writeAtomically } from '../write-atomically.js';
import type { CliContext } from './main.js';
import { numberSetting } from '../run/fit-settings.js';

export interface EnsembleTraining {
  run: TrainRun;
  ensemble: CheckedEnsemble;
  module: CompiledModule;
  splits: { train: Dataset; validation?: Dataset; test?: Dataset };
  seed: number;
  epochs: number;
  out: string;
  source: string;
}

/** The file `nnc train` writes an ensemble's learners and α to, and `nnc eval` reads. */
export const ENSEMBLE_CHECKPOINT = 'ensemble.safetensors';

export async function trainEnsemble(job: EnsembleTraining, cli: CliContext): Promise<void> {
  const { run, ensemble, splits, seed, out } = job;
  const args = ensemble.args;
  const rounds = Number(args.rounds ?? 20);
  const onWeak = String(args.on_weak ?? 'stop') as OnWeakLearner;
  const create = (learnerSeed: number): CompiledModel => job.module.create({ seed: learnerSeed });
  const probe = create(seed);
  const params = probe.paramInfo.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
  const settings = Object.entries(args)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  cli.io.stdout(
    `Boosting ${ensemble.name} = ${ensemble.method}(${settings}) of ${ensemble.learnerText ?? ensemble.learner} ` +
      `(${params.toLocaleString('en-US')} parameters each) with run ${run.name}: ` +
      `${splits.train.count.toLocaleString('en-US')} training samples, ${ensemble.classes ?? '?'} classes\n` +
      `Each learner: ${job.epochs} epochs of batch ${numberSetting(run, 'batch', 32)} on the weighted sample (weighted loss).\n` +
      `α_t = ln((1 − ε_t)/ε_t) + ln(K − 1) (SAMME)` +
      (ensemble.classes === 2
        ? '; the deck’s binary α_t = ½·ln((1 − ε_t)/ε_t) is half of it'
        : '') +
      `; "w on H_t errors" is the weight the next learner sees on the points H_t gets wrong.\n\n`,
  );
  const classes = ensemble.classes ?? 2;
  cli.io.stdout(boostTableHeader(classes) + '\n');
  const started = performance.now();
  const result = adaboost(create, splits.train, {
    rounds,
    onWeak,
    ...(typeof args.retries === 'number' ? { retries: args.retries } : {}),
    ...(typeof args.learning_rate === 'number' ? { learningRate: args.learning_rate } : {}),
    epochs: job.epochs,
    batch: numberSetting(run, 'batch', 32),
    shuffle: run.settings.shuffle !== false,
    seed,
    onRound: (round) => cli.io.stdout(boostTableRow(round, classes) + '\n'),
  });
  const seconds = (performance.now() - started) / 1000;
  const kept = result.learners.length;
  cli.io.stdout(
    result.stopped
      ? `\nBoosting stopped at round ${result.stopped.round} of ${rounds}: ${result.stopped.reason}. The ensemble keeps ${kept} learner${kept === 1 ? '' : 's'}.\n`
      : `\n${kept} of ${rounds} rounds kept a learner.\n`,
  );

  // The round of each kept learner: with on_weak = skip a round may keep none.
  const keptRounds = result.rounds.filter((r) => r.kept).map((r) => r.round);
  const staged: { label: string; values: number[] }[] = [];
  const labels: Record<string, string> = {
    train: 'training',
    validation: 'validation',
    test: 'test',
  };
  for (const [split, data] of Object.entries(splits)) {
    if (!data || kept === 0) continue;
    const label = labels[split] ?? split;
    const values = stagedAccuracy(result.learners, result.alphas, classes, data);
    staged.push({ label, values });
    cli.io.stdout(`${label.padEnd(10)} accuracy of H ${(values[kept - 1] * 100).toFixed(2)} %\n`);
  }
  cli.io.stdout(`${seconds.toFixed(1)} s of boosting\n`);

  const written: string[] = [];
  const checkpoint = path.join(out, ENSEMBLE_CHECKPOINT);
  writeEnsembleCheckpoint(checkpoint, result.learners, result.alphas, {
    ensemble: ensemble.name,
    learner: ensemble.learnerText ?? ensemble.learner,
    classes: String(classes),
    run: run.name,
    source: cli.display(job.source),
    seed: String(seed),
    ...(result.stopped
      ? { stopped: `round ${result.stopped.round}: ${result.stopped.reason}` }
      : {}),
  });
  written.push(checkpoint);
  const report = {
    ensemble: ensemble.name,
    learner: ensemble.learnerText ?? ensemble.learner,
    run: run.name,
    classes,
    rounds: result.rounds,
    alphas: result.alphas,
    ...(result.stopped ? { stopped: result.stopped } : {}),
    staged: Object.fromEntries(staged.map((s) => [s.label, s.values])),
    seconds,
  };
  writeAtomically(path.join(out, 'boosting.json'), JSON.stringify(report, null, 2) + '\n');
  written.push(path.join(out, 'boosting.json'));
  if (kept > 0) {
    const title = `${ensemble.name}: accuracy of H_t after each round`;
    written.push(
      ...(await writePicture(
        path.join(out, 'staged'),
        stagedAccuracySvg(staged, title, keptRounds),
      )),
    );
    if (probe.inputShape.length === 1 && probe.inputShape[0] === 2) {
      const svg = boostBoundariesSvg(
        result.learners,
        result.alphas,
        classes,
        splits.train,
        result.labels,
        result.trainedOn,
        `${ensemble.name}: the resulting classifier H_t after each round`,
        undefined,
        keptRounds,
      );
      written.push(...(await writePicture(path.join(out, 'rounds'), svg)));
    }
  }
  cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(', ')}\n`);
}

/** Tensors `learner_<t>/<param>` for t = 1 … T and `alphas` [T]; the metadata names the ensemble. */
export function writeEnsembleCheckpoint(
  file: string,
  learners: readonly CompiledModel[],
  alphas: readonly number[],
  metadata: Record<string, string>,
): void {
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
    alphas: { shape: [alphas.length], data: Float32Array.from(alphas) },
  };
  learners.forEach((learner, t) => {
    for (const info of learner.paramInfo)
      tensors[`learner_${t + 1}/${info.name}`] = {
        shape: [...info.shape],
        data: Float32Array.from(learner.params[info.name]),
      };
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeSafetensors(file, {
    tensors,
    metadata: { format: 'nnet-ensemble', rounds: String(alphas.length), ...metadata },
  });
}

async function writePicture(base: string, svg: string): Promise<string[]> {
  writeAtomically(`${base}.svg`, svg);
  try {
    fs.writeFileSync(`${base}.png`, await svgToPng(svg));
    return [`${base}.svg`, `${base}.png`];
  } catch {
    return [`${base}.svg`];
  }
}
