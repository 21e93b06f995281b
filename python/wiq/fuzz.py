"""RapidFuzz 3.14's scorers, from the Rust ``jobforge_core::fuzz`` the CLI
and the resolver run: ``wiq.fuzz.wratio(a, b)`` equals
``rapidfuzz.fuzz.WRatio(a, b)`` (checked on 11,700 vectors in
``core/tests/fuzz_parity.rs``). As in RapidFuzz, strings are compared as
given unless ``processor=default_process``; ``None`` scores 0; scores
below ``score_cutoff`` are 0."""

from __future__ import annotations

from typing import Callable, Optional

from . import _wiq

__all__ = list(_wiq.SCORERS) + ["WRatio", "QRatio", "default_process", "SCORERS"]

#: Every scorer's name.
SCORERS: tuple = tuple(_wiq.SCORERS)


def default_process(s: str) -> str:
    """``rapidfuzz.utils.default_process``: lower case, non-alphanumerics to
    spaces, trimmed."""
    return _wiq.default_process(s)


def _scorer(name: str) -> Callable[..., float]:
    def score(
        s1: Optional[str],
        s2: Optional[str],
        *,
        processor: Optional[Callable[[str], str]] = None,
        score_cutoff: Optional[float] = None,
    ) -> float:
        if s1 is None or s2 is None:
            return 0.0
        processed = False
        if processor is not None:
            if processor is default_process or getattr(processor, "__name__", "") == "default_process":
                processed = True
            else:
                s1, s2 = processor(s1), processor(s2)
        if not isinstance(s1, str) or not isinstance(s2, str):
            raise TypeError(
                f"{name} compares strings, not {type(s1).__name__} and {type(s2).__name__}"
            )
        return _wiq.score(name, s1, s2, processed, score_cutoff or 0.0)

    score.__name__ = name
    score.__doc__ = f"``rapidfuzz.fuzz`` {name}, 0 to 100."
    return score


ratio = _scorer("ratio")
partial_ratio = _scorer("partial_ratio")
token_sort_ratio = _scorer("token_sort_ratio")
token_set_ratio = _scorer("token_set_ratio")
token_ratio = _scorer("token_ratio")
partial_token_sort_ratio = _scorer("partial_token_sort_ratio")
partial_token_set_ratio = _scorer("partial_token_set_ratio")
partial_token_ratio = _scorer("partial_token_ratio")
qratio = _scorer("qratio")
wratio = _scorer("wratio")
#: RapidFuzz's spellings.
WRatio = wratio
QRatio = qratio
