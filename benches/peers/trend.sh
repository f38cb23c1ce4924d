#!/usr/bin/env bash
# The trend's peer (#31): twelve months kept in a library, the per-month cluster counts
# worked out by `ascent-viewer trend --json` and by DuckDB (its Python package) with SQL over
# the same library's Parquet files (the bands and the matrix cells as CASE expressions).
# Wall time and peak memory (GNU time), the median of RUNS runs, DuckDB's time as a ratio
# of ours; the two counts are compared month by month.
#
#   benches/peers/trend.sh                         # 12 months of 100,000 customers
#   CUSTOMERS=20000 RUNS=1 benches/peers/trend.sh  # a quick look
#
# The virtual environment is target/peers-venv (run.sh's); the months and the library go
# into target/peers-data. Not part of `cargo test` or CI: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=${CUSTOMERS:-100000}
runs=${RUNS:-3}
venv=target/peers-venv
data=target/peers-data/insights-$customers
library=target/peers-data/library-$customers
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q fastexcel polars pyarrow duckdb
fi
cargo build --release --locked --quiet
bin=target/release/ascent-viewer
if [[ ! -d $library ]]; then
    for k in $(seq 0 11); do
        month=$(date -d "2026-11-01 - $k month" +%Y-%m)
        "$bin" sample --customers "$customers" --months-before "$k" -o "$data/m$k" >/dev/null
        "$bin" library add "$data/m$k" --month "$month" --library "$library.tmp" >/dev/null
    done
    mv "$library.tmp" "$library"
fi
"$venv/bin/python" benches/peers/trend.py "$bin" "$library" "$runs"
