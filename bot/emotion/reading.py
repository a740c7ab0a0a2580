"""What the emotion reader says about one message."""

from __future__ import annotations

from dataclasses import dataclass

from bot.moods import Label


@dataclass(frozen=True, slots=True)
class Reading:
    """A message's mood, how sure the reader is (0..1), and the cues that drove it."""

    mood: Label
    confidence: float
    cues: tuple[str, ...]
