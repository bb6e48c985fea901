#!/usr/bin/env bash
# Runs every test: formatting, lints (native and wasm32), native tests, browser unit tests,
# the release build with its size report, and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (native)"
cargo clippy --locked --all-targets -- -D warnings
step "cargo clippy (wasm32)"
cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "cargo test (native)"
cargo test --locked
step "browser unit tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown --test web
step "release build into dist/"
scripts/build-dist.sh
step "end-to-end tests (Playwright + /usr/bin/chromium against dist/)"
node --test --test-concurrency=1 tests/e2e/
