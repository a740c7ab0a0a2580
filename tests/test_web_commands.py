"""What a line typed in the playground becomes: a channel message, a /cry, or a mistake explained."""

from __future__ import annotations

from adapters.web.commands import read_line


def test_plain_text_is_a_channel_message_from_the_playground_user() -> None:
    typed = read_line("nobody came to my party 😢", message_id="web-7")
    assert typed.cry is None and not typed.mistake
    assert typed.message is not None
    assert typed.message.text == "nobody came to my party 😢"
    assert (typed.message.space_id, typed.message.channel_id, typed.message.user_id) == ("web", "playground", "you")
    assert typed.message.message_id == "web-7"


def test_cry_takes_its_caption_and_a_typed_mood() -> None:
    typed = read_line("/cry build failed again mood:Frustrated")
    assert typed.cry is not None
    assert typed.cry.text == "build failed again"
    assert typed.cry.mood == "frustrated"
    assert typed.cry.user_id == "you"


def test_cry_alone_asks_for_any_mood_with_no_caption() -> None:
    typed = read_line("/cry")
    assert typed.cry is not None
    assert (typed.cry.text, typed.cry.mood) == ("", None)


def test_the_picker_mood_applies_unless_one_is_typed() -> None:
    assert read_line("/cry she said yes", picked_mood="joy").cry.mood == "joy"  # type: ignore[union-attr]
    assert read_line("/cry mood:grief my cat", picked_mood="joy").cry.mood == "grief"  # type: ignore[union-attr]


def test_a_misspelt_mood_is_explained_with_the_nearest_one() -> None:
    typed = read_line("/cry mood:sadd")
    assert typed.cry is None and typed.message is None
    assert "Unknown mood 'sadd'" in typed.mistake
    assert "Did you mean 'sad'?" in typed.mistake


def test_other_commands_point_to_cry() -> None:
    typed = read_line("/giphy crying")
    assert typed.message is None and typed.cry is None
    assert "/giphy" in typed.mistake and "/cry" in typed.mistake


def test_a_word_starting_with_cry_is_not_the_command() -> None:
    typed = read_line("/crying is not a command")
    assert typed.cry is None
    assert "/crying" in typed.mistake
