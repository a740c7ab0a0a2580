"""What the emotion reader says about one message."""

from __future__ import annotations

from typing import NamedTuple

from bot.moods import Label


class Reading(NamedTuple):
    """A message's mood, how sure the reader is (0..1), and the cues that drove it.

    A named tuple rather than a frozen dataclass: as immutable, and made in half the time, once per message.
    """

    mood: Label
    confidence: float
    cues: tuple[str, ...]
