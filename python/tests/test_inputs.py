"""Every input type codes the same; bad types are TypeErrors; nulls and
empty titles are kept in place; Arrow in and out without copies."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import wiq

from conftest import noc_example_titles, sample

TITLES = [
    "Software developer",
    None,
    "infirmière autorisée",
    "",
    "sofware enginer",
    "   ",
    "Électricien industriel",
    "Truck driver",
]
INVALID = {1, 3, 5}


@pytest.fixture(scope="module")
def expected(index) -> pa.Table:
    return index.code(pa.array(TITLES, type=pa.string()))


def _added(t: pa.Table) -> list:
    return t.select(list(wiq.ADDED_COLUMNS)).to_pylist()


def test_reference_keeps_nulls_and_empties_in_place(expected):
    assert expected.num_rows == len(TITLES)
    assert expected.column_names == ["title", *wiq.ADDED_COLUMNS]
    assert expected.column("title").to_pylist() == TITLES
    for i, row in enumerate(expected.to_pylist()):
        if i in INVALID:
            assert row["method"] == wiq.INVALID_INPUT and row["needs_review"], row
            assert row["confidence"] is None and row["noc_code"] == ""
        else:
            assert row["method"] == "SEARCH" and len(row["noc_code"]) == 5, row
            assert 0.0 < row["confidence"] <= 1.0


INPUTS = {
    "list": lambda: list(TITLES),
    "tuple": lambda: tuple(TITLES),
    "generator": lambda: (t for t in TITLES),
    "pyarrow string": lambda: pa.array(TITLES, type=pa.string()),
    "pyarrow large_string": lambda: pa.array(TITLES, type=pa.large_string()),
    "pyarrow string_view": lambda: pa.array(TITLES, type=pa.string_view()),
    "pyarrow dictionary": lambda: pa.array(TITLES).dictionary_encode(),
    "pyarrow chunked": lambda: pa.chunked_array([TITLES[:3], TITLES[3:5], TITLES[5:]]),
    "pyarrow table column": lambda: pa.table({"title": TITLES}).column("title"),
    "pyarrow one-column table": lambda: pa.table({"title": TITLES}),
    "pandas object": lambda: pd.Series(TITLES, dtype=object),
    "pandas NaN for missing": lambda: pd.Series([np.nan if t is None else t for t in TITLES]),
    "pandas string[pyarrow]": lambda: pd.Series(TITLES, dtype="string[pyarrow]"),
    "pandas category": lambda: pd.Series(TITLES, dtype="category"),
    "polars": lambda: pl.Series("title", TITLES),
    "polars categorical": lambda: pl.Series("title", TITLES, dtype=pl.Categorical),
    "numpy object": lambda: np.array(TITLES, dtype=object),
}


@pytest.mark.parametrize("kind", list(INPUTS))
def test_every_input_type_codes_the_same(index, expected, kind):
    got = index.code(INPUTS[kind](), threads=2)
    assert got.num_rows == len(TITLES), kind
    assert _added(got) == _added(expected), kind


@pytest.mark.parametrize(
    "bad, message",
    [
        ("Software developer", "not str; use Index.search"),
        (None, "not NoneType"),
        (42, "iterable of strings, not int"),
        ([1, 2], "only strings or None"),
        (["ok", 3.5], "only strings or None"),
        (pa.array([1, 2]), "Arrow type int64"),
        (pd.Series([1, 2]), "Arrow type int64"),
        (pl.Series([1, 2]), "Arrow type int64"),
        (pa.table({"a": ["x"], "b": ["y"]}), "2 columns"),
    ],
)
def test_bad_input_types_are_type_errors(index, bad, message):
    with pytest.raises(TypeError, match=message):
        index.code(bad)


def test_search_needs_a_string(index):
    with pytest.raises(TypeError, match="string"):
        index.search(["a list"])


def test_unit_groups_of_another_length_are_refused(index_with_resolver):
    with pytest.raises(ValueError, match="one per title"):
        index_with_resolver.code(["Nurse", "Welder"], unit_groups=["31301"])


def test_empty_input_gives_an_empty_table_with_the_columns(index):
    t = index.code([])
    assert t.num_rows == 0 and t.column_names == ["title", *wiq.ADDED_COLUMNS]


def test_arrow_in_place_and_round_trip(index, sources):
    titles = pa.array([t for _, _, t in sample(noc_example_titles(sources), 2000)])
    out = index.code(titles)
    # The title column is the input's own buffers: no copy went in or out.
    assert out.column("title").chunk(0).buffers()[2].address == titles.buffers()[2].address
    assert out.column("title").chunk(0).buffers()[1].address == titles.buffers()[1].address
    # Through the Arrow IPC format and back, every value and type is kept.
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, out.schema) as w:
        w.write_table(out)
    back = pa.ipc.open_stream(sink.getvalue()).read_all()
    assert back.equals(out)
    assert back.schema.field("confidence").type == pa.float64()
    assert back.schema.field("needs_review").type == pa.bool_()


def test_batches_stream_with_every_input_column(index, sources):
    titles = [t for _, _, t in sample(noc_example_titles(sources), 3000)]
    table = pa.table({"id": list(range(len(titles))), "title": titles})
    batches = list(index.code_batches(table.to_reader(max_chunksize=700)))
    assert len(batches) == 5
    streamed = pa.Table.from_batches(batches)
    assert streamed.column_names == ["id", "title", *wiq.ADDED_COLUMNS]
    assert streamed.column("id").to_pylist() == list(range(len(titles)))
    whole = index.code(titles, threads=1)
    assert _added(streamed) == _added(whole)


def test_polars_map_batches(index):
    df = pl.DataFrame({"id": range(len(TITLES)), "title": TITLES})
    coded = df.with_columns(coded=pl.col("title").map_batches(index.code_series)).unnest("coded")
    assert coded.columns == ["id", "title", *wiq.ADDED_COLUMNS]
    assert coded.height == len(TITLES)
    expected = _added(index.code(TITLES))
    assert coded.select(list(wiq.ADDED_COLUMNS)).to_dicts() == expected


def test_duckdb_arrow_udf_and_sql_over_the_result(index):
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE jobs AS SELECT * FROM (VALUES (1, 'Software developer'), "
                "(2, NULL), (3, 'infirmière autorisée'), (4, '')) t(id, title)")

    def noc_code(titles: pa.Array) -> pa.Array:
        return index.code(titles).column("noc_code").combine_chunks()

    con.create_function("noc_code", noc_code, ["VARCHAR"], "VARCHAR", type="arrow",
                        null_handling="special")
    udf = con.sql("SELECT id, noc_code(title) AS noc FROM jobs ORDER BY id").fetchall()
    direct = index.code(["Software developer", None, "infirmière autorisée", ""])
    assert [n for _, n in udf] == direct.column("noc_code").to_pylist()
    assert udf[1][1] == "" and len(udf[0][1]) == 5

    titles = con.sql("SELECT title FROM jobs ORDER BY id").to_arrow_table()
    coded = index.code(titles.column("title"))
    summary = duckdb.sql("SELECT method, count(*) AS n FROM coded GROUP BY method ORDER BY method")
    assert summary.fetchall() == [(wiq.INVALID_INPUT, 2), ("SEARCH", 2)]
