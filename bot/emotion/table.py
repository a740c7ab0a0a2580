"""Build a reader's lookup table and phrase set: model weights, chat cues and the admins' extra words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Final

from bot.emotion.crisis import CRISIS_PATTERNS
from bot.emotion.cues import NEGATED_CUES, PHRASE_CUES, WORD_CUES, Cue, make
from bot.emotion.features import NEGATORS, normalize, tokens
from bot.emotion.model import LinearModel
from bot.emotion.patterns import PatternSet
from bot.moods import Mood

# Per word or word pair: the mood weights relative to neutral, with any cue boost already added,
# packed two to a complex number (sad + frustrated·j, anxious + joy·j) so the hot loop does two
# additions per feature instead of five; then the cue, or NEGATION for words that open a negation.
Entry = tuple[complex, complex, Cue | None]
NEGATION: Final = Cue("negation")
# A phrase found in the text: a crisis cue (str) or a chat cue whose boosts are added then.
Found = str | Cue

_ADMIN_BOOST: Final = 3.0


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
    return make(text, neutral=-2.0, **{mood: _ADMIN_BOOST})


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
            if 1 <= len(toks) <= 2 and " ".join(toks) == norm:
                words[norm] = admin_cue(norm, mood)
                continue
            body = r"\s+".join(re.escape(part) for part in norm.split())
            left = r"\b" if norm[0].isascii() and norm[0].isalnum() else ""
            right = r"\b" if norm[-1].isascii() and norm[-1].isalnum() else ""
            phrases.append((left + body + right, admin_cue(norm, mood)))
    return words, phrases


def pack(w: Sequence[float]) -> tuple[complex, complex]:
    """Five mood weights as two complex numbers relative to neutral."""
    return complex(w[0] - w[4], w[1] - w[4]), complex(w[2] - w[4], w[3] - w[4])


def build_table(model: LinearModel, extra_words: dict[str, Cue]) -> dict[str, Entry]:
    """Merge model weights with the keyword cues' boosts, and mark the words that open a negation."""
    zero = (0.0, 0.0, 0.0, 0.0, 0.0)
    cues = WORD_CUES | NEGATED_CUES | extra_words
    table: dict[str, Entry] = {}
    for key in model.weights.keys() | cues.keys() | NEGATORS:
        w = model.weights.get(key, zero)
        cue = cues.get(key)
        if cue is not None:
            cue = replace(cue, text=_cue_text(key, cue))
            w = tuple(a + b for a, b in zip(w, cue.boosts, strict=True))  # type: ignore[assignment]
        elif key in NEGATORS:
            cue = NEGATION
        table[key] = (*pack(w), cue)
    return table


def build_phrases(extra_phrases: list[tuple[str, Cue]]) -> PatternSet[Found]:
    """One pattern set for crisis phrases, chat phrases and the admins' phrases."""
    found: list[tuple[str, Found]] = [*CRISIS_PATTERNS, *PHRASE_CUES, *extra_phrases]
    return PatternSet(found)
