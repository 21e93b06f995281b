"""`wiq.fuzz` equals RapidFuzz 3.14.6 on the vectors `core/tests` checks."""

from __future__ import annotations

import gzip
import json

import pytest

import wiq
from conftest import REPO

DATA = REPO / "core" / "tests" / "data"


def _vectors(name: str):
    with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
        header = json.loads(next(f))
        assert header["rapidfuzz"] == "3.14.6"
        return header, [json.loads(line) for line in f]


def test_processed_scores_equal_rapidfuzz():
    header, rows = _vectors("fuzz_vectors.jsonl.gz")
    names = header["columns"][4:]
    assert len(rows) > 1000
    for a, b, pa_, pb, *scores in rows:
        assert wiq.fuzz.default_process(a) == pa_
        assert wiq.fuzz.default_process(b) == pb
        for name, want in zip(names, scores):
            got = getattr(wiq.fuzz, name)(a, b, processor=wiq.fuzz.default_process)
            assert got == pytest.approx(want, abs=1e-6), (name, a, b)


def test_raw_scores_equal_rapidfuzz():
    header, rows = _vectors("fuzz_vectors_raw.jsonl.gz")
    names = header["columns"][2:]
    for a, b, *scores in rows:
        for name, want in zip(names, scores):
            assert getattr(wiq.fuzz, name)(a, b) == pytest.approx(want, abs=1e-6), (name, a, b)


def test_rapidfuzz_spellings_none_and_cutoff():
    assert wiq.fuzz.WRatio is wiq.fuzz.wratio and wiq.fuzz.QRatio is wiq.fuzz.qratio
    assert wiq.fuzz.wratio("Software developer", "software developers") > 90
    assert wiq.fuzz.wratio(None, "x") == 0.0
    assert wiq.fuzz.ratio("abc", "abd", score_cutoff=99) == 0.0
    assert wiq.fuzz.ratio("abc", "abd") == pytest.approx(66.666666, abs=1e-5)
    with pytest.raises(TypeError):
        wiq.fuzz.ratio(1, "a")
