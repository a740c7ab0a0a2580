"""The reader never raises, stays bounded on hostile input, honours admin words, and matches its build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emotion import EmotionReader, Reading
from bot.emotion.features import clip, features, normalize, tokens
from bot.emotion.model import MODEL_MOODS, load_model
from bot.moods import LABELS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


def _valid(reading: Reading) -> None:
    assert reading.mood in LABELS
    assert 0.0 <= reading.confidence <= 1.0
    assert all(isinstance(c, str) for c in reading.cues)


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_gives_a_reading(reader: EmotionReader, text: str) -> None:
    _valid(reader.read(text))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300))
def test_any_code_point_including_surrogates_gives_a_reading(reader: EmotionReader, text: str) -> None:
    _valid(reader.read(text))


@pytest.mark.parametrize(
    "text",
    [
        "\ud800", "sad \udfff tears", "\x00" * 1000, "sad\x00😭", "\u202e sad reversed \u202c",
        "\u200b" * 5000, "😭" * 10_000, "a" * 100_000, "ㅠ" * 50_000, "T_T " * 25_000, ":" * 100_000,
        "kill " * 20_000, "\U0001F600\u200d" * 5000, "ﷺ" * 10_000,
    ],
)
def test_hostile_input_is_read(reader: EmotionReader, text: str) -> None:
    _valid(reader.read(text))


def test_non_text_is_neutral(reader: EmotionReader) -> None:
    assert reader.read(None).mood == "neutral"  # type: ignore[arg-type]
    assert reader.read("").mood == "neutral"


def test_admin_words_add_to_a_mood_and_show_as_cues() -> None:
    plain = EmotionReader()
    tuned = EmotionReader(extra_words={"frustrated": ["jenkins", "merge queue"], "grief": ["gone to the farm"],
                                       "sad": ["(╥﹏╥)"], "joy": ["pog"]})
    assert plain.read("jenkins").mood == "neutral"
    reading = tuned.read("jenkins")
    assert reading.mood == "frustrated"
    assert any("jenkins" in c and "admin" in c for c in reading.cues)
    assert tuned.read("stuck in the merge queue").mood == "frustrated"
    assert tuned.read("our hamster has gone to the farm").mood == "grief"
    assert tuned.read("(╥﹏╥)").mood == "sad"
    assert tuned.read("POG").mood == "joy"


def test_admin_words_cannot_hide_a_crisis() -> None:
    tuned = EmotionReader(extra_words={"joy": ["kill myself", "kms"]})
    assert tuned.read("i want to kill myself").mood == "crisis"


def test_admin_words_that_are_odd_are_taken_safely() -> None:
    tuned = EmotionReader(extra_words={"sad": ["", "   ", "(((", "\\b", ".*", "a" * 500]})
    assert tuned.read("(((").mood == "sad"
    assert tuned.read(".*").mood == "sad"
    assert tuned.read("nothing to see").mood != "sad"


def test_runtime_scores_match_the_build_features(reader: EmotionReader) -> None:
    """The packed hot path must add up exactly the features the model was trained on, plus keyword cues."""
    model = load_model()
    boosts = {k: c.boosts for k, c in reader._cues.items()}  # white-box: keyword cues as the table merged them
    texts = ["I don't think I'm sad, but not happy either!", "never ever again?? ugh", "thanks so much!! <3",
             "i can't believe it isn't butter, not bad at all", "Soooo good, wasn't expecting it", "thank you thank you"]
    for text in texts:
        total = list(model.bias)
        for f in features(tokens(clip(normalize(text)))):
            for k in range(5):
                total[k] += model.weights.get(f, (0.0,) * 5)[k] + boosts.get(f, (0.0,) * 5)[k]
        got, _, _ = reader.scores(text)
        assert got == pytest.approx([total[k] - total[4] for k in range(5)], abs=0.02), text


def test_model_ships_small_and_loads_without_sklearn() -> None:
    path = ROOT / "bot" / "emotion" / "model.json.gz"
    assert path.stat().st_size < 5_000_000
    code = ("import sys, time; t=time.perf_counter(); from bot.emotion import EmotionReader; "
            "EmotionReader().read('so sad'); "
            "print('sklearn' in sys.modules, 'numpy' in sys.modules, time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    sklearn_loaded, numpy_loaded, _seconds = out.stdout.split()  # load time is printed by the bench, not judged here
    assert sklearn_loaded == "False" and numpy_loaded == "False"
    assert MODEL_MOODS == ("sad", "frustrated", "anxious", "joy", "neutral")


def test_thousands_of_admin_words_still_read() -> None:
    words = [f"word{i}" for i in range(3000)] + [f"(◕‿◕) {i}" for i in range(3000)]
    tuned = EmotionReader(extra_words={"joy": words})
    assert tuned.read("word2999").mood == "joy"
    assert tuned.read("nothing here").mood == "neutral"
