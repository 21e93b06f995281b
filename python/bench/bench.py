"""Benchmark: `jobforge code` against the `wiq` wheel, in one process and in
Spark local[2], on 100,000 and 1,000,000 titles (not run in CI).

    python python/bench/bench.py --index dist/data/search-index.bin \
        [--sources ../shared/data] [--jobforge target/release/jobforge] \
        [--sizes 100000,1000000] [--repeat 3] [--out target/bench-py]

The titles are the official NOC 2021 example titles (EN and FR) and the
OaSIS example titles, in turn, with typos from a fixed seed (a letter
dropped, doubled, swapped or replaced in half of them). Every run is a
child process, so its peak RSS is its own. Rates leave out start-up (the
CLI's reading of the sources and index, the wheel's index load, Spark's
JVM), measured on a one-row run of each, and are given per core used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

SEED = 21
SPARK_CORES = 2
# Spark makes a task of each split of a parquet file, and a split holds the
# row groups that start in it. Row groups of 16,384 titles make tasks of
# equal size, several per core, so both cores stay busy to the end without
# a repartition: its shuffle cost the JVM 24 CPU-seconds per 300,000 titles
# against 14 without, on cores the coding needs.
ROW_GROUP_ROWS = 16_384
# For Spark's JVM in local mode (see `run_spark`).
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
# The wheel's batches: a row group each, as Spark's are about 10,000 rows.
BATCH_ROWS = ROW_GROUP_ROWS


def typo(rng: random.Random, s: str) -> str:
    if len(s) < 4 or rng.random() < 0.5:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return s[:i] + s[i + 1 :]
    if kind == 1:
        return s[:i] + s[i] + s[i:]
    if kind == 2:
        return s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :]
    return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i + 1 :]


def make_inputs(sources: Path, n: int, out: Path) -> tuple[Path, Path]:
    """`titles-N.csv` (for the CLI) and `titles-N.parquet` (for the wheel)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from conftest import noc_example_titles, oasis_example_titles

    csv_path, pq_path = out / f"titles-{n}.csv", out / f"titles-{n}.parquet"
    if csv_path.exists() and pq_path.exists():
        return csv_path, pq_path
    pool = [t for _, _, t in noc_example_titles(sources)] + oasis_example_titles(sources)
    rng = random.Random(SEED)
    titles = [typo(rng, pool[i % len(pool)]) for i in range(n)]
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title"])
        w.writerows(enumerate(titles))
    table = pa.table({"id": pa.array(range(n), pa.int64()), "title": titles})
    pq.write_table(table, pq_path, row_group_size=ROW_GROUP_ROWS)
    return csv_path, pq_path


# -- the runs, each in its own child process ---------------------------------


def run_cli(args: list[str]) -> dict:
    jobforge, sources, csv_path, out, threads = args
    t = time.perf_counter()
    subprocess.run(
        [jobforge, "code", "--input", csv_path, "--title-column", "title", "--output", out,
         "--threads", threads, "--sources", sources],
        check=True, stdout=subprocess.DEVNULL,
    )
    secs = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": secs, "rss_mb": rss / 1024}


def run_wheel(args: list[str]) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import wiq

    index_path, pq_path, out = args
    # pyarrow's default pool (mimalloc) and its reader's threads keep freed
    # pages: reading the 1,000,000-title file alone, without coding, peaked
    # at 169 MB against 137 MB at 262,144 titles. The jemalloc pool and a
    # one-thread reader stay flat, so what is measured is the coding.
    pa.set_memory_pool(pa.jemalloc_memory_pool())
    t = time.perf_counter()
    index = wiq.Index.load(index_path)
    loaded = time.perf_counter()
    reader = pq.ParquetFile(pq_path, pre_buffer=False).iter_batches(
        batch_size=BATCH_ROWS, use_threads=False)
    writer = None
    for b in index.code_batches(reader, threads=1):
        if writer is None:
            writer = pq.ParquetWriter(out, b.schema)
        writer.write_batch(b)
    if writer is not None:
        writer.close()
    end = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": end - loaded, "load_seconds": loaded - t, "rss_mb": rss / 1024}


def run_spark(args: list[str]) -> dict:
    from pyspark.sql import SparkSession
    import wiq.spark

    index_path, pq_path, out = args
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers import this venv's wheel
    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{SPARK_CORES}]").appName("wiq-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.memory", "2g")
        # A task per row group or so (see ROW_GROUP_ROWS).
        .config("spark.sql.files.maxPartitionBytes", str(256 << 10))
        # In local mode the JVM shares the two cores with the Python workers
        # that do the coding. Its C2 compiler and parallel GC threads are a
        # large part of its CPU in a job of minutes: 1,000,000 titles cost
        # the JVM 63 CPU-seconds with the defaults, 36-47 with the C1
        # compiler only and the serial GC (JIT'd code a little slower,
        # compiled far sooner).
        .config("spark.driver.extraJavaOptions", JVM_OPTIONS)
        .getOrCreate()
    )
    spark.sparkContext.addFile(index_path)
    started = time.perf_counter()
    df = spark.read.parquet(pq_path)
    coded = wiq.spark.code(df, os.path.basename(index_path))
    coded.write.mode("overwrite").parquet(out)
    end = time.perf_counter()
    spark.stop()
    # No getrusage here: the JVM outlives this measurement, so only the
    # process-tree sampling in `child` sees Spark's memory.
    return {"seconds": end - started, "startup_seconds": started - t0}


RUNS = {"cli": run_cli, "wheel": run_wheel, "spark": run_spark}


def tree(root: int) -> dict[int, tuple[str, float, float]]:
    """`root` and all its descendants (Spark's JVM and Python workers
    included), from /proc: pid -> (command, resident MB, CPU seconds)."""
    parent, info = {}, {}
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                raw = f.read()
        except OSError:
            continue  # gone since listdir
        comm, fields = raw[raw.index("(") + 1 : raw.rindex(")")], raw.rsplit(")", 1)[1].split()
        pid = int(entry)
        parent[pid] = int(fields[1])
        # utime + stime, then rss (fields 14, 15 and 24 of proc(5)).
        info[pid] = (comm, int(fields[21]) * page / (1 << 20), (int(fields[11]) + int(fields[12])) / tick)
    children: dict[int, list[int]] = {}
    for pid, pp in parent.items():
        children.setdefault(pp, []).append(pid)
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in info:
            found[pid] = info[pid]
        todo.extend(children.get(pid, []))
    return found


def child(kind: str, *args: str) -> dict:
    """Runs one benchmark in a child process, sampling its process tree every
    0.2 s: the tree's peak RSS, since getrusage cannot see a JVM that outlives
    the measurement, and the CPU seconds of the whole tree and of its JVM
    (start-up included), to show what shares the cores."""
    cmd = [sys.executable, __file__, "--child", kind, *args]
    # Files, not pipes: Spark's logs would fill a pipe nobody reads yet.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        peak, cpu = 0.0, {}
        while proc.poll() is None:
            procs = tree(proc.pid)
            peak = max(peak, sum(mb for _, mb, _ in procs.values()))
            cpu.update({pid: (comm, secs) for pid, (comm, _, secs) in procs.items()})
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read()[-3000:]}")
        result = json.loads(out.read().strip().splitlines()[-1])
    result["tree_rss_mb"] = peak
    result["cpu_s"] = sum(secs for _, secs in cpu.values())
    result["jvm_cpu_s"] = sum(secs for comm, secs in cpu.values() if comm == "java")
    return result


def one_run(run: str, a: argparse.Namespace, n: int, csv_path: Path, pq_path: Path,
            out: Path, cores: int) -> dict:
    if run in ("cli1", "cliN"):
        threads = 1 if run == "cli1" else cores
        r = child("cli", a.jobforge, a.sources, str(csv_path), str(out / "cli.csv"), str(threads))
        r["cores"] = threads
    elif run == "wheel":
        r = child("wheel", a.index, str(pq_path), str(out / "wheel.parquet"))
        r["cores"] = 1
    else:
        r = child("spark", a.index, str(pq_path), str(out / "spark.parquet"))
        r["cores"] = SPARK_CORES
    r.update(run=run, titles=n)
    return r


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(RUNS[sys.argv[2]](sys.argv[3:])))
        return
    repo = HERE.parents[1]
    p = argparse.ArgumentParser()
    p.add_argument("--index", required=True)
    p.add_argument("--sources", default=str(repo.parent / "shared" / "data"))
    p.add_argument("--jobforge", default=str(repo / "target" / "release" / "jobforge"))
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--out", default=str(repo / "target" / "bench-py"))
    p.add_argument("--runs", default="cli1,cliN,wheel,spark")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    runs = a.runs.split(",")
    sizes = [1] + [int(s) for s in a.sizes.split(",")]
    results = []
    for n in sizes:
        csv_path, pq_path = make_inputs(Path(a.sources), n, out)
        # This machine's speed drifts by tens of percent from minute to
        # minute, so the runs take turns, `--repeat` rounds of them, and the
        # table gives each one's median.
        for _ in range(1 if n == 1 else a.repeat):
            for run in runs:
                r = one_run(run, a, n, csv_path, pq_path, out, cores)
                results.append(r)
                print(json.dumps(r), flush=True)
    startup = {r["run"]: r["seconds"] for r in results if r["titles"] == 1}
    print("\n| run | titles | runs | median seconds | titles/s | titles/s per core | peak RSS "
          "| peak RSS, process tree | CPU seconds (of which JVM) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes[1:]:
        for run in runs:
            mine = [r for r in results if r["titles"] == n and r["run"] == run]
            secs = statistics.median(r["seconds"] for r in mine)
            coding = secs - startup.get(run, 0.0)
            if coding <= 0:  # too few titles to show past the start-up's noise
                print(f"| {run} | {n:,} | {len(mine)} | {secs:.1f} | — | — | — | — | — |")
                continue
            rate = n / coding
            own = "—" if "rss_mb" not in mine[0] else f"{max(r['rss_mb'] for r in mine):,.0f} MB"
            tree_mb = max(r["tree_rss_mb"] for r in mine)
            cpu = statistics.median(r["cpu_s"] for r in mine)
            jvm = statistics.median(r["jvm_cpu_s"] for r in mine)
            print(f"| {run} | {n:,} | {len(mine)} | {secs:.1f} | {rate:,.0f} | "
                  f"{rate / mine[0]['cores']:,.0f} | {own} | {tree_mb:,.0f} MB | "
                  f"{cpu:,.0f} ({jvm:,.0f}) |")
    (out / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
