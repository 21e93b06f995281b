#!/usr/bin/env bash
# Builds the browser app with Trunk (offline, optimised) into target/wiq-app:
# the search app, then the SQL console into target/wiq-app/query/ (its own
# wasm, loaded only on its page). In that order: each Trunk build replaces
# its dist folder. Expects the tools of scripts/install-tools.sh on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
trunk build app/query.html --release true --dist target/wiq-app/query
test -s target/wiq-app/wiq-app_bg.wasm
test -s target/wiq-app/query/wiq-query_bg.wasm
