// `pnpm bench`: samples per second of nnet (1 and 2 workers) next to PyTorch on OpenBLAS (1 and 2
// threads), PyTorch on the reference BLAS and TensorFlow.js (wasm), on the workloads of workloads.ts.
// Each side runs in its own process on the same data; rounds are interleaved with the side order
// rotated. Writes the Markdown report to stdout and bench/results/latest.{md,json}. By hand only.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import {
  pinningNote,
  waitPolicyNote,
  prepareBlas,
  PYTHON,
  torchAvailable,
  torchEnvironment,
  type BlasSetup,
} from './blas.js';
import { allSides, defaultSideIds, findSide, type Blas, type SideSpec } from './contenders.js';
import { renderReport, type BenchReport, type WorkloadResult } from './report.js';
import type { SideRequest } from './side-node.js';
import { SideProcess } from './side-process.js';
import { roundOrder } from './stats.js';
import { measureWakeLatency } from './wake-latency.js';
import { generateWorkloadData, writeWorkloadData, type DataFiles } from './workload-data.js';
import { findWorkload, workloads, type Workload } from './workloads.js';

const SEED = 1234;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

interface Options {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  workloads: Workload[];
  sides: SideSpec[];
  outDir: string;
}

const usage = `usage: corepack pnpm bench [options]
  --rounds N        timed runs per side and workload, interleaved (default 10; at least 3)
  --seconds S       length of one timed run (default 0.3)
  --warmup S        untimed warm-up of each side before its first run (default 1)
  --workloads LIST  comma-separated, from ${workloads.map((w) => w.id).join(', ')} (default: all)
  --sides LIST      comma-separated, from ${allSides.map((s) => s.id).join(', ')}
                    (default: all but tfjs-cpu and nnet-2-split)
  --out DIR         where latest.md and latest.json go (default bench/results)
The PyTorch sides need Debian's python3-torch (apt-get install python3-torch); their BLAS is
fetched by scripts/setup-openblas.sh into bench/.cache/ without touching the system's BLAS.
See docs/benchmark.md.`;

function positiveNumber(flag: string, value: string, minimum: number): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < minimum) {
    throw new Error(`${flag} '${value}': expected a number ≥ ${minimum}\n\n${usage}`);
  }
  return number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    rounds: 10,
    seconds: 0.3,
    warmupSeconds: 1,
    workloads: [...workloads],
    sides: defaultSideIds.map(findSide),
    outDir: path.join(benchDir, 'results'),
  };
  const list = (value: string) => value.split(',').filter((item) => item !== '');
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${usage}`);
    if (flag === '--rounds') options.rounds = Math.round(positiveNumber(flag, value, 3));
    else if (flag === '--seconds') options.seconds = positiveNumber(flag, value, 0.05);
    else if (flag === '--warmup') options.warmupSeconds = positiveNumber(flag, value, 0);
    else if (flag === '--workloads') options.workloads = list(value).map(findWorkload);
    else if (flag === '--sides') options.sides = list(value).map(findSide);
    else if (flag === '--out') options.outDir = path.resolve(value);
    else throw new Error(`unknown option ${flag}\n\n${usage}`);
  }
  return options;
}

function cpuFacts(): string {
  let model = os.cpus()[0]?.model ?? 'unknown CPU';
  let family = '';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n');
    const field = (name: string) =>
      info
        .find((line) => line.startsWith(name))
        ?.split(':')[1]
        ?.trim();
    model = field('model name') ?? model;
    const flags = ` ${field('flags') ?? ''} `;
    const vector = ['avx512f', 'avx2', 'avx'].find((flag) => flags.includes(` ${flag} `));
    family = ` (family ${field('cpu family')}, model ${field('model')}${vector ? `, ${vector}` : ''})`;
  } catch {
    // not Linux: what Node reports will do
  }
  return `${model}${family}, ${os.cpus().length} logical CPUs`;
}

function tfjsVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
}

function startSide(
  side: SideSpec,
  workload: Workload,
  files: DataFiles,
  options: Options,
  blas: Map<Blas, BlasSetup>,
): SideProcess {
  if (side.engine === 'torch') {
    const setup = blas.get(side.blas!)!;
    const request = {
      workload,
      files,
      seed: SEED,
      warmupSeconds: options.warmupSeconds,
      threads: side.threads,
    };
    return new SideProcess(
      side.id,
      PYTHON,
      [path.join(benchDir, 'side_torch.py'), JSON.stringify(request)],
      torchEnvironment(setup, side.threads),
    );
  }
  const request: SideRequest = {
    engine: side.engine,
    workload: workload.id,
    files,
    seed: SEED,
    warmupSeconds: options.warmupSeconds,
  };
  // The side must resolve @nnet/runtime to the sources, as the generated code it compiles does
  // (load.ts imports the runtime's src/index.ts when it runs from .ts): without the condition,
  // setThreads and allocateFloats reached dist/'s copy of the runtime, whose kernel memory and
  // worker pool the generated code never used (nnet-2 ran on one thread, inputs were copied).
  const args = [
    '--conditions=@nnet/source',
    '--import',
    import.meta.resolve('tsx'),
    path.join(benchDir, 'side-node.ts'),
  ];
  return new SideProcess(side.id, process.execPath, [...args, JSON.stringify(request)], {
    ...process.env,
    NNET_THREADS: String(side.threads),
    ...(side.copies === false ? { NNET_DATA_PARALLEL: '0' } : {}),
  });
}

/** One workload: every side starts and warms up in turn, then the timed rounds go round-robin. */
async function measureWorkload(
  workload: Workload,
  sides: readonly SideSpec[],
  files: DataFiles,
  options: Options,
  blas: Map<Blas, BlasSetup>,
  sideNotes: Record<string, string>,
): Promise<WorkloadResult> {
  const result: WorkloadResult = {
    id: workload.id,
    title: workload.title,
    batch: workload.batch,
    runs: {},
    failures: {},
  };
  const running: SideProcess[] = [];
  try {
    for (const side of sides) {
      const child = startSide(side, workload, files, options, blas);
      try {
        const note = await child.ready();
        sideNotes[side.id] ??= note;
        running.push(child);
        result.runs[side.id] = [];
      } catch (error) {
        result.failures[side.id] = (error as Error).message;
        await child.close();
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const child of roundOrder([...running], round)) {
        if (result.failures[child.side]) continue;
        try {
          result.runs[child.side].push(await child.run(options.seconds));
        } catch (error) {
          result.failures[child.side] = `round ${round + 1}: ${(error as Error).message}`;
          delete result.runs[child.side];
        }
      }
      process.stderr.write('.');
    }
  } finally {
    await Promise.all(running.map((child) => child.close()));
  }
  return result;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0];
  const sideNotes: Record<string, string> = {};
  const unavailable: Record<string, string> = {};

  // The PyTorch sides need torch and their BLAS; without them they are reported, not run.
  const blas = new Map<Blas, BlasSetup>();
  const wanted = new Set(options.sides.flatMap((side) => (side.blas ? [side.blas] : [])));
  let torchVersion = 'not used';
  if (wanted.size > 0 && !torchAvailable()) {
    torchVersion = `not found in ${PYTHON}: apt-get install python3-torch`;
    for (const side of options.sides)
      if (side.engine === 'torch') unavailable[side.id] = torchVersion;
  } else {
    for (const name of wanted) {
      process.stderr.write(`checking PyTorch with the ${name} BLAS…\n`);
      try {
        const setup = prepareBlas(name);
        blas.set(name, setup);
        torchVersion = `${setup.torchVersion} (Debian's python3-torch, ${PYTHON})`;
      } catch (error) {
        for (const side of options.sides) {
          if (side.blas === name) unavailable[side.id] = (error as Error).message;
        }
      }
    }
  }
  const sides = options.sides.filter((side) => unavailable[side.id] === undefined);
  for (const [id, why] of Object.entries(unavailable)) sideNotes[id] = `not run: ${why}`;

  // With 2 workers, how fast an idle worker wakes decides much of what splitting can gain; an idle
  // machine (idle cores sleep deeper) can differ from a busy one, so every report says.
  let wakeNote: string | undefined;
  if (sides.some((side) => side.engine === 'nnet' && side.threads > 1)) {
    const { wakeUp, roundTrip } = await measureWakeLatency();
    wakeNote =
      `A worker_thread blocked in Atomics.wait runs ${wakeUp.median.toFixed(0)} µs after ` +
      `Atomics.notify (median; p90 ${wakeUp.p90.toFixed(0)}), and its reply is seen ` +
      `${roundTrip.median.toFixed(0)} µs after (p90 ${roundTrip.p90.toFixed(0)}), both threads idle 2 ms ` +
      'before each of 300 pings, measured before the sides start.';
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-'));
  const results: WorkloadResult[] = [];
  try {
    for (const workload of options.workloads) {
      process.stderr.write(`${workload.id} `);
      const files = writeWorkloadData(dataDir, workload, generateWorkloadData(workload, SEED));
      results.push(await measureWorkload(workload, sides, files, options, blas, sideNotes));
      process.stderr.write('\n');
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const facts = [
    `Machine: ${cpuFacts()}; load average ${loadAtStart.toFixed(2)} at the start, ` +
      `${os.loadavg()[0].toFixed(2)} at the end (a shared machine: other work ran while measuring).`,
    `Software: Node ${process.version}, TensorFlow.js ${tfjsVersion()}, PyTorch ${torchVersion}.`,
    ...[...blas.values()].map((setup) => `PyTorch's ${setup.description}.`),
    `OpenBLAS pinning variables in this environment: ${pinningNote()}.`,
    `PyTorch's OpenMP threads: ${waitPolicyNote()}.`,
    ...(wakeNote ? [wakeNote] : []),
  ];
  const report: BenchReport = {
    startedAt,
    facts,
    settings: {
      rounds: options.rounds,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
    },
    sides: options.sides,
    sideNotes,
    workloads: results,
  };
  // Written as Prettier would, so the committed results pass `prettier --check`.
  const markdownFile = path.join(options.outDir, 'latest.md');
  const jsonFile = path.join(options.outDir, 'latest.json');
  const config = (await prettier.resolveConfig(markdownFile)) ?? {};
  const markdown = await prettier.format(renderReport(report), { ...config, parser: 'markdown' });
  const json = await prettier.format(JSON.stringify(report), { ...config, parser: 'json' });
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.writeFileSync(markdownFile, markdown);
  fs.writeFileSync(jsonFile, json);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
