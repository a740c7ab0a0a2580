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

    __slots__ = ("_folded", "_found", "text")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self._folded = for_matching(text) if text.strip() else ""
        self._found: dict[int, tuple[int, int] | None] = {}  # by WordSet: each list is looked for once

    def _span(self, words: WordSet | None) -> tuple[int, int] | None:
        """Where the first of the words is in the folded text, or None."""
        if words is None or not self._folded:
            return None
        if id(words) not in self._found:
            self._found[id(words)] = words.search(self._folded)
        return self._found[id(words)]

    def allows(self, compiled: MemeWords) -> bool:
        """Whether a meme may be chosen: it needs nothing, or the message mentions one of its needs."""
        return compiled.needs is None or self._span(compiled.needs) is not None

    def fits(self, compiled: MemeWords) -> bool:
        """Whether the message mentions one of a meme's needs or words."""
        return self._span(compiled.needs) is not None or self._span(compiled.words) is not None

    def fit_word(self, compiled: MemeWords) -> str | None:
        """The word that makes a meme fit, as the person typed it (one of its needs, else of its words), or None."""
        for words in (compiled.needs, compiled.words):
            span = self._span(words)
            if words is not None and span is not None:
                return words.typed(self.text) or self._folded[span[0] : span[1]].strip()
        return None


NO_STORY = Story()
