#!/usr/bin/env bash
# Builds WiQ from scratch and serves it on http://localhost:${PORT:-8000}/.
# Sources: copied from $JOBFORGE_MIRROR (default ../shared/data when it exists),
# otherwise downloaded from the publishers' URLs in data/sources.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

mirror="${JOBFORGE_MIRROR:-}"
if [ -z "$mirror" ] && [ -d ../shared/data ]; then mirror="$(cd .. && pwd)/shared/data"; fi

# The browser app: trunk, wasm-bindgen-cli and wasm-opt, installed once.
tools_path="$(bash scripts/install-tools.sh)" # fails the script if an install fails
eval "$tools_path"
bash scripts/build-app.sh
cargo build --release -p jobforge
if [ -n "$mirror" ]; then
  ./target/release/jobforge fetch --mirror "$mirror"
else
  ./target/release/jobforge fetch
fi
job_arch=()
if [ -n "${JOB_ARCHITECTURE:-}" ]; then job_arch=(--job-architecture "$JOB_ARCHITECTURE"); fi
# Date the pages by the checkout's last commit; outside git the build dates
# them by its sources' retrieval dates. Never the clock: rebuilds are identical.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && commit_time="$(git log -1 --format=%ct 2>/dev/null)"; then
  export SOURCE_DATE_EPOCH="$commit_time"
fi
./target/release/jobforge build --sources data/sources --out dist --app target/wiq-app "${job_arch[@]}"
echo "Serving dist/ on http://localhost:${PORT:-8000}/"
exec python3 -m http.server "${PORT:-8000}" --directory dist
