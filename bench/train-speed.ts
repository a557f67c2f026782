// `pnpm bench`: training throughput (samples/s) of nnet's generated code next to TensorFlow.js
// (cpu and wasm backends) and PyTorch on one thread, for the nets in nets.ts, all in one run.
// Each side trains in its own process on the same data; their timed runs are interleaved, so
// load from elsewhere on the machine hits all sides alike. Prints a Markdown table. By hand only.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFiles, generateData, writeData } from './data.js';
import { benchNets, type BenchNet } from './nets.js';
import { SideProcess } from './side-process.js';
import type { TfjsLoop } from './sides/tfjs.js';
import { median } from './timing.js';
import type { WorkerRequest, WorkerSide } from './worker.js';

const PYTHON = '/usr/bin/python3';
const SEED = 1234;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

type Side = WorkerSide | 'torch';
const sides: readonly Side[] = ['nnet', 'tfjs-cpu', 'tfjs-wasm', 'torch'];

interface Options {
  warmupSeconds: number;
  runSeconds: number;
  runs: number;
  tfjsLoop: TfjsLoop;
  nets: readonly BenchNet[];
  /** How a side's runs become its number: the median, or the best (steadier on a busy machine). */
  stat: 'median' | 'best';
}

const usage =
  'options: --seconds S (per run), --runs N, --warmup S, --stat median|best, ' +
  '--tfjs-loop trainOnBatch|minimize, --net ID';

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    warmupSeconds: 1,
    runSeconds: 1,
    runs: 3,
    tfjsLoop: 'trainOnBatch',
    nets: benchNets,
    stat: 'median',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--seconds') options.runSeconds = Number(value);
    else if (flag === '--runs') options.runs = Number(value);
    else if (flag === '--warmup') options.warmupSeconds = Number(value);
    else if (flag === '--tfjs-loop' && (value === 'trainOnBatch' || value === 'minimize'))
      options.tfjsLoop = value;
    else if (flag === '--stat' && (value === 'median' || value === 'best')) options.stat = value;
    else if (flag === '--net' && benchNets.some((net) => net.id === value)) {
      options.nets = benchNets.filter((net) => net.id === value);
    } else
      throw new Error(
        `bad option ${flag} ${value}; ${usage}; nets: ${benchNets.map((n) => n.id).join(', ')}`,
      );
  }
  return options;
}

function cpuModel(): string {
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

function torchVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

function startSide(side: Side, net: BenchNet, dataDir: string, options: Options): SideProcess {
  if (side === 'torch') {
    const request = {
      net,
      files: dataFiles(dataDir, net),
      seed: SEED,
      warmupSeconds: options.warmupSeconds,
    };
    return new SideProcess(side, PYTHON, [
      path.join(benchDir, 'torch_speed.py'),
      JSON.stringify(request),
    ]);
  }
  const request: WorkerRequest = {
    side,
    net: net.id,
    dataDir,
    seed: SEED,
    warmupSeconds: options.warmupSeconds,
    tfjsLoop: options.tfjsLoop,
  };
  const args = [
    '--import',
    import.meta.resolve('tsx'),
    path.join(benchDir, 'worker.ts'),
    JSON.stringify(request),
  ];
  return new SideProcess(side, process.execPath, args);
}

/** Samples/s of each side that ran: every side warms up alone, then the timed runs go round-robin. */
async function measureNet(
  net: BenchNet,
  dataDir: string,
  options: Options,
  torchFound: boolean,
  notes: Set<string>,
): Promise<Partial<Record<Side, number[]>>> {
  const running: SideProcess[] = [];
  const rates: Partial<Record<Side, number[]>> = {};
  try {
    for (const side of sides) {
      if (side === 'torch' && !torchFound) continue;
      const process = startSide(side, net, dataDir, options);
      try {
        notes.add(`${side}: ${await process.ready()}`);
        running.push(process);
        rates[side] = [];
      } catch (error) {
        notes.add(`${net.id}, ${side}: ${(error as Error).message}`);
      }
    }
    for (let run = 0; run < options.runs; run++) {
      // Rotate who goes first, so no side always follows the same neighbour.
      for (let k = 0; k < running.length; k++) {
        const process = running[(run + k) % running.length];
        rates[process.side as Side]!.push(await process.run(options.runSeconds));
      }
    }
  } finally {
    await Promise.all(running.map((process) => process.close()));
  }
  return rates;
}

const formatRate = (value: number | undefined) =>
  value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
const formatRatio = (nnet: number | undefined, other: number | undefined) =>
  nnet === undefined || other === undefined ? '—' : `${(nnet / other).toFixed(2)}×`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const torch = torchVersion();
  console.log(
    `Machine: ${cpuModel()}, ${os.cpus().length} logical CPUs, load average ${os.loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `Node ${process.version}; PyTorch ${torch ? `${torch} (${PYTHON})` : `not found in ${PYTHON}, skipped`}`,
  );
  console.log(
    `Each side: ${options.warmupSeconds} s warm-up, then ${options.runs} runs of ${options.runSeconds} s ` +
      `interleaved with the other sides; the table shows each side's ${options.stat} run.\n`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-'));
  const rows: string[][] = [];
  const notes = new Set<string>();
  try {
    for (const net of options.nets) {
      writeData(dataDir, net, generateData(net, SEED));
      const runs = await measureNet(net, dataDir, options, torch !== undefined, notes);
      const rates: Partial<Record<Side, number>> = {};
      for (const side of sides) {
        const sideRuns = runs[side];
        if (!sideRuns) continue;
        rates[side] = options.stat === 'best' ? Math.max(...sideRuns) : median(sideRuns);
        console.log(`  ${net.id} ${side}: ${sideRuns.map(formatRate).join(', ')} samples/s`);
      }
      rows.push([
        net.id,
        String(net.batch),
        ...sides.map((side) => formatRate(rates[side])),
        formatRatio(rates.nnet, rates['tfjs-cpu']),
        formatRatio(rates.nnet, rates['tfjs-wasm']),
        formatRatio(rates.nnet, rates.torch),
      ]);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const header = ['net', 'batch', 'nnet', 'tfjs-cpu', 'tfjs-wasm', 'torch, 1 thread'];
  header.push('nnet / tfjs-cpu', 'nnet / tfjs-wasm', 'nnet / torch');
  console.log('\nTraining samples per second (higher is better):\n');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
