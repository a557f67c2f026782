// Turns one benchmark run (its measurements and the facts about the machine) into the Markdown
// report: ratios first, then samples per CPU-second and per wall second as median (min–max).
// Pure: no I/O, so a unit test can read the tables it makes.

import type { SideSpec } from './contenders.js';
import { spread, strongest, type Spread } from './stats.js';
import type { Measurement } from './timing.js';

export interface WorkloadResult {
  id: string;
  title: string;
  batch: number;
  /** Each side's timed runs, in round order; a side missing here did not run. */
  runs: Record<string, Measurement[]>;
  /** Why a side did not run on this workload. */
  failures: Record<string, string>;
}

export interface BenchReport {
  /** ISO date of the start of the run. */
  startedAt: string;
  /** Lines describing the machine, software and BLAS, printed above the tables. */
  facts: string[];
  settings: { rounds: number; seconds: number; warmupSeconds: number };
  sides: SideSpec[];
  /** What each side said about itself when it started (backend, BLAS, threads). */
  sideNotes: Record<string, string>;
  workloads: WorkloadResult[];
}

export type Basis = 'cpu' | 'wall';

/** Samples per CPU-second or per wall second of each run. */
export function rates(runs: readonly Measurement[], basis: Basis): number[] {
  return runs.map((run) => run.samples / (basis === 'cpu' ? run.cpuSeconds : run.wallSeconds));
}

export function sideSpread(
  workload: WorkloadResult,
  sideId: string,
  basis: Basis,
): Spread | undefined {
  const runs = workload.runs[sideId];
  return runs && runs.length > 0 ? spread(rates(runs, basis)) : undefined;
}

export function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatSpread(value: Spread | undefined): string {
  if (value === undefined) return '—';
  return `${formatRate(value.median)} (${formatRate(value.min)}–${formatRate(value.max)})`;
}

/** median(a) / median(b) as `0.16×`, or — when either side did not run. */
export function formatRatio(a: Spread | undefined, b: Spread | undefined): string {
  return a === undefined || b === undefined ? '—' : `${(a.median / b.median).toFixed(2)}×`;
}

function markdownTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** nnet best against PyTorch-OpenBLAS best (wall), naming which thread counts won. */
function bestAgainstBest(workload: WorkloadResult, sides: readonly SideSpec[]): string {
  const wallMedian = (id: string) => sideSpread(workload, id, 'wall')?.median;
  const ids = (engine: string, blas?: string) =>
    sides.filter((s) => s.engine === engine && s.blas === blas).map((s) => s.id);
  const nnet = strongest(ids('nnet'), wallMedian);
  const torch = strongest(ids('torch', 'openblas'), wallMedian);
  if (!nnet || !torch) return '—';
  const threads = (id: string) => sides.find((s) => s.id === id)?.threads ?? 0;
  return `${(nnet.value / torch.value).toFixed(2)}× (${threads(nnet.id)} vs ${threads(torch.id)})`;
}

export function ratioTable(report: BenchReport): string[] {
  const header = [
    'workload',
    'nnet 1 / PyTorch-OpenBLAS 1, per CPU-s',
    'same, wall',
    'nnet best / PyTorch-OpenBLAS best, wall (threads)',
    'nnet 2 workers / 1 worker, wall',
    'nnet 1 / PyTorch-reference-BLAS 1, per CPU-s',
    'nnet 1 / tfjs-wasm, per CPU-s',
  ];
  const rows = report.workloads.map((workload) => {
    const cpu = (id: string) => sideSpread(workload, id, 'cpu');
    const wall = (id: string) => sideSpread(workload, id, 'wall');
    return [
      `${workload.id}: ${workload.title}`,
      formatRatio(cpu('nnet-1'), cpu('torch-openblas-1')),
      formatRatio(wall('nnet-1'), wall('torch-openblas-1')),
      bestAgainstBest(workload, report.sides),
      formatRatio(wall('nnet-2'), wall('nnet-1')),
      formatRatio(cpu('nnet-1'), cpu('torch-reference-1')),
      formatRatio(cpu('nnet-1'), cpu('tfjs-wasm')),
    ];
  });
  return markdownTable(header, rows);
}

/** Median over the runs of a per-run value, or undefined when no run has it. */
function medianOf(
  runs: readonly Measurement[] | undefined,
  value: (run: Measurement) => number | undefined,
) {
  const values = (runs ?? [])
    .map(value)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  return values.length === 0 ? undefined : spread(values).median;
}

/**
 * Two workers against one by CPU time, which a busy machine disturbs far less than wall time:
 * the CPU inflation (process CPU per sample, 2 workers over 1), the share of that CPU the calling
 * thread carries (it runs every part of a step that is not split), wake-ups per step, and the
 * speed-up the calling thread's critical path allows: its CPU per sample on 1 worker over its CPU
 * plus its sleeps waiting for a worker per sample on 2 (a worker that wakes late is not waited
 * for: the caller runs its chunks meanwhile, so that latency costs CPU, not sleep); and the same
 * from CPU alone, over the busier thread (copies over the batch wait for each other every step).
 */
export function workerProxyTable(report: BenchReport): string[] {
  const header = [
    'workload',
    'CPU inflation, 2 workers / 1',
    'calling thread’s share of the CPU, 2 workers',
    'wake-ups per step',
    'predicted 2 / 1 (calling thread’s CPU per sample on 1 worker / its CPU + waits on 2)',
    'predicted 2 / 1 from CPU only (1 worker’s caller / the busier thread on 2)',
    'measured 2 / 1, wall',
  ];
  const rows = report.workloads.flatMap((workload) => {
    const one = workload.runs['nnet-1'];
    const two = workload.runs['nnet-2'];
    if (!one?.length || !two?.length) return [];
    const perSample = (key: 'cpuSeconds' | 'callerCpuSeconds') => (run: Measurement) =>
      run[key] === undefined ? undefined : run[key] / run.samples;
    const processOne = medianOf(one, perSample('cpuSeconds'))!;
    const processTwo = medianOf(two, perSample('cpuSeconds'))!;
    const callerOne = medianOf(one, perSample('callerCpuSeconds'));
    // The caller's critical path on 2 workers: its CPU and its sleeps waiting for a worker.
    const callerTwo = medianOf(two, (run) =>
      run.callerCpuSeconds === undefined
        ? undefined
        : (run.callerCpuSeconds + (run.callerWaitSeconds ?? 0)) / run.samples,
    );
    // The busier thread on 2 workers by CPU alone (its sleeps left out: under load a copy over the
    // batch mostly sleeps while its partner waits for a core): the caller, or everything else
    // less what the process spent beside the caller on 1 worker (GC, the compiler's threads).
    const callerCpuTwo = medianOf(two, perSample('callerCpuSeconds'));
    const busier =
      callerOne === undefined || callerCpuTwo === undefined
        ? undefined
        : Math.max(callerCpuTwo, processTwo - callerCpuTwo - (processOne - callerOne));
    const share = medianOf(two, (run) =>
      run.callerCpuSeconds === undefined ? undefined : run.callerCpuSeconds / run.cpuSeconds,
    );
    const wakeUps = medianOf(two, (run) =>
      run.wakeUps === undefined ? undefined : run.wakeUps / (run.samples / workload.batch),
    );
    const known = (value: number | undefined, text: (v: number) => string) =>
      value === undefined ? '—' : text(value);
    return [
      [
        workload.id,
        `${(processTwo / processOne).toFixed(2)}×`,
        known(share, (v) => `${(v * 100).toFixed(0)} %`),
        known(wakeUps, (v) => v.toFixed(1)),
        callerOne === undefined || !callerTwo ? '—' : `${(callerOne / callerTwo).toFixed(2)}×`,
        callerOne === undefined || !busier ? '—' : `${(callerOne / busier).toFixed(2)}×`,
        formatRatio(sideSpread(workload, 'nnet-2', 'wall'), sideSpread(workload, 'nnet-1', 'wall')),
      ],
    ];
  });
  return rows.length === 0 ? [] : markdownTable(header, rows);
}

export function rateTable(report: BenchReport, basis: Basis): string[] {
  const header = ['workload', ...report.sides.map((side) => side.label)];
  const rows = report.workloads.map((workload) => [
    workload.id,
    ...report.sides.map((side) => formatSpread(sideSpread(workload, side.id, basis))),
  ]);
  return markdownTable(header, rows);
}

function workerSection(report: BenchReport): string[] {
  const table = workerProxyTable(report);
  if (table.length === 0) return [];
  return [
    '## nnet, 2 workers against 1, by CPU time',
    '',
    'CPU time is what a busy machine disturbs least. Inflation: process CPU per sample on 2 ' +
      'workers over 1. The calling thread runs every part of a step that is not split, so its ' +
      'CPU per sample on 1 worker over its CPU plus its sleeps waiting for a worker on 2 predicts ' +
      'the speed-up; wake-ups: products split per step, or steps with copies over the batch ' +
      '(Linux only; — elsewhere). With copies over the batch, the second prediction (CPU only) is ' +
      'the one to read on a loaded machine: there the caller mostly sleeps while its partner ' +
      'waits for a core, which a quiet machine does not do.',
    '',
    ...table,
    '',
  ];
}

export function renderReport(report: BenchReport): string {
  const { rounds, seconds, warmupSeconds } = report.settings;
  const lines = [
    `# nnet training and inference speed, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    ...report.facts.map((fact) => `- ${fact}`),
    `- Method: every side runs in its own process on the same seeded data; after ${warmupSeconds} s ` +
      `of warm-up (not counted) it does ${rounds} timed runs of ${seconds} s, taking turns with the ` +
      'other sides (the order rotates each round). Figures are samples per second, the median of ' +
      'the runs with the slowest and fastest in brackets; ratios divide medians.',
    '- Per CPU-second: samples / CPU time of the whole process (all its threads). It is steadier ' +
      'than wall time on a shared machine, and it is the fair basis for one thread against one ' +
      'thread. A side with 2 threads spends CPU on both, so its gain shows in wall time only: ' +
      'the 2-thread ratios use wall time.',
    '',
    '## Ratios (above 1: nnet is faster)',
    '',
    ...ratioTable(report),
    '',
    `## Samples per CPU-second, median (min–max) of ${rounds} runs`,
    '',
    ...rateTable(report, 'cpu'),
    '',
    `## Samples per wall second, median (min–max) of ${rounds} runs`,
    '',
    ...rateTable(report, 'wall'),
    '',
    ...workerSection(report),
    '## Sides',
    '',
    ...report.sides.map(
      (side) => `- ${side.label} (\`${side.id}\`): ${report.sideNotes[side.id] ?? 'did not start'}`,
    ),
  ];
  const failures = report.workloads.flatMap((workload) =>
    Object.entries(workload.failures).map(([side, why]) => `- ${workload.id}, ${side}: ${why}`),
  );
  if (failures.length > 0) lines.push('', '## Sides that did not run', '', ...failures);
  return lines.join('\n') + '\n';
}
