#!/usr/bin/env python3
"""Runs SQL queries with DuckDB over a folder of parquet files, for
build/tests/query.rs to compare with jobforge-query.

    python3 duckdb_query.py <parquet-dir> < queries.json > results.json

Input: a JSON list of SQL strings. Output: a JSON list with, per query,
{"columns": [...], "rows": [[...], ...]} or {"error": "..."}. Each
`<name>.parquet` is a view `<name>`. DECIMAL values become floats; floats
that JSON cannot hold (NaN, ±inf) become the strings "nan", "inf", "-inf".

Needs the duckdb Python package (`pip install duckdb`); without it, exits
with status 3 and says so.
"""

import decimal
import json
import math
import pathlib
import sys

try:
    import duckdb
except ImportError:
    sys.stderr.write(
        "duckdb_query.py: the duckdb Python package is missing: pip install duckdb\n"
    )
    sys.exit(3)


def cell(v):
    if isinstance(v, decimal.Decimal):
        v = float(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: duckdb_query.py <parquet-dir> < queries.json\n")
        sys.exit(2)
    folder = pathlib.Path(sys.argv[1])
    con = duckdb.connect()
    # The machine that runs the tests is shared: one thread is plenty here.
    con.execute("SET threads = 1")
    for p in sorted(folder.glob("*.parquet")):
        path = str(p).replace("'", "''")
        con.execute(f'CREATE VIEW "{p.stem}" AS SELECT * FROM read_parquet(\'{path}\')')
    out = []
    for sql in json.load(sys.stdin):
        try:
            rel = con.sql(sql)
            out.append(
                {
                    "columns": list(rel.columns),
                    "rows": [[cell(v) for v in row] for row in rel.fetchall()],
                }
            )
        except Exception as e:  # reported per query, compared by the test
            out.append({"error": str(e)})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
