// The worker of scripts/fuzz.ts: input number i is generated from (seed, i), so the main thread can
// ask a fresh worker which input hung; runs it through every stage and replies with the problems.

import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
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
  const started = process.cpuUsage();
  const problems = runInput(text);
  const used = process.cpuUsage(started);
  parentPort!.postMessage({ index: message, problems, text, ms: (used.user + used.system) / 1000 });
});

// Loaded: the main thread starts timing inputs from here.
runInput('model Warm {\n  input x: [2]\n  dense(2)\n}\n');
parentPort!.postMessage('ready');
