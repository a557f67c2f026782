// `pnpm bench:recording`: what `nnc train --record weights` costs on the MNIST MLP. Takes the number
// of pairs and an output folder; runs whole trainings without and with a recording of 10 snapshots
// (every 469 of the 4,690 steps, plus the initial weights), interleaved, in CPU seconds (user +
// system, /usr/bin/time), with the recorder's own CPU from the run's report; writes recording.*.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecording } from '@nnet/runtime/train';
import { median } from './stats.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const nnc = path.join(repoRoot, 'packages/compiler/bin/nnc.js');
const EXAMPLE = 'examples/mnist-mlp.nnet';
/** MnistMlp: 5 epochs of ⌈60,000 / 64⌉ = 938 steps. */
const STEPS = 4690;
const EVERY = 469;
const TIME = '/usr/bin/time';

const usage = `usage: corepack pnpm bench:recording [options]
  --pairs N   trainings without and with the recording, interleaved (default 3; at least 1)
  --out DIR   where recording.md and recording.json go (default bench/results)
Trains ${EXAMPLE} (${STEPS} steps, --threads 1) 2N times; needs ${TIME} (Debian's \`time\`).
See docs/benchmark.md.`;

interface Options {
  pairs: number;
  outDir: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { pairs: 3, outDir: path.join(benchDir, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${usage}`);
    if (flag === '--pairs') {
      options.pairs = Number(value);
      if (!Number.isInteger(options.pairs) || options.pairs < 1)
        throw new Error(`--pairs '${value}': expected a whole number ≥ 1\n\n${usage}`);
    } else if (flag === '--out') options.outDir = path.resolve(value);
    else throw new Error(`unknown option ${flag}\n\n${usage}`);
  }
  return options;
}

/** CPU seconds (user + system) of one whole `nnc train`, read from /usr/bin/time. */
function trainCpuSeconds(out: string, record: boolean): number {
  fs.mkdirSync(out, { recursive: true });
  const timing = path.join(out, 'time.txt');
  const args = [
    '-f',
    '%U %S',
    '-o',
    timing,
    process.execPath,
    nnc,
    'train',
    EXAMPLE,
    '-q',
    '--no-evaluation',
    '--threads',
    '1',
    '-o',
    out,
    ...(record ? ['--record', `weights:every=${EVERY}steps`] : []),
  ];
  const run = spawnSync(TIME, args, { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`nnc train ${EXAMPLE} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  const [user, system] = fs.readFileSync(timing, 'utf8').trim().split(/\s+/).map(Number);
  return user + system;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-recording-'));
  const pairs: { without: number; with: number; recorder: number }[] = [];
  let snapshots = 0;
  let bytes = 0;
  for (let pair = 0; pair < options.pairs; pair++) {
    // Alternate which goes first, so a slow spell of the machine falls on both alike.
    const order = pair % 2 === 0 ? [false, true] : [true, false];
    const result = { without: 0, with: 0, recorder: 0 };
    for (const record of order) {
      const out = path.join(scratch, record ? 'with' : 'without');
      fs.rmSync(out, { recursive: true, force: true });
      const seconds = trainCpuSeconds(out, record);
      if (record) {
        result.with = seconds;
        const file = path.join(out, 'weights.nnwr');
        const recording = readRecording(file);
        snapshots = recording.snapshots.length;
        bytes = fs.statSync(file).size;
        // The run's own account of the CPU its recorder took (encoding, checksums, writes).
        const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as {
          recording?: { cpuSeconds: number };
        };
        if (!report.recording) throw new Error(`${out}/report.json has no recording entry`);
        result.recorder = report.recording.cpuSeconds;
      } else result.without = seconds;
    }
    pairs.push(result);
    console.error(
      `pair ${pair + 1}/${options.pairs}: without ${result.without.toFixed(2)} s CPU, with ${result.with.toFixed(2)} s CPU, of which the recorder ${(result.recorder * 1000).toFixed(1)} ms`,
    );
  }
  fs.rmSync(scratch, { recursive: true, force: true });

  const without = median(pairs.map((p) => p.without));
  const withRecording = median(pairs.map((p) => p.with));
  const differences = pairs.map((p) => (p.with - p.without) / p.without);
  const report = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, load: os.loadavg() },
    example: EXAMPLE,
    steps: STEPS,
    every: EVERY,
    snapshots,
    bytes,
    pairs,
    medianWithout: without,
    medianWith: withRecording,
    medianDifference: median(differences),
    medianRecorderSeconds: median(pairs.map((p) => p.recorder)),
    medianRecorderShare: median(pairs.map((p) => p.recorder / p.with)),
  };
  const percent = (x: number) => `${(100 * x).toFixed(2)} %`;
  const markdown = [
    '# Cost of recording weights (MNIST MLP)',
    '',
    `\`nnc train ${EXAMPLE} --threads 1\` (${STEPS.toLocaleString('en-US')} steps), without and with`,
    `\`--record weights:every=${EVERY}steps\`: ${snapshots} snapshots (the initial weights and 10 more),`,
    `${(bytes / 1e6).toFixed(1)} MB. CPU seconds (user + system) of whole runs, ${pairs.length} interleaved pairs;`,
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${os.cpus().length} cores.`,
    '',
    '| pair | without (s CPU) | with (s CPU) | difference | recorder (ms CPU) | recorder share |',
    '| ---: | --------------: | -----------: | ---------: | ----------------: | -------------: |',
    ...pairs.map(
      (p, i) =>
        `| ${i + 1} | ${p.without.toFixed(2)} | ${p.with.toFixed(2)} | ${percent((p.with - p.without) / p.without)} | ${(p.recorder * 1000).toFixed(1)} | ${percent(p.recorder / p.with)} |`,
    ),
    `| median | ${without.toFixed(2)} | ${withRecording.toFixed(2)} | ${percent(median(differences))} | ${(report.medianRecorderSeconds * 1000).toFixed(1)} | ${percent(report.medianRecorderShare)} |`,
    '',
    'The recorder column is the CPU the run itself measured around its snapshots (encoding,',
    'checksums, writes; `recording.cpuSeconds` in its report.json), as a share of the whole run:',
    'the cost of recording. The difference of whole runs is that cost plus the noise of the machine.',
    '',
  ].join('\n');
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.writeFileSync(path.join(options.outDir, 'recording.md'), markdown);
  fs.writeFileSync(
    path.join(options.outDir, 'recording.json'),
    JSON.stringify(report, null, 2) + '\n',
  );
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
