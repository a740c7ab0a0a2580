"""Build a reader's lookup table and phrase set: model weights, chat cues and the admins' extra words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Final

from bot.emotion.chat_phrases import CHAT_PHRASES
from bot.emotion.crisis import CRISIS_PATTERNS, SPACED_LETTERS
from bot.emotion.cues import CHAT_WORDS, NEGATED_CUES, PHRASE_CUES, WORD_CUES, Boosts, Cue, boosts, make
from bot.emotion.features import normalize, tokens
from bot.emotion.grams import GramScorer
from bot.emotion.languages import load_languages
from bot.emotion.languages.finder import LanguageCues
from bot.emotion.languages.guess import ENGLISH
from bot.emotion.languages.loader import unique
from bot.emotion.model import LinearModel
from bot.emotion.packing import CUE_FLAG, ZERO, pack, pack_fixed
from bot.emotion.patterns import PatternSet
from bot.moods import Mood
from bot.scripts import unspaced

# Letters typed three times or more: found in the same pass as the phrases, so the common
# unstretched message costs nothing extra. Non-ASCII text is checked by the reader itself.
STRETCHED: Final = Cue("stretched letters (intensity)")
SPACED: Final = Cue("letters typed apart")  # a marker only: crisis patterns are read again with the letters joined
# A marker only: a common word of another language is in the message, so the language cues are read too.
FOREIGN: Final = Cue("a word of another language")
_STRETCH_ASCII: Final = "|".join(c * 3 for c in "abcdefghijklmnopqrstuvwxyz0123456789")
# A phrase found in the text: a crisis cue (str) or a chat cue whose boosts are added then.
Found = str | Cue

_ADMIN_BOOST: Final = 4.5  # as sure as a crying emoji: an admin word alone decides the mood
ENGLISH_WORD_SCALE: Final = 0.25


def _cue_text(key: str, cue: Cue) -> str:
    """Name the word that fired a keyword cue unless the cue already shows it."""
    word = key.removeprefix("neg:")
    return cue.text if word in cue.text else f"'{word}' → {cue.text}"


def admin_cue(word: str, mood: Mood) -> Cue:
    """A cue for a word an admin added to a mood in memes.yaml."""
    text = f"'{word}' → {mood} (admin word)"
    if mood == "grief":
        return make(text, grief=2.0, sad=_ADMIN_BOOST, neutral=-2.0)
    if mood == "neutral":
        return make(text, neutral=_ADMIN_BOOST)
    return Cue(text, boosts(neutral=-2.0, **{mood: _ADMIN_BOOST}))


def split_extra(extra_words: Mapping[Mood, Iterable[str]] | None) -> tuple[dict[str, Cue], list[tuple[str, Cue]]]:
    """Sort admin words into word/pair lookups and patterns for the rest (emoticons, longer phrases)."""
    words: dict[str, Cue] = {}
    phrases: list[tuple[str, Cue]] = []
    for mood, group in (extra_words or {}).items():
        for word in group:
            norm = " ".join(normalize(str(word)).split())
            if not norm:
                continue
            toks = tokens(norm)
            if 1 <= len(toks) <= 2 and " ".join(toks) == norm and not unspaced(norm):
                words[norm] = admin_cue(norm, mood)
                continue
            body = r"\s+".join(re.escape(part) for part in norm.split())
            # A word in a script without spaces (日本語, 中文) is found wherever it occurs, as a trigger word is.
            left = r"\b" if norm[0].isascii() and norm[0].isalnum() else ""
            right = r"\b" if norm[-1].isascii() and norm[-1].isalnum() else ""
            phrases.append((left + body + right, admin_cue(norm, mood)))
    return words, phrases


def _scaled(key: str, pushes: Boosts) -> Boosts:
    """Damp the boosts of plain English words: the model learned them from data, and full boosts cost accuracy."""
    if key in CHAT_WORDS or not key.removeprefix("neg:").replace(" ", "").replace("'", "").isalpha():
        return pushes  # emoji, marks and chat phrases the training data hardly has
    sad, frustrated, anxious, joy, neutral = (b * ENGLISH_WORD_SCALE for b in pushes)
    return sad, frustrated, anxious, joy, neutral


_MEMO_SIZE: Final = 20_000  # unknown words remembered per model


@lru_cache(maxsize=4)
def packed_model(model: LinearModel) -> tuple[dict[str, int], GramScorer, dict[str, int]]:
    """The model's word/pair weights packed, its n-grams as a scorer of unknown words, and a memo of them.

    Readers rebuilt on a catalogue reload share all three, so a reload does not forget the words already met.
    """
    return ({k: pack_fixed(w) for k, w in model.words.items()},
            GramScorer({g: pack_fixed(w) for g, w in model.grams.items()}), {})


class WordTable(dict[str, int]):
    """Packed weights per known word; a word it lacks is scored from its letters when looked up, and remembered.

    Misses go through __missing__, so the common all-known message is summed by C with no Python call per word.
    """

    __slots__ = ("_memo", "_unknown")

    def __init__(self, known: dict[str, int], unknown: GramScorer, memo: dict[str, int]) -> None:
        """Hold the known words, the n-gram scorer for the rest, and where their scores are remembered."""
        super().__init__(known)
        self._unknown = unknown
        self._memo = memo

    def __missing__(self, key: str) -> int:
        """A word the table lacks, scored by its character n-grams; memoised within a bound."""
        value = self._memo.get(key)
        if value is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()  # crude but bounded; the common words live in the table anyway
            value = self._memo[key] = self._unknown(key)
        return value


def foreign_words(model: LinearModel) -> frozenset[str]:
    """Words that say a message may be in another language: each one's common words, and its one-word cues the
    English model has never met, English words left out. They cost a message nothing unless it has one: they share
    the table's lookup."""
    words = {w for language in load_languages() for w in language.common | (language.words - model.words.keys())}
    return frozenset(w for w in words - ENGLISH if " " not in w)


def build_table(model: LinearModel, extra_words: dict[str, Cue]) -> tuple[WordTable, dict[str, int], dict[str, Cue]]:
    """Packed model weights plus any keyword cue's boosts, per word and per pair; and the keyword cues by key."""
    cues = {key: replace(cue, text=_cue_text(key, cue), boosts=_scaled(key, cue.boosts))
            for key, cue in (WORD_CUES | NEGATED_CUES).items()}
    cues |= {key: replace(cue, text=_cue_text(key, cue)) for key, cue in extra_words.items()}
    cues |= {key: FOREIGN for key in foreign_words(model) if key not in cues}
    packed, unknown, memo = packed_model(model)
    table = dict(packed)
    for key, cue in cues.items():
        base = table.get(key)
        if cue is FOREIGN:  # flagged as a cue, so the reader looks further; its weights stay the model's
            table[key] = (unknown(key) if base is None else base) | CUE_FLAG
            continue
        if base is None:
            base = ZERO if " " in key else unknown(key)
        table[key] = base + pack(cue.boosts, cue=True) - ZERO
    words = {k: v for k, v in table.items() if " " not in k}
    pairs = {k: v for k, v in table.items() if " " in k}
    return WordTable(words, unknown, memo), pairs, cues


@lru_cache(maxsize=4)
def build_phrases(extra_phrases: tuple[tuple[str, Cue], ...]) -> PatternSet[Found]:
    """One pattern set for crisis phrases, chat phrases and the admins' phrases; shared while they are the same.

    Shared, because the pattern engine learns its states as it reads: a reload with the same phrases keeps them.
    """
    languages = load_languages()
    found: list[tuple[str, Found]] = [*CRISIS_PATTERNS, *PHRASE_CUES, *CHAT_PHRASES, *extra_phrases,
                                      *(pair for language in languages for pair in language.crisis),
                                      *unique(pair for language in languages for pair in language.signs),
                                      (_STRETCH_ASCII, STRETCHED), (SPACED_LETTERS, SPACED)]
    return PatternSet(found)


@lru_cache(maxsize=1)
def build_language_cues() -> LanguageCues:
    """Every language's cues in one pattern set, read only in a message that may be in another language."""
    return LanguageCues(pair for language in load_languages() for pair in language.cues)
