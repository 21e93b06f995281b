#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and integration tests on the real
# sources, the wasm32 build of core, and an end-to-end fetch + build.
# Sources: $JOBFORGE_SOURCES, or ../shared/data beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

export JOBFORGE_SOURCES="${JOBFORGE_SOURCES:-$(cd .. && pwd)/shared/data}"
if [ ! -d "$JOBFORGE_SOURCES/statcan-noc-2021" ]; then
  echo "error: no sources at $JOBFORGE_SOURCES (set JOBFORGE_SOURCES to a mirror folder)" >&2
  exit 1
fi

# Install what is missing, once.
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
# build/tests/query.rs compares the SQL engine with DuckDB (and fails without it).
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb \
  || python3 -m pip install --quiet --break-system-packages duckdb

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== core and the SQL engine build for wasm32"
cargo build -p jobforge-core -p jobforge-query --target wasm32-unknown-unknown

echo "== cargo test"
cargo test --workspace

echo "== the browser app: trunk build --release (wasm-opt from binaryen 132)"
tools_path="$(bash scripts/install-tools.sh)" # fails the script if an install fails
eval "$tools_path"
bash scripts/build-app.sh
test -s target/wiq-app/wiq-app_bg.wasm

echo "== end to end: fetch from the mirror, build with the app, check the outputs"
# The test profile's CLI, which `cargo test` has just built (the search core
# is at opt-level 3 there): a release build would compile every crate a
# second time, ten minutes of CI's 90 on 2 cores. With the Python package in
# the same build, its proc-macros' features (syn) unify with the CLI's, so
# the wheel below reuses every crate.
cargo build -p jobforge -p wiq-python
bin=target/debug/jobforge
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" fetch --mirror "$JOBFORGE_SOURCES" --dest "$tmp/sources" > "$tmp/fetch.log"
# /wiq/: the browser tests below serve the site under a sub-path.
WIQ_BASE_PATH=/wiq/ SOURCE_DATE_EPOCH=1700000000 "$bin" build --sources "$tmp/sources" --out "$tmp/dist" --app target/wiq-app | tee "$tmp/summary.txt" | tail -n 8
test -s "$tmp/dist/data/dim_noc.parquet"
test -s "$tmp/dist/data/search-index.bin"
test -s "$tmp/dist/app/wiq-app_bg.wasm"
grep -q '^dim_noc  *822 ' "$tmp/summary.txt"
echo "end to end: ok"

echo "== site in Debian's chromium: axe-core, keyboard, no external requests, vnu (tests/e2e)"
if [ ! -x /usr/bin/chromium ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; fi
# npm ci only when node_modules is missing or older than the lockfile; no
# install scripts (vnu-jar's would download a Java runtime: java is here).
if [ ! -f tests/e2e/node_modules/.package-lock.json ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  (cd tests/e2e && npm ci --ignore-scripts --no-audit --no-fund)
fi
(cd tests/e2e && WIQ_DIST="$tmp/dist" WIQ_PERF_OUT="$(pwd)/../../target/app-perf.json" node --test --test-concurrency=1)

echo "== the Python package (python/): maturin wheel, pytest against the CLI, Polars, DuckDB, Spark local[2]"
# PySpark needs Java 17 (Debian's default-jre-headless).
command -v java > /dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless; }
venv=target/py-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
for pkg in maturin pytest pyarrow pandas polars duckdb pyspark; do
  "$venv/bin/python" -m pip show --quiet "$pkg" > /dev/null 2>&1 || missing="${missing:-} $pkg"
done
[ -z "${missing:-}" ] || "$venv/bin/python" -m pip install --quiet $missing
# The wheel is built in this workspace's target dir with the test profile,
# so it reuses the build of `jobforge` above (only pyo3, arrow-pyarrow and
# the package itself compile again, with `extension-module`).
rm -rf target/wheels
(cd python && ../"$venv"/bin/maturin build --profile dev --quiet --out ../target/wheels)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps target/wheels/wiq-*.whl
# From the root, so that `import wiq` is the installed wheel, not python/wiq.
WIQ_INDEX="$tmp/dist/data/search-index.bin" JOBFORGE_BIN="$(pwd)/$bin" \
  "$venv/bin/python" -m pytest -q python/tests
