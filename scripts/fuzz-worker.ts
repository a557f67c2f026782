// The worker of scripts/fuzz.ts: input number i is generated from (seed, i), so the main thread can
// ask a fresh worker which input hung; runs it through every stage and replies with the problems.

import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { threadCpuSeconds } from '@nnet/runtime/train';
import { hostileText, runInput } from '../tests/hostile/fuzz-inputs.js';

const { seed } = workerData as { seed: number };
const inputOf = (index: number) => fc.sample(hostileText, { numRuns: 1, seed: seed + index })[0];

parentPort!.on('message', (message: number | { describe: number }) => {
  if (typeof message !== 'number') {
    parentPort!.postMessage({
      index: message.describe,
      problems: [],
      text: inputOf(message.describe),
      ms: 0,
    });
    return;
  }
  const text = inputOf(message);
  // This thread's own CPU time (what one core would spend on an idle machine), not the process's,
  // which adds the garbage collector's helper threads running beside it; process CPU elsewhere.
  const threadStarted = threadCpuSeconds();
  const started = process.cpuUsage();
  const problems = runInput(text);
  const threadEnded = threadCpuSeconds();
  const used = process.cpuUsage(started);
  const ms =
    threadStarted !== undefined && threadEnded !== undefined
      ? (threadEnded - threadStarted) * 1000
      : (used.user + used.system) / 1000;
  parentPort!.postMessage({ index: message, problems, text, ms });
});

// Loaded: the main thread starts timing inputs from here.
runInput('model Warm {\n  input x: [2]\n  dense(2)\n}\n');
parentPort!.postMessage('ready');
