"""A scripted stand-in for the mood model: readings set per text, batches recorded, and a gate to hold it busy."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence

from bot.emotion.mood_model import Blend, ModelReading, MoodModel

PLAIN = Blend(1.0, 0.0, 1.0, (0.0, 0.0, 0.0, 0.0))  # the model's log-odds alone, or beside stage 1's where cued


def says(mood: str, probability: float) -> ModelReading:
    """A reading as sure of one mood as given, the rest spread evenly (neutral among them)."""
    moods = ("sad", "frustrated", "anxious", "joy")
    rest = (1.0 - probability) / 4
    neutral = probability if mood == "neutral" else rest
    scores = tuple(math.log((probability if m == mood else rest) / neutral) for m in moods)
    return ModelReading(scores, mood, probability)  # type: ignore[arg-type]


class ScriptedModel(MoodModel):
    """Reads every text as `reading` (or as `by_text` says), keeps each batch it was given, and can be held busy."""

    def __init__(self, reading: ModelReading, *, by_text: Callable[[str], ModelReading] | None = None,
                 blend: Blend = PLAIN) -> None:
        super().__init__(session=None, tokenizer=None, blend=blend)
        self._reading = reading
        self._by_text = by_text
        self.batches: list[list[str]] = []
        self.entered = threading.Event()  # set when a batch starts
        self.release: threading.Event | None = None  # when set, each batch waits for it

    def read(self, texts: Sequence[str], *, workers: int = 1) -> list[ModelReading]:
        """One reading per text, after waiting for the release gate if there is one."""
        self.batches.append(list(texts))
        self.entered.set()
        if self.release is not None and not self.release.wait(timeout=60):
            raise TimeoutError("the test never released the model")
        if any("boom" in text for text in texts):
            raise RuntimeError("the model fell over")  # a failed inference, for the texts that cause one
        return [self._by_text(t) if self._by_text else self._reading for t in texts]
