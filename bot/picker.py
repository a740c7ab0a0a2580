"""Choose a meme for a mood: weighted, rating-filtered, fitted to the story, falling back gently, never repeating
until the pool is spent."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass

from bot.catalogue.load import Catalogue
from bot.catalogue.model import Meme
from bot.moods import FALLBACKS, PREVIEW_FALLBACKS, Mood
from bot.story import NO_STORY, Story


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen meme and why it was chosen."""

    meme: Meme
    mood: Mood  # the pool it came from (differs from the asked mood after a fallback)
    pool_spent: bool  # every meme in the pool had been shown; the pool starts over
    reason: str
    mentions: str | None = None  # the word of the message that made the meme fit, as typed


def pool_for(
    catalogue: Catalogue, mood: Mood, *, story: Story = NO_STORY, anything: bool = False
) -> tuple[Mood, tuple[Meme, ...]] | None:
    """The first mood along the fallback chain with memes that pass the rating filter and whose needs are met.

    `anything`: when the chain has none, go on to every mood that may stand in (a /cry preview shows a meme
    whenever there is one it may show; grief still borrows only from gentle moods).
    """
    chain = PREVIEW_FALLBACKS[mood] if anything else FALLBACKS[mood]
    for candidate in chain:
        memes = tuple(m for m in catalogue.pools.get(candidate, ()) if story.allows(catalogue.words_of(m)))
        if memes:
            return candidate, memes
    return None


def choose_meme(
    catalogue: Catalogue,
    mood: Mood,
    *,
    rng: random.Random,
    shown: Collection[str] = (),
    last: str | None = None,
    story: Story = NO_STORY,
    anything: bool = False,
    unusable: Collection[str] = (),
) -> Pick | None:
    """Pick by weight among memes not yet shown, those that fit the story first; when all have been shown, start
    over but avoid the last one.

    Memes in `unusable` (their picture cannot be had right now) are left out of the pool; when that leaves it empty,
    None: the caller says the picture could not be loaded rather than answer with another mood's meme.
    """
    found = pool_for(catalogue, mood, story=story, anything=anything)
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
    fitting = [m for m in fresh if story.fits(catalogue.words_of(m))]
    candidates = fitting or fresh
    meme = rng.choices(candidates, weights=[m.weight for m in candidates])[0]
    word = story.fit_word(catalogue.words_of(meme)) if fitting else None
    reason = f"weighted pick among {len(fresh)} unseen of {len(memes)} '{pool_mood}' memes"
    if fitting:
        story_fit = "fits" if len(candidates) == 1 else f"is one of {len(candidates)} that fit"
        reason = (
            f"chosen: the message mentions {word!r}; it {story_fit} among {len(fresh)} unseen of "
            f"{len(memes)} '{pool_mood}' memes"
        )
    if pool_mood != mood:
        reason += f" (no '{mood}' meme fits, so it borrowed from '{pool_mood}')"
    held = _held_back(catalogue, pool_mood, story)
    if held:
        reason += f"; {held} held back: {'it needs' if ',' not in held else 'they need'} words the message lacks"
    if spent:
        reason += "; every meme had been shown here, so the pool started over"
    return Pick(meme=meme, mood=pool_mood, pool_spent=spent, reason=reason, mentions=word)


def _held_back(catalogue: Catalogue, mood: Mood, story: Story) -> str:
    """The memes of a pool kept out because the message does not mention what they need, named."""
    held = [m.id for m in catalogue.pools.get(mood, ()) if not story.allows(catalogue.words_of(m))]
    return ", ".join(held)
