#!/usr/bin/env bash
# Measures how fast `nnc` starts (by hand, not a test): wall and CPU time of `nnc --version`,
# `nnc --help` and `nnc check examples/mnist-mlp.nnet`, against `node` doing nothing, with
# hyperfine (Debian's `hyperfine`). Targets: --version < 150 ms, check < 300 ms wall.
# Usage: scripts/bench-startup.sh [NNC_JS …]   (default: packages/compiler/bin/nnc.js; give an
# older checkout's bin to compare). On a shared machine compare the user+sys columns too.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null; then
  echo "needs hyperfine: apt-get install hyperfine" >&2
  exit 2
fi
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=(packages/compiler/bin/nnc.js)
[ -f packages/compiler/dist/nnc/main.js ] || node scripts/build.mjs
example="$PWD/examples/mnist-mlp.nnet"
commands=("node -e 0")
for bin in "${bins[@]}"; do
  commands+=("node $bin --version" "node $bin --help" "node $bin check $example")
done
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N --warmup 2 --runs "${RUNS:-15}" --style none --export-json "$json" "${commands[@]}"
node -e '
const { results } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ms = (s) => (s * 1000).toFixed(0).padStart(6);
console.log("median wall   min wall   mean user+sys   command");
for (const r of results) {
  console.log(`${ms(r.median)} ms  ${ms(r.min)} ms     ${ms(r.user + r.system)} ms   ${r.command}`);
}' "$json"
