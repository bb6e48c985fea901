#!/usr/bin/env bash
# The benchmarks (`make bench`; not part of the test suite). Prints figures to compare across
# versions (record them in docs/performance.md):
#   1. the native engine: rolling update and explain at 1,000 / 5,000 / 20,000 nodes;
#   2. the release site's gzip sizes (scripts/size-report.sh);
#   3. in headless Chromium: page load to interactive, the wasm engine on generated clusters,
#      the frame time of a playback tick at 100 / 1,000 / 5,000 nodes, JS heap and wasm memory;
#   4. in headless Chromium: bench_schedule's scheduling cycle in wasm at 1,000 / 5,000 nodes.
# BENCH_NODES overrides the browser's cluster sizes (default "100 1000 5000 20000").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
nodes=${BENCH_NODES:-100 1000 5000 20000}
out=target/bench
mkdir -p "$out"

echo "== native engine (cargo --release) on $(uname -m)"
if make -n bench-native >/dev/null 2>&1; then
  make --no-print-directory bench-native
else
  cargo run --quiet --release --example bench_rollout 1000 5000 20000
  cargo run --quiet --release --example bench_explain
  cargo run --quiet --release --example bench_schedule
fi

echo
echo "== release site sizes"
SIZE_BUDGET_KB=${SIZE_BUDGET_KB:-100000} scripts/build-dist.sh 2>&1 | sed -n '/^file/,$p'

echo
echo "== headless Chromium ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
for n in $nodes; do
  cargo run --quiet --release --bin kubeplay -- generate --nodes "$n" > "$out/scale-$n.yaml"
done
# shellcheck disable=SC2086
node tests/bench/browser-bench.mjs "$out" $nodes

echo
echo "== one scheduling cycle in headless Chromium (wasm, release profile)"
cargo build --quiet --release --target wasm32-unknown-unknown --example bench_schedule_wasm
wasm-bindgen --target web --out-dir "$out/schedule-wasm" \
  target/wasm32-unknown-unknown/release/examples/bench_schedule_wasm.wasm
node tests/bench/schedule-bench.mjs "$out/schedule-wasm" 1000 5000
