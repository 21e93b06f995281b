"""`wiq` answers as the release `jobforge` does, on real titles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa

import wiq

from conftest import noc_example_titles, run_cli, sample


def _cli_code(jobforge, sources, tmp: Path, rows: list[dict], ug: bool) -> list[dict]:
    src, out = tmp / "titles.csv", tmp / "coded.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "noc"])
        for r in rows:
            w.writerow([r["id"], r["title"] or "", r["noc"] or ""])
    args = ["code", "--input", str(src), "--title-column", "title", "--output", str(out)]
    if ug:
        args += ["--unit-group-column", "noc"]
    run_cli(jobforge, sources, *args)
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _assert_same(cli: list[dict], table: pa.Table) -> None:
    assert table.num_rows == len(cli)
    py = table.to_pylist()
    for i, (c, p) in enumerate(zip(cli, py)):
        for col in wiq.ADDED_COLUMNS:
            want = c[col]
            got = p[col]
            if col == "confidence":
                got = "" if got is None else f"{got:.3f}"
            elif col == "needs_review":
                got = "true" if got else "false"
            assert got == want, f"row {i} ({c['title']!r}) {col}: wiq {got!r}, CLI {want!r}"


def _rows(sources: Path, n_per_lang: int) -> list[dict]:
    titles = noc_example_titles(sources)
    en = sample([t for t in titles if t[1] == "en"], n_per_lang)
    fr = sample([t for t in titles if t[1] == "fr"], n_per_lang)
    rows = [{"id": str(i), "title": t, "noc": code} for i, (code, _, t) in enumerate(en + fr)]
    # Blank titles and unit groups, a code that lost its leading zero, an
    # unknown code: each kept and coded as the CLI codes it.
    rows += [
        {"id": "blank", "title": None, "noc": None},
        {"id": "spaces", "title": "   ", "noc": "21231"},
        {"id": "zeros", "title": "Legislator", "noc": "10"},
        {"id": "unknown", "title": "Software developer", "noc": "99999"},
        {"id": "blank-noc", "title": "Serrurière", "noc": "  "},
    ]
    return rows


def test_code_matches_cli_on_1200_noc_titles_in_both_languages(index, jobforge, sources, tmp_path):
    rows = _rows(sources, 600)
    assert sum(1 for r in rows if r["title"]) >= 1200
    cli = _cli_code(jobforge, sources, tmp_path, rows, ug=False)
    table = index.code([r["title"] for r in rows])
    _assert_same(cli, table)
    # The coding is not trivial: most titles found a unit group, blanks did not.
    methods = table.column("method").to_pylist()
    assert methods.count("SEARCH") == len(rows) - 2
    assert methods.count(wiq.INVALID_INPUT) == 2


def test_code_with_unit_groups_matches_cli(index_with_resolver, jobforge, sources, tmp_path):
    rows = _rows(sources, 500)
    cli = _cli_code(jobforge, sources, tmp_path, rows, ug=True)
    table = index_with_resolver.code(
        [r["title"] for r in rows], unit_groups=[r["noc"] for r in rows]
    )
    _assert_same(cli, table)
    methods = set(table.column("method").to_pylist())
    # Several resolver tiers and the search fallback both occur.
    assert "SEARCH" in methods and len(methods - {"SEARCH", wiq.INVALID_INPUT}) >= 2, methods


def test_search_matches_cli_json(index, jobforge, sources):
    for query in ["sofware developer", "serrurière", "registered nurse"]:
        cli = json.loads(run_cli(jobforge, sources, "search", query, "--top", "5", "--json"))
        got = index.search(query, top=5)
        review = got.pop("needs_review")
        assert got == cli
        assert review == (cli["status"] != "Confident")
        assert len(got["hits"]) == 5 and got["hits"][0]["explanation_fr"]


def test_resolve_matches_cli_json(jobforge, sources, index_with_resolver):
    for ug, title in [("13110", "Administrative assistant"), ("21231", "Développeur de logiciels")]:
        cli = json.loads(
            run_cli(jobforge, sources, "resolve", "--unit-group", ug, title, "--json")
        )
        assert wiq.resolve(title, ug, sources=sources) == cli
        assert index_with_resolver.resolve(title, ug) == cli


def test_unit_groups_without_resolver_data_is_a_clear_error(index):
    import pytest

    with pytest.raises(ValueError, match="sources"):
        index.code(["Nurse"], unit_groups=["31301"])


def test_trained_index_equals_the_built_one(sources, index_path):
    # Training is deterministic: the package trains the very index that
    # `jobforge build --app` wrote.
    trained = wiq.Index.train(sources)
    assert trained.to_bytes() == index_path.read_bytes()
