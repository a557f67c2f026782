// Runs nnet's step on one bench workload for a few seconds, for `node --cpu-prof` (see
// summarize-profile.ts): `node --conditions=@nnet/source --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/experiments/profile-nnet.ts B`.

import { nnetStep } from '../sides/nnet.js';
import { throughputRunner } from '../timing.js';
import { generateWorkloadData } from '../workload-data.js';
import { findWorkload } from '../workloads.js';

const workload = findWorkload(process.argv[2] ?? 'B');
const data = generateWorkloadData(workload, 1234);
const { step } = await nnetStep(workload, data, 1234);
const run = throughputRunner(step, workload.batch);
await run(1);
console.log(`${workload.id}: ${Math.round(await run(Number(process.argv[3] ?? 4)))} samples/s`);
process.exit(0);
