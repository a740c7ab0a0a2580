"""Normalise chat text before it is matched or read: one canonical form for every way of typing it."""

from __future__ import annotations

import re
import unicodedata
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
    code = match.group(0)
    return emoji.emojize(code, language="alias") if code != "::" else code


def normalize(text: str) -> str:
    """Fold text to its canonical form: NFKC, case-folded, shortcodes as emoji, stretching capped at two."""
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    if ":" in text:
        text = _SHORTCODE.sub(_emojize, text)
        text = text.translate(_INVISIBLE)  # emojize may add variation selectors back
    return _STRETCHED.sub(r"\1\1", text)


def strip_noise(text: str) -> str:
    """Drop what a trigger must not see: code, quoted lines, links, mentions."""
    text = clean(text)
    if "```" in text:
        # Every other piece between fences is code; an unclosed fence hides the rest.
        text = " ".join(text.split("```")[0::2])
    if "`" in text:
        text = _INLINE_CODE.sub(" ", text)
    if ">" in text or "&gt;" in text:
        text = "\n".join(line for line in text.split("\n") if not _is_quote(line))
    text = _LINK.sub(" ", text)
    return _MENTION.sub(" ", text)


def _is_quote(line: str) -> bool:
    """Tell whether a line is a quote in Discord or Slack markdown (Slack escapes '>')."""
    stripped = line.lstrip()
    return stripped.startswith((">", "&gt;"))


def for_matching(text: str) -> str:
    """The form triggers are matched against: noise stripped, then normalised."""
    return normalize(strip_noise(text))
