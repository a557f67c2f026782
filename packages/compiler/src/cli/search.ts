// `nnc search FILE`: runs a checked `search` declaration: plans its trials (the grid, seeded
// samples, or TPE asked for each next trial), has worker threads check, compile and train them with
// pruning, prints a live table and a ranking, and writes the results (JSON lines as it goes, JSON,
// CSV, the best configuration as a .nnet file and as --set arguments, the pictures of plots.ts).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { builtinCatalogue } from '../compile.js';
import type { CheckedSearch } from '../check/search.js';
import type { Catalogue } from '../catalogue/types.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Program } from '../program.js';
import { parse } from '../syntax/parse.js';
import { SourceText } from '../syntax/source.js';
import { describeSearch } from '../search/describe.js';
import { createPruner } from '../search/pruners.js';
import {
  bestTrial,
  formatMetric,
  rankTrials,
  setArguments,
  tableHeader,
  valueWidths,
  trialRow,
  trialsCsv,
  withoutSearches,
} from '../search/results.js';
import {
  readResults,
  runTrials,
  startTrialWorkers,
  type RunTiming,
  type TrialPlan,
  type TrialRecord,
  type TrialWorker,
} from '../search/runner.js';
import { loadSharedData } from '../search/shared-data.js';
import { runtimeFileUrl } from '../targets/js/load.js';
import { trialOverrides, valuesUsed, variantProgram } from '../search/trials.js';
import { repeatSeeds } from '../search/space.js';
import type { Override } from '../search/overrides.js';
import { searchPlanner } from '../search/planner.js';
import { writeSearchPictures } from '../search/plots.js';
import { numberSetting } from '../run/fit-settings.js';
import { writeAtomically } from '../write-atomically.js';
import type { CliContext } from './main.js';

interface SearchOptions {
  search?: string;
  workers?: string;
  out?: string;
  resume?: boolean;
  trials?: string;
  quiet?: boolean;
}

export function registerSearchCommand(program: Command, cli: CliContext): void {
  program
    .command('search')
    .description(
      "run a file's `search` declaration: trials on worker threads with pruning, a live table, the best configuration as a .nnet file, pictures",
    )
    .argument('<file>', 'a .nnet file with a `search … over …` declaration')
    .option('-s, --search <name>', 'the search to run (default: the first)')
    .option('-w, --workers <n>', 'worker threads, one trial each (default: one per core)')
    .option('-o, --out <dir>', 'folder for the results (default: out/search/<search>)')
    .option(
      '--resume',
      'continue a search stopped part-way: finished trials (from <out>/trials.jsonl) are kept, the rest run',
    )
    .option('--trials <n>', 'run at most this many trials (the first of the plan)')
    .option('-q, --quiet', 'no live table, only the ranking')
    .action(async (file: string, options: SearchOptions) => searchCommand(file, options, cli));
}

function wholeNumber(
  text: string | undefined,
  flag: string,
  cli: CliContext,
): number | undefined | false {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (Number.isSafeInteger(value) && value >= 1) return value;
  cli.io.stderr(
    `nnc: ${flag} expects a whole number of at least 1, found ${JSON.stringify(text)}\n`,
  );
  cli.setExit(2);
  return false;
}

async function searchCommand(file: string, options: SearchOptions, cli: CliContext): Promise<void> {
  const workers = wholeNumber(options.workers, '--workers', cli);
  const maxTrials = wholeNumber(options.trials, '--trials', cli);
  if (workers === false || maxTrials === false) return;
  // The workers load the compiler and the runtime while this thread checks the file.
  const pool = startTrialWorkers(workers ?? Math.max(1, os.availableParallelism()));
  try {
    await runSearch(file, options, maxTrials, pool, cli);
  } finally {
    await Promise.all(pool.map((w) => w.worker.terminate()));
  }
}

async function runSearch(
  file: string,
  options: SearchOptions,
  maxTrials: number | undefined,
  pool: TrialWorker[],
  cli: CliContext,
): Promise<void> {
  const result = cli.check(file, true);
  if (!result?.checked || hasErrors(result.diagnostics)) return;
  const checked = result.checked;
  const search = options.search
    ? checked.searches.find((s) => s.name === options.search)
    : checked.searches[0];
  if (!search) {
    const names = checked.searches.map((s) => s.name);
    cli.io.stderr(
      options.search
        ? `nnc: no search named "${options.search}"; the searches are: ${names.join(', ') || 'none'}\n`
        : `nnc: ${cli.display(checked.program.entry)} has no search; add e.g. \`search Tune over ${checked.runs[0]?.name ?? 'Run'} { width in [32, 64] }\`\n`,
    );
    cli.setExit(2);
    return;
  }
  const run = checked.runs.find((r) => r.name === search.run && r.file === checked.program.entry)!;
  // Every trial sees the run's data (its `data_seed`, else its `seed`) and has its own seed.
  const dataSeed = numberSetting(run, 'data_seed', numberSetting(run, 'seed', 0));
  const planner = searchPlanner(search, Math.min(search.trials, maxTrials ?? Infinity));
  const out = cli.resolve(options.out ?? path.join('out', 'search', search.name));
  fs.mkdirSync(out, { recursive: true });
  const resultsFile = path.join(out, 'trials.jsonl');
  const planFile = path.join(out, 'plan.json');
  const planText =
    JSON.stringify(
      {
        search: search.name,
        dataSeed,
        // Only when set, so plan files of searches without it stay as they were.
        ...(search.seeds > 1 ? { seeds: search.seeds } : {}),
        ...planner.plan,
      },
      null,
      1,
    ) + '\n';

  let finished: TrialRecord[] = [];
  if (options.resume) {
    if (fs.existsSync(planFile) && fs.readFileSync(planFile, 'utf8') !== planText) {
      cli.io.stderr(
        `nnc: --resume: ${cli.display(out)} holds a different search (its plan changed); run without --resume to start again, or use another --out\n`,
      );
      cli.setExit(2);
      return;
    }
    finished = readResults(resultsFile).filter((r) => r.trial <= planner.trialCount);
  }
  writeAtomically(planFile, planText);
  // Keep exactly the finished lines: a line cut short by a kill goes, its trial runs again.
  writeAtomically(resultsFile, finished.map((r) => JSON.stringify(r) + '\n').join(''));

  for (const record of finished) planner.observe(record);
  const todo = planner.trialCount - finished.length;
  const workerCount = pool.length;
  const { keys } = planner;
  const widths = valueWidths(keys, planner.typicalValues);
  cli.io.stdout(
    `Search ${search.name} over ${search.run}: ${describeSearch(search)}\n` +
      `${finished.length ? `resuming: ${finished.length} finished trial${finished.length === 1 ? '' : 's'} kept, ` : ''}` +
      `${todo} to run on ${Math.min(workerCount, Math.max(1, todo))} worker thread${workerCount === 1 ? '' : 's'}\n\n`,
  );
  if (!options.quiet) cli.io.stdout(tableHeader(keys, search.metric, widths) + '\n');
  const pruner = createPruner(search.pruner, search);
  for (const record of finished) pruner.replay(record.trial, record.curve);
  const catalogue = builtinCatalogue();
  const runOptimizer = run.optimizer?.name ?? 'sgd';

  const rateKeys = learningRateKeys(search, catalogue);
  // The runtime the trials' modules use, for the model the shared data is shaped by.
  const runtimeUrl = runtimeFileUrl();
  const runtime: unknown = await import(runtimeUrl);
  const overridesOf = (plan: TrialPlan) =>
    trialOverrides(search, plan.configuration, runOptimizer, catalogue, {
      seed: plan.seed,
      dataSeed,
    });

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { records, outOfTime, mainThreadCpuSeconds, timing } = await runTrials({
    nextPlan: (prefer) => {
      const plan = planner.next(prefer);
      if (!plan) return undefined;
      const values = valuesUsed(search, plan.configuration, runOptimizer, catalogue);
      return { ...plan, configuration: { ...plan.configuration, values } };
    },
    trialCount: todo,
    overrides: overridesOf,
    repeatSeeds: (plan) => repeatSeeds(search.seed, plan.trial, search.seeds),
    setup: {
      entry: checked.program.entry,
      texts: [...checked.program.files].map(([file, parsed]) => [file, parsed.source.text]),
      run: search.run,
      metric: search.metric,
      prune: search.pruner !== 'none',
      cwd: cli.io.cwd,
      learningRateKeys: rateKeys,
    },
    // Read and split once here, in shared memory, instead of once in every worker.
    sharedData: (plan) =>
      loadSharedData(
        checked.program,
        search.run,
        overridesOf(plan),
        new Set(rateKeys),
        runtime,
        runtimeUrl,
      ),
    workers: pool,
    resultsFile,
    pruner,
    ...(search.minutes ? { deadline: Date.now() + search.minutes * 60_000 } : {}),
    onEnd: (record) => {
      planner.observe(record);
      if (!options.quiet) cli.io.stdout(trialRow(record, keys, search.metric, widths) + '\n');
    },
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const all = [...finished, ...records];
  const counts = (status: string) => all.filter((r) => r.status === status).length;
  cli.io.stdout(
    `\n${all.length} trials: ${counts('complete')} complete, ${counts('pruned')} pruned` +
      `${counts('failed') ? `, ${counts('failed')} failed` : ''}${counts('diverged') ? `, ${counts('diverged')} diverged` : ''}` +
      `${outOfTime ? `; stopped starting trials after ${search.minutes} min` : ''}; ` +
      `${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU` +
      `${mainThreadCpuSeconds !== undefined ? ` (main thread ${mainThreadCpuSeconds.toFixed(2)} s)` : ''}\n`,
  );
  for (const record of all.filter((r) => r.status === 'failed').slice(0, 3))
    cli.io.stderr(`nnc: trial #${record.trial} failed: ${record.message}\n`);

  const ranked = rankTrials(all, search);
  cli.io.stdout(`\nRanking (${search.maximize ? 'highest' : 'lowest'} ${search.metric} first):\n`);
  cli.io.stdout(tableHeader(keys, search.metric, widths) + '\n');
  for (const record of ranked.slice(0, 10))
    cli.io.stdout(trialRow(record, keys, search.metric, widths) + '\n');
  const best = bestTrial(all, search);
  // Everything the best trial's file got: the search's fixed settings, its values, its seeds.
  const bestOverrides =
    best && trialOverrides(search, best, runOptimizer, catalogue, { seed: best.seed, dataSeed });
  const thisRun = {
    wallSeconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(mainThreadCpuSeconds !== undefined ? { mainThreadCpuSeconds } : {}),
    ...timing,
  };
  const written = writeResults(
    out,
    all,
    keys,
    search,
    checked.program,
    bestOverrides,
    best,
    thisRun,
  );
  written.push(...(await writeSearchPictures(out, all, keys, search, best?.trial)));
  if (best) {
    cli.io.stdout(
      `\nbest: trial #${best.trial}, ${search.metric} ${formatMetric(best.metric, search.metric)}` +
        `${best.repeats ? ` (mean of ${best.repeats.length} seeds; ${formatMetric(best.repeats[0].metric, search.metric)} with seed ${best.seed}, which these reproduce)` : ''}\n` +
        `  nnc train ${cli.display(checked.program.entry)} ${setArguments(bestOverrides!)}\n` +
        `  nnc train ${cli.display(path.join(out, 'best.nnet'))}\n`,
    );
  } else cli.setExit(1);
  cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(', ')}\n`);
}

/** The searched optimizer arguments that some optimizer takes as its learning rate (`lr`). */
function learningRateKeys(search: CheckedSearch, catalogue: Catalogue): string[] {
  const rateNames = new Set(
    [...catalogue.optimizers.values()].flatMap((spec) =>
      Object.entries(spec.runtimeOptions)
        .filter(([, option]) => option === 'learningRate')
        .map(([name]) => name),
    ),
  );
  return [
    ...new Set(
      search.sources
        .filter((s) => s.target === 'optimizer-argument' && rateNames.has(s.key))
        .map((s) => s.key),
    ),
  ];
}

function writeResults(
  out: string,
  records: readonly TrialRecord[],
  keys: readonly string[],
  search: CheckedSearch,
  program: Program,
  bestOverrides: Override[] | undefined,
  best: TrialRecord | undefined,
  thisRun: RunTiming & { wallSeconds: number; cpuSeconds: number; mainThreadCpuSeconds?: number },
): string[] {
  const sorted = [...records].sort((a, b) => a.trial - b.trial);
  const json = {
    search: search.name,
    run: search.run,
    metric: search.metric,
    maximize: search.maximize,
    best: best?.trial ?? null,
    trials: sorted,
    // This run's times (not those of trials kept by --resume): what the benchmark reads.
    timing: thisRun,
  };
  const files = [
    path.join(out, 'trials.jsonl'),
    path.join(out, 'trials.json'),
    path.join(out, 'trials.csv'),
  ];
  writeAtomically(files[1], JSON.stringify(json, null, 2) + '\n');
  writeAtomically(files[2], trialsCsv(sorted, keys, search.metric));
  if (!best || !bestOverrides) return files;
  const catalogue = builtinCatalogue();
  const overrides = bestOverrides;
  const variant = variantProgram(program, search.run, overrides, catalogue);
  if (variant) {
    const edited = parse(new SourceText(program.entry, variant.edited.text)).value;
    const spans = edited.declarations.filter((d) => d.kind === 'Search').map((d) => d.span);
    const header =
      `// The best trial (#${best.trial}, ${search.metric} ${formatMetric(best.metric, search.metric)}) of search ${search.name} in ${path.basename(program.entry).replace(/[\r\n]/g, ' ')}.\n` +
      (best.repeats
        ? `// Its metric is the mean over ${best.repeats.length} seeds; \`nnc train\` on this file reproduces the first, ${formatMetric(best.repeats[0].metric, search.metric)}: the trial's seed ${best.seed} (weights, shuffle, dropout), the run's data seed ${bestOverrides.find((o) => o.key === 'data_seed')?.value}.\n\n`
        : `// \`nnc train\` on this file reproduces it: the trial's seed ${best.seed} (weights, shuffle, dropout), the run's data seed ${bestOverrides.find((o) => o.key === 'data_seed')?.value}.\n\n`);
    const bestFile = path.join(out, 'best.nnet');
    writeAtomically(bestFile, header + withoutSearches(variant.edited.text, spans));
    writeAtomically(path.join(out, 'best.args'), setArguments(bestOverrides) + '\n');
    files.push(bestFile, path.join(out, 'best.args'));
  }
  return files;
}
