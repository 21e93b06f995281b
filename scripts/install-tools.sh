#!/usr/bin/env bash
# Installs what building the browser app needs, skipping what is already
# there: the wasm32 target, trunk, wasm-bindgen-cli at Cargo.lock's version,
# and wasm-opt from npm's binaryen@132 (Debian's binaryen 108 breaks the
# wasm in Chromium). Prints the PATH additions to eval.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "install-tools: $*" >&2; }

rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown >&2

trunk_version="0.21.14"
if ! trunk --version 2>/dev/null | grep -q " $trunk_version\$"; then
  log "installing trunk $trunk_version (about 15 minutes on 2 cores)"
  cargo install trunk --version "$trunk_version" --locked >&2
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly. Not --locked:
# its own lockfile pins a dependency version the registry here lacks.
wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  log "installing wasm-bindgen-cli $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version" >&2
fi
grep -q "wasm_bindgen = \"$wb_version\"" Trunk.toml || {
  log "Trunk.toml pins another wasm-bindgen than Cargo.lock ($wb_version)"; exit 1; }

# binaryen from npm, local to the project.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || ! tools/node_modules/.bin/wasm-opt --version | grep -q "version 132"; then
  log "installing binaryen@132 from npm"
  (cd tools && npm ci --no-audit --no-fund >&2)
fi
echo "export PATH=\"$(pwd)/tools/node_modules/.bin:\$HOME/.cargo/bin:\$PATH\""
