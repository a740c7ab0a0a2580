"""Two-stage reading, where the mood decides what is posted: stage 1's cues and table joined with the model's scores.

Stage 1 (EmotionReader) reads every message: crisis rules first, chat cues, the fast table. Only a message whose
mood picks the meme (a triggered `mood: auto`, /cry and "Cry about this" without a mood, `crybot try`, every line of
`crybot classify`) reaches stage 2, the fine-tuned MiniLM (mood_model.py). A crisis never reaches it, a message
the English model cannot read (stage_gate.py) keeps stage 1's reading, and so does one whose chat cue decides
where the blend gives the model no weight beside the cues (the shipped one): asking it would change nothing. Without the model (missing, corrupt, or no
onnxruntime) everything reads on stage 1, after one warning at start; a failed inference falls back per message.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.emotion.model_runner import ModelRunner, read_or_none
from bot.emotion.mood_model import MODEL_DIR, ModelReading, ModelUnavailable, MoodModel, load_mood_model
from bot.emotion.reader import EmotionReader, FirstStage, has_chat_cue
from bot.emotion.reading import Reading
from bot.emotion.stage_gate import trust_model

log = logging.getLogger(__name__)


def open_model(directory: Path = MODEL_DIR, *, threads: int = 1) -> MoodModel | None:
    """Load the shipped model at start-up; None, after one warning saying why, when it cannot be used."""
    try:
        return load_mood_model(directory, threads=threads)
    except ModelUnavailable as exc:
        log.warning("emotion model unavailable, so moods are read by stage 1 alone (less accurate): %s", exc)
        return None


class SecondStage:
    """Joins the model's reading to stage 1's for the messages whose mood decides what is posted."""

    def __init__(self, model: MoodModel | None, *, gate: Callable[[str], bool] = trust_model) -> None:
        self._model = model
        self._gate = gate
        self._runner = ModelRunner(model.read) if model is not None else None

    @property
    def model(self) -> MoodModel | None:
        """The model in use, or None when stage 1 reads alone."""
        return self._model

    async def read(self, reader: EmotionReader, text: str) -> Reading:
        """Read one message with both stages, the model off the event loop; stage 1 alone where it must."""
        first = reader.first_stage(text)
        if isinstance(first, Reading):
            return first  # crisis, or nothing to read: stage 1 is final
        if self._runner is None or self._model is None or not self._wanted(first):
            return reader.conclude(first)
        return reader.conclude(first, await self._runner.read(first.text), self._model.blend)

    def _wanted(self, first: FirstStage) -> bool:
        """Whether the model's reading would count: a text it can read, and no chat cue where the blend gives the
        model no weight beside the cues (then its milliseconds would change nothing)."""
        if self._model is not None and self._model.blend.cued == 0 and has_chat_cue(first):
            return False
        return self._gate(first.text)

    def read_many(self, reader: EmotionReader, texts: Sequence[str], *, workers: int = 1) -> list[Reading]:
        """Read many messages at once, blocking (crybot classify): the model in length-sorted batches, `workers` at once."""
        firsts = [reader.first_stage(text) for text in texts]
        asked = [i for i, first in enumerate(firsts) if isinstance(first, FirstStage) and self._wanted(first)]
        found: dict[int, ModelReading | None] = {}
        if self._model is not None and asked:
            texts_asked = [firsts[i].text for i in asked]  # type: ignore[union-attr]
            read = functools.partial(self._model.read, workers=workers)
            found = dict(zip(asked, read_or_none(read, texts_asked), strict=True))
        blend = self._model.blend if self._model is not None else None
        return [first if isinstance(first, Reading) else reader.conclude(first, found.get(i), blend)
                for i, first in enumerate(firsts)]

    def close(self) -> None:
        """Stop the model's worker thread."""
        if self._runner is not None:
            self._runner.close()
