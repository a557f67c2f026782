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
