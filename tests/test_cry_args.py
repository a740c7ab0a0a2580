"""The words after /cry: caption text and mood:name, read the same way on Slack and in the playground."""

from __future__ import annotations

import pytest

from bot.cry_args import CryArgs, parse_cry
from bot.moods import REACTIVE_MOODS


def test_text_only_is_the_caption_with_no_mood() -> None:
    assert parse_cry("my code review got 40 comments") == CryArgs(text="my code review got 40 comments")


def test_nothing_at_all_asks_for_any_meme() -> None:
    assert parse_cry("") == CryArgs()
    assert parse_cry("   ") == CryArgs()


def test_mood_only_has_no_caption() -> None:
    assert parse_cry("mood:grief") == CryArgs(mood="grief")


@pytest.mark.parametrize(
    "line",
    ["mood:grief my cat", "my mood:grief cat", "my cat mood:grief", "  my   cat\tmood:grief  "],
    ids=["first", "middle", "last", "extra-space"],
)
def test_the_mood_may_stand_anywhere_and_leaves_the_caption_whole(line: str) -> None:
    args = parse_cry(line)
    assert args.mood == "grief" and not args.mistake
    assert " ".join(args.text.split()) == "my cat"
    assert "mood" not in args.text


def test_the_middle_of_the_caption_keeps_single_spacing() -> None:
    assert parse_cry("my mood:grief cat").text == "my cat"


@pytest.mark.parametrize("typed", ["MOOD:GRIEF", "Mood:Grief", "mood:gRiEf"])
def test_option_and_mood_name_ignore_case(typed: str) -> None:
    assert parse_cry(f"{typed} rainy day") == CryArgs(text="rainy day", mood="grief")


def test_punctuation_after_the_mood_name_is_not_part_of_it() -> None:
    assert parse_cry("mood:joy, she said yes!") == CryArgs(text="she said yes!", mood="joy")


def test_the_same_mood_twice_is_one_choice() -> None:
    assert parse_cry("mood:sad rainy mood:SAD day") == CryArgs(text="rainy day", mood="sad")


def test_two_different_moods_are_a_mistake_naming_both() -> None:
    args = parse_cry("mood:sad rainy day mood:joy")
    assert args.mood is None and args.text == ""
    assert "Choose one mood" in args.mistake and "'sad'" in args.mistake and "'joy'" in args.mistake


@pytest.mark.parametrize(
    ("typed", "meant"), [("grif", "grief"), ("sadd", "sad"), ("anx", "anxious"), ("frustrate", "frustrated")]
)
def test_an_unknown_mood_suggests_the_nearest_name(typed: str, meant: str) -> None:
    args = parse_cry(f"mood:{typed} my cat")
    assert args.mood is None
    assert f"Unknown mood '{typed}'." in args.mistake
    assert f"Did you mean '{meant}'?" in args.mistake
    assert all(mood in args.mistake for mood in REACTIVE_MOODS)


def test_a_mood_nothing_like_any_name_lists_them_without_a_guess() -> None:
    args = parse_cry("mood:nope")
    assert args.mistake.startswith("Unknown mood 'nope'.") and "Did you mean" not in args.mistake
    assert "Moods: sad, grief, frustrated, anxious, joy." in args.mistake


def test_neutral_is_not_a_mood_to_cry_in() -> None:
    assert "Unknown mood 'neutral'" in parse_cry("mood:neutral").mistake


def test_a_very_long_wrong_mood_is_shortened_in_the_answer() -> None:
    args = parse_cry("mood:" + "x" * 5000)
    assert args.mistake and len(args.mistake) < 200


@pytest.mark.parametrize(
    "line",
    ["우리 강아지가 무지개다리를 건넜어 ㅠㅠ mood:grief", "mood:grief 우리 강아지가 무지개다리를 건넜어 ㅠㅠ"],
)
def test_unicode_captions_come_through_untouched(line: str) -> None:
    assert parse_cry(line) == CryArgs(text="우리 강아지가 무지개다리를 건넜어 ㅠㅠ", mood="grief")


def test_a_mood_name_in_another_script_is_unknown_not_text() -> None:
    assert "Unknown mood '슬픔'" in parse_cry("mood:슬픔 오늘").mistake


@pytest.mark.parametrize("line", ["my mood:( today", "mood: terrible day", "badmood:sad", "https://x.test/mood:sad"])
def test_words_that_only_look_like_the_option_stay_in_the_caption(line: str) -> None:
    assert parse_cry(line) == CryArgs(text=line)


def test_the_default_mood_applies_only_when_none_is_typed() -> None:
    assert parse_cry("she said yes", default_mood="joy") == CryArgs(text="she said yes", mood="joy")
    assert parse_cry("mood:grief my cat", default_mood="joy").mood == "grief"
    assert "Unknown mood 'happy'" in parse_cry("hi", default_mood="happy").mistake
