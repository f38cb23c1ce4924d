#!/usr/bin/env bash
# The peers benchmark (#19): the same generated workbooks read by Ascent Viewer's `summary`
# and by the Python peers people compare it with: fastexcel (eager), polars (its calamine
# engine) and DuckDB with its excel extension. Wall time and peak memory (max RSS, from
# GNU time) per tool, the median of RUNS runs, and each peer's ratio to ours.
#
#   benches/peers/run.sh                 # 1M-row long workbook (about 400k customers)
#   CUSTOMERS=40000 RUNS=1 benches/peers/run.sh   # a quick look
#
# It creates a Python virtual environment in target/peers-venv (pip, from PyPI) on first use
# and writes the workbooks into target/peers-data. Not part of `cargo test` or CI: it takes
# minutes and downloads wheels. DuckDB's excel extension comes from DuckDB's extension
# repository, not PyPI: where that is unreachable the DuckDB line says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=${CUSTOMERS:-400000}
runs=${RUNS:-3}
venv=target/peers-venv
data=target/peers-data/long-$customers
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q fastexcel polars pyarrow duckdb
fi
cargo build --release --locked --quiet
bin=target/release/ascent-viewer
if [[ ! -d $data ]]; then
    "$bin" sample --layout workbook --customers "$customers" -o "$data.tmp" >/dev/null
    mv "$data.tmp" "$data"
fi
file=$(ls "$data"/*.xlsx | head -1)
"$venv/bin/python" benches/peers/peers.py "$bin" "$file" "$runs"
