"""Self-harm and suicidal intent read as crisis in many phrasings; look-alikes do not."""

from __future__ import annotations

import pytest

from bot.emotion import EmotionReader


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


CRISIS = [
    "I want to kill myself",
    "i wanna kill myself",
    "im going to kill my self",
    "thinking about killing myself tonight",
    "i want to kil myself",
    "i'll just kms",
    "KMS",
    "honestly kms 😭",
    "i want to die",
    "I just want to die",
    "i wanna die",
    "wanna dieeee",
    "i want 2 die",
    "I don't want to live anymore",
    "i dont wanna be alive",
    "I don't want to be here anymore",
    "dont want to exist",
    "i am suicidal",
    "feeling suicidal again",
    "having suicidal thoughts",
    "i'm so sucidal",
    "thinking about suicide",
    "sewerslide",
    "thinking about sewer slide",
    "i want to unalive myself",
    "gonna unalive",
    "I want to end it all",
    "i'm going to end my life",
    "i want to take my own life",
    "I cut myself again",
    "i've been cutting myself",
    "i want to hurt myself",
    "self harm is all i think about",
    "relapsed on self-harm",
    "i'm going to hang myself",
    "i want to jump off a bridge",
    "going to take all my pills",
    "everyone would be better off without me",
    "i'd be better off dead",
    "i have nothing to live for",
    "no reason to live",
    "i can't go on like this",
    "i wish i was dead",
    "i wish i wasn't alive",
    "i wish i was never born",
    "i hope i don't wake up tomorrow",
    "I'm tired of living",
    "I wanna die lol this homework",
    "kill me now, meetings all day",
    "죽고 싶어",
    "자살하고 싶다",
    "I want to ｋｉｌｌ ｍｙｓｅｌｆ",
    "i want to kill\u200bmyself",
    "I WANT TO DIE",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_phrasings(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood == "crisis"
    assert reading.cues, "a crisis reading must say what it saw"
    assert reading.confidence >= 0.9


@pytest.mark.parametrize("text", [f"ugh what a day. {t}. anyway" for t in CRISIS[:10]])
def test_crisis_inside_longer_messages(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "crisis"


def test_crisis_at_the_end_of_a_long_message(reader: EmotionReader) -> None:
    text = "work was fine. " * 5000 + "i want to kill myself"
    assert reader.read(text).mood == "crisis"


def test_crisis_beats_jokes_and_memes_cues(reader: EmotionReader) -> None:
    assert reader.read("😂😂 kms lmao").mood == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "my phone is about to die",
        "I'm dying laughing 😂",
        "lmao I'm dead 😂",
        "this song kills me, so good",
        "the plants died while I was away",
        "killing it at the gym today",
        "die hard is the best christmas movie",
        "deadline is tomorrow",
    ],
)
def test_lookalikes_are_not_crisis(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood != "crisis"


def test_a_loss_to_suicide_reads_as_grief(reader: EmotionReader) -> None:
    assert reader.read("my uncle committed suicide last year").mood == "grief"


@pytest.mark.parametrize(
    "text",
    ["i want to die\ud800", "i want to\x00die", "i want to\u2066die", "want\u200bto\u200bdie", "ki\u200bll my\u200bself",
     "I WANT TO DIE\u202e", "i want to kill myself \udfff", "kms\x07"],
)
def test_crisis_survives_broken_and_invisible_characters(reader: EmotionReader, text: str) -> None:
    # Lone surrogates, controls, zero-width and bidi characters must neither crash the reading nor hide the words.
    assert reader.read(text).mood == "crisis"
