"""A cheap guess at the language of one chat message: its script first, then its common words and letters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from bot.emotion.languages.loader import load_languages

# The most frequent English words of chat. They tell English from the languages in this folder, and they are never
# taken as a sign of another language (Polish 'my', German 'so' and 'was' are English words first).
ENGLISH: Final = frozenset([
    "i", "me", "my", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our",
    "they", "them", "their", "this", "that", "these", "those", "a", "an", "the", "and", "or", "but", "if", "so",
    "because", "of", "to", "in", "on", "at", "for", "with", "from", "by", "about", "as", "into", "like", "than",
    "then", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any",
    "both", "each", "few", "more", "most", "other", "some", "such", "no", "not", "only", "own", "same", "too", "very",
    "can", "will", "just", "don't", "dont", "should", "now", "is", "am", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing", "would", "could", "im", "i'm", "it's", "its",
    "you're", "youre", "that's", "thats", "can't", "cant", "won't", "wont", "didn't", "didnt", "doesn't", "isn't",
    "wasn't", "get", "got", "getting", "go", "going", "gonna", "wanna", "lol", "lmao", "omg", "tbh", "idk", "rn",
    "pls", "please", "thanks", "thank", "yes", "yeah", "yep", "ok", "okay", "oh", "really", "so", "much", "many",
    "today", "tomorrow", "yesterday", "tonight", "again", "still", "ever", "never", "always", "something", "nothing",
    "everything", "anyone", "someone", "everyone", "one", "two", "day", "time", "people", "guys", "man", "dude",
    "good", "bad", "great", "new", "old", "love", "hate", "want", "need", "know", "think", "feel", "make", "made",
    "see", "look"
])
# Letters no other language here uses, each telling one language; a vote per letter seen.
_LETTERS: Final = {
    "ñ": "es", "¿": "es", "¡": "es", "ã": "pt", "õ": "pt", "ß": "de", "ä": "de", "ö": "de", "ü": "de", "œ": "fr",
    "è": "fr", "ê": "fr", "ë": "fr", "î": "fr", "ï": "fr", "û": "fr", "ù": "fr", "ą": "pl", "ę": "pl", "ł": "pl",
    "ś": "pl", "ź": "pl", "ż": "pl", "ć": "pl", "ń": "pl",
}
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_UKRAINIAN: Final = frozenset("іїєґ")
_SCAN: Final = 400  # characters read: a message's language shows in its start


@lru_cache(maxsize=1)
def _letter_votes() -> dict[str, int]:
    """Each telling letter's place in the vote list."""
    codes = [code for code, _ in _common_words()]
    return {char: codes.index(code) for char, code in _LETTERS.items() if code in codes}


@lru_cache(maxsize=1)
def _common_words() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each language's common words and one-word cues, English first; a language file's English words are left out."""
    return ("en", ENGLISH), *((language.code, (language.common | language.words) - ENGLISH)
                              for language in load_languages())


def _script(text: str) -> str | None:
    """The language a non-Latin script tells: Hangul, kana, Han without kana, Cyrillic; None for Latin or none."""
    han = cyrillic = False
    for char in text:
        if char < "\u0370":
            continue
        code = ord(char)
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            return "ko"
        if 0x3040 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
            return "ja"  # kana: only Japanese writes them
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            han = True
        elif 0x0400 <= code <= 0x04FF:
            if char.lower() in _UKRAINIAN:
                return None  # Ukrainian, which this guess does not tell from Russian otherwise
            cyrillic = True
    return "zh" if han else "ru" if cyrillic else None


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the message's language ('en', 'es', 'ja', ...), or None when unsure.

    The script decides first: Hangul is Korean, kana Japanese, Han without kana Chinese, Cyrillic Russian. Latin
    text is voted on: each distinct common word or one-word cue of a language (English included) one vote, each
    letter only one language uses ('ñ', 'ß', 'ł') one more; the language with most votes wins, a tie or none is None.
    A message of emoji, numbers or names alone has no language: None.
    """
    if not isinstance(text, str) or not text:
        return None
    head = unicodedata.normalize("NFKC", text[:_SCAN]).lower()
    if not head.isascii():
        by_script = _script(head)
        if by_script is not None:
            return by_script
    # Distinct words, counted by set intersections in C: a Python loop per word cost three times as much.
    words = set(_WORD.findall(head))
    votes = [len(words & common) for _, common in _common_words()]
    if not head.isascii():
        places = _letter_votes()
        for char in set(head) & places.keys():
            votes[places[char]] += 1
    most = max(votes)
    if most == 0 or votes.count(most) > 1:
        return None
    return _common_words()[votes.index(most)][0]
