"""Spark `local[2]`: `mapInArrow` over 100,000 titles, the index shipped
with `addFile`, equals the single-process coding row for row."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

import wiq
import wiq.spark

from conftest import noc_example_titles, oasis_example_titles

ROWS = 100_000


@pytest.fixture(scope="module")
def spark():
    import sys

    from pyspark.sql import SparkSession

    # The workers run this interpreter (the venv with the wheel), not the
    # first python3 on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("wiq-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    yield s
    s.stop()


def titles_100k(sources) -> list:
    """Every official NOC example title (EN and FR) and OaSIS title, in
    turn, to 100,000, with a blank every 997 rows (kept, never dropped)."""
    pool = [t for _, _, t in noc_example_titles(sources)] + oasis_example_titles(sources)
    out = [pool[i % len(pool)] for i in range(ROWS)]
    for i in range(0, ROWS, 997):
        out[i] = None if i % 2 else ""
    return out


def test_spark_local2_equals_one_process(spark, index, index_path, sources):
    titles = titles_100k(sources)
    table = pa.table({"id": pa.array(range(ROWS), pa.int64()), "title": titles})
    spark.sparkContext.addFile(str(index_path))
    df = spark.createDataFrame(table).repartition(4)
    coded = wiq.spark.code(df, os.path.basename(index_path))
    got = coded.toArrow().sort_by("id")
    assert got.num_rows == ROWS
    assert got.column_names == ["id", "title", *wiq.ADDED_COLUMNS]

    one = index.code(titles, threads=2)
    for col in wiq.ADDED_COLUMNS:
        assert got.column(col).to_pylist() == one.column(col).to_pylist(), col
    invalid = got.column("method").to_pylist().count(wiq.INVALID_INPUT)
    assert invalid == len(range(0, ROWS, 997))

    # Each Python worker loaded the index once for all its tasks: on the
    # same (reused) workers, eight more tasks find it loaded.
    name = os.path.basename(index_path)

    def probe(batches):
        for _ in batches:
            wiq.spark.index_for(name)
            yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "loads": [wiq.spark.loads()]})

    seen = spark.range(64).repartition(8).mapInArrow(probe, "pid long, loads long").collect()
    assert len(seen) == 8
    assert all(r["loads"] == 1 for r in seen), seen
