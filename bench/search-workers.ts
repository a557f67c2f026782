// `pnpm bench:search`: how much faster `nnc search` finishes a fixed 24-trial grid on 2 worker
// threads than on 1, for two grids: the spiral's (trials of about 0.1 s: start-up costs dominate)
// and the MNIST subset's (trials of 0.2–1.5 s, as people run searches). Runs the bundled nnc in
// its own process per measurement, rounds interleaved (1, 2, 2, 1, …), and records each run's wall
// time, the CPU time of each thread over the trials (main, each worker, V8's and libuv's threads),
// each worker's start and the load average, so a shared machine's noise shows and the speed-up
// 2 free cores would give can be worked out from CPU times. Writes search-workers.{md,json} into
// bench/results/, or into `--out=DIR`. By hand only.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const nnc = path.join(root, 'packages/compiler/bin/nnc.js');
const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(option('rounds') ?? 3);
const resultsDir = path.resolve(option('out') ?? path.join(benchDir, 'results'));

interface Grid {
  name: string;
  file: string;
  what: string;
}
const grids: Grid[] = [
  {
    name: 'spiral',
    file: 'examples/hpo-spiral.nnet',
    what: '24 trials of 60 epochs on 240 points, about 0.03–0.25 s each',
  },
  {
    name: 'mnist',
    file: 'examples/hpo-mnist.nnet',
    what: '24 trials of 3 epochs on 6,000 digits, about 0.2–1.5 s each',
  },
];
const chosen = (option('grids') ?? 'spiral,mnist').split(',');
const unknown = chosen.filter((name) => !grids.some((g) => g.name === name));
if (unknown.length) throw new Error(`unknown grid ${unknown.join(', ')}: spiral, mnist`);

interface Measurement {
  grid: string;
  workers: number;
  round: number;
  load: number;
  /** Seconds from runTrials' start to the last trial's end, as trials.json's timing has it. */
  trialsWall: number;
  /** Seconds of the whole command: start-up, check, trials, pictures. */
  commandWall: number;
  /** CPU seconds over the trials: the main thread, each worker's thread, every other thread. */
  mainCpu: number;
  workerCpu: number[];
  otherCpu: number;
  /** When each worker was ready for its first trial (seconds into the trials). */
  ready: number[];
  /**
   * The main thread's CPU seconds loading the data once for all workers before their first trial
   * (undefined when each worker loaded its own, as before shared data).
   */
  dataCpu?: number;
  /** The workers' CPU seconds by phase of the trials, summed over the trials. */
  phases: Record<string, number>;
}

function measure(grid: Grid, workers: number, round: number): Measurement {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-search-'));
  const load = os.loadavg()[0];
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [nnc, 'search', path.join(root, grid.file), '--search', 'Grid'].concat([
      '--workers',
      String(workers),
      '-q',
      '-o',
      out,
    ]),
    { encoding: 'utf8' },
  );
  const commandWall = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`nnc search failed (${result.status}): ${result.stderr || result.stdout}`);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'trials.json'), 'utf8')) as {
    trials: { phases?: Record<string, number> }[];
    timing: {
      wallSeconds: number;
      workers: { ready?: number }[];
      cpu?: { main: number; workers: number[]; other: number };
      data?: { cpu?: number; shared: boolean };
    };
  };
  fs.rmSync(out, { recursive: true, force: true });
  const { timing } = summary;
  if (!timing.cpu) throw new Error('no per-thread CPU times (Linux /proc/self/task is needed)');
  const phases: Record<string, number> = {};
  for (const trial of summary.trials)
    for (const [phase, seconds] of Object.entries(trial.phases ?? {}))
      phases[phase] = (phases[phase] ?? 0) + seconds;
  return {
    grid: grid.name,
    workers,
    round,
    load,
    trialsWall: timing.wallSeconds,
    commandWall,
    mainCpu: timing.cpu.main,
    workerCpu: timing.cpu.workers,
    otherCpu: timing.cpu.other,
    ready: timing.workers.map((w) => w.ready ?? 0),
    ...(timing.data?.shared && timing.data.cpu !== undefined ? { dataCpu: timing.data.cpu } : {}),
    phases,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const totalCpu = (m: Measurement) => m.mainCpu + sum(m.workerCpu) + m.otherCpu;
/**
 * Each worker's time to its last trial's end if it never waited for a core: its start + its CPU.
 * With shared data a worker starts when the main thread has loaded it: its start is that CPU time
 * (its `ready`, a wall time, then holds the load on a busy machine).
 */
const occupied = (m: Measurement) => m.workerCpu.map((cpu, w) => (m.dataCpu ?? m.ready[w]) + cpu);
/**
 * The wall time on 2 free cores, from CPU times: at least the busiest worker's start plus its CPU
 * (other threads use the other core meanwhile, as with 1 worker), and at least half of all the
 * CPU time over the trials (2 cores can do no more) — after the shared data's load, which only the
 * main thread works on.
 */
const predictedWall = (m: Measurement) =>
  Math.max(...occupied(m), (m.dataCpu ?? 0) + (totalCpu(m) - (m.dataCpu ?? 0)) / 2);
/** The busiest worker's start plus CPU time over the workers' mean (1 when perfectly even). */
const imbalance = (m: Measurement) => Math.max(...occupied(m)) / (sum(occupied(m)) / m.workers);

const measurements: Measurement[] = [];
for (const grid of grids.filter((g) => chosen.includes(g.name)))
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so a burst of load elsewhere does not always hit the same side.
    for (const workers of round % 2 ? [1, 2] : [2, 1]) {
      const m = measure(grid, workers, round);
      measurements.push(m);
      process.stderr.write(
        `${grid.name}, round ${round}, ${workers} worker(s): trials ${m.trialsWall.toFixed(2)} s wall ` +
          `(command ${m.commandWall.toFixed(2)} s), CPU main ${m.mainCpu.toFixed(2)} + workers ` +
          `${m.workerCpu.map((c) => c.toFixed(2)).join(' + ')} + other ${m.otherCpu.toFixed(2)} s, ` +
          `ready ${m.ready.map((r) => r.toFixed(2)).join(', ')} s, load ${m.load.toFixed(2)}\n`,
      );
    }
  }

interface GridSummary {
  grid: string;
  /** Median wall times and their ratio: what a quiet machine shows directly. */
  wall: { one: number; two: number; speedup: number; command: { one: number; two: number } };
  /** Median CPU time over the trials, every thread, and its ratio (2 workers / 1). */
  cpu: { one: number; two: number; inflation: number };
  imbalance: number;
  /** 2 / (inflation × imbalance). */
  formulaSpeedup: number;
  /** Median predicted walls (predictedWall) and their ratio. */
  predicted: { one: number; two: number; speedup: number };
  phases: { one: Record<string, number>; two: Record<string, number> };
  /** Median CPU seconds of the main thread's one load of the shared data (0 when none). */
  dataCpu: { one: number; two: number };
}

function summarize(grid: string): GridSummary {
  const of = (w: number) => measurements.filter((m) => m.grid === grid && m.workers === w);
  const [one, two] = [of(1), of(2)];
  const medianOf = (ms: Measurement[], value: (m: Measurement) => number) => median(ms.map(value));
  const cpuOne = medianOf(one, totalCpu);
  const cpuTwo = medianOf(two, totalCpu);
  const inflation = cpuTwo / cpuOne;
  const spread = medianOf(two, imbalance);
  const predictedOne = medianOf(one, predictedWall);
  const predictedTwo = medianOf(two, predictedWall);
  const phaseMedians = (ms: Measurement[]) =>
    Object.fromEntries(
      Object.keys(ms[0].phases).map((p) => [p, medianOf(ms, (m) => m.phases[p] ?? 0)]),
    );
  const wallOne = medianOf(one, (m) => m.trialsWall);
  const wallTwo = medianOf(two, (m) => m.trialsWall);
  return {
    grid,
    wall: {
      one: wallOne,
      two: wallTwo,
      speedup: wallOne / wallTwo,
      command: {
        one: medianOf(one, (m) => m.commandWall),
        two: medianOf(two, (m) => m.commandWall),
      },
    },
    cpu: { one: cpuOne, two: cpuTwo, inflation },
    imbalance: spread,
    formulaSpeedup: 2 / (inflation * spread),
    predicted: { one: predictedOne, two: predictedTwo, speedup: predictedOne / predictedTwo },
    phases: { one: phaseMedians(one), two: phaseMedians(two) },
    dataCpu: {
      one: medianOf(one, (m) => m.dataCpu ?? 0),
      two: medianOf(two, (m) => m.dataCpu ?? 0),
    },
  };
}

const summaries = chosen.map(summarize);
const s2 = (x: number) => x.toFixed(2);
const lines = [
  '# nnc search: 2 worker threads against 1',
  '',
  `The \`Grid\` search of each example below, run by the bundled \`nnc search\` in its own process;`,
  `${rounds} interleaved rounds on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}),`,
  `loads ${measurements.map((m) => m.load.toFixed(1)).join(', ')} at the start of the runs.`,
  '',
  ...grids
    .filter((g) => chosen.includes(g.name))
    .map((g) => `- **${g.name}**: ${g.file}, ${g.what}.`),
  '',
  'On a shared machine the wall times measure the other work too. The CPU times of each thread',
  '(Linux schedstat, nanoseconds) over the trials do not depend on the load, and give the speed-up',
  '2 free cores would give:',
  '',
  '- **inflation**: the CPU time of all threads (main, workers, V8 and libuv) over the trials with',
  '  2 workers, over that with 1;',
  '- **imbalance**: the busiest worker’s start plus CPU time, over the mean of the workers’;',
  '- **2 / (inflation × imbalance)**: the speed-up if 1 worker’s wall were all its CPU time;',
  '- **predicted**: each side’s wall taken as the larger of (a worker’s start plus its CPU time) and',
  '  (half of all threads’ CPU time), since with 1 worker V8’s own threads run on the free core; a',
  '  worker’s start is the main thread’s CPU time loading the shared data (else its ready time), and',
  '  that load counts whole before the half of the rest (one thread does it).',
  '',
  '| grid | trials wall 1 / 2 (s) | 2 / 1, wall | command wall 1 / 2 (s) | CPU 1 / 2 (s) | inflation | imbalance | 2 / (infl. × imb.) | predicted wall 1 / 2 (s) | 2 / 1, predicted |',
  '| ---- | --------------------: | ----------: | ---------------------: | ------------: | --------: | --------: | -----------------: | -----------------------: | ---------------: |',
  ...summaries.map(
    (s) =>
      `| ${s.grid} | ${s2(s.wall.one)} / ${s2(s.wall.two)} | **${s2(s.wall.speedup)}×** | ${s2(s.wall.command.one)} / ${s2(s.wall.command.two)} | ${s2(s.cpu.one)} / ${s2(s.cpu.two)} | ${s2(s.cpu.inflation)} | ${s2(s.imbalance)} | ${s2(s.formulaSpeedup)}× | ${s2(s.predicted.one)} / ${s2(s.predicted.two)} | **${s2(s.predicted.speedup)}×** |`,
  ),
  '',
  'Where the workers’ CPU time went, summed over the 24 trials, and the main thread’s one load of',
  'the data they share (medians, seconds, 1 / 2 workers):',
  '',
  '| grid | data, main thread | compile | module | create | data | train | evaluate |',
  '| ---- | ----------------: | ------: | -----: | -----: | ---: | ----: | -------: |',
  ...summaries.map(
    (s) =>
      `| ${s.grid} | ${s2(s.dataCpu.one)} / ${s2(s.dataCpu.two)} | ${[
        'compile',
        'module',
        'create',
        'data',
        'train',
        'evaluate',
      ]
        .map((p) => `${s2(s.phases.one[p] ?? 0)} / ${s2(s.phases.two[p] ?? 0)}`)
        .join(' | ')} |`,
  ),
  '',
  'Each run (trials wall s; CPU of main + workers + other threads s; workers ready at s; the main',
  'thread’s CPU s loading the shared data; load):',
  '',
  ...measurements.map(
    (m) =>
      `- ${m.grid}, round ${m.round}, ${m.workers} worker${m.workers > 1 ? 's' : ''}: ${s2(m.trialsWall)}; ` +
      `${s2(m.mainCpu)} + ${m.workerCpu.map(s2).join(' + ')} + ${s2(m.otherCpu)}; ` +
      `${m.ready.map(s2).join(', ')}; ${m.dataCpu !== undefined ? s2(m.dataCpu) : '–'}; ${m.load.toFixed(1)}`,
  ),
  '',
].join('\n');
process.stdout.write(lines);
fs.mkdirSync(resultsDir, { recursive: true });
// Written as Prettier would, so the committed results pass `prettier --check`.
const markdownFile = path.join(resultsDir, 'search-workers.md');
const config = (await prettier.resolveConfig(markdownFile)) ?? {};
fs.writeFileSync(markdownFile, await prettier.format(lines, { ...config, parser: 'markdown' }));
const jsonFile = path.join(resultsDir, 'search-workers.json');
fs.writeFileSync(
  jsonFile,
  await prettier.format(JSON.stringify({ rounds, summaries, measurements }), {
    ...config,
    filepath: jsonFile,
  }),
);
