"""The reader never raises, stays bounded on hostile input, honours admin words, and matches its build."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emotion import EmotionReader, Reading
from bot.emotion.features import (
    _CLAUSED,
    TOKEN_ASCII,
    _clause_starts,
    ascii_tokens,
    char_grams,
    model_input,
    pair_keys,
    word_keys,
)
from bot.emotion.model import FIXED, MODEL_MOODS, load_model
from bot.emotion.packing import unpack_fixed
from bot.emotion.table import packed_model
from bot.moods import LABELS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reader() -> EmotionReader:
    return EmotionReader()


class _Errors(logging.Handler):
    """Collects what the reader logs at ERROR: read() turns a bug into a neutral reading and a log line."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@pytest.fixture(scope="module")
def errors() -> Iterator[_Errors]:
    handler = _Errors()
    logger = logging.getLogger("bot.emotion.reader")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _valid(reading: Reading, errors: _Errors) -> None:
    assert not errors.seen, f"the reader failed and hid it: {errors.seen[:1]}"
    assert reading.mood in LABELS
    assert 0.0 <= reading.confidence <= 1.0
    assert all(isinstance(c, str) for c in reading.cues)


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_gives_a_reading(reader: EmotionReader, errors: _Errors, text: str) -> None:
    _valid(reader.read(text), errors)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300))
def test_any_code_point_including_surrogates_gives_a_reading(reader: EmotionReader, errors: _Errors, text: str) -> None:
    _valid(reader.read(text), errors)


@pytest.mark.parametrize(
    "text",
    [
        "\ud800", "sad \udfff tears", "\x00" * 1000, "sad\x00😭", "\u202e sad reversed \u202c",
        "\u200b" * 5000, "😭" * 10_000, "a" * 100_000, "ㅠ" * 50_000, "T_T " * 25_000, ":" * 100_000,
        "kill " * 20_000, "\U0001F600\u200d" * 5000, "ﷺ" * 10_000,
    ],
)
def test_hostile_input_is_read(reader: EmotionReader, errors: _Errors, text: str) -> None:
    _valid(reader.read(text), errors)


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


def test_readers_share_what_they_learn_but_not_their_admin_words() -> None:
    """A reload with new admin words takes effect at once, and a reader without them never sees them."""
    first = EmotionReader(extra_words={"joy": ["gone to the farm"]})
    assert first.read("gone to the farm").mood == "joy"
    plain = EmotionReader()
    assert "admin" not in " ".join(plain.read("gone to the farm").cues)
    second = EmotionReader(extra_words={"grief": ["gone to the farm"]})
    assert second.read("our hamster has gone to the farm").mood == "grief"
    assert first.read("gone to the farm").mood == "joy"
    first.read("blorptastic zorbulous")
    remembered = packed_model(load_model())[2]  # white-box: the memo every reader of the shipped model shares
    assert {"blorptastic", "zorbulous"} <= remembered.keys()
    assert second.read("zorbulous") == plain.read("zorbulous")  # a word met by one is scored alike by all


def test_admin_words_cannot_hide_a_crisis() -> None:
    tuned = EmotionReader(extra_words={"joy": ["kill myself", "kms"]})
    assert tuned.read("i want to kill myself").mood == "crisis"


def test_admin_words_that_are_odd_are_taken_safely() -> None:
    tuned = EmotionReader(extra_words={"sad": ["", "   ", "(((", "\\b", ".*", "a" * 500]})
    assert tuned.read("(((").mood == "sad"
    assert tuned.read(".*").mood == "sad"
    assert tuned.read("nothing to see").mood != "sad"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=200).map(str.lower))
def test_the_fast_ascii_split_finds_the_same_tokens_as_the_pattern(text: str) -> None:
    """Splitting on marks turned into spaces gives exactly the pattern's words, '!' and '?', apostrophes and all."""
    assert ascii_tokens(text) == TOKEN_ASCII.findall(text)
    for variant in (text + " don't", text.replace(" ", "'"), f"'{text}'", text.replace("a", "''")):
        assert ascii_tokens(variant) == TOKEN_ASCII.findall(variant)


def _reference_scores(reader: EmotionReader, text: str) -> list[float]:
    """Score a text the slow, obvious way from the shipped model: each word's entry, else its n-grams."""
    model = load_model()
    boosts = {k: c.boosts for k, c in reader._cues.items()}  # white-box: keyword cues as the table merged them
    toks, body = model_input(text)
    total = [b - model.bias[4] for b in model.bias[:4]]
    for key in [*word_keys(toks, body), *pair_keys(toks)]:
        if key in model.words:
            fixed = list(model.words[key])
        elif " " in key:
            fixed = [0, 0, 0, 0]
        else:
            fixed = [sum(model.grams.get(g, (0, 0, 0, 0))[k] for g in char_grams(key)) for k in range(4)]
        b = boosts.get(key, (0.0,) * 5)
        for k in range(4):
            total[k] += fixed[k] / FIXED + b[k] - b[4]
    return [*total, 0.0]


def test_runtime_scores_match_the_build_features(reader: EmotionReader) -> None:
    """The packed hot path (folded words, n-grams for unknown words) adds up exactly what the model says."""
    texts = ["I don't think I'm sad, but not happy either!", "never ever again?? ugh", "thanks so much!! <3",
             "i can't believe it isn't butter, not bad at all", "Soooo good, wasn't expecting it", "thank you thank you",
             "absolutley furiuos abt the sitaution", "zxqv blorptastic unfathomableness", "not frabjous",
             "can't sleep, worried. not sure\nscared"]
    for text in texts:
        got, _, _ = reader.scores(text)
        assert got == pytest.approx(_reference_scores(reader, text), abs=0.02), text


def test_unknown_words_are_read_from_their_letters(reader: EmotionReader) -> None:
    """A typo the model never saw still reads like the word it resembles, and reading it twice gives the same."""
    assert reader.read("I am so angryyy and furiuos").mood == "frustrated"
    assert reader.read("thankyouuu sooo much, lovee it").mood == "joy"
    first = reader.scores("blorptastic furiuosness")
    assert reader.scores("blorptastic furiuosness") == first


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


@settings(max_examples=300, deadline=None)
@given(word=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80))
def test_unknown_words_score_as_the_sum_of_their_distinct_n_grams(word: str) -> None:
    """The n-gram set search gives exactly the sum over the word's distinct weighted n-grams, as the build has it."""
    model = load_model()
    scorer = packed_model(model)[1]
    grams = [g for g in char_grams(word) if g in model.grams]
    want = [sum(model.grams[g][k] for g in grams) for k in range(4)]
    assert unpack_fixed(scorer(word)) == want
    assert scorer("neg:" + word) == scorer(word)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab n't,.;:\n!?'")), max_size=60))
def test_clause_marks_are_placed_alike_by_the_ascii_split_and_the_pattern(text: str) -> None:
    """Where a negation's reach ends: the token after each clause mark, counted by walking the pattern's pieces."""
    toks, body = model_input(text)
    want: set[int] = set()
    at = 0
    for piece in _CLAUSED.findall(body):
        if piece in ",.;:\n":
            want.add(at)  # the next token starts a clause
        else:
            at += 1
    assert _clause_starts(toks, body) == (want if at == len(toks) else set())
