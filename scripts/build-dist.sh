#!/usr/bin/env bash
# Builds the release site into dist/ with relative asset URLs, so that it works from the
# site root and from any sub-path (e.g. https://example.org/docs/playground/), then prints
# the size report. The site is the UI shell (index.html, kubeplay-web-*.js/_bg.wasm, CSS) and
# the engine's Web Worker (kubeplay-engine.js + kubeplay-engine_bg.wasm, unhashed). Beside it:
#   dist/api/        the JavaScript API (explain, simulate): an ES module, www/api/kubeplay.js,
#                    that starts its own engine worker (kubeplay-api-engine.js + _bg.wasm: the
#                    same engine with JSON and the command line's documents, which the page's
#                    engine leaves out), moved here from dist/ so the page never loads it
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

rm -rf dist/api
mkdir -p dist/api dist/docs
cp www/api/kubeplay.js dist/api/
mv dist/kubeplay-api-engine.js dist/kubeplay-api-engine_bg.wasm dist/api/
cp -r scenarios dist/
cp docs/example.html dist/docs/

node scripts/precompress.mjs dist
scripts/size-report.sh dist
