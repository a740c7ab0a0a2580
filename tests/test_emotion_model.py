"""The mood model as the bot runs it: loaded or loudly not, bounded on huge messages, batched, failing per message."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.emotion import EmotionReader
from bot.emotion.model_runner import ModelRunner
from bot.emotion.mood_model import (
    HEAD_CHARS,
    MAX_TOKENS,
    MODEL_DIR,
    TAIL_CHARS,
    ModelUnavailable,
    MoodModel,
    cut,
    load_mood_model,
)
from bot.emotion.two_stage import SecondStage, open_model
from tests.emotion_fakes import ScriptedModel, says
from tests.factories import shipped_model

REPO = Path(__file__).resolve().parent.parent


def _lines(texts: Sequence[str]) -> str:
    return "".join(json.dumps({"text": t}) + "\n" for t in texts)


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A copy of the shipped model's folder to break."""
    return Path(shutil.copytree(MODEL_DIR, tmp_path / "minilm"))


def test_a_missing_model_file_warns_once_and_stage_one_reads(model_copy: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    (model_copy / "model.onnx").unlink()
    with caplog.at_level(logging.WARNING):
        assert open_model(model_copy) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "stage 1 alone" in warnings[0].getMessage()
    assert "model.onnx" in warnings[0].getMessage()
    reading = SecondStage(None).read_many(EmotionReader(), ["nobody came to my party 😢"])[0]
    assert reading.mood == "sad" and not any(cue.startswith("model:") for cue in reading.cues)


def test_a_corrupt_model_file_is_refused(model_copy: Path) -> None:
    weights = bytearray((model_copy / "model.onnx").read_bytes())
    weights[len(weights) // 2] ^= 0xFF  # one flipped byte in the weights
    (model_copy / "model.onnx").write_bytes(bytes(weights))
    with pytest.raises(ModelUnavailable, match="corrupt"):
        load_mood_model(model_copy)


def test_a_file_that_is_no_model_is_refused_even_when_its_hash_matches(model_copy: Path) -> None:
    garbage = b"this is not an onnx model" * 100
    (model_copy / "model.onnx").write_bytes(garbage)
    settings = json.loads((model_copy / "settings.json").read_text(encoding="utf-8"))
    settings["sha256"] = hashlib.sha256(garbage).hexdigest()
    (model_copy / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="cannot load"):
        load_mood_model(model_copy)


def test_without_onnxruntime_the_cli_warns_once_and_answers_every_line(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked" / "onnxruntime"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('onnxruntime is not installed here')\n", encoding="utf-8")
    texts = ["nobody came to my party 😢", "deploy is on thursday", "I want to end my life", "sob"]
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "classify", "--config", "memes.yaml"],
        input=_lines(texts), capture_output=True, text=True, cwd=REPO, check=False, timeout=120,
        env={"PYTHONPATH": f"{tmp_path / 'blocked'}:{REPO}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["mood"] for row in rows] == ["sad", "neutral", "crisis", "sad"]
    assert not any(cue.startswith("model:") for row in rows for cue in row["cues"])
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "onnxruntime" in warnings[0] and "stage 1 alone" in warnings[0], result.stderr


async def test_a_failed_inference_falls_back_for_that_message_only(caplog: pytest.LogCaptureFixture) -> None:
    reader, model = EmotionReader(), ScriptedModel(says("frustrated", 0.9))
    second = SecondStage(model)
    with caplog.at_level(logging.ERROR):
        failed, fine = second.read_many(reader, ["boom, I'm crying 😢", "the printer jammed, crying"])
        alone = await second.read(reader, "boom, I'm crying 😢")
    second.close()
    assert failed == alone == reader.read("boom, I'm crying 😢")  # stage 1's reading, no model reason
    assert fine.cues[0] == "model: frustrated 0.90"
    assert any("stage 1 reads 1 of them alone" in r.getMessage() for r in caplog.records)


async def test_requests_that_wait_for_the_model_are_read_as_one_batch() -> None:
    model = ScriptedModel(says("sad", 0.8))
    model.release = gate = threading.Event()
    runner = ModelRunner(model.read)
    first = asyncio.create_task(runner.read("one"))
    assert await asyncio.to_thread(model.entered.wait, 30)  # the model is busy with the first
    rest = [asyncio.create_task(runner.read(text)) for text in ("two", "three", "four")]
    await asyncio.sleep(0)
    gate.set()
    readings = await asyncio.gather(first, *rest)
    runner.close()
    assert model.batches == [["one"], ["two", "three", "four"]]
    assert all(r is not None and r.mood == "sad" for r in readings)


class SpySession:
    """Wraps the real onnxruntime session and keeps the shape of every batch it is given."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self.shapes: list[tuple[int, int]] = []

    def run(self, names: Any, feeds: dict[str, np.ndarray]) -> Any:
        self.shapes.append(feeds["input_ids"].shape)
        return self._session.run(names, feeds)


@pytest.fixture(scope="module")
def spied() -> tuple[MoodModel, SpySession]:
    """The shipped model with a spy on its session."""
    shipped = shipped_model()
    assert shipped is not None
    spy = SpySession(shipped._session)
    return MoodModel(spy, shipped._tokenizer, shipped.blend), spy


def test_a_huge_message_is_cut_before_the_model_reads_it(spied: tuple[MoodModel, SpySession]) -> None:
    model, spy = spied
    huge = "my build failed again and I'm so tired of this. " * 2100  # about 100 KB
    assert len(cut(huge)) <= HEAD_CHARS + TAIL_CHARS + 3
    spy.shapes.clear()
    [reading] = model.read([huge])
    assert spy.shapes == [(1, MAX_TOKENS)]
    assert reading.mood in ("sad", "frustrated", "anxious", "joy", "neutral")


def test_a_text_reads_the_same_alone_or_among_many(spied: tuple[MoodModel, SpySession]) -> None:
    """int8 inputs are quantised with one scale per run: read beside others, a text would read otherwise."""
    model, spy = spied
    rng = np.random.default_rng(0)
    words = ["crying", "build", "failed", "again", "so", "happy", "for", "you", "my", "dog", "died", "nervous", "about",
             "tomorrow", "the", "meeting"]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(1, 40)))) for _ in range(100)]
    spy.shapes.clear()
    together = model.read(texts, workers=2)
    assert len(spy.shapes) == len(texts) and all(rows == 1 for rows, _ in spy.shapes)  # no padding, no neighbours
    alone = [model.read([text])[0] for text in texts]
    assert together == alone  # the same readings, in the same order


def test_classify_reads_every_line_with_both_stages_in_order() -> None:
    """Plain prose is the model's to read; where a chat cue decides (the shipped blend gives the model no weight
    beside cues) the model is not asked, and the reading names the cue."""
    texts = [f"I'm so angry at this stupid website, {i} tries" if i % 3 == 1
             else f"thank you so much for all {i}, this made my day" if i % 3 == 2
             else f"my build failed {i} times today 😭" for i in range(1, 301)]
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "classify", "--config", "memes.yaml"], input=_lines(texts),
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(texts)
    plain, cued = [r for i, r in enumerate(rows, 1) if i % 3], [r for i, r in enumerate(rows, 1) if not i % 3]
    assert all(row["cues"][0].startswith("model: ") for row in plain)
    assert not any(cue.startswith("model: ") for row in cued for cue in row["cues"])
    assert all("😭" in " ".join(row["cues"]) for row in cued)
    assert [row["mood"] for row in rows] == [("frustrated", "joy", "frustrated")[(i - 1) % 3] for i in range(1, 301)]
