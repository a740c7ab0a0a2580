"""Tell a message that is only crying ("sob", "😭😭", "T_T", "i'm crying") from crying with something to read."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from bot.emotion.features import normalize
from bot.emotion.languages import load_languages

_LOOK: Final = 200  # a longer message always says more than that it cries
_WORDS: Final = ("cry", "cries", "cried", "crying", "cryin", "sob", "sobs", "sobbed", "sobbing", "weep", "weeps",
                 "wept", "weeping", "bawl", "bawls", "bawled", "bawling", "tears", "teary", "tearing up", "in tears",
                 "qq", "tot")


def _stretchy(word: str) -> str:
    """A word's pattern that also takes its letters typed twice or more ("cryyyy", "sobbbing")."""
    return "".join(r"\s+" if ch == " " else re.escape(ch) + "+" for ch in word)


# Crying marks: the words, emoji, emoticons and Korean marks the catalogue's crying trigger knows, and their forms.
# Not 🥹 (holding back tears, the catalogue's own sign of being moved) nor laughing tears: those are evidence of joy.
_MARKS: Final = re.compile(
    r"\b(?:" + "|".join(map(_stretchy, _WORDS)) + r")\b"
    r"|[😭😢😿🥲]|[ㅠㅜ\u1172\u116e]+|흑|엉|훌쩍"
    r"|t_t|t\.t|t\^t|;_;|;-;|;;|:'-?\(|:,\(|:_\(|\)':|qaq|qwq|q_q|\btat\b"
    r"|[泣哭涙泪淚]+"
)
# Words that add nothing to read when they come with crying alone: "i'm crying", "literally sobbing rn".
_FILLERS: Final = re.compile(
    r"\b(?:i'm|im|i\s+am|i|me|am|so|just|still|now|rn|currently|literally|lowkey|actually|again|all|day|everywhere)\b")
_LEFT: Final = re.compile(r"\w")


@lru_cache(maxsize=1)
def _other_languages() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The crying words of the other languages crybot reads ("llorando", "je pleure", "heule"), and their common
    words, which say no more than the English fillers do ("estoy llorando")."""
    languages = load_languages()
    crying = {w for language in languages for w in language.crying}
    marks = "|".join(_stretchy(w.removesuffix("*")) + (r"\w*" if w.endswith("*") else "") for w in sorted(crying))
    common = "|".join(map(re.escape, sorted({w for language in languages if language.spaced for w in language.common})))
    return re.compile(rf"\b(?:{marks})\b"), re.compile(rf"\b(?:{common})\b")


def crying_alone(text: str) -> bool:
    """Whether the text is crying marks with nothing else that says why: no word, emoji or mark of another feeling."""
    if len(text) > _LOOK:
        return False
    norm = normalize(text).replace("’", "'")
    foreign_crying, foreign_common = _other_languages()
    rest = foreign_crying.sub(" ", _MARKS.sub(" ", norm))
    if rest == norm:
        return False  # no crying in it at all
    rest = foreign_common.sub(" ", _FILLERS.sub(" ", rest))
    return _LEFT.search(rest) is None and not any(_other_emoji(ch) for ch in rest)


def _other_emoji(ch: str) -> bool:
    """An emoji or symbol left over: it may carry a feeling of its own (😂, 💔, 🎉)."""
    return ord(ch) >= 0x2190 and not ch.isspace()
