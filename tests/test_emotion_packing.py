"""Packed weights sum exactly, whatever their signs and however many features a message has."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emotion.packing import OFFSET, SCALE, ZERO, pack, unpack

LIMIT = (OFFSET - 1) / SCALE
weights = st.lists(st.floats(min_value=-30.0, max_value=30.0), min_size=5, max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(weights, st.booleans()), max_size=300), st.integers(min_value=0, max_value=3000))
def test_sums_unpack_to_the_float_sums(rows: list[tuple[list[float], bool]], missing: int) -> None:
    total = sum((pack(w, cue=c) for w, c in rows), ZERO * missing)
    logits, cued = unpack(total, len(rows) + missing)
    for k in range(4):
        expected = sum(max(-LIMIT, min(LIMIT, w[k] - w[4])) for w, _ in rows)
        assert abs(logits[k] - expected) <= 0.001 * (len(rows) + 1)
    assert logits[4] == 0.0
    assert cued == any(c for _, c in rows)
