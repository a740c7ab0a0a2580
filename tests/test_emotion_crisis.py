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
    "nobody would miss me if i was gone",
    "no one would even notice if i disappeared",
    "i've been cutting again",
    "relapsed on sh last night",
    "i have the pills ready",
    "been stockpiling my sleeping pills",
    "what's the point of living",
    "life isn't worth living",
    "i just want it all to end",
    "goodbye everyone, this is my last message",
    "i'm planning to overdose",
    "i want to sleep forever",
    "wanna off myself",
    "gonna top myself",
    "i want too die",
    "i want to d1e",
    "je veux mourir",
    "ich will nicht mehr leben",
    "我想死",
]

# Typed apart or run together to slip past a filter, or by a shaking hand.
SPACED_OR_GLUED = ["i want to d i e", "i w a n t to die", "k m s", "k.i.l.l myself", "iwanttodie", "wanttodie rn",
                   "i want to d-i-e"]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_phrasings(reader: EmotionReader, text: str) -> None:
    reading = reader.read(text)
    assert reading.mood == "crisis"
    assert reading.cues, "a crisis reading must say what it saw"
    assert reading.confidence >= 0.9


@pytest.mark.parametrize("text", SPACED_OR_GLUED)
def test_crisis_typed_apart_or_run_together(reader: EmotionReader, text: str) -> None:
    assert reader.read(text).mood == "crisis"


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
        "i want to dye my hair pink",
        "i want to die my hair blue",
        "this is the hill i want to die on",
        "is this really the hill you want to die on?",
        "until that plant dies",
        "she's going to OD on avocado toast",
        "i pulled it off myself",
        "the lawn needs a b c d",
        "this is my last message before the holidays",
        "i'd die for this cake",
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
