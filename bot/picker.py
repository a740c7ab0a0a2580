"""Choose a meme for a mood: weighted, rating-filtered, falling back gently, never repeating until the pool is spent."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass

from bot.catalogue.load import Catalogue
from bot.catalogue.model import Meme
from bot.moods import FALLBACKS, Mood


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen meme and why it was chosen."""

    meme: Meme
    mood: Mood  # the pool it came from (differs from the asked mood after a fallback)
    pool_spent: bool  # every meme in the pool had been shown; the pool starts over
    reason: str


def pool_for(catalogue: Catalogue, mood: Mood) -> tuple[Mood, tuple[Meme, ...]] | None:
    """The first mood along the fallback chain that has memes passing the rating filter."""
    for candidate in FALLBACKS[mood]:
        memes = catalogue.pools.get(candidate, ())
        if memes:
            return candidate, memes
    return None


def choose_meme(
    catalogue: Catalogue, mood: Mood, *, rng: random.Random, shown: Collection[str] = (), last: str | None = None,
    unusable: Collection[str] = (),
) -> Pick | None:
    """Pick by weight among memes not yet shown; when all have been, start over but avoid the last one.

    Memes in `unusable` (their picture cannot be had right now) are left out as if the pool did not hold them.
    """
    found = pool_for(catalogue, mood)
    if found is None:
        return None
    pool_mood, memes = found
    if unusable:
        memes = tuple(m for m in memes if m.id not in unusable)
        if not memes:
            return None
    fresh = [m for m in memes if m.id not in shown]
    spent = not fresh
    if spent:
        fresh = [m for m in memes if m.id != last] or list(memes)
    meme = rng.choices(fresh, weights=[m.weight for m in fresh])[0]
    reason = f"weighted pick among {len(fresh)} unseen of {len(memes)} '{pool_mood}' memes"
    if pool_mood != mood:
        reason += f" (no '{mood}' meme fits, so it borrowed from '{pool_mood}')"
    if spent:
        reason += "; every meme had been shown here, so the pool started over"
    return Pick(meme=meme, mood=pool_mood, pool_spent=spent, reason=reason)
