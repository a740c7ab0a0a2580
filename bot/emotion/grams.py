"""Score a word the model lacks from its weighted character n-grams: one automaton pass, not a slice per n-gram."""

from __future__ import annotations

from collections.abc import Mapping

import ahocorasick

from bot.emotion.packing import ZERO


class GramScorer:
    """The packed weight of any word: the sum over the distinct weighted n-grams in it, padded with a space each side.

    Only a few thousand n-grams carry weight, so an Aho-Corasick automaton over them finds exactly the ones a
    word has, where slicing out every n-gram cost a new string and a lookup apiece. Built whole up front, it
    has no first-time cost per new word, as a lazily built regex automaton would.
    """

    __slots__ = ("_automaton", "_values")

    def __init__(self, grams: Mapping[str, int]) -> None:
        """Index every weighted n-gram; grams maps an n-gram to its packed weight."""
        self._automaton = ahocorasick.Automaton()
        self._values: list[int] = []
        for gram, value in grams.items():
            self._automaton.add_word(gram, len(self._values))
            self._values.append(value)
        self._automaton.make_automaton()

    def __call__(self, key: str) -> int:
        """The packed weight of a unigram key's word (a 'neg:' mark dropped) from its n-grams alone."""
        if not self._values:
            return ZERO
        found = {index for _, index in self._automaton.iter(" " + key.removeprefix("neg:") + " ")}  # each once
        return sum(map(self._values.__getitem__, found)) - (len(found) - 1) * ZERO
