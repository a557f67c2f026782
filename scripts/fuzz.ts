// `pnpm fuzz [--minutes N] [--seed S]`: feeds generated programs, token soups and mutated corpus
// files to parse, check, summary and format in a 512 MB worker, one at a time, and reports inputs run,
// hangs (> 2 s of CPU, not wall time: the machine may be busy), out-of-memory, internal errors, bad messages.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * CPU time of the worker thread for one input above which it counts as a hang (CPU, so a busy
 * machine does not count; the thread's own, so the garbage collector's helper threads do not).
 */
const HANG_MS = 2000;
/**
 * CPU time of the whole process (the main thread only waits, so this is the worker's) after which a
 * silent worker is stuck for good: CPU, not wall time, so a loaded machine (`nice -n 19` among
 * other jobs) is not mistaken for a hang. A worker blocked without using CPU is caught by STUCK_WALL_MS.
 */
const STUCK_CPU_MS = 20_000;
const STUCK_WALL_MS = 10 * 60_000;
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`fuzz: --${name} expects a positive number, found ${args[at + 1]}`);
    process.exit(2);
  }
  return value;
};
const minutes = option('minutes', 1);
const seed = option('seed', Date.now() % 1_000_000);
const findingsDir = path.resolve('fuzz-findings');

type Reply = { index: number; problems: string[]; text: string; ms: number };

/** A worker that has loaded the compiler (it says `ready`), so loading is not timed as input. */
async function startWorker(): Promise<Worker> {
  const started = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
    workerData: { seed },
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  await new Promise((resolve) => started.once('message', resolve));
  return started;
}

const counts = { inputs: 0, hangs: 0, outOfMemory: 0, internalErrors: 0, badMessages: 0, other: 0 };
let slowest = 0;

function record(kind: string, text: string, detail: string): void {
  fs.mkdirSync(findingsDir, { recursive: true });
  const file = path.join(findingsDir, `${kind}-${seed}-${counts.inputs}.nnet`);
  fs.writeFileSync(file, text);
  console.log(`${kind}: ${file}\n  ${detail.split('\n')[0].slice(0, 300)}`);
}

/** Asks the worker for input `index`; resolves with its reply, or a hang or a crash. */
function runOne(worker: Worker, index: number): Promise<Reply | { failure: string }> {
  return new Promise((resolve) => {
    const started = process.cpuUsage();
    const startedAt = Date.now();
    const timer = setInterval(() => {
      const used = process.cpuUsage(started);
      const cpuMs = (used.user + used.system) / 1000;
      if (cpuMs > STUCK_CPU_MS) done({ failure: `hang: ${cpuMs.toFixed(0)} ms of CPU, stopped` });
      else if (Date.now() - startedAt > STUCK_WALL_MS)
        done({ failure: `hang: no answer in ${STUCK_WALL_MS / 60_000} min of wall time` });
    }, 500);
    const done = (value: Reply | { failure: string }) => {
      clearInterval(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve(value);
    };
    const onMessage = (reply: Reply) => done(reply);
    const onError = (error: Error) =>
      done({
        failure: /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(
          `${error.message} ${(error as NodeJS.ErrnoException).code}`,
        )
          ? 'out-of-memory'
          : `crash: ${error.message}`,
      });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(index);
  });
}

const deadline = Date.now() + minutes * 60_000;
let worker = await startWorker();
for (let index = 0; Date.now() < deadline; index++) {
  const reply = await runOne(worker, index);
  counts.inputs++;
  if ('failure' in reply) {
    // The worker is stuck or dead: ask a fresh one which input it was, then carry on.
    await worker.terminate();
    worker = await startWorker();
    const text = await new Promise<string>((resolve) => {
      worker.once('message', (m: Reply) => resolve(m.text));
      worker.postMessage({ describe: index });
    });
    if (reply.failure.startsWith('hang')) counts.hangs++;
    else if (reply.failure === 'out-of-memory') counts.outOfMemory++;
    else counts.other++;
    record(reply.failure.split(':')[0], text, reply.failure);
    continue;
  }
  slowest = Math.max(slowest, reply.ms);
  if (reply.ms > HANG_MS) {
    counts.hangs++;
    record('hang', reply.text, `${reply.ms.toFixed(0)} ms of CPU`);
  }
  for (const problem of reply.problems) {
    if (problem.includes('internal error')) counts.internalErrors++;
    else if (problem.startsWith('exception')) counts.other++;
    else counts.badMessages++;
  }
  if (reply.problems.length > 0) record('problem', reply.text, reply.problems.join('\n'));
  if (counts.inputs % 2000 === 0) console.log(`… ${counts.inputs} inputs`);
}
await worker.terminate();
console.log(
  `fuzz: ${counts.inputs} inputs in ${minutes} min (seed ${seed}): ${counts.hangs} hangs (> ${HANG_MS / 1000} s of the worker thread's CPU), ` +
    `${counts.outOfMemory} out of memory, ${counts.internalErrors} internal errors, ` +
    `${counts.badMessages} messages with undefined/NaN/Infinity, ${counts.other} other failures; ` +
    `slowest input ${slowest.toFixed(0)} ms`,
);
process.exitCode =
  counts.hangs + counts.outOfMemory + counts.internalErrors + counts.badMessages + counts.other > 0
    ? 1
    : 0;
