"""Read the language files next to this module into patterns and cues the emotion reader runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from bot.emotion.cues import Cue, boosts
from bot.emotion.features import normalize
from bot.scripts import spaced_letter

FOLDER: Final = Path(__file__).parent
# Where a word stops in a language that puts spaces between words: a space, punctuation, a symbol or an emoji.
# RE2's \b knows only ASCII letters, and a class of every letter (\pL) costs each of a thousand patterns its
# own large program; these few ranges keep the set small.
# Written with the characters themselves rather than escapes, so that RE2 and Python's re (which confirms a
# pattern with a look-behind) read the class alike.
_SEPARATOR: Final = ("[\\s!-/:-@\\[-`{-~\u00a1-\u00bf\u2000-\u206f\u2190-\u2bff\u3000-\u303f\ufe30-\ufe4f"
                     "\U0001f000-\U0001faff]")
WORD_START: Final = rf"(?:^|{_SEPARATOR})"
WORD_END: Final = rf"(?:$|{_SEPARATOR})"
_STEM: Final = "*"  # a word ending in * matches every word that starts with it: 'llor*' is lloro, llorando, lloré

# What each kind of cue pushes, and the words shown for it: "'murió' → a death (Spanish)".
_KINDS: Final[dict[str, tuple[str, Callable[[str], Cue]]]] = {
    "crying": ("crying", lambda t: Cue(t, boosts(sad=1.5, frustrated=1.0, neutral=-3.0), crying=True)),
    "crying mark": ("a crying mark", lambda t: Cue(t, boosts(sad=4.5, neutral=-3.0), crying=True)),
    "laughter": ("laughter", lambda t: Cue(t, boosts(joy=3.0, neutral=-2.0))),
    "smile": ("a smile", lambda t: Cue(t, boosts(joy=1.5, neutral=-1.0))),
    "tears of joy": ("tears of joy", lambda t: Cue(t, boosts(joy=5.0, neutral=-3.0, sad=-2.0), joy_tears=True)),
    "mourning": ("loss and mourning", lambda t: Cue(t, boosts(sad=4.0, neutral=-2.0, joy=-1.0), grief=2.0)),
    "death": ("a death", lambda t: Cue(t, boosts(sad=1.0, neutral=-0.5), grief=1.0)),
    "not a death": ("not a death", lambda t: Cue(t, boosts(sad=-3.0, anxious=-1.0, neutral=2.0), grief=-2.0)),
    "sad": ("sadness", lambda t: Cue(t, boosts(sad=4.5, neutral=-2.5))),
    "frustrated": ("frustration", lambda t: Cue(t, boosts(frustrated=4.5, neutral=-2.5))),
    "again": ("'again' (fed up)", lambda t: Cue(t, boosts(frustrated=3.0, neutral=-1.5))),
    "anxious": ("worry and nerves", lambda t: Cue(t, boosts(anxious=4.5, neutral=-2.5))),
    "stress": ("something stressful", lambda t: Cue(t, boosts(anxious=1.5, neutral=-1.0))),
    "joy": ("joy", lambda t: Cue(t, boosts(joy=4.5, neutral=-2.5))),
    "not happy": ("not happy", lambda t: Cue(t, boosts(sad=4.5, joy=-4.5, neutral=-2.5))),
    "success": ("something went right", lambda t: Cue(t, boosts(joy=2.0, frustrated=-1.0, neutral=-1.0), success=True)),
    "good news": ("good news", lambda t: Cue(t, boosts(joy=4.5, neutral=-2.5), success=True)),
    "small stuff": ("small stuff", lambda t: Cue(t, trivial=True)),
}
KINDS: Final = tuple(_KINDS)


class LanguageError(ValueError):
    """A language file that cannot be used, with the file and entry at fault."""


@dataclass(frozen=True, slots=True)
class Language:
    """One language's data, compiled: patterns paired with the cue (or crisis label) each one finds."""

    code: str
    name: str
    spaced: bool
    common: frozenset[str]
    words: frozenset[str]  # the plain one-word cues, as a reader's table would key them
    crying: tuple[str, ...]  # the crying words as written, a stem ending in '*' (spaced languages only)
    signs: tuple[tuple[str, Cue], ...]
    cues: tuple[tuple[str, Cue], ...]
    crisis: tuple[tuple[str, str], ...]
    sources: Mapping[str, str]


def _letters(word: str) -> str:
    """A pattern for a word typed with any of its letters stretched ('tristeeee'), as chat does."""
    out = []
    for char in word:
        if char.isspace():
            out.append(r"\s+")
        elif char.isalpha():
            out.append(re.escape(char) + "+")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _not_after(negators: Iterable[str], *, spaced: bool) -> str:
    """Look-behinds that keep a word from counting right after a negator ('no aprobé', '没考上')."""
    if spaced:
        return "".join(f"(?<!\\b{re.escape(n)}\\s)" for n in negators)
    return "".join(f"(?<!{re.escape(n)})" for n in negators)


def word_pattern(word: str, *, spaced: bool, negators: Iterable[str] = ()) -> str:
    """The pattern for a word or phrase: whole words in a spaced language, a plain substring in one without spaces.

    A word right after one of the negators does not count; the set reads the pattern without them first, and
    Python's re confirms it only when it matched (see patterns.py).
    """
    guard = _not_after(negators, spaced=spaced)
    stem = word.endswith(_STEM)
    norm = " ".join(normalize(word.removesuffix(_STEM)).split())
    if not norm:
        raise ValueError(f"nothing is left of {word!r} once normalised")
    # Whole words where the script puts spaces between them, a substring where it does not, as triggers match:
    # 'wifi' in a Chinese message is still a whole word, '哭' is found inside '哭了'.
    left = WORD_START if spaced_letter(norm[0]) else ""
    right = WORD_END if spaced_letter(norm[-1]) or stem else ""
    if not spaced:
        return left + guard + re.escape(norm) + right
    body = guard + _letters(norm) + (r"[^\s!-/:-@\[-`{-~]*" if stem else "")
    return left + body + right


def _entries(raw: Any, where: str) -> list[dict[str, Any]]:
    """The list of entries under a key, each a mapping."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise LanguageError(f"{where}: expected a list of entries")
    return raw


def _patterns(entry: dict[str, Any], *, spaced: bool, where: str, negators: Iterable[str] = (),
              grouped: bool = False) -> list[tuple[str, str]]:
    """(pattern, what it is shown as) for each word or regex of one entry; grouped, one pattern for all its words.

    A grouped pattern holds its words in a group named w, and is shown as '{}' for the word it found.
    """
    words, regex = entry.get("words"), entry.get("regex")
    if (words is None) == (regex is None):
        raise LanguageError(f"{where}: give exactly one of 'words' or 'regex'")
    if regex is not None:
        return [(str(regex), str(entry.get("say") or regex))]  # as written: it sets its own word boundaries
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise LanguageError(f"{where}: 'words' must be a non-empty list of text (quote yes, no, on and off)")
    try:
        if grouped:
            return [(pattern, "{}") for pattern in group_pattern(words, spaced=spaced, negators=negators)]
        return [(word_pattern(w, spaced=spaced, negators=negators), w.removesuffix(_STEM) + ("…" * w.endswith(_STEM)))
                for w in words]
    except ValueError as exc:
        raise LanguageError(f"{where}: {exc}") from None


def group_pattern(words: Iterable[str], *, spaced: bool, negators: Iterable[str] = ()) -> list[str]:
    """Patterns that find any of the words, one per kind of word boundary, the word found in group w.

    One pattern per entry rather than per word: a pattern engine reading a thousand patterns at once built its
    states so slowly that a new process took 4 ms on each message it read them in.
    """
    guard = _not_after(negators, spaced=spaced)
    by_edges: dict[tuple[str, str], list[str]] = {}
    for word in words:
        pattern = word_pattern(word, spaced=spaced)
        left = WORD_START if pattern.startswith(WORD_START) else ""
        right = WORD_END if pattern.endswith(WORD_END) else ""
        by_edges.setdefault((left, right), []).append(pattern[len(left):len(pattern) - len(right)])
    return [f"{left}{guard}(?P<w>{'|'.join(bodies)}){right}" for (left, right), bodies in by_edges.items()]


def _source(entry: dict[str, Any], sources: Mapping[str, str], where: str) -> None:
    """Every entry names where its words come from."""
    if entry.get("source") not in sources:
        raise LanguageError(f"{where}: 'source' must name one of the file's sources ({', '.join(sources)})")


def _cues(raw: Any, lang: tuple[str, bool, Mapping[str, str]], where: str, negators: Iterable[str] = (),
          *, grouped: bool = False) -> tuple[tuple[str, Cue], ...]:
    """Compile cue entries: each word or regex becomes a pattern with a cue that names it ('{}' for the word found,
    when the words of an entry are grouped)."""
    name, spaced, sources = lang
    out: list[tuple[str, Cue]] = []
    for i, entry in enumerate(_entries(raw, where)):
        at = f"{where}[{i}]"
        kind = entry.get("kind")
        if kind not in _KINDS:
            raise LanguageError(f"{at}: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
        _source(entry, sources, at)
        meaning, make = _KINDS[kind]
        pairs = _patterns(entry, spaced=spaced, where=at, negators=negators, grouped=grouped)
        out += [(pattern, make(f"'{shown}' → {meaning} ({name})")) for pattern, shown in pairs]
    return tuple(out)


def _crisis(raw: Any, lang: tuple[str, bool, Mapping[str, str]], where: str) -> tuple[tuple[str, str], ...]:
    """Compile crisis entries into one plain alternation per language, read in every message.

    Plain, as the other languages' crisis words in crisis.py are: no word boundaries (recall matters more than
    precision here) and no letter stretching (the reader reads a stretched message again with its letters
    shortened). Patterns with boundary classes and stretching made a new process's pattern engine build three
    times as many states on English text, and cost it a third of its speed.
    """
    name, _, sources = lang
    phrases: list[str] = []
    for i, entry in enumerate(_entries(raw, where)):
        at = f"{where}[{i}]"
        _source(entry, sources, at)
        words = entry.get("words")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise LanguageError(f"{at}: 'words' must be a non-empty list of text")
        for word in words:
            norm = " ".join(normalize(word.removesuffix(_STEM)).split())
            # A word boundary before a word in ASCII letters: partial matches then start at words only.
            start = r"\b" if norm[0].isascii() and norm[0].isalnum() else ""
            phrases.append(start + r"\s+".join(map(re.escape, norm.split())))
    return ((f"(?:{'|'.join(phrases)})", f"self-harm words ({name})"),) if phrases else ()


def parse_language(data: Any, *, where: str) -> Language:
    """Turn one language file's data into patterns and cues; raise LanguageError naming what is wrong."""
    if not isinstance(data, dict):
        raise LanguageError(f"{where}: expected a mapping")
    code, name = data.get("code"), data.get("name")
    if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}", code) or not isinstance(name, str):
        raise LanguageError(f"{where}: needs 'code' (ISO 639-1, two letters) and 'name'")
    spaced = data.get("spaced", True)
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise LanguageError(f"{where}: needs 'sources', each id with where its words come from")
    common, negators = data.get("common") or [], data.get("negators") or []
    if not all(isinstance(w, str) for w in [*common, *negators]):
        raise LanguageError(f"{where}: 'common' and 'negators' must be lists of text (quote yes, no, on and off)")
    lang = (name, bool(spaced), {str(k): str(v) for k, v in sources.items()})
    cue_words = [str(w) for e in _entries(data.get("cues"), f"{where}: cues") for w in e.get("words") or ()]
    return Language(
        code=code,
        name=name,
        spaced=bool(spaced),
        common=frozenset(normalize(str(w)) for w in common),
        words=frozenset(normalize(w) for w in cue_words if spaced and not w.endswith(_STEM) and " " not in w),
        crying=tuple(normalize(str(w)) for e in _entries(data.get("cues"), f"{where}: cues")
                     if spaced and e.get("kind") == "crying" for w in e.get("words") or ()),
        signs=_cues(data.get("signs"), lang, f"{where}: signs"),
        cues=_cues(data.get("cues"), lang, f"{where}: cues", [normalize(n) for n in negators], grouped=True),
        crisis=_crisis(data.get("crisis"), lang, f"{where}: crisis"),
        sources=lang[2],
    )


@lru_cache(maxsize=2)
def load_languages(folder: Path = FOLDER) -> tuple[Language, ...]:
    """Every language file in the folder, by code; raise LanguageError on the first file that cannot be used."""
    languages = []
    for path in sorted(folder.glob("*.yaml")):
        language = parse_language(yaml.safe_load(path.read_text(encoding="utf-8")), where=path.name)
        if language.code != path.stem:
            raise LanguageError(f"{path.name}: code {language.code!r} must match the file name")
        languages.append(language)
    return tuple(languages)


def unique(pairs: Iterable[tuple[str, Cue]]) -> list[tuple[str, Cue]]:
    """Pattern/cue pairs with a pattern two languages share kept once (the first), so its boost counts once."""
    kept: dict[str, tuple[str, Cue]] = {}
    for pattern, cue in pairs:
        kept.setdefault(pattern, (pattern, cue))
    return list(kept.values())
