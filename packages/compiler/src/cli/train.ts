// `nnc train`: compiles a train run's model in memory, loads and splits its data, trains it with
// the runtime's fit (progress bar, early stopping, checkpoints, NaN guard), then prints the epoch
// table and final metrics and writes learning curves, a decision boundary and a JSON report.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import {
  DataError,
  SafetensorsError,
  buildReport,
  createProgressReporter,
  decisionBoundarySvg,
  defaultThreads,
  evaluate,
  fit,
  historyTable,
  learningCurvesSvg,
  readSafetensors,
  recordWeights,
  setThreads,
  svgToPng,
} from '@nnet/runtime/train';
import { importGeneratedModule, runtimeFileUrl } from '../targets/js/load.js';
import { compileFromCli } from './compile.js';
import { writeAtomically } from '../write-atomically.js';
import { writeEvaluation } from './evaluate.js';
import { checkpointMetadata } from '../run/tabular-splits.js';
import { startTrace, traceFormats, type TraceFormat } from './trace-output.js';
import { RECORDING_FILE, joinReporters, parseRecordOption, recordSetting } from './record.js';
import type { CliContext } from './main.js';
import { fitSettings, numberSetting } from '../run/fit-settings.js';
import { loadSplits } from '../run/load-splits.js';
import { trainEnsemble } from './train-ensemble.js';
import { describePlan, startTrainingThreads } from '../targets/js/parallel-training.js';
import { collectSet, withSets } from './set-overrides.js';
import { findModelGraph } from '../check/ensemble-learner.js';

interface TrainOptions {
  run?: string;
  model?: string;
  epochs?: string;
  out?: string;
  report?: string;
  resume?: string | boolean;
  trace?: boolean;
  traceFormat?: string;
  plotBoundary?: boolean;
  record?: string;
  seed?: string;
  threads?: string;
  quiet?: boolean;
  /** `--no-evaluation` */
  evaluation?: boolean;
  noEvaluation?: boolean;
  set?: string[];
}

export function registerTrainCommand(program: Command, cli: CliContext): void {
  program
    .command('train')
    .description(
      'train a model with one of its train runs: progress, early stopping, checkpoints, curves and a report; a run of an `ensemble` boosts its learner (per-round table, ensemble.safetensors, staged accuracy, the classifier after each round; docs/ensembles.md)',
    )
    .argument('<file>', 'a .nnet file')
    .option('-r, --run <name>', 'the train run (default: the first)')
    .option('--epochs <n>', "override the run's number of epochs (a whole number ≥ 1)")
    .option('-o, --out <dir>', 'folder for checkpoints, curves and plots (default: out/<run>)')
    .option(
      '--report <file>',
      'write a JSON report: per-epoch values, final metrics per split, speed',
    )
    .option(
      '--resume [checkpoint]',
      'continue from a checkpoint (default: <out>/checkpoint.safetensors)',
    )
    .option(
      '--trace',
      'print the perceptron table: step (optimizer steps), x, Σwx, u, y, w before → after with the bias first as w0; a row per sample of each batch',
    )
    .option(
      '--trace-format <format>',
      'the trace as text (the table, on the terminal), csv (<out>/trace.csv, a row per sample) or json (<out>/trace.jsonl, a line per step); implies --trace',
    )
    .option(
      '--plot-boundary',
      'draw the decision boundary with the points (SVG and PNG); only for 2-D inputs, checked before training',
    )
    .option(
      '--record <what>',
      "record weight snapshots into <out>/weights.nnwr for nnc graph --weights: weights (every epoch), weights:every=Nsteps or weights:every=Nepochs; the first and last always (overrides the run's record_weights)",
    )
    .option('--seed <n>', "override the run's seed")
    .option(
      '--set <key=value>',
      'set a model parameter, constant, train setting or optimizer argument, checked like the file (repeatable): --set width=128 --set lr=0.003',
      collectSet,
    )
    .option(
      '--threads <n>',
      "threads for training: copies of the model over each batch where the model allows, else split matrix products (default: the run's `threads`, else all cores)",
    )
    .option('-q, --quiet', 'no progress bar')
    .option(
      '--no-evaluation',
      'skip the evaluation report written at the end (out/<run>/evaluation: ROC, score distributions or confusion matrix for classifiers; residuals and the fit for regression)',
    )
    .action(async (file: string, options: TrainOptions) => {
      options.noEvaluation = options.evaluation === false;
      try {
        const overridden = withSets(cli, file, options.set, options.run);
        if (overridden) await train(file, options, overridden);
      } catch (error) {
        if (error instanceof DataError || error instanceof SafetensorsError) {
          cli.io.stderr(`nnc: ${error.message}\n`);
          cli.setExit(1);
          return;
        }
        throw error;
      }
    });
}

/** `--epochs abc`, `0` or `-5` is a usage error (exit 2) before anything is compiled. */
function wholeNumberOption(
  name: string,
  text: string | undefined,
  min: number,
  cli: CliContext,
): boolean {
  if (text === undefined) return true;
  const value = Number(text.trim());
  if (text.trim() !== '' && Number.isSafeInteger(value) && value >= min) return true;
  cli.io.stderr(
    `nnc: --${name} expects a whole number of at least ${min}, found ${JSON.stringify(text)}\n`,
  );
  cli.setExit(2);
  return false;
}

async function train(file: string, options: TrainOptions, cli: CliContext): Promise<void> {
  if (
    !wholeNumberOption('epochs', options.epochs, 1, cli) ||
    !wholeNumberOption('seed', options.seed, 0, cli)
  )
    return;
  const recordOption = options.record !== undefined ? parseRecordOption(options.record) : undefined;
  if (
    options.traceFormat !== undefined &&
    !traceFormats.includes(options.traceFormat as TraceFormat)
  ) {
    cli.io.stderr(
      `nnc: --trace-format expects ${traceFormats.join(', ')}; found ${JSON.stringify(options.traceFormat)}\n`,
    );
    cli.setExit(2);
    return;
  }
  if (recordOption && 'error' in recordOption) {
    cli.io.stderr(`nnc: ${recordOption.error}\n`);
    cli.setExit(2);
    return;
  }
  const compiled = compileFromCli(
    file,
    { run: options.run, firstRun: true, readData: true },
    cli,
    runtimeFileUrl(),
  );
  if (!compiled) return;
  const result = cli.check(file, true)!;
  const run = result.checked!.runs.find(
    (r) => r.name === compiled.run && r.file === result.checked!.program.entry,
  );
  if (!run || !run.data || !run.loss) {
    cli.io.stderr(
      `nnc: ${cli.display(cli.resolve(file))} has no train run${options.run ? ` named "${options.run}"` : ''} for model ${compiled.model}; add e.g. \`train ${compiled.model} { data = …, loss = … }\`\n`,
    );
    cli.setExit(2);
    return;
  }
  const seed = options.seed !== undefined ? Number(options.seed) : numberSetting(run, 'seed', 0);
  const threads =
    options.threads !== undefined
      ? Number(options.threads)
      : numberSetting(run, 'threads', defaultThreads());
  if (!Number.isInteger(threads) || threads < 1) {
    cli.io.stderr(
      `nnc: --threads expects a whole number of threads, at least 1; found '${options.threads}'\n`,
    );
    cli.setExit(2);
    return;
  }
  setThreads(threads);
  const module = await importGeneratedModule(compiled.js);
  const model = module.create({ seed });
  if (options.plotBoundary && !(model.inputShape.length === 1 && model.inputShape[0] === 2)) {
    // Said before any data is loaded or any epoch is spent.
    cli.io.stderr(
      `nnc: --plot-boundary draws the plane of 2-D inputs, but ${model.name} takes [${model.inputShape.join(', ')}]; leave out --plot-boundary (the evaluation report and \`nnc eval\` show any model's outputs)\n`,
    );
    cli.setExit(2);
    return;
  }
  const reportFile = options.report ? cli.resolve(options.report) : undefined;
  if (reportFile && fs.statSync(reportFile, { throwIfNoEntry: false })?.isDirectory()) {
    // Said before any epoch is spent (`--report /` or a folder would fail only at the end).
    cli.io.stderr(`nnc: cannot write ${reportFile}: it is a folder, expected a file\n`);
    cli.setExit(2);
    return;
  }
  const source = cli.resolve(file);
  const out = cli.resolve(options.out ?? path.join('out', run.name));
  fs.mkdirSync(out, { recursive: true });

  const splits = loadSplits(run, model, path.dirname(source), seed);
  const ensemble = run.ensemble
    ? result.checked!.ensembles.find((e) => e.name === run.ensemble && e.file === run.file)
    : undefined;
  if (ensemble) {
    const unsupported = [
      options.resume ? '--resume' : '',
      options.trace ? '--trace' : '',
      options.plotBoundary ? '--plot-boundary (rounds.png draws each round)' : '',
    ].filter(Boolean);
    if (unsupported.length > 0)
      cli.io.stderr(
        `nnc: ${unsupported.join(', ')} ${unsupported.length === 1 ? 'does' : 'do'} not apply to boosting ensemble ${ensemble.name}; ignored\n`,
      );
    const epochs =
      options.epochs !== undefined ? Number(options.epochs) : numberSetting(run, 'epochs', 10);
    const job = { run, ensemble, module, splits, seed, epochs, out, source };
    return trainEnsemble(job, cli);
  }
  const settings = fitSettings(run, seed);
  const metrics = settings.metrics;
  const epochs = options.epochs !== undefined ? Number(options.epochs) : settings.epochs;
  const params = model.paramInfo.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
  const resume =
    options.resume === true
      ? path.join(out, 'checkpoint.safetensors')
      : options.resume
        ? cli.resolve(options.resume)
        : undefined;

  cli.io.stdout(
    `Training ${model.name} (${params.toLocaleString('en-US')} parameters) with run ${run.name}: ` +
      `${splits.train.count.toLocaleString('en-US')} training samples` +
      `${splits.validation ? `, ${splits.validation.count.toLocaleString('en-US')} for validation` : ''}` +
      `${splits.test ? `, ${splits.test.count.toLocaleString('en-US')} for test` : ''}\n`,
  );
  const progress = createProgressReporter({
    write: (t: string) => cli.io.stdout(t),
    isTTY: cli.io.color && !options.quiet,
  });
  const trace = startTrace(options, result, model, out, cli);
  // `log_every = N`: the mean loss of every N steps, for learning curves per step.
  const logEvery = numberSetting(run, 'log_every', 0);
  const steps: { step: number; epoch: number; loss: number }[] = [];
  const window = { steps: 0, samples: 0, sum: 0, total: 0 };
  const onStep = (epoch: number, _step: number, loss: number, size: number) => {
    window.total++;
    window.steps++;
    window.samples += size;
    window.sum += loss * size;
    if (window.steps < logEvery) return;
    steps.push({ step: window.total, epoch, loss: window.sum / window.samples });
    Object.assign(window, { steps: 0, samples: 0, sum: 0 });
  };
  const schedule = recordOption ?? recordSetting(run);
  const recording = schedule
    ? recordWeights(
        model,
        path.join(out, RECORDING_FILE),
        schedule,
        { run: run.name, source: path.basename(source) },
        resume ? Number(readSafetensors(resume).metadata.epoch ?? 0) : undefined,
      )
    : undefined;
  // Copies of the model over the batch, or one copy with its products split (parallel-training.ts).
  const training = await startTrainingThreads(model, compiled.js, {
    threads,
    batch: settings.batch,
    seed,
  });
  if (threads > 1 && !options.quiet)
    cli.io.stdout(`Threads: ${threads}, ${describePlan(training.plan)}\n`);
  const fitResult = await fit(
    model,
    { train: splits.train, ...(splits.validation ? { validation: splits.validation } : {}) },
    {
      ...settings,
      epochs,
      checkpointDir: out,
      ...(resume ? { resume } : {}),
      trace: !!trace,
      runName: run.name,
      metadata: checkpointMetadata(splits.train),
      ...(training.group ? { copies: training.group } : {}),
      reporter: joinReporters(recording?.hooks ?? {}, {
        ...(options.quiet ? { onMessage: progress.onMessage } : progress),
        ...(trace ? { onTrace: trace.onTrace } : {}),
        ...(logEvery > 0 ? { onStep } : {}),
      }),
    },
  );
  training.group?.stop();
  trace?.close();
  const recorded = recording?.finish(fitResult.stoppedEarly && !fitResult.nan);

  if (fitResult.history.length > 0) cli.io.stdout('\n' + historyTable(fitResult.history));
  const final = {
    train: evaluate(model, splits.train, metrics),
    validation: splits.validation ? evaluate(model, splits.validation, metrics) : undefined,
    test: splits.test ? evaluate(model, splits.test, metrics) : undefined,
  };
  for (const [split, evaluation] of Object.entries(final)) {
    if (!evaluation) continue;
    // A run stopped by divergence may end on weights whose loss overflows float32.
    const unreadable = (v: number) =>
      Number.isNaN(v) ? 'not a number (overflowed)' : `${v < 0 ? '-' : ''}infinite (overflowed)`;
    const loss = !Number.isFinite(evaluation.loss)
      ? unreadable(evaluation.loss)
      : Math.abs(evaluation.loss) >= 1e4
        ? evaluation.loss.toExponential(3)
        : evaluation.loss.toFixed(4);
    const values = [
      `loss ${loss}`,
      ...Object.entries(evaluation.metrics).map(
        ([k, v]) =>
          `${k} ${!Number.isFinite(v) ? unreadable(v) : k.includes('acc') ? `${(v * 100).toFixed(2)} %` : v.toFixed(4)}`,
      ),
    ];
    cli.io.stdout(`${split.padEnd(10)} ${values.join(', ')}\n`);
  }
  cli.io.stdout(
    `${Math.round(fitResult.samplesPerSecond).toLocaleString('en-US')} samples/s over ${fitResult.trainingSeconds.toFixed(1)} s of training\n`,
  );

  const written: string[] = [];
  if (fitResult.history.length > 0) {
    const svg = learningCurvesSvg(
      fitResult.history,
      run.name === model.name ? model.name : `${model.name} — ${run.name}`,
    );
    written.push(...(await writePicture(path.join(out, 'curves'), svg)));
  }
  if (options.plotBoundary) {
    // 2-D inputs: checked before training.
    written.push(
      ...(await writePicture(
        path.join(out, 'boundary'),
        decisionBoundarySvg(model, splits.train, `${model.name}: decision boundary`),
      )),
    );
  }
  // The JSON report always goes next to the checkpoint (for `nnc plot`), and to --report FILE.
  const report = buildReport(
    { model: model.name, source: cli.display(source), run: run.name, params },
    fitResult,
    final,
  );
  if (steps.length > 0) report.steps = steps;
  if (recording && recorded !== undefined)
    report.recording = { snapshots: recorded, cpuSeconds: recording.cpuSeconds() };
  const reportText = JSON.stringify(report, null, 2) + '\n';
  writeAtomically(path.join(out, 'report.json'), reportText);
  written.push(path.join(out, 'report.json'));
  if (options.report) {
    writeAtomically(cli.resolve(options.report), reportText);
    written.push(cli.resolve(options.report));
  }
  written.push(path.join(out, 'checkpoint.safetensors'));
  if (trace?.file) written.push(trace.file);
  if (recorded !== undefined)
    written.push(
      `${path.join(out, RECORDING_FILE)} (${recorded} snapshot${recorded === 1 ? '' : 's'})`,
    );
  cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(', ')}\n`);
  if (!fitResult.nan && !options.noEvaluation) {
    const graph = findModelGraph(result.checked!, model.name);
    // The evaluation report: ROC, score distributions or confusion matrix; regression pictures.
    await writeEvaluation(
      model,
      { training: splits.train, validation: splits.validation, test: splits.test },
      {
        model: model.name,
        run: run.name,
        source: cli.display(source),
        checkpoint: cli.display(path.join(out, 'checkpoint.safetensors')),
      },
      splits.test ? 'test' : splits.validation ? 'validation' : 'training',
      path.join(out, 'evaluation'),
      cli,
      graph ? { graph, run, result } : undefined,
    );
  }
  if (fitResult.nan) cli.setExit(1);
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
