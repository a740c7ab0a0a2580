"""The two stages and how they join: cues beside the model's scores, crisis first, crying alone, other scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.emotion import EmotionReader
from bot.emotion.mood_model import Blend, MoodModel
from bot.emotion.reader import FirstStage
from bot.emotion.stage_gate import trust_model
from bot.emotion.two_stage import SecondStage
from tests.emotion_fakes import ScriptedModel, says
from tests.factories import shipped_model

REPO = Path(__file__).resolve().parent.parent
# The crying words, emoji and emoticons of the shipped catalogue's crying trigger. 🥹 (holding back tears) is the
# catalogue's own sign of being moved, its joy reaction: it is evidence of joy, so it is left out here.
CRYING_MARKS = [w for w in yaml.safe_load((REPO / "memes.yaml").read_text(encoding="utf-8"))["triggers"][0]["words"]
                if w != "🥹"]


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


@pytest.fixture(scope="module")
def model() -> MoodModel:
    loaded = shipped_model()
    assert loaded is not None, "the shipped model must load (bot/emotion/minilm)"
    return loaded


async def read(reader: EmotionReader, model: MoodModel, text: str) -> tuple[str, tuple[str, ...]]:
    """Mood and reasons of one message read by both stages, the way /cry reads it."""
    second = SecondStage(model)
    try:
        reading = await second.read(reader, text)
    finally:
        second.close()
    return reading.mood, reading.cues


async def test_the_models_reading_is_shown_beside_the_cues(reader: EmotionReader) -> None:
    mood, cues = await read(reader, ScriptedModel(says("frustrated", 0.91)), "the printer jammed again 😭")
    assert mood == "frustrated"
    assert cues[0] == "model: frustrated 0.91"
    assert "😭 loudly crying emoji" in cues


async def test_the_model_decides_where_stage_one_has_no_cue(reader: EmotionReader) -> None:
    text = "well that went about as well as I expected"  # no cue, and the table leans neutral
    assert reader.read(text).mood == "neutral"
    assert (await read(reader, ScriptedModel(says("sad", 0.9)), text))[0] == "sad"
    assert (await read(reader, ScriptedModel(says("joy", 0.9)), text))[0] == "joy"


@pytest.mark.parametrize(
    ("text", "wrong", "mood"),
    [
        ("my dog died this morning 😭", "joy", "grief"),  # a death outweighs a model that reads joy
        ("happy tears all day", "sad", "joy"),  # tears of joy outweigh a model that reads sadness
        ("my code finally compiled 😭", "sad", "joy"),  # relief
        ("crying over my lukewarm coffee", "sad", "frustrated"),  # crying over something small
    ],
)
async def test_chat_cues_still_count_against_the_model(reader: EmotionReader, text: str, wrong: str,
                                                       mood: str) -> None:
    got, cues = await read(reader, ScriptedModel(says(wrong, 0.95)), text)
    assert got == mood, cues
    assert cues[0] == f"model: {wrong} 0.95"


@pytest.mark.parametrize("text", ["I want to kill myself", "i wanna kms lol", "this is my last message, goodbye"])
async def test_crisis_is_never_read_by_the_model(reader: EmotionReader, text: str) -> None:
    model = ScriptedModel(says("joy", 0.99))
    assert (await read(reader, model, text))[0] == "crisis"
    second = SecondStage(model)
    assert second.read_many(reader, [text, "crying"])[0].mood == "crisis"
    assert model.batches == [["crying"]]  # the crisis never reached it


@pytest.mark.parametrize("mark", CRYING_MARKS)
async def test_crying_alone_is_sorrow(reader: EmotionReader, model: MoodModel, mark: str) -> None:
    """A bare crying word, emoji or emoticon reads sad: on stage 1, on both stages, and against a model sure of joy."""
    assert reader.read(mark).mood == "sad"
    assert (await read(reader, model, mark))[0] == "sad"
    mood, cues = await read(reader, ScriptedModel(says("joy", 0.97)), mark)
    assert mood == "sad", cues


@pytest.mark.parametrize("text", ["sobbing", "SOBBING!!", "i'm crying", "crying rn", "😭😭😭", "cryyyy", "sob 😭"])
async def test_crying_alone_in_other_forms(reader: EmotionReader, model: MoodModel, text: str) -> None:
    assert (await read(reader, ScriptedModel(says("joy", 0.97)), text))[0] == "sad"
    assert (await read(reader, model, text))[0] == "sad"


@pytest.mark.parametrize(("text", "mood"), [("estoy llorando", "sad"), ("je pleure", "sad"), ("chorei muito", "sad"),
                                            ("estoy llorando de felicidad", "joy"), ("doing chores", "neutral"),
                                            ("chord", "neutral")])
def test_a_few_words_of_another_language_are_read_in_it(reader: EmotionReader, text: str, mood: str) -> None:
    """A short message with no English cue may be another language's crying; an English word that starts like one
    is not."""
    assert reader.read(text).mood == mood


@pytest.mark.parametrize("text", ["happy tears 😭", "she said yes 😭", "😂😂😂", "crying laughing", "🥹",
                                  "so proud of you 😭"])
async def test_joy_with_its_own_evidence_stays_joy(reader: EmotionReader, model: MoodModel, text: str) -> None:
    assert (await read(reader, model, text))[0] == "joy"


@pytest.mark.parametrize(
    ("text", "trusted"),
    [
        ("my code finally compiled 😭", True),
        ("estoy muy triste hoy", False),  # Latin letters, but Spanish: stage 1 has the words for it
        ("je suis tellement triste", False),
        ("ich bin so traurig heute", False),
        ("I am so sad today", True),
        ("sob", True),  # no clear language, Latin letters: the model, and crying alone is sorrow
        ("너무 슬퍼ㅠㅠ", False),
        ("ㅋㅋㅋ lol", False),  # Korean laughter: stage 1 reads it
        ("今日は本当に悲しい", False),
        ("мне так грустно сегодня", False),
        ("😭😭😭", False),  # no letters: unknown tokens to the model
        (":'( T_T", True),
        ("", False),
    ],
)
def test_the_gate_sends_english_and_unclear_latin_text_to_the_model(text: str, trusted: bool) -> None:
    assert trust_model(text) is trusted


@pytest.mark.parametrize(
    ("text", "mood"),
    [("너무 슬퍼ㅠㅠ", "sad"), ("진짜 짜증나", "frustrated"), ("너무 행복해 ㅋㅋㅋ", "joy"), ("할머니가 돌아가셨어요", "grief"),
     ("😡😡", "frustrated"), ("😰", "anxious"), ("💔", "sad"), ("estoy muy triste hoy", "sad"),
     ("estoy harta de este trabajo", "frustrated")],
)
async def test_other_scripts_and_emoji_read_as_stage_one_reads_them(reader: EmotionReader, text: str,
                                                                     mood: str) -> None:
    model = ScriptedModel(says("joy", 0.99) if mood != "joy" else says("sad", 0.99))
    assert (await read(reader, model, text))[0] == mood == reader.read(text).mood
    assert model.batches == []


async def test_the_shipped_model_reads_plain_english(reader: EmotionReader, model: MoodModel) -> None:
    for text, mood in [("I'm so angry at this stupid website", "frustrated"),
                       ("thank you so much, this made my day", "joy"),
                       ("i am so afraid of what the doctor will say", "anxious"),
                       ("the meeting is at 3pm", "neutral")]:
        got, cues = await read(reader, model, text)
        assert got == mood, (text, cues)
        assert cues[0].startswith(f"model: {mood} ")


def test_stage_one_alone_concludes_as_read_does(reader: EmotionReader) -> None:
    for text in ["nobody came to my party 😢", "build failed AGAIN 😭", "deploy is on thursday", "sob"]:
        first = reader.first_stage(text)
        assert isinstance(first, FirstStage)
        assert reader.conclude(first) == reader.read(text)


async def test_where_a_cue_decides_and_the_model_has_no_weight_it_is_not_asked(reader: EmotionReader) -> None:
    """The shipped blend gives the model no weight beside a chat cue: asking it there would cost milliseconds and
    change nothing, so only cue-less prose reaches it (both one at a time and in classify's batches)."""
    cued, plain = "the build failed again 😭", "thank you so much, this made my day"
    blind = ScriptedModel(says("joy", 0.9), blend=Blend(1.0, 0.0, 0.0, (0.0, 0.0, 0.0, 0.0)))
    second = SecondStage(blind)
    try:
        assert (await second.read(reader, cued)) == reader.read(cued)
        assert (await second.read(reader, plain)).cues[0] == "model: joy 0.90"
        second.read_many(reader, [cued, plain])
    finally:
        second.close()
    assert blind.batches == [[plain], [plain]]
    heard = ScriptedModel(says("joy", 0.9))  # a blend that weighs the model beside cues asks it everywhere
    assert (await read(reader, heard, cued))[1][0] == "model: joy 0.90" and heard.batches == [[cued]]
