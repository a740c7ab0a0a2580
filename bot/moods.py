"""The moods crybot tells apart, and how they fall back on one another."""

from __future__ import annotations

from typing import Final, Literal, get_args

Mood = Literal["sad", "grief", "frustrated", "anxious", "joy", "neutral"]
Label = Literal["sad", "grief", "frustrated", "anxious", "joy", "neutral", "crisis"]

MOODS: Final[tuple[Mood, ...]] = get_args(Mood)
LABELS: Final[tuple[Label, ...]] = get_args(Label)
REACTIVE_MOODS: Final[tuple[Mood, ...]] = tuple(m for m in MOODS if m != "neutral")

# Where to look when a mood has no meme left. Grief must stay gentle: it may
# borrow from sad, never from joy or frustration.
FALLBACKS: Final[dict[Mood, tuple[Mood, ...]]] = {
    "sad": ("sad", "grief"),
    "grief": ("grief", "sad"),
    "frustrated": ("frustrated", "sad"),
    "anxious": ("anxious", "sad"),
    "joy": ("joy",),
    "neutral": (),
}

# A /cry preview shows a meme whenever the catalogue has one it may show: after the gentle chain, any mood may
# stand in, except that grief never borrows beyond its own chain.
PREVIEW_FALLBACKS: Final[dict[Mood, tuple[Mood, ...]]] = {
    mood: chain if mood == "grief" else chain + tuple(m for m in REACTIVE_MOODS if m not in chain)
    for mood, chain in FALLBACKS.items()
}

DEFAULT_EMOJI: Final[dict[Mood, str]] = {
    "sad": "😢",
    "grief": "🕯️",
    "frustrated": "😭",
    "anxious": "😰",
    "joy": "🥹",
    "neutral": "",
}


def is_mood(value: object) -> bool:
    """Tell whether a value names one of the moods."""
    return isinstance(value, str) and value in MOODS
