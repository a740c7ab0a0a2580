"""Normalising chat text: one canonical form for every way of typing a feeling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import MAX_CHARS, for_matching, normalize, strip_noise


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ＣＲＹＩＮＧ", "crying"),  # full-width letters
        ("CrYiNg", "crying"),
        ("😭\ufe0f", "😭"),  # emoji variation selector dropped
        (":sob:", "😭"),
        (":crying_cat_face:", "😿"),
        ("cryyyyyy", "cryy"),  # stretching capped at two
        ("goooood", "good"),
        ("c\u200bry", "cry"),  # zero-width space inside a word
        ("\u202ecry", "cry"),  # right-to-left override
        (":’(", ":'("),  # phone keyboards curl the quote
    ],
)
def test_normalize_folds_variants(typed: str, canonical: str) -> None:
    assert normalize(typed) == canonical


@pytest.mark.parametrize(
    "noisy",
    [
        "```\ncry\n```",
        "`cry`",
        "> cry\n",
        "&gt; cry",  # Slack escapes the quote marker
        "https://example.com/cry",
        "<https://example.com|cry>",
        "<@123456> <#789> <@&42>",
    ],
)
def test_strip_noise_hides_code_quotes_links_and_mentions(noisy: str) -> None:
    assert "cry" not in strip_noise(noisy)


def test_strip_noise_keeps_the_words_around_the_noise() -> None:
    text = "> someone else said this\nI am crying `code` see https://x.y <@1>"
    kept = strip_noise(text)
    assert "I am crying" in kept and "someone" not in kept and "code" not in kept


def test_custom_server_emoji_become_shortcodes() -> None:
    assert for_matching("<a:sob:1234567890>") == "😭"


def test_unclosed_code_fence_hides_the_rest() -> None:
    assert "cry" not in strip_noise("look ```cry forever")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_normalises_without_raising(text: str) -> None:
    out = for_matching(text)
    assert isinstance(out, str)
    out.encode("utf-8")  # no lone surrogates survive


def test_huge_and_hostile_inputs_are_bounded() -> None:
    hostile = "😭" * 10_000 + "\x00" * 1000 + "\ud800" + "`" * 50_000 + "a" * 100_000
    out = for_matching(hostile)
    assert len(out) <= MAX_CHARS
    out.encode("utf-8")
