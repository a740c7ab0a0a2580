"""Trigger matching: whole words, emoji, emoticons, Korean marks, and regexes that cannot hang."""

from __future__ import annotations

import pytest

from bot.catalogue.model import Trigger
from bot.text import for_matching
from bot.triggers import (
    REGEX_MAX_CHARS,
    REGEX_MAX_PROGRAM,
    TriggerProblem,
    check_pattern,
    compile_triggers,
    first_hit,
)

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
    assert first_hit(evil, "a" * 3_000 + "!") is None
    assert first_hit(evil, "a" * 3_000) is not None
    assert first_hit(evil, "a" * 30_000) is None  # its end lies past what a regex reads, and the cut is no end


@pytest.mark.parametrize(
    "pattern",
    [r"\bmondays?\b", r"\b(?:" + "|".join(f"bummer{i}" for i in range(300)) + r")\b", r"[^\pL\pN_]cry(?:ing)?\b",
     r"(\w\s?){1,100}z", r"^ugh+$"],
)
def test_ordinary_admin_patterns_are_accepted(pattern: str) -> None:
    assert check_pattern(pattern) is None
    assert compile_triggers((Trigger(regex=pattern),))


@pytest.mark.parametrize("pattern", [r"(\w\s?){1,1000}z", r"\w{1,800}", r"(.*a){600}"])
def test_patterns_too_costly_for_every_message_are_refused(pattern: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and problem.startswith("regex is too costly to run on every message")
    assert f"the limit is {REGEX_MAX_PROGRAM}" in problem
    with pytest.raises(TriggerProblem) as caught:
        compile_triggers((Trigger(regex=pattern),))
    assert caught.value.where == ("regex",)


def test_a_regex_reads_a_bounded_prefix_of_the_message() -> None:
    triggers = compile_triggers((Trigger(regex=r"\bmondays?\b"),))
    filler = "x " * (REGEX_MAX_CHARS // 2)
    assert first_hit(triggers, "mondays " + filler) is not None
    assert first_hit(triggers, filler + "mondays") is None


def test_a_long_word_list_matches_every_word_and_the_first_in_the_message() -> None:
    letters = "acdghijklmnopqrtuvwxz"
    words = tuple(f"weep{a}{b}" for a in letters for b in letters)[:300] + ("😭", "ㅠㅠ")
    (trigger,) = compile_triggers((Trigger(words=words),))
    assert [trigger.match(for_matching(f"oh {w}!")) is not None for w in words] == [True] * len(words)
    hit = trigger.match(for_matching(f"ㅠㅠ then {words[299]} then 😭"))
    assert hit is not None and hit.matched == for_matching("ㅠㅠ")  # the earliest, though listed last
    hit = trigger.match(for_matching(f"{words[250]} then ㅠㅠ"))
    assert hit is not None and hit.matched == words[250]


def test_a_word_that_cannot_be_matched_is_named() -> None:
    with pytest.raises(TriggerProblem) as caught:
        compile_triggers((Trigger(words=("cry", "\u200b")),))
    assert caught.value.where == ("words", 1) and "nothing is left of the word" in caught.value.message


@pytest.mark.parametrize(
    ("text", "typed"),
    [("CRYYYYY!!", "CRYYYYY"), ("너무 슬퍼ㅠㅠ", "ㅠㅠ"), ("lol <a:sob:123>", "<a:sob:123>"), ("ｃｒｙｉｎｇ", "ｃｒｙｉｎｇ"),
     ("> cry\nI am Crying", "Crying"), ("`sob` :sob:", ":sob:"), ("HAPPY   Tears", "HAPPY   Tears")],
)
def test_a_hit_is_described_as_the_person_typed_it(text: str, typed: str) -> None:
    hit = first_hit(WORDS, for_matching(text), typed_from=text)
    assert hit is not None and hit.typed == typed
    assert hit.describe().endswith(f"matched {typed!r}")
