// `nnc plot REPORT.json…`: overlays the learning curves of several runs (the JSON reports that
// `nnc train` writes to out/<run>/report.json) in one SVG + PNG with a legend, and prints a table of
// their final values. Per epoch or per step (`log_every`), linear or log scale.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import {
  CompareError,
  compareRunsSvg,
  finalValuesTable,
  runCurves,
  svgToPng,
  type TrainingReport,
  regularFileProblem,
} from '@nnet/runtime/train';
import { writeAtomically } from '../write-atomically.js';
import type { CliContext } from './main.js';

interface PlotOptions {
  out: string;
  metric: string;
  log?: boolean;
  per: 'epoch' | 'step';
  title?: string;
}

export function registerPlotCommand(program: Command, cli: CliContext): void {
  program
    .command('plot')
    .description(
      'overlay the learning curves of several runs (their JSON reports, e.g. out/<run>/report.json) in one picture and print their final values',
    )
    .argument(
      '<reports...>',
      'JSON reports written by nnc train (out/<run>/report.json or --report FILE)',
    )
    .option(
      '-o, --out <file>',
      'the picture: FILE.svg and FILE.png are written (give FILE, FILE.svg or FILE.png)',
      'compare.svg',
    )
    .option(
      '--metric <name>',
      'what to plot: loss or a metric of the runs (accuracy, auc, mae, …)',
      'loss',
    )
    .option('--log', 'logarithmic y axis')
    .addOption(
      new Option(
        '--per <unit>',
        'x axis: epochs, or gradient steps (needs `log_every = N` in the train runs)',
      )
        .choices(['epoch', 'step'])
        .default('epoch'),
    )
    .option('--title <text>', 'the picture title (default: the runs compared)')
    .action(async (files: string[], options: PlotOptions) => {
      const reports: { label: string; report: TrainingReport; file: string }[] = [];
      for (const file of files) {
        const report = readReport(file, cli);
        if (!report) return;
        reports.push({ label: report.run, report, file });
      }
      // Two reports of the same run (e.g. two seeds) are told apart by their file.
      for (const entry of reports)
        if (reports.filter((r) => r.label === entry.report.run).length > 1)
          entry.label = `${entry.report.run} (${entry.file})`;
      try {
        if (options.per === 'step') {
          const missing = reports.find((r) => !r.report.steps?.length);
          if (missing)
            throw new CompareError(
              `${missing.file} has no per-step losses; add \`log_every = 1\` (or N) to train ${missing.report.run} and train again, or plot --per epoch`,
            );
        }
        const known = new Set(reports.flatMap((r) => Object.keys(r.report.epochs[0] ?? {})));
        if (!known.has(options.metric))
          throw new CompareError(
            `${reports.length === 1 ? `${reports[0].file} did not record` : `none of ${reports.map((r) => r.file).join(', ')} recorded`} ${options.metric}; ${reports.length === 1 ? 'it' : 'they'} recorded: ${[...known].filter((k) => k !== 'epoch' && k !== 'seconds' && !k.startsWith('val_')).join(', ')}. Plot one of those with --metric, or add \`metrics = [${options.metric}]\` to the train run${reports.length === 1 ? '' : 's'} and train again`,
          );
        const svg = compareRunsSvg(
          reports.map((r) => runCurves(r.report, r.label, options.metric, options.per)),
          {
            metric: options.metric,
            per: options.per,
            log: !!options.log,
            title: options.title ?? reports.map((r) => r.label).join(' vs '),
          },
        );
        // `-o compare`, `-o compare.svg` and `-o compare.png` all write compare.svg and compare.png.
        const base = cli.resolve(options.out).replace(/\.(svg|png)$/i, '');
        const out = `${base}.svg`;
        fs.mkdirSync(path.dirname(out), { recursive: true });
        writeAtomically(out, svg);
        const png = `${base}.png`;
        fs.writeFileSync(png, await svgToPng(svg));
        cli.io.stdout(finalValuesTable(reports));
        cli.io.stdout(`wrote ${cli.display(out)}, ${cli.display(png)}\n`);
      } catch (error) {
        if (!(error instanceof CompareError)) throw error;
        cli.io.stderr(`nnc: ${error.message}\n`);
        cli.setExit(1);
      }
    });
}

function readReport(file: string, cli: CliContext): TrainingReport | undefined {
  const fail = (detail: string) => {
    cli.io.stderr(`nnc: ${file}: ${detail}\n`);
    cli.setExit(1);
    return undefined;
  };
  let parsed: unknown;
  // Checked before reading: /dev/zero never ends, and opening a FIFO blocks.
  const problem = regularFileProblem(cli.resolve(file));
  if (problem !== undefined) return fail(problem);
  try {
    parsed = JSON.parse(fs.readFileSync(cli.resolve(file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'no such file' : `not a JSON report (${(error as Error).message})`,
    );
  }
  const report = parsed as Partial<TrainingReport> & { format?: string };
  if (report.format === 'nnet-evaluation-report')
    return fail(
      'is an evaluation report; nnc plot compares training reports (out/<run>/report.json)',
    );
  if (
    !report ||
    typeof report !== 'object' ||
    !Array.isArray(report.epochs) ||
    typeof report.run !== 'string' ||
    typeof report.final !== 'object'
  )
    return fail(
      'expected a training report with "run", "epochs" and "final", as nnc train writes to out/<run>/report.json',
    );
  return report as TrainingReport;
}
