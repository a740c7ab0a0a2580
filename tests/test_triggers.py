"""Trigger matching: whole words, emoji, emoticons, Korean marks, and regexes that cannot hang."""

from __future__ import annotations

import pytest

from bot.catalogue.model import Trigger
from bot.text import for_matching
from bot.triggers import check_pattern, compile_triggers, first_hit

WORDS = compile_triggers(
    (Trigger(words=("cry", "sob", "😭", "ㅠㅠ", "ㅜㅜ", "T_T", ";_;", ":'(", "happy tears", ":sob:")),)
)


def matched(text: str) -> str | None:
    hit = first_hit(WORDS, for_matching(text))
    return hit.matched if hit else None


@pytest.mark.parametrize(
    "text",
    ["Crying!!", "I cry", "she cried", "it cries", "CRYYYYY", "sobbing rn", "ｃｒｙ", "lol😭", "너무 슬퍼ㅠㅠ",
     "ㅜㅜㅜㅜ", "T_T", "t_t why", ";_;", ":'(", ":’(", "happy tears", "HAPPY  TEARS", ":sob:", "<:sob:123>"],
)
def test_words_match_every_way_of_crying(text: str) -> None:
    assert matched(text) is not None


@pytest.mark.parametrize(
    "text",
    ["crystal", "scrying", "outcry", "crypt", "sober", "at_tea", "`cry`", "```cry```", "> cry", "https://cry.example",
     "<@cry>", "tears of happiness"],
)
def test_words_do_not_match_inside_other_words_or_noise(text: str) -> None:
    assert matched(text) is None


def test_first_trigger_in_catalogue_order_wins() -> None:
    triggers = compile_triggers((Trigger(regex=r"\bmonday\b", mood="frustrated"), Trigger(words=("cry",))))
    hit = first_hit(triggers, for_matching("crying about monday"))
    assert hit is not None and hit.index == 0 and hit.matched == "monday"


def test_regex_is_case_insensitive_on_normalised_text() -> None:
    triggers = compile_triggers((Trigger(regex=r"\bMONDAYS?\b"),))
    assert first_hit(triggers, for_matching("Ｍｏｎｄａｙ again")) is not None


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=x)y", r"(?<=a)b", r"(?!x)"])
def test_patterns_that_cannot_be_bounded_are_refused(pattern: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and "regex cannot be used" in problem


@pytest.mark.timeout(20)
def test_catastrophic_pattern_finishes() -> None:
    # (a+)+$ on this input takes longer than the age of the universe in a backtracking
    # engine; RE2 answers at once. A regression shows as this test timing out.
    evil = compile_triggers((Trigger(regex=r"(a+)+$"),))
    assert first_hit(evil, "a" * 30_000 + "!") is None
    assert first_hit(evil, "a" * 30_000) is not None
