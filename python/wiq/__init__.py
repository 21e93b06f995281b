"""WiQ for data teams: code job titles to NOC 2021 unit groups.

Every answer comes from the Rust code the ``jobforge`` CLI and the WiQ
browser app run (``wiq._wiq`` only converts), so ``Index.code`` gives the
columns and values of ``jobforge code``, ``Index.search`` those of
``jobforge search --json`` and ``resolve`` those of ``jobforge resolve
--json``. Titles travel as Arrow arrays through the C data interface: a
pyarrow array is read in place, and so is a Polars or pandas Arrow-backed
column.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any, Iterable, Iterator, Optional

import pyarrow as pa

from . import _wiq, fuzz

__all__ = ["ADDED_COLUMNS", "INVALID_INPUT", "Index", "resolve", "fuzz"]

#: The columns ``jobforge code`` appends, in order.
ADDED_COLUMNS: tuple = tuple(_wiq.ADDED_COLUMNS)
#: The ``method`` of a row whose title is null, empty or unreadable.
INVALID_INPUT: str = _wiq.INVALID_INPUT

_TEXT_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_null(t) or any(f(t) for f in _TEXT_TYPES)


def _text_chunks(values: Any, what: str) -> pa.ChunkedArray:
    """Any supported column of titles as a pyarrow ChunkedArray of strings,
    without copying where the input is already Arrow (pyarrow, Polars,
    Arrow-backed pandas). Nulls stay nulls; a bad type is a TypeError."""
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(
            f"{what} must be a column of strings (pyarrow Array/ChunkedArray, "
            f"pandas or Polars Series, list), not {type(values).__name__}"
            + ("; use Index.search for one title" if isinstance(values, str) else "")
        )
    module = type(values).__module__.split(".")[0]
    if isinstance(values, (pa.Table, pa.RecordBatch)):
        if values.num_columns != 1:
            raise TypeError(
                f"{what}: a table with {values.num_columns} columns; pass one column "
                "(table['title']) or use Index.code_batches"
            )
        values = values.column(0)
    elif module == "polars":
        values = values.to_arrow()
    elif module == "pandas":
        try:
            values = pa.Array.from_pandas(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            raise TypeError(f"{what} must hold strings: {e}") from None
    elif not isinstance(values, (pa.Array, pa.ChunkedArray)):
        if hasattr(values, "__arrow_c_stream__"):
            values = pa.chunked_array(values)
        elif hasattr(values, "__arrow_c_array__"):
            values = pa.array(values)
        else:
            try:
                items = list(values)
            except TypeError:
                raise TypeError(
                    f"{what} must be an iterable of strings, not {type(values).__name__}"
                ) from None
            try:
                values = pa.array(items, type=pa.string())
            except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
                raise TypeError(f"{what} must hold only strings or None: {e}") from None
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    if not _is_text(values.type):
        raise TypeError(f"{what} must be strings, not Arrow type {values.type}")
    return values


def _aligned(chunks: pa.ChunkedArray, like: pa.ChunkedArray) -> list:
    """``chunks`` cut at the same rows as ``like`` (one array per chunk)."""
    out, offset = [], 0
    for c in like.chunks:
        out.append(chunks.slice(offset, len(c)).combine_chunks())
        offset += len(c)
    return out


class Index:
    """A WiQ search index (``data/search-index.bin`` of a built site)."""

    def __init__(self, native: Any):
        self._native = native

    @classmethod
    def load(
        cls,
        path: "str | os.PathLike[str]",
        sources: "Optional[str | os.PathLike[str]]" = None,
        job_architecture: "Optional[str | os.PathLike[str]]" = None,
        verify: bool = True,
    ) -> "Index":
        """Loads a built index. ``sources`` (a folder laid out like
        ``data/sources``) adds the 5-tier resolver, needed to code with unit
        groups."""
        return cls(
            _wiq.NativeIndex.load(
                os.fspath(path),
                None if sources is None else os.fspath(sources),
                None if job_architecture is None else os.fspath(job_architecture),
                verify,
            )
        )

    @classmethod
    def train(
        cls,
        sources: "str | os.PathLike[str]",
        job_architecture: "Optional[str | os.PathLike[str]]" = None,
        verify: bool = True,
    ) -> "Index":
        """Trains an index from a sources folder with the shipped settings,
        as ``jobforge build --app`` does (about a minute on two cores)."""
        return cls(
            _wiq.NativeIndex.train(
                os.fspath(sources),
                None if job_architecture is None else os.fspath(job_architecture),
                verify,
            )
        )

    def to_bytes(self) -> bytes:
        """The index as the bytes of ``data/search-index.bin``."""
        return self._native.to_bytes()

    def save(self, path: "str | os.PathLike[str]") -> None:
        with open(path, "wb") as f:
            f.write(self.to_bytes())

    def search(self, title: str, top: int = 5) -> dict:
        """``jobforge search --json``: the query, its language, status and
        hits (unit group, confidence, profile, matched title and source,
        EN/FR explanation), plus ``needs_review``."""
        if not isinstance(title, str):
            raise TypeError(f"title must be a string, not {type(title).__name__}")
        text, review = self._native.search_json(title, top)
        result = json.loads(text)
        result["needs_review"] = review
        return result

    def resolve(self, title: str, unit_group: str) -> dict:
        """``jobforge resolve --json`` (needs ``sources`` at load)."""
        return json.loads(self._native.resolve_json(title, unit_group))

    def code(
        self,
        titles: Any,
        unit_groups: Any = None,
        threads: Optional[int] = None,
    ) -> pa.Table:
        """``jobforge code`` on a column of titles: a table with ``title``
        (and ``unit_group``) then ``ADDED_COLUMNS``, one row per input row in
        order; null and empty titles are ``INVALID_INPUT`` rows.
        ``confidence`` is a float (null where the CLI's cell is empty) and
        ``needs_review`` a boolean; the other columns are the CLI's text.
        ``threads`` defaults to every core."""
        t = _text_chunks(titles, "titles")
        u = None if unit_groups is None else _text_chunks(unit_groups, "unit_groups")
        if u is not None and len(u) != len(t):
            raise ValueError(
                f"unit_groups has {len(u)} rows but titles has {len(t)}: give one per title"
            )
        threads = threads or os.cpu_count() or 1
        chunks = t.chunks or [pa.array([], type=t.type)]
        ugs = _aligned(u, t) if u is not None and t.chunks else [None] * len(chunks)
        if u is not None and not t.chunks:
            ugs = [pa.array([], type=u.type)]
        batches = [
            self._native.code_chunk(c, g, threads) for c, g in zip(chunks, ugs)
        ]
        return pa.Table.from_batches(batches)

    def code_batches(
        self,
        batches: Any,
        title_column: str = "title",
        unit_group_column: Optional[str] = None,
        threads: int = 1,
    ) -> Iterator[pa.RecordBatch]:
        """Streams record batches (an iterable of ``pa.RecordBatch``, a
        ``RecordBatchReader`` or anything with ``__arrow_c_stream__``): each
        comes back with every input column then ``ADDED_COLUMNS``, as
        ``jobforge code`` keeps every input column. Memory holds one batch,
        whatever the input's size (Spark's ``mapInArrow`` calls this)."""
        if hasattr(batches, "__arrow_c_stream__") and not isinstance(
            batches, pa.RecordBatchReader
        ):
            batches = pa.RecordBatchReader.from_stream(batches)
        for b in batches:
            if not isinstance(b, pa.RecordBatch):
                raise TypeError(f"expected pyarrow RecordBatch, not {type(b).__name__}")
            titles = _text_chunks(b.column(title_column), f"column {title_column!r}")
            ug = None
            if unit_group_column is not None:
                ug = _text_chunks(b.column(unit_group_column), f"column {unit_group_column!r}")
                ug = ug.combine_chunks()
            coded = self._native.code_chunk(titles.combine_chunks(), ug, threads)
            added = coded.num_columns - len(ADDED_COLUMNS)
            columns = b.columns + coded.columns[added:]
            names = b.schema.names + list(ADDED_COLUMNS)
            yield pa.RecordBatch.from_arrays(columns, names=names)

    def code_series(self, titles: Any, threads: Optional[int] = None):
        """For Polars ``map_batches``: a Series of structs named ``coded``
        with ``ADDED_COLUMNS`` as fields (``.unnest("coded")`` spreads it)."""
        import polars as pl

        table = self.code(titles, threads=threads).select(list(ADDED_COLUMNS))
        struct = pa.StructArray.from_arrays(
            [c.combine_chunks() for c in table.columns], names=list(ADDED_COLUMNS)
        )
        return pl.Series("coded", struct)


@functools.lru_cache(maxsize=4)
def _resolver(sources: str, job_architecture: Optional[str], verify: bool) -> Any:
    return _wiq.NativeResolver.load(sources, job_architecture, verify)


def resolve(
    title: str,
    unit_group: str,
    sources: "str | os.PathLike[str]" = "data/sources",
    job_architecture: "Optional[str | os.PathLike[str]]" = None,
    verify: bool = True,
) -> dict:
    """``jobforge resolve --unit-group UG TITLE --json``: the 5-tier
    resolution of a title within a unit group (tier, confidence, profile,
    matched text, scorer and score, EN/FR rationale). The sources are read
    once per folder and kept."""
    ja = None if job_architecture is None else os.fspath(job_architecture)
    native = _resolver(os.fspath(sources), ja, verify)
    return json.loads(native.resolve_json(title, unit_group))
