// How long a worker_thread blocked in Atomics.wait takes to run after Atomics.notify, when both
// threads were idle for 2 ms before (as between a step's products): the floor under what waking a
// worker costs. Used by the bench's facts and by bench/experiments/wake-latency.ts.

import { Worker } from 'node:worker_threads';

export interface WakeLatency {
  /** Notify → the worker runs, µs. */
  wakeUp: { median: number; p90: number };
  /** Notify → the worker's reply is seen here, µs. */
  roundTrip: { median: number; p90: number };
}

const quantile = (values: number[], at: number) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length * at)];

export async function measureWakeLatency(pings = 300): Promise<WakeLatency> {
  const shared = new SharedArrayBuffer(64);
  const control = new Int32Array(shared, 0, 4);
  const times = new Float64Array(shared, 16, 4);
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
    const control = new Int32Array(workerData, 0, 4);
    const times = new Float64Array(workerData, 16, 4);
    let seen = 0;
    for (;;) {
      Atomics.wait(control, 0, seen);
      seen = Atomics.load(control, 0);
      if (seen < 0) break;
      times[1] = performance.timeOrigin + performance.now();
      Atomics.store(control, 1, seen);
      Atomics.notify(control, 1);
    }`,
    { eval: true, workerData: shared },
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const idle = new Int32Array(new SharedArrayBuffer(4));
    const wakeUps: number[] = [];
    const roundTrips: number[] = [];
    for (let ping = 1; ping <= pings; ping++) {
      Atomics.wait(idle, 0, 0, 2);
      const start = performance.timeOrigin + performance.now();
      Atomics.store(control, 0, ping);
      Atomics.notify(control, 0);
      while (Atomics.load(control, 1) !== ping) Atomics.wait(control, 1, ping - 1, 100);
      const end = performance.timeOrigin + performance.now();
      wakeUps.push((times[1] - start) * 1000);
      roundTrips.push((end - start) * 1000);
    }
    return {
      wakeUp: { median: quantile(wakeUps, 0.5), p90: quantile(wakeUps, 0.9) },
      roundTrip: { median: quantile(roundTrips, 0.5), p90: quantile(roundTrips, 0.9) },
    };
  } finally {
    Atomics.store(control, 0, -1);
    Atomics.notify(control, 0);
    await worker.terminate();
  }
}
