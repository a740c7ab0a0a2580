"""The second stage's model: a fine-tuned MiniLM in ONNX int8, read with onnxruntime and tokenizers (no torch)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

from bot.moods import Label

MODEL_DIR: Final = Path(__file__).with_name("minilm")
FORMAT: Final = 1
CLASSES: Final = ("sad", "frustrated", "anxious", "joy", "neutral", "other")  # "other" is read as neutral
# A text is cut twice before the model reads it: to its first HEAD_CHARS and last TAIL_CHARS characters before
# tokenising (a 100 KB message costs what a short one does), then to MAX_TOKENS word pieces, the first HEAD_TOKENS
# and the rest from its end, where chat often says how it feels. 99.99% of GoEmotions train is shorter.
HEAD_CHARS: Final = 600
TAIL_CHARS: Final = 200
MAX_TOKENS: Final = 64
HEAD_TOKENS: Final = 48
BATCH: Final = 32  # texts handed to a worker thread at once when many are read together


class ModelUnavailable(Exception):
    """The model cannot be used: its file is missing or corrupt, or onnxruntime cannot load."""


class ModelReading(NamedTuple):
    """What the model makes of one text: each mood's log-odds over neutral, and its own likeliest mood."""

    scores: tuple[float, float, float, float]  # sad, frustrated, anxious, joy; "other" counts as neutral
    mood: Label
    probability: float


@dataclass(frozen=True, slots=True)
class Blend:
    """How the model's scores join stage 1's, tuned on a slice of train the model never saw.

    Two cases. Where a chat cue fired (an emoji, a crying mark, "happy tears", a death, an admin's word...), the
    reading is stage 1's, whose cues were written for chat, plus `cued` times the model's log-odds. Elsewhere
    (plain prose, what the model learnt from) it is `model` times the model's log-odds plus `table` times the
    stage-1 table's logits, plus `bias`.
    """

    model: float  # weight of the model's log-odds, where no chat cue fired
    table: float  # weight of the stage-1 table's logits (its words alone), where no chat cue fired
    cued: float  # weight of the model's log-odds beside stage 1's scores, where a chat cue fired
    bias: tuple[float, float, float, float]  # per mood, over neutral, where no chat cue fired


def cut(text: str) -> str:
    """The part of a text the model reads: its head and tail when it is long."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + " … " + text[-TAIL_CHARS:]


def _ids(ids: list[int]) -> list[int]:
    """At most MAX_TOKENS word pieces: the head and the tail (the first is [CLS], the last [SEP])."""
    return ids if len(ids) <= MAX_TOKENS else ids[:HEAD_TOKENS] + ids[HEAD_TOKENS - MAX_TOKENS:]


def _reading(logits: Sequence[float]) -> ModelReading:
    """Six logits as log-odds of each mood over neutral-or-other, and the top mood with its probability."""
    top = max(logits)
    p = [math.exp(x - top) for x in logits]
    total = sum(p)
    neutral = p[4] + p[5]
    shares = [p[0], p[1], p[2], p[3], neutral]
    best = max(range(5), key=shares.__getitem__)
    floor = 1e-30  # keeps a log finite when a share underflows
    scores = tuple(math.log(max(x, floor) / max(neutral, floor)) for x in p[:4])
    return ModelReading(scores, CLASSES[best], shares[best] / total)  # type: ignore[arg-type]


class MoodModel:
    """One onnxruntime session and its tokenizer; `read` is thread-safe and blocking (run it off the event loop)."""

    def __init__(self, session: Any, tokenizer: Any, blend: Blend, *, about: str = "") -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.blend = blend
        self.about = about

    def read(self, texts: Sequence[str], *, workers: int = 1) -> list[ModelReading]:
        """Read texts, BATCH to a hand-off, on `workers` threads at once; one reading per text, in order.

        Each text is its own run of the session: int8 weights quantise their inputs with one scale per run, so a
        text read beside others got another reading than alone (11 moods of 600 dev messages changed, scores by
        up to 0.6), and `crybot classify` would disagree with /cry about the same message. Alone, a text reads
        the same wherever it is read; padding to a batch's longest text gained only 1.3x besides.
        The session is safe to run from several threads; with one intra-op thread each, two workers keep two
        cores busy on bulk work.
        """
        import numpy as np

        encoded = [_ids(e.ids) for e in self._tokenizer.encode_batch([cut(t) for t in texts])]

        def run(rows: range) -> list[ModelReading]:
            out = []
            for i in rows:
                ids = np.array([encoded[i]], dtype=np.int64)
                logits = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
                out.append(_reading(logits[0].tolist()))
            return out

        batches = [range(at, min(at + BATCH, len(texts))) for at in range(0, len(texts), BATCH)]
        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crybot-model") as pool:
                done = list(pool.map(run, batches))
        else:
            done = [run(rows) for rows in batches]
        return [reading for readings in done for reading in readings]


def _settings(directory: Path) -> dict[str, Any]:
    """The model's settings file: the blend, its shape and the sha256 of its weights."""
    try:
        settings = json.loads((directory / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"cannot read {directory / 'settings.json'}: {exc}") from None
    if settings.get("format") != FORMAT or settings.get("classes") != list(CLASSES):
        raise ModelUnavailable(f"{directory / 'settings.json'}: unsupported model format")
    return settings


def load_mood_model(directory: Path = MODEL_DIR, *, threads: int = 1) -> MoodModel:
    """Load, check and warm the shipped model; raises ModelUnavailable saying why it cannot be used."""
    settings = _settings(directory)
    try:
        weights = (directory / "model.onnx").read_bytes()
    except OSError as exc:
        raise ModelUnavailable(f"cannot read {directory / 'model.onnx'}: {exc.strerror or exc}") from None
    if hashlib.sha256(weights).hexdigest() != settings.get("sha256"):
        raise ModelUnavailable(f"{directory / 'model.onnx'} is corrupt (its sha256 is not the one in settings.json)")
    raw = settings["blend"]
    blend = Blend(float(raw["model"]), float(raw["table"]), float(raw["cued"]),
                  tuple(float(b) for b in raw["bias"]))  # type: ignore[arg-type]
    return open_model_bytes(weights, directory / "tokenizer.json", blend, threads=threads,
                            about=str(settings.get("about", "")))


def open_model_bytes(weights: bytes, tokenizer_path: Path, blend: Blend, *, threads: int = 1,
                     about: str = "") -> MoodModel:
    """A warmed model from ONNX bytes and a tokenizer file; raises ModelUnavailable saying why it cannot be."""
    try:
        import onnxruntime  # type: ignore[import-untyped]
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelUnavailable(f"{exc.name} cannot be imported: {exc}") from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # onnxruntime's own warnings are not the bot's to print
    # No memory arena: it keeps the largest batch's buffers for good (about 30 MB more resident memory), and a
    # model this small gains nothing measurable from it.
    options.enable_cpu_mem_arena = False
    try:
        session = onnxruntime.InferenceSession(weights, options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.no_padding()
        tokenizer.no_truncation()
    except Exception as exc:  # noqa: BLE001 - onnxruntime and tokenizers raise their own types for a bad file
        raise ModelUnavailable(f"cannot load the model: {exc}") from None
    model = MoodModel(session, tokenizer, blend, about=about)
    try:
        [warm] = model.read(["warming up"])  # the first run allocates; a message should not pay for it
    except Exception as exc:  # noqa: BLE001 - a model that cannot read one text is no model
        raise ModelUnavailable(f"the model cannot read: {exc}") from None
    if not all(math.isfinite(x) for x in warm.scores):
        raise ModelUnavailable("the model reads nonsense (non-finite scores)")
    return model
