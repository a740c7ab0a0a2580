"""Compile catalogue triggers once into linear-time RE2 patterns, and match them against a message."""

from __future__ import annotations

import re
from dataclasses import dataclass

import re2

from bot.catalogue.model import Trigger
from bot.text import normalize

# A word character of a script that separates words with spaces. CJK, kana and
# Hangul (jamo included) attach to their neighbours ("슬퍼ㅠㅠ"), so they need no boundary.
_LEFT = r"(?:^|[^\pL\pN_])"
_RIGHT = r"(?:$|[^\pL\pN_])"
_SUFFIX = r"(?:s|es|d|ed|ing|in)?"
_RE2_MEMORY = 8 << 20  # patterns whose automaton would need more are refused


def _options() -> re2.Options:
    """RE2 options: case-insensitive, bounded memory, no noise on stderr."""
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = _RE2_MEMORY
    options.log_errors = False
    return options


def _spaced_letter(char: str) -> bool:
    """Tell whether a character belongs to a script that puts spaces between words."""
    code = ord(char)
    hangul_jamo = 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
    return char.isalnum() and code < 0x2E80 and not hangul_jamo


def _stretchy(word: str) -> str:
    """A pattern for one word that tolerates stretching and common English endings."""
    runs = [(m.group(1), len(m.group(0))) for m in re.finditer(r"(.)\1*", word)]
    parts = [re2.escape(c) + ("{2,}" if n > 1 else "+") for c, n in runs]
    last = runs[-1][0]
    if word.isascii() and word.isalpha() and len(word) >= 3:
        if last == "y":
            parts[-1] = "(?:y+|ie)"  # cry -> cries, cried, crying
        elif last == "e":
            parts[-1] = "e?"  # sniffle -> sniffling
        return "".join(parts) + _SUFFIX
    return "".join(parts)


def word_pattern(word: str) -> str:
    """An RE2 pattern that finds a trigger word as a whole word in normalised text."""
    norm = normalize(word).strip()
    pieces = norm.split()
    if all(p.isalpha() for p in pieces):
        body = r"\s+".join(re2.escape(p) for p in pieces[:-1]) + (r"\s+" if len(pieces) > 1 else "")
        body += _stretchy(pieces[-1])
    else:
        body = r"\s+".join(re2.escape(p) for p in pieces)
    left = _LEFT if _spaced_letter(norm[0]) else ""
    right = _RIGHT if _spaced_letter(norm[-1]) else ""
    return f"{left}({body}){right}"


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger that matched, and the text it matched."""

    index: int
    trigger: Trigger
    matched: str

    def describe(self) -> str:
        """How the playground and `crybot try` name the match."""
        words = self.trigger.words or ()
        if self.trigger.regex is not None or len(words) <= 4:
            return f"trigger #{self.index + 1} ({self.trigger.describe()}) matched {self.matched!r}"
        # A long word list would bury the one word that fired: name a few and count the rest.
        shown = ", ".join(repr(w) for w in words[:3])
        return f"trigger #{self.index + 1} (words {shown} and {len(words) - 3} more) matched {self.matched!r}"


class CompiledTrigger:
    """One trigger, compiled once at catalogue load."""

    __slots__ = ("index", "trigger", "_pattern", "_words")

    def __init__(self, index: int, trigger: Trigger) -> None:
        self.index = index
        self.trigger = trigger
        if trigger.regex is not None:
            self._words: tuple[str, ...] = ()
            self._pattern = re2.compile(trigger.regex, options=_options())
        else:
            self._words = tuple(trigger.words or ())
            joined = "|".join(word_pattern(w) for w in self._words)
            self._pattern = re2.compile(joined, options=_options())

    def match(self, normalised: str) -> TriggerHit | None:
        """Find this trigger in text already passed through `bot.text.for_matching`."""
        found = self._pattern.search(normalised)
        if found is None:
            return None
        if self._words:
            groups = found.groups()
            matched = next((g for g in groups if g is not None), found.group(0))
        else:
            matched = found.group(0)
        return TriggerHit(self.index, self.trigger, matched.strip())


def compile_triggers(triggers: tuple[Trigger, ...]) -> tuple[CompiledTrigger, ...]:
    """Compile every trigger; raises ValueError naming the first one RE2 refuses."""
    return tuple(CompiledTrigger(i, t) for i, t in enumerate(triggers))


def first_hit(compiled: tuple[CompiledTrigger, ...], normalised: str) -> TriggerHit | None:
    """The first trigger, in catalogue order, that matches the text."""
    for trigger in compiled:
        hit = trigger.match(normalised)
        if hit is not None:
            return hit
    return None


def check_pattern(pattern: str) -> str | None:
    """Explain why RE2 refuses a pattern (backreferences, lookarounds, too large), or None if it is fine."""
    try:
        re2.compile(pattern, options=_options())
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        return f"regex cannot be used: {detail} (lookarounds and backreferences are not supported)"
    return None
