#!/usr/bin/env python3
"""Times Python RapidFuzz `process.extract(q, titles, scorer=WRatio,
limit=50, processor=default_process)` over the same queries as
`cargo bench -p jobforge --bench search`: every 37th OaSIS example title,
against all OaSIS example titles. Prints ms/query (median and mean).

    pip install rapidfuzz==3.14.*
    python3 tools/bench_rapidfuzz.py [SOURCES_DIR]   # default ../shared/data
"""
import csv
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent.parent / "shared" / "data")
path = root / "esdc-oasis-2023-v1.0" / "example-titles_oasis_2023_v1.0.csv"
with open(path, encoding="utf-8-sig", newline="") as f:
    titles = [row["Job title text"].strip() for row in csv.DictReader(f) if row["Job title text"].strip()]
queries = titles[::37]
choices = [utils.default_process(t) for t in titles]

times = []
for q in queries:
    t = time.perf_counter()
    process.extract(utils.default_process(q), choices, scorer=fuzz.WRatio, limit=50, processor=None)
    times.append((time.perf_counter() - t) * 1e3)
print(f"rapidfuzz {process.__name__.split('.')[0]} WRatio extract(limit=50): {len(queries)} queries x {len(choices)} titles")
print(f"median {statistics.median(times):.3f} ms/query, mean {statistics.mean(times):.3f} ms/query")
