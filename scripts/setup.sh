#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: each tool's version is
# checked first, so a machine that has it all passes through in seconds.
#   wasm32 target, trunk 0.21.14, wasm-bindgen-cli (the version Cargo.lock pins),
#   Chromium + ChromeDriver + CJK fonts (apt), and the npm packages of package-lock.json
#   (playwright-core for the end-to-end tests, binaryen for wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf 'setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Rust: the wasm32 target and the lint/format components.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

# Trunk (0.22 needs a newer rustc than this machine has).
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes ~12 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli at exactly the version Cargo.lock pins (without --locked: its own
# lockfile wants a crate version the registry lacks).
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then echo "setup: cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# Chromium, ChromeDriver and a CJK font for screenshots (Debian packages).
missing=()
for pkg in chromium chromium-driver fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} with apt"
  apt_get=(apt-get)
  [ "$(id -u)" = 0 ] || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}"
fi

# npm packages from the committed lockfile (re-installed only when the lockfile changes).
stamp=node_modules/.kubeplay-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Crates, so that Trunk's offline cargo build finds them.
if ! cargo fetch --locked --quiet 2>/dev/null; then
  cargo fetch --locked
fi
say "ready (trunk $TRUNK_VERSION, wasm-bindgen $WBG_VERSION, $(node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null))"
