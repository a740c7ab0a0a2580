"""Find every language's cues in a message in one pass, and name the word behind each one found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot.emotion.cues import Cue
from bot.emotion.patterns import PatternSet


class LanguageCues:
    """One pattern set over all languages' cue patterns; a pattern that groups many words says which one it found."""

    __slots__ = ("_cues", "_namers", "_patterns", "_set")

    def __init__(self, pairs: Iterable[tuple[str, Cue]]) -> None:
        """Compile the patterns; a cue whose text holds '{}' is named after the word its pattern's group w found."""
        pairs = list(pairs)
        self._set: PatternSet[int] = PatternSet([(pattern, k) for k, (pattern, _) in enumerate(pairs)])
        self._cues = [cue for _, cue in pairs]
        # Python's re reads these patterns too (they are written for both engines); compiled only when first found.
        self._namers: dict[int, re.Pattern[str]] = {}
        self._patterns = [pattern if "{}" in cue.text else None for pattern, cue in pairs]

    def find(self, text: str) -> list[Cue]:
        """The cues whose patterns occur in text, each naming the word found where its pattern has many."""
        found = []
        for k in self._set.find(text):
            cue = self._cues[k]
            if "{}" in cue.text:
                cue = replace(cue, text=cue.text.replace("{}", self._word(k, text), 1))
            found.append(cue)
        return found

    def _word(self, k: int, text: str) -> str:
        """The word pattern k found in text (as typed, trimmed), for the reading's explanation."""
        namer = self._namers.get(k)
        if namer is None:
            namer = self._namers[k] = re.compile(self._patterns[k] or "")
        match = namer.search(text)
        return match.group("w").strip() if match else "…"
