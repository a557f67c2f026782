// How long a worker_thread blocked in Atomics.wait takes to run after Atomics.notify, when both
// threads were idle for 2 ms before (as between a step's products): the floor under what splitting
// one product can gain. `tsx bench/experiments/wake-latency.ts`; prints median and p90 in µs.

import * as os from 'node:os';
import { measureWakeLatency } from '../wake-latency.js';

const { wakeUp, roundTrip } = await measureWakeLatency();
console.log(
  `load average ${os.loadavg()[0].toFixed(1)}; worker wake-up µs: median ${wakeUp.median.toFixed(0)}, ` +
    `p90 ${wakeUp.p90.toFixed(0)}; notify → reply round trip µs: median ${roundTrip.median.toFixed(0)}, ` +
    `p90 ${roundTrip.p90.toFixed(0)}`,
);
