"""Spark: ``df.mapInArrow`` with the index shipped to the executors.

Ship the index file with the job (``spark.sparkContext.addFile(path)``,
``--files`` or ``spark.files``) and the wheel as a cluster library (or
``--py-files``); then ``wiq.spark.code(df, "search-index.bin")`` adds the
columns of ``jobforge code`` to every row. Each Python worker loads the
index once, on its first batch, and keeps it for the tasks that follow
(Spark reuses its Python workers), so the cost is one load per worker, not
per task or batch.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from . import ADDED_COLUMNS, Index

_INDEXES: Dict[str, Index] = {}
_LOADS = 0

#: The added columns as Spark DDL, in ``ADDED_COLUMNS`` order.
CODED_DDL = ", ".join(
    f"{name} {'double' if name == 'confidence' else 'boolean' if name == 'needs_review' else 'string'}"
    for name in ADDED_COLUMNS
)


def index_for(file_name: str) -> Index:
    """The shipped index ``file_name`` (found with ``SparkFiles.get``, or as a
    path), loaded once per Python worker."""
    global _LOADS
    if file_name not in _INDEXES:
        path = file_name
        if not os.path.isabs(path):
            from pyspark import SparkFiles

            path = SparkFiles.get(os.path.basename(file_name))
        _INDEXES[file_name] = Index.load(path)
        _LOADS += 1
    return _INDEXES[file_name]


def loads() -> int:
    """How many indexes this process has loaded (for tests)."""
    return _LOADS


def code(
    df: Any,
    index_file: str,
    title_column: str = "title",
    threads: int = 1,
    batch_rows: Optional[int] = None,
) -> Any:
    """``df`` with ``ADDED_COLUMNS`` after its own columns, coded by
    ``mapInArrow`` on the executors. ``index_file`` is the name of the file
    shipped with ``addFile``/``spark.files`` (or an absolute path every
    executor can read). One thread per task: Spark runs a task per core,
    so give ``df`` partitions of equal size, several per core: parquet with
    small row groups and a low ``spark.sql.files.maxPartitionBytes``, or
    ``df.repartition(4 * spark.sparkContext.defaultParallelism)``."""
    from pyspark.sql.types import StructType

    schema = StructType(df.schema.fields + StructType.fromDDL(CODED_DDL).fields)
    large = _large_strings(df)

    def run(batches):
        index = index_for(index_file)
        for b in index.code_batches(batches, title_column, threads=threads):
            yield _spark_types(b, large)

    if batch_rows:
        df.sparkSession.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", batch_rows)
    return df.mapInArrow(run, schema)


def _large_strings(df: Any) -> bool:
    conf = df.sparkSession.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    return str(conf).lower() == "true"


def _spark_types(batch: Any, large: bool) -> Any:
    """The added text columns in the string layout Spark expects back."""
    import pyarrow as pa

    want = pa.large_string() if large else pa.string()
    cols = []
    for field, col in zip(batch.schema, batch.columns):
        if field.name in ADDED_COLUMNS and pa.types.is_string(field.type) and large:
            col = col.cast(want)
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, names=batch.schema.names)
