#!/usr/bin/env bash
# Builds the release site into dist/ with relative asset URLs, so that it works from the
# site root and from any sub-path (e.g. https://example.org/docs/playground/), then prints
# the size report.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Shorter panic locations: crates.io sources are named relative to the registry folder.
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$HOME/.cargo/registry/src/="
trunk build --release --offline --public-url ./
scripts/size-report.sh dist
