"""Pack a feature's mood weights into one int, so scoring a message is one C-level sum of dict values.

Each of the four moods (relative to neutral) gets a 32-bit lane holding round(w * SCALE) + OFFSET;
a fifth lane counts keys that carry a chat cue. Summing n packed values and taking n * OFFSET
from each lane gives the exact fixed-point sums: no lane can overflow below 2**15 features,
and a message has at most a few thousand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.emotion.model import FIXED, to_fixed

SCALE: Final = float(FIXED)  # the model file's fixed point, so its integers pack as they are
OFFSET: Final = 1 << 15
LANE: Final = 32
MASK: Final = (1 << LANE) - 1
ZERO: Final = sum(OFFSET << (LANE * k) for k in range(4))  # what a missing feature adds
CUE_FLAG: Final = 1 << (LANE * 4)
_LIMIT: Final = OFFSET - 1


def pack(weights: Sequence[float], *, cue: bool = False) -> int:
    """Five mood weights (sad, frustrated, anxious, joy, neutral) as one int, relative to neutral."""
    return pack_fixed(to_fixed(weights), cue=cue)


def pack_fixed(fixed: Sequence[int], *, cue: bool = False) -> int:
    """Four fixed-point logits relative to neutral (already times SCALE) as one int."""
    a, b, c, d = (max(-_LIMIT, min(_LIMIT, q)) + OFFSET for q in fixed)
    return (CUE_FLAG if cue else 0) | a | b << LANE | c << (2 * LANE) | d << (3 * LANE)


def unpack_fixed(packed: int) -> list[int]:
    """The four fixed-point logits of one packed value (cue flag ignored)."""
    return [((packed >> (LANE * k)) & MASK) - OFFSET for k in range(4)]


def unpack(total: int, count: int) -> tuple[list[float], bool]:
    """The summed mood logits of `count` packed values (neutral last, always 0), and whether any had a cue."""
    base = count * OFFSET
    return [
        ((total & MASK) - base) / SCALE,
        (((total >> LANE) & MASK) - base) / SCALE,
        (((total >> (2 * LANE)) & MASK) - base) / SCALE,
        (((total >> (3 * LANE)) & MASK) - base) / SCALE,
        0.0,
    ], total >= CUE_FLAG
