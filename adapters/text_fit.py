"""Cut text to a platform's field limit, counted the strictest way the platforms count (UTF-16 code units)."""

from __future__ import annotations

ELLIPSIS = "…"


def fit(text: str, limit: int) -> str:
    """`text` as it is when it fits in `limit` UTF-16 code units; else cut between characters, with an ellipsis."""
    if _units(text) <= limit:
        return text
    room = limit - _units(ELLIPSIS)
    cut = text[:room]  # at most `room` code points, so at least that many units: trim until it fits
    while _units(cut) > room:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def _units(text: str) -> int:
    """Length in UTF-16 code units: an emoji outside the Basic Multilingual Plane counts two."""
    return len(text.encode("utf-16-le")) // 2
