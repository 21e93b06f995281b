"""Shared fixtures: the real sources, a built index and the release CLI.

Nothing here is mocked: the titles are the official NOC 2021 example
titles and the OaSIS example titles of `../shared/data` (or
`$JOBFORGE_SOURCES`), the index is a built site's `data/search-index.bin`
(`$WIQ_INDEX`, which `scripts/test.sh` sets to its end-to-end build) and
the CLI is `target/release/jobforge` (`$JOBFORGE_BIN`). A missing input
fails the tests with its name, never skips them.
"""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest

import wiq

REPO = Path(__file__).resolve().parents[2]


def _required(path: Path, what: str, env: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{what} not found at {path} (set ${env})")
    return path


@pytest.fixture(scope="session")
def sources() -> Path:
    p = Path(os.environ.get("JOBFORGE_SOURCES", REPO.parent / "shared" / "data"))
    return _required(p.resolve(), "the sources folder", "JOBFORGE_SOURCES")


@pytest.fixture(scope="session")
def index_path() -> Path:
    p = Path(os.environ.get("WIQ_INDEX", REPO / "dist" / "data" / "search-index.bin"))
    return _required(p.resolve(), "a built search index", "WIQ_INDEX")


@pytest.fixture(scope="session")
def jobforge() -> Path:
    p = Path(os.environ.get("JOBFORGE_BIN", REPO / "target" / "release" / "jobforge"))
    return _required(p.resolve(), "the release jobforge binary", "JOBFORGE_BIN")


@pytest.fixture(scope="session")
def index(index_path: Path) -> wiq.Index:
    return wiq.Index.load(index_path)


@pytest.fixture(scope="session")
def index_with_resolver(index_path: Path, sources: Path) -> wiq.Index:
    return wiq.Index.load(index_path, sources=sources)


def run_cli(jobforge: Path, sources: Path, *args: str) -> str:
    """`jobforge ARGS --sources SOURCES`, from the repository root so it
    reads the same index cache as the build that wrote `$WIQ_INDEX`."""
    cache = os.environ.get("JOBFORGE_INDEX_CACHE", str(REPO / ".cache" / "jobforge" / "search"))
    cmd = [str(jobforge), *args, "--sources", str(sources)]
    if args[0] in ("search", "code"):
        cmd += ["--index-cache", cache]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return done.stdout


def noc_example_titles(sources: Path) -> list[tuple[str, str, str]]:
    """(unit group, language, title) of the official NOC example titles."""
    path = sources / "statcan-noc-2021" / "noc_2021_example_titles_en_fr.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Code - NOC 2021 V1.0", "Language", "Example title"], rows[0]
    return [(r[0], r[1], r[2]) for r in rows[1:]]


def oasis_example_titles(sources: Path) -> list[str]:
    path = sources / "esdc-oasis-2023-v1.0" / "example-titles_oasis_2023_v1.0.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = header.index("Job title text")
        return [r[col] for r in reader if len(r) > col]


def sample(rows: list, n: int) -> list:
    """`n` rows spread evenly over `rows` (deterministic)."""
    step = max(1, len(rows) // n)
    return rows[::step][:n]
