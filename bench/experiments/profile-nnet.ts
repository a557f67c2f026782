// Runs nnet's trainStep on one bench net for a few seconds, for `node --cpu-prof` (see
// summarize-profile.ts): `node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/experiments/profile-nnet.ts 784-128-10`.

import { generateData } from '../data.js';
import { benchNets } from '../nets.js';
import { nnetTrainStep } from '../sides/nnet.js';
import { throughputRunner } from '../timing.js';

const net = benchNets.find((n) => n.id === (process.argv[2] ?? '784-128-10'));
if (!net) throw new Error(`nets: ${benchNets.map((n) => n.id).join(', ')}`);
const run = throughputRunner(await nnetTrainStep(net, generateData(net, 1234), 1234), net.batch);
await run(1);
console.log(`${net.id}: ${Math.round(await run(Number(process.argv[3] ?? 4)))} samples/s`);
