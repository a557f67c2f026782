// `pnpm bench:search`: how much faster `nnc search` finishes a fixed 24-trial grid (the `Grid`
// search of examples/hpo-spiral.nnet, no pruning) on 2 worker threads than on 1. Runs the bundled
// nnc in its own process per measurement, rounds interleaved (1, 2, 2, 1, …), and records each
// run's wall time and CPU time (all threads, as the search reports them) and the load average, so
// a shared machine's noise shows. Writes bench/results/search-workers.{md,json}, or into the folder
// of `--out=DIR`. By hand only.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const nnc = path.join(root, 'packages/compiler/bin/nnc.js');
const example = path.join(root, 'examples/hpo-spiral.nnet');
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const resultsDir = path.resolve(
  process.argv.find((a) => a.startsWith('--out='))?.slice(6) ?? path.join(benchDir, 'results'),
);

interface Measurement {
  workers: number;
  round: number;
  /** Seconds from the first trial's start to the last one's end, as the search prints it. */
  trialsWall: number;
  /** CPU seconds of the search's process over the same span (every thread). */
  cpu: number;
  /** Seconds of the whole command, start-up included. */
  commandWall: number;
  load: number;
  /** CPU seconds of the main thread (planning, compiling, pruning decisions). */
  mainCpu: number;
  /** CPU seconds of the trials each worker thread ran. */
  workerCpu: number[];
}

function measure(workers: number, round: number): Measurement {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-search-'));
  const load = os.loadavg()[0];
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [nnc, 'search', example, '--search', 'Grid', '--workers', String(workers), '-q', '-o', out],
    { encoding: 'utf8' },
  );
  const commandWall = (performance.now() - started) / 1000;
  const match = /([\d.]+) s wall, ([\d.]+) s CPU \(main thread ([\d.]+) s\)/.exec(result.stdout);
  if (result.status !== 0 || !match)
    throw new Error(`nnc search failed (${result.status}): ${result.stderr || result.stdout}`);
  const trials = JSON.parse(fs.readFileSync(path.join(out, 'trials.json'), 'utf8')).trials as {
    worker: number;
    cpuSeconds: number;
  }[];
  fs.rmSync(out, { recursive: true, force: true });
  const workerCpu = Array.from({ length: workers }, (_, w) =>
    trials.filter((t) => t.worker === w).reduce((sum, t) => sum + t.cpuSeconds, 0),
  );
  return {
    mainCpu: Number(match[3]),
    workerCpu,
    workers,
    round,
    trialsWall: Number(match[1]),
    cpu: Number(match[2]),
    commandWall,
    load,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const measurements: Measurement[] = [];
for (let round = 1; round <= rounds; round++) {
  // Alternate which goes first, so a burst of load elsewhere does not always hit the same side.
  for (const workers of round % 2 ? [1, 2] : [2, 1]) {
    const m = measure(workers, round);
    measurements.push(m);
    process.stderr.write(
      `round ${round}, ${workers} worker(s): ${m.trialsWall.toFixed(2)} s wall (command ${m.commandWall.toFixed(2)} s), ${m.cpu.toFixed(2)} s CPU, main ${m.mainCpu.toFixed(2)} s, workers ${m.workerCpu.map((c) => c.toFixed(2)).join(' + ')} s, load ${m.load.toFixed(2)}\n`,
    );
  }
}

const of = (w: number) => measurements.filter((m) => m.workers === w);
const wall1 = median(of(1).map((m) => m.trialsWall));
const wall2 = median(of(2).map((m) => m.trialsWall));
const cpu1 = median(of(1).map((m) => m.cpu));
const cpu2 = median(of(2).map((m) => m.cpu));
const speedup = wall1 / wall2;
/**
 * What the CPU times say a machine with 2 free cores would give: with 1 worker the threads take
 * turns (wall ≈ the process's CPU); with 2 the wall time is at least the busiest thread's CPU and
 * at least half of the process's CPU (workers' start-up, garbage collection included).
 */
const estimate = (m: Measurement) =>
  m.workers === 1 ? m.cpu : Math.max(m.mainCpu, ...m.workerCpu, m.cpu / 2);
const cpuSpeedup = median(of(1).map(estimate)) / median(of(2).map(estimate));
const lines = [
  '# nnc search: 2 worker threads against 1',
  '',
  `The \`Grid\` search of examples/hpo-spiral.nnet (24 trials, 60 epochs each, no pruning), run by`,
  `the bundled \`nnc search\` in its own process; ${rounds} interleaved rounds on ${os.cpus().length} cores`,
  `(${os.cpus()[0]?.model ?? 'unknown CPU'}). The machine is shared with other work: the load average`,
  'at the start of each run is recorded, and the CPU time shows how much of the wall time the search',
  'actually ran.',
  '',
  '| workers | median trials wall (s) | median CPU (s) | CPU / wall | runs (wall s, load) |',
  '| ------- | ---------------------- | -------------- | ---------- | ------------------- |',
  ...[1, 2].map((w) => {
    const wall = w === 1 ? wall1 : wall2;
    const cpu = w === 1 ? cpu1 : cpu2;
    const runs = of(w)
      .map((m) => `${m.trialsWall.toFixed(1)} (${m.load.toFixed(1)})`)
      .join(', ');
    return `| ${w} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${(cpu / wall).toFixed(2)} | ${runs} |`;
  }),
  '',
  `Speed-up of 2 workers over 1 (median wall times): **${speedup.toFixed(2)}×**.`,
  '',
  'From the CPU time of each thread (Linux `/proc/thread-self/stat`, 10 ms ticks): the trials of',
  'the 2-worker runs split between the workers as',
  ...of(2).map(
    (m) =>
      `round ${m.round}: ${m.workerCpu.map((c) => c.toFixed(1)).join(' s + ')} s, main thread ${m.mainCpu.toFixed(2)} s;`,
  ),
  `1 worker: ${of(1)
    .map((m) => `${m.workerCpu[0].toFixed(1)} s + main ${m.mainCpu.toFixed(2)} s`)
    .join('; ')}.`,
  `On 2 free cores that gives **${cpuSpeedup.toFixed(2)}×** (the busiest thread, or half of the`,
  "process's CPU, whichever is larger, bounds the 2-worker wall time; 1 worker's wall is taken as its",
  "process's CPU). This is an estimate from CPU time, not",
  'a wall-clock measurement: it shows the split of the work and the overhead, which a loaded machine',
  'hides.',
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
  await prettier.format(JSON.stringify({ rounds, speedup, cpuSpeedup, measurements }), {
    ...config,
    filepath: jsonFile,
  }),
);
