"""What a message is about beyond its mood: the words a meme fits or needs, found as triggers find theirs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import for_matching
from bot.triggers import WordSet


@dataclass(frozen=True, slots=True)
class MemeWords:
    """A meme's `words` and `needs`, compiled once at catalogue load."""

    words: WordSet | None = None
    needs: WordSet | None = None


NO_WORDS = MemeWords()


class Story:
    """One message's text, folded once for matching, asked which of a meme's words it mentions."""

    __slots__ = ("_folded", "text")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self._folded = for_matching(text) if text.strip() else ""

    def mention(self, words: WordSet | None) -> str | None:
        """The first of the words the message mentions, as the person typed it; None when it mentions none."""
        if words is None or not self._folded:
            return None
        span = words.search(self._folded)
        if span is None:
            return None
        return words.typed(self.text) or self._folded[span[0] : span[1]].strip()

    def allows(self, compiled: MemeWords) -> bool:
        """Whether a meme may be chosen: it needs nothing, or the message mentions one of its needs."""
        return compiled.needs is None or self.mention(compiled.needs) is not None

    def fit(self, compiled: MemeWords) -> str | None:
        """The word that makes a meme fit this message (one of its needs or words, as typed), or None."""
        return self.mention(compiled.needs) or self.mention(compiled.words)


NO_STORY = Story()
