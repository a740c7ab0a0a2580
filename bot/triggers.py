"""Compile catalogue triggers once into linear-time RE2 patterns, and match them against a message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final, Self

import re2

from bot.catalogue.model import Trigger
from bot.scripts import UNSPACED_CLASS, spaced_letter
from bot.text import normalize, typed_match

# Whole words in a script that separates words with spaces; a plain substring in one that does not (CJK, kana,
# Thai, ...) and in Hangul, whose crying marks attach to their neighbours ("슬퍼ㅠㅠ"): see bot/scripts.py.
# A letter of a script without spaces ends a word too: 'wifi' is whole in 'wifi又断了'.
_LEFT = rf"(?:^|[^\pL\pN_]|{UNSPACED_CLASS})"
_RIGHT = rf"(?:$|[^\pL\pN_]|{UNSPACED_CLASS})"
_SUFFIX = r"(?:s|es|d|ed|ing|in)?"
_RE2_MEMORY = 8 << 20  # patterns whose automaton would need more are refused
# The work RE2 does per character grows with the size of the compiled program: a counted
# repeat like (\w\s?){1,1000} compiles to 15,000 instructions and costs a second and a half on
# a 40,000-character message. Admin regexes are held to a size that keeps every message cheap
# (a long word list belongs in a `words` trigger), and they look at a message's first 4,000 characters,
# Discord's own limit; the cost of a pattern is its size times the text it reads. At this size the
# costliest shape measured, (.*a){200} on 4,000 letters 'a', took 2 ms; an ordinary '\bmondays?\b' is 16.
REGEX_MAX_PROGRAM: Final = 2_000
REGEX_MAX_CHARS: Final = 4_000
# Word lists are compiled by crybot into plain alternations, which RE2 runs in one fast pass,
# so they may be larger; they are split into programs of this size, up to a total per trigger.
WORDS_CHUNK_PROGRAM: Final = 20_000
WORDS_MAX_PROGRAM: Final = 50_000  # about 1,000 words: tens of ms at worst on a 40,000-character message
_INSTRUCTIONS_PER_WORD: Final = 48  # what an eight-letter word costs, to put the limit in words


# Every trigger of a catalogue together: what bounds the work per message whatever the catalogue holds. The
# bundled catalogue uses 14,650; at this budget the slowest message measured cost tens of ms (bench/bench_triggers.py).
TRIGGERS_MAX_PROGRAM: Final = 200_000
_SCREEN_MEMORY = 64 << 20  # the combined screen of a catalogue at the budget above fits with room to spare


def _options(*, capture: bool = True, max_mem: int = _RE2_MEMORY) -> re2.Options:
    """RE2 options: case-insensitive, bounded memory, no noise on stderr; without `capture`, parentheses only group.

    A search that must report groups cannot always stay in RE2's fast DFA: a 900-word list whose word sat at the end
    of a 4,000-character message took 82 ms with its groups, 2 ms without. So matching runs without groups, and
    the groups are read only inside the span found.
    """
    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = not capture
    options.max_mem = max_mem
    options.log_errors = False
    return options


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


def _word_parts(word: str) -> tuple[str, str, str]:
    """The left boundary, body and right boundary of the pattern that finds a word as a whole word."""
    norm = normalize(word).strip()
    if not norm:
        raise ValueError("nothing is left of the word once invisible characters are removed")
    pieces = norm.split()
    if all(p.isalpha() for p in pieces):
        body = r"\s+".join(re2.escape(p) for p in pieces[:-1]) + (r"\s+" if len(pieces) > 1 else "")
        body += _stretchy(pieces[-1])
    else:
        body = r"\s+".join(re2.escape(p) for p in pieces)
    left = _LEFT if spaced_letter(norm[0]) else ""
    right = _RIGHT if spaced_letter(norm[-1]) else ""
    return left, body, right


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger that matched, and the text it matched."""

    index: int
    trigger: Trigger
    matched: str  # in the matching form: 'ᅲᅲ' for ㅠㅠ, 'cryy' for CRYYYYY
    typed: str = ""  # the same match as the person typed it, when it could be found

    def describe(self) -> str:
        """How the playground and `crybot try` name the match: as the person typed it."""
        shown = repr(self.typed or self.matched)
        words = self.trigger.words or ()
        if self.trigger.regex is not None or len(words) <= 4:
            return f"trigger #{self.index + 1} ({self.trigger.describe()}) matched {shown}"
        # A long word list would bury the one word that fired: name a few and count the rest.
        listed = ", ".join(repr(w) for w in words[:3])
        return f"trigger #{self.index + 1} (words {listed} and {len(words) - 3} more) matched {shown}"


class TriggerProblem(ValueError):
    """A trigger that cannot be compiled; `where` is the field under the trigger that is at fault."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def _compile(pattern: str, *, capture: bool = True) -> re2._Regexp:
    """Compile with crybot's options; raises re2.error."""
    return re2.compile(pattern, options=_options(capture=capture))


def _re2_detail(exc: re2.error) -> str:
    """RE2's own reason for refusing a pattern, as text."""
    return exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)


def _compile_words(words: tuple[str, ...], *, field: str = "words") -> tuple[tuple[re2._Regexp, re2._Regexp], ...]:
    """Compile a word list into a few RE2 programs: each a finder without groups, and one with a group per word.

    Raises TriggerProblem.
    """
    # Words that share their boundaries share one copy of them: a Unicode boundary class
    # costs far more than a word, and repeating it per word is what made a long list too large.
    groups: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    for index, word in enumerate(words):
        try:
            left, body, right = _word_parts(word)
            size = _compile(f"({body})").programsize
        except (ValueError, re2.error) as exc:
            reason = _re2_detail(exc) if isinstance(exc, re2.error) else str(exc)
            raise TriggerProblem((field, index), f"the word {_shorten(word)} cannot be matched: {reason}") from None
        if size > WORDS_CHUNK_PROGRAM:
            message = f"the word {_shorten(word)} is too long to look for in every message"
            raise TriggerProblem((field, index), message)
        groups.setdefault((left, right), []).append((body, word, size))
    programs: list[tuple[re2._Regexp, re2._Regexp]] = []
    total = 0
    for (left, right), members in groups.items():
        for chunk in _chunks(members):
            joined = "|".join(f"({body})" for body, _, _ in chunk)
            try:
                program = _compile(f"{left}(?:{joined}){right}")
            except re2.error as exc:
                reason = f"refused by RE2 ({_re2_detail(exc)})"
                raise TriggerProblem((field,), _too_many_words(words, reason)) from None
            total += program.programsize
            if total > WORDS_MAX_PROGRAM:
                raise TriggerProblem((field,), _too_many_words(words, "too many to look for in every message"))
            programs.append((_compile(program.pattern, capture=False), program))
    return tuple(programs)


def _chunks(members: list[tuple[str, str, int]]) -> list[list[tuple[str, str, int]]]:
    """Split words into runs whose programs stay small enough for RE2's fast matcher."""
    chunks: list[list[tuple[str, str, int]]] = [[]]
    size = 0
    for member in members:
        if chunks[-1] and size + member[2] > WORDS_CHUNK_PROGRAM:
            chunks.append([])
            size = 0
        chunks[-1].append(member)
        size += member[2]
    return chunks


def _shorten(word: str) -> str:
    """A word as an admin would recognise it in a message, cut if very long."""
    return repr(word) if len(word) <= 40 else f"{word[:37]!r}... ({len(word)} characters)"


def _too_many_words(words: tuple[str, ...], reason: str) -> str:
    """The problem line for a word list RE2 cannot hold."""
    characters = sum(len(w) for w in words)
    return (
        f"{len(words)} words ({characters} characters) are {reason}; use fewer or shorter words "
        f"(one trigger holds about {WORDS_MAX_PROGRAM // _INSTRUCTIONS_PER_WORD // 100 * 100:,} words of eight letters)"
    )


class WordSet:
    """Whole words compiled once: how triggers and memes find their words in a message's matching form."""

    __slots__ = ("_programs", "words")

    def __init__(self, words: tuple[str, ...], *, field: str = "words") -> None:
        """Compile the words; raises TriggerProblem under `field` for a word that cannot be matched."""
        self.words = words
        self._programs = _compile_words(words, field=field)

    def search(self, normalised: str) -> tuple[int, int] | None:
        """The span of the word that comes first in the text, or None."""
        best: tuple[int, int] | None = None
        for finder, program in self._programs:
            span = finder.search(normalised)
            # The same program with its groups, over the span alone, finds the same match and names the word.
            found = None if span is None else program.search(normalised, span.start(), span.end())
            if found is None:
                continue
            group = next(i for i, g in enumerate(found.groups(), start=1) if g is not None)
            # The word that comes first in the message wins, as it would in one pattern.
            if best is None or found.start(group) < best[0]:
                best = found.span(group)
        return best

    @property
    def size(self) -> int:
        """The RE2 instructions these words cost on every message."""
        return sum(program.programsize for _, program in self._programs)

    def typed(self, text: str) -> str | None:
        """The first of the words as the person typed it in a raw message, or None when none is there."""
        return typed_match(text, self.search)


class CompiledTrigger:
    """One trigger, compiled once at catalogue load."""

    __slots__ = ("_regex", "_words", "index", "trigger")

    @property
    def size(self) -> int:
        """The RE2 instructions this trigger runs on every message."""
        found = self._words.size if self._words is not None else 0
        return found + (self._regex.programsize if self._regex is not None else 0)

    def __init__(self, index: int, trigger: Trigger) -> None:
        """Compile a trigger; raises TriggerProblem naming what RE2 refuses or what is too large."""
        self.index = index
        self.trigger = trigger
        self._regex: re2._Regexp | None = None
        self._words: WordSet | None = None
        if trigger.regex is not None:
            self._regex = _checked(trigger.regex)
        else:
            self._words = WordSet(tuple(trigger.words or ()))

    def _search(self, normalised: str) -> tuple[int, int] | None:
        """The span this trigger matches in a text in matching form."""
        if self._regex is not None:
            # endpos, not a slice: '$' and '\b' still see the text past the window, so a cut is no false end.
            found = self._regex.search(normalised, 0, REGEX_MAX_CHARS)
            return None if found is None else found.span()
        return self._words.search(normalised) if self._words is not None else None

    def match(self, normalised: str) -> TriggerHit | None:
        """Find this trigger in text already passed through `bot.text.for_matching`."""
        span = self._search(normalised)
        return None if span is None else TriggerHit(self.index, self.trigger, normalised[span[0] : span[1]].strip())

    def typed(self, text: str) -> str | None:
        """What the person typed where this trigger matches a raw message, or None."""
        return typed_match(text, self._search)


class Triggers(tuple[CompiledTrigger, ...]):
    """A catalogue's compiled triggers, in order, with one combined pass over its regexes.

    Two hundred small regexes cost 6 ms a message one by one and 0.01 ms as one RE2 program without groups.
    Word lists are already a few large alternations each; combined, their automaton outgrew RE2's cache and a
    matching message cost more, not less (bench/bench_triggers.py), so they keep their own programs.
    """

    _regexes: re2._Regexp | None

    def __new__(cls, triggers: Iterable[CompiledTrigger] = ()) -> Self:
        self = super().__new__(cls, triggers)
        self._regexes = _combined([t._regex for t in self if t._regex is not None])
        return self

    def candidates(self, normalised: str) -> Iterable[CompiledTrigger]:
        """The triggers worth trying on a text, in order: the regex ones only when one of them can match."""
        regexes = self._regexes
        if regexes is None or regexes.search(normalised, 0, REGEX_MAX_CHARS) is not None:
            return self
        return (trigger for trigger in self if trigger._regex is None)


def _combined(programs: list[re2._Regexp]) -> re2._Regexp | None:
    """One program matching wherever any of these does (_NEVER when there are none); None when RE2 refuses."""
    if not programs:
        return _NEVER
    try:  # an alternation matches somewhere exactly when one of its branches does
        options = _options(capture=False, max_mem=_SCREEN_MEMORY)
        return re2.compile("|".join(f"(?:{program.pattern})" for program in programs), options=options)
    except re2.error:
        return None


_NEVER: Final = _compile(r"[^\x00-\x{10FFFF}]")  # the combination of no regexes: matches nothing


def compile_triggers(triggers: tuple[Trigger, ...]) -> Triggers:
    """Compile every trigger; raises TriggerProblem for the first one that cannot be compiled."""
    return Triggers(CompiledTrigger(i, t) for i, t in enumerate(triggers))


def first_hit(
    compiled: tuple[CompiledTrigger, ...], normalised: str, *, typed_from: str | None = None
) -> TriggerHit | None:
    """The first trigger, in catalogue order, that matches the text; with `typed_from` (the raw text), as typed."""
    for trigger in compiled.candidates(normalised) if isinstance(compiled, Triggers) else compiled:
        hit = trigger.match(normalised)
        if hit is not None:
            typed = trigger.typed(typed_from) if typed_from is not None else None
            return replace(hit, typed=typed) if typed else hit
    return None


def _checked(pattern: str) -> re2._Regexp:
    """Compile an admin's regex, refusing what RE2 cannot run or what is too costly; raises TriggerProblem."""
    try:
        program = _compile(pattern, capture=False)  # a trigger reports what it matched, never its groups
    except re2.error as exc:
        message = f"regex cannot be used: {_re2_detail(exc)} (lookarounds and backreferences are not supported)"
        raise TriggerProblem(("regex",), message) from None
    if program.programsize > REGEX_MAX_PROGRAM:
        raise TriggerProblem(
            ("regex",),
            f"regex is too costly to run on every message: it compiles to {program.programsize} RE2 instructions "
            f"and the limit is {REGEX_MAX_PROGRAM}; use smaller counted repeats such as {{1,50}}, or a words trigger",
        )
    return program


def check_pattern(pattern: str) -> str | None:
    """Explain why a regex cannot be a trigger (RE2 refuses it, or it is too costly to run), or None if it is fine."""
    try:
        _checked(pattern)
    except TriggerProblem as exc:
        return exc.message
    return None
