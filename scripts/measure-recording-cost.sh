#!/usr/bin/env bash
# The cost of `nnc train --record weights` on the MNIST MLP: CPU time (user + system) of runs
# without and with a recording of 10 snapshots (every 469 of the 4,690 steps, plus the first),
# interleaved so a busy machine slows both alike. Usage: scripts/measure-recording-cost.sh [pairs]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}
out=$(mktemp -d)
cpu() { /usr/bin/time -f '%U %S' -o "$out/time" "$@" >/dev/null && awk '{ print $1 + $2 }' "$out/time"; }
for i in $(seq "$pairs"); do
  plain=$(cpu node packages/compiler/bin/nnc.js train examples/mnist-mlp.nnet -q --no-evaluation --threads 1 -o "$out/plain")
  recorded=$(cpu node packages/compiler/bin/nnc.js train examples/mnist-mlp.nnet -q --no-evaluation --threads 1 -o "$out/recorded" --record weights:every=469steps)
  echo "pair $i: without ${plain} s CPU, with ${recorded} s CPU ($(ls -l "$out/recorded/weights.nnwr" | awk '{ print $5 }') bytes recorded)"
done
rm -rf "$out"
# The recorder's own CPU time for the same 11 snapshots of 101,770 parameters (encode, checksum,
# write), measured in-process: the part of the difference above that is not noise.
cd packages/runtime && node --input-type=module -e "
import { recordWeights } from '@nnet/runtime/train';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
const shapes = { 'dense/weights': [784, 128], 'dense/bias': [128], 'dense_1/weights': [128, 10], 'dense_1/bias': [10] };
const params = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, Float32Array.from({ length: s.reduce((a, b) => a * b) }, Math.random)]));
const model = { name: 'MnistMlp', paramInfo: Object.entries(shapes).map(([name, shape]) => ({ name, shape, trainable: true })), params };
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnwr-')), 'weights.nnwr');
const before = process.cpuUsage();
const recording = recordWeights(model, file, { every: 469, unit: 'steps' }, {});
recording.hooks.onEpochStart(1, 5, 4690);
for (let step = 1; step <= 4690; step++) recording.hooks.onStep(1, step, 0.1, 64);
recording.finish(false);
const used = process.cpuUsage(before);
console.log('recorder alone: ' + ((used.user + used.system) / 1000).toFixed(1) + ' ms CPU for ' + fs.statSync(file).size + ' bytes');
"
