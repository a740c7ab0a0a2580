"""Normalise chat text before it is matched or read: one canonical form for every way of typing it."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Final

import emoji

# Longest text we look at. Discord caps messages at 4,000 characters and Slack at
# 40,000; anything past this is not worth a trigger and must not cost time.
MAX_CHARS: Final = 40_000

# Characters that change how text looks but not what it says: variation
# selectors, zero-width joiners and spaces, bidi controls, the BOM.
_INVISIBLE: Final = dict.fromkeys(
    [0xFE0E, 0xFE0F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C, 0x00AD]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
) | {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'}  # phone keyboards curl quotes: :’( is :'(
_CONTROL_OR_SURROGATE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_STRETCHED: Final = re.compile(r"([^\W\d_])\1{2,}")
_SHORTCODE: Final = re.compile(r":[a-z0-9_+\-]{1,60}:")
# Custom server emoji (<:sob:123>, <a:cry:456>) keep their name as a shortcode.
_CUSTOM_EMOJI: Final = re.compile(r"<a?(:[A-Za-z0-9_]{1,60}:)\d{1,25}>")
_MENTION: Final = re.compile(r"<[@#!][^<>\s]{0,120}>|@(?:everyone|here|channel)\b")
_LINK: Final = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]{0,20}:[^<>\s]{0,2000}>|\b(?:https?|ftp)://\S+|\bwww\.\S+")
_INLINE_CODE: Final = re.compile(r"`[^`\n]{0,4000}`")
_NOISE_RUN: Final = re.compile("\x00+")
_MAY_BE_NOISE: Final = re.compile(r"[`>@<#]|&gt;|://|www\.")  # no noise without one of these


_GAPS: Final = {code: " " for code, mapped in _INVISIBLE.items() if mapped is None}


def scrub(text: str, *, gaps: bool = False) -> str:
    """Replace lone surrogates and controls with spaces and drop invisibles (or, with gaps, space them), at any length.

    Dropping joins a word split to dodge a filter ("cr\u200bying"); spacing splits words glued by an
    invisible ("want to\u2066die"). Safety checks read both forms.
    """
    return _CONTROL_OR_SURROGATE.sub(" ", text).translate(_GAPS if gaps else _INVISIBLE)


def clean(text: str) -> str:
    """Make any string safe to process: bounded length, no lone surrogates, controls or invisibles."""
    text = text[:MAX_CHARS]
    if "<" in text:
        text = _CUSTOM_EMOJI.sub(r"\1", text)
    return scrub(text)


def _emojize(match: re.Match[str]) -> str:
    """Turn one `:shortcode:` into its emoji, or leave it as typed."""
    return _emojize_code(match.group(0))


def normalize(text: str) -> str:
    """Fold text to its canonical form: NFKC, case-folded, shortcodes as emoji, stretching capped at two."""
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    if ":" in text:
        text = _SHORTCODE.sub(_emojize, text)
        text = text.translate(_INVISIBLE)  # emojize may add variation selectors back
    return _STRETCHED.sub(r"\1\1", text)


def mask_noise(text: str, *, fill: str = " ") -> str:
    """Blank out what a trigger must not see (code, quoted lines, links, mentions), keeping every other offset."""
    if "```" in text:
        # Every other piece between fences is code; an unclosed fence hides the rest.
        pieces = text.split("```")
        text = "".join(p if i % 2 == 0 else fill * (len(p) + 6) for i, p in enumerate(pieces))[: len(text)]
    blank = functools.partial(_blank, fill=fill)
    if "`" in text:
        text = _INLINE_CODE.sub(blank, text)
    if ">" in text or "&gt;" in text:
        text = "\n".join(fill * len(line) if _is_quote(line) else line for line in text.split("\n"))
    text = _LINK.sub(blank, text)
    return _MENTION.sub(blank, text)


def _blank(match: re.Match[str], *, fill: str) -> str:
    """The same number of fill characters as the match."""
    return fill * len(match.group(0))


def strip_noise(text: str) -> str:
    """Drop what a trigger must not see: code, quoted lines, links, mentions."""
    return _NOISE_RUN.sub(" ", mask_noise(clean(text), fill="\x00"))


def _is_quote(line: str) -> bool:
    """Tell whether a line is a quote in Discord or Slack markdown (Slack escapes '>')."""
    stripped = line.lstrip()
    return stripped.startswith((">", "&gt;"))


def for_matching(text: str) -> str:
    """The form triggers are matched against: noise stripped, then normalised."""
    return normalize(strip_noise(text))


# How much of a message is folded piece by piece to show a match as typed: about a long Discord message.
TYPED_CHARS: Final = 4_000
MAP_CHUNK: Final = 400  # characters folded between searches
MAP_MARGIN: Final = 40  # a match ending this far before the folded part's end cannot change with more text


def matching_map(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A matching form of the text folded piece by piece, and for each of its characters the span it was typed in.

    Each piece (a character with its combining marks, a shortcode, a server emoji) is folded as `for_matching`
    folds the whole text, noise is blanked in place, and stretching is capped; so a match found here can be
    shown as the person typed it.
    """
    *_, (folded, spans, _complete) = _prefix_maps(text)
    return folded, spans


def _prefix_maps(text: str) -> Iterator[tuple[str, tuple[tuple[int, int], ...], bool]]:
    """The map of ever longer prefixes of the text, every MAP_CHUNK characters; the last one is complete."""
    text = _CONTROL_OR_SURROGATE.sub(" ", text[:TYPED_CHARS])  # one character for one: offsets hold
    # A server emoji would read as a link to the noise check: it sees a stand-in of the same length.
    stand_in = _CUSTOM_EMOJI.sub(lambda m: "e" * len(m.group(0)), text) if "<" in text else text
    # Noise is where masking changed the stand-in; elsewhere `noise` is the text itself.
    noise = mask_noise(stand_in) if _MAY_BE_NOISE.search(text) else stand_in
    if text.isascii() and ":" not in text:
        yield (*_ascii_map(noise.lower()), True)  # most chat: one character for one, folded by lower()
        return
    lowered = text.lower() if len(text.lower()) == len(text) else text  # shortcodes are ASCII; keep offsets
    chars: list[tuple[str, int, int]] = []
    noisy = noise != stand_in
    at = 0
    frontier = MAP_CHUNK
    while at < len(text):
        end, folded = _piece(text, noisy and noise[at] != stand_in[at], lowered, at)
        chars.extend((ch, at, end) for ch in folded)
        at = end
        if at >= frontier and at < len(text):
            yield (*_unstretch(chars), False)
            frontier += MAP_CHUNK
    yield (*_unstretch(chars), True)


def _piece(text: str, is_noise: bool, lowered: str, at: int) -> tuple[int, str]:
    """The end of the piece that starts at `at` (noise when `is_noise`), and its folded form."""
    first = text[at]
    if is_noise:
        return at + 1, " "
    if first in "<:":
        custom = _CUSTOM_EMOJI.match(text, at)
        code = custom.group(1) if custom else None
        found = custom or _SHORTCODE.match(lowered, at)
        if found is not None:
            code = code or found.group(0)
            folded = _emojize_code(code.casefold())
            if folded != code.casefold() or custom is not None:
                return found.end(), folded.translate(_INVISIBLE)
    end = at + 1
    while end < len(text) and text[end] >= "\u0300" and unicodedata.combining(text[end]):  # marks start at U+0300
        end += 1
    return end, _fold(text[at:end])


@functools.lru_cache(maxsize=4096)
def _fold(piece: str) -> str:
    """One piece as `normalize` folds it: NFKC, case-folded, invisibles dropped."""
    return unicodedata.normalize("NFKC", piece).casefold().translate(_INVISIBLE)


def _emojize_code(code: str) -> str:
    """A `:shortcode:` as its emoji, or as typed when it names none."""
    return emoji.emojize(code, language="alias") if code != "::" else code


def _ascii_map(folded: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The map of ASCII text already folded in place: only stretched runs are cut to two letters."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for run in _STRETCHED.finditer(folded):
        kept = run.start() + 2
        pieces.append(folded[last:kept])
        spans.extend((i, i + 1) for i in range(last, kept - 1))
        spans.append((kept - 1, run.end()))
        last = run.end()
    pieces.append(folded[last:])
    spans.extend((i, i + 1) for i in range(last, len(folded)))
    return "".join(pieces), tuple(spans)


def _unstretch(chars: list[tuple[str, int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cap runs of one letter at two, as `normalize` does; the second kept letter spans the rest of the run."""
    kept: list[tuple[str, int, int]] = []
    for ch, start, end in chars:
        if len(kept) >= 2 and kept[-1][0] == ch == kept[-2][0] and ch.isalpha():
            kept[-1] = (ch, kept[-1][1], end)
        else:
            kept.append((ch, start, end))
    return "".join(ch for ch, _, _ in kept), tuple((start, end) for _, start, end in kept)


def typed_match(text: str, search: Callable[[str], tuple[int, int] | None]) -> str | None:
    """What the person typed where `search` finds its match in the text's `matching_map` form; None if it finds none.

    The text is folded a chunk at a time, and a match that ends well before what has been folded so far is taken:
    a long message pays only for the part up to its match.
    """
    for folded, spans, complete in _prefix_maps(text):
        span = search(folded)
        if span is not None and (complete or span[1] < len(folded) - MAP_MARGIN):
            if not 0 <= span[0] < span[1] <= len(spans):
                return None
            return text[spans[span[0]][0] : spans[span[1] - 1][1]].strip() or None
        if complete:
            return None
    return None
