#!/usr/bin/env bash
# Builds the release site into dist/ with relative asset URLs, so that it works from the
# site root and from any sub-path (e.g. https://example.org/docs/playground/), then prints
# the size report. Beside the site (not part of its first load):
#   dist/api/        the JavaScript API (kubeplay-js: explain, simulate) as an ES module + wasm
#   dist/scenarios/  the scenario files, loadable with ?src=scenarios/...
#   dist/docs/       the example page of docs/embedding.md
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Shorter panic locations: crates.io sources are named relative to the registry folder.
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$HOME/.cargo/registry/src/="
trunk build --release --offline --public-url ./
node scripts/minify-glue.mjs dist

cargo build --release --offline --target wasm32-unknown-unknown --bin kubeplay-js
rm -rf dist/api
wasm-bindgen --target web --no-typescript --out-name kubeplay --out-dir dist/api \
  target/wasm32-unknown-unknown/release/kubeplay-js.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals -o dist/api/kubeplay_bg.wasm dist/api/kubeplay_bg.wasm
mkdir -p dist/docs
cp -r scenarios dist/
cp docs/example.html dist/docs/

node scripts/precompress.mjs dist
scripts/size-report.sh dist
printf '%-44s %12d %12d   (JavaScript API, loaded on demand)\n' "api/kubeplay_bg.wasm + kubeplay.js" \
  "$(cat dist/api/kubeplay_bg.wasm dist/api/kubeplay.js | wc -c)" \
  "$(cat dist/api/kubeplay_bg.wasm dist/api/kubeplay.js | gzip -9 | wc -c)"
