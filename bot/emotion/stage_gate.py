"""Which stage to trust for one message: the English model reads English, or Latin letters of no clear language."""

from __future__ import annotations

from typing import Final

from bot.emotion.languages.guess import guess_language

_LOOK: Final = 400  # the script is judged on the start of the message; the rest is rarely another script


def _latin(ch: str) -> bool:
    """A Latin letter: ASCII, Latin-1, Latin Extended-A/B and Additional, or full-width ASCII."""
    code = ord(ch)
    return code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A


def trust_model(text: str) -> bool:
    """Whether the second stage should read this text: at least half of its letters are Latin, and the language
    guess is English or unsure.

    The model was fine-tuned on English Reddit comments. A message mostly in Korean, Japanese or Cyrillic is
    word pieces it never learnt a feeling for, and one with no letters at all (emoji, emoticons) is unknown tokens
    to it: stage 1's cues read those better (bench/bench_chat.py measures both). Spanish, French, German and the
    other Latin-script languages stage 1 has words for keep its reading too: the model would see English pieces.
    """
    if guess_language(text) not in ("en", None):
        return False
    latin = letters = 0
    for ch in text[:_LOOK]:
        if ch.isalpha():
            letters += 1
            latin += _latin(ch)
    return letters > 0 and 2 * latin >= letters
