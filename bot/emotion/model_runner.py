"""Run the mood model off the event loop: one worker thread, and messages that wait meanwhile read as one batch."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Final

from bot.emotion.mood_model import BATCH, ModelReading

log = logging.getLogger(__name__)

ReadBatch = Callable[[Sequence[str]], list[ModelReading]]
_UNREAD: Final = "the mood model failed on %d message(s); stage 1 reads %d of them alone"


def read_or_none(read_batch: ReadBatch, texts: Sequence[str]) -> list[ModelReading | None]:
    """The model's readings of texts; if the batch fails, each text again alone, None for each that still fails."""
    try:
        readings = read_batch(texts)
        if len(readings) != len(texts):
            raise ValueError(f"{len(readings)} readings for {len(texts)} texts")
        return list(readings)
    except Exception as exc:  # noqa: BLE001 - any failure of the model falls back to stage 1
        failure = exc
    out: list[ModelReading | None] = []
    for text in texts:  # one bad text must not cost the others their reading
        try:
            [reading] = read_batch([text])
        except Exception:  # noqa: BLE001 - this text alone falls back
            reading = None
        out.append(reading)
    log.error(_UNREAD, len(texts), out.count(None), exc_info=failure)
    return out


class ModelRunner:
    """Reads one text at a time for its callers, batching those that arrive while the model is busy.

    A single worker thread holds the one model session, so the loop never blocks on inference and the CPU
    is not oversubscribed; requests that queue behind a running batch go together in the next one, which
    costs less than reading them one by one.
    """

    def __init__(self, read_batch: ReadBatch, *, max_batch: int = BATCH) -> None:
        self._read_batch = read_batch
        self._max_batch = max_batch
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crybot-model")
        self._waiting: list[tuple[str, asyncio.Future[ModelReading | None]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def read(self, text: str) -> ModelReading | None:
        """The model's reading of one text; None when inference failed (logged), so stage 1 reads it alone."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ModelReading | None] = loop.create_future()
        self._waiting.append((text, future))
        if self._draining is None or self._draining.done():
            self._draining = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        """Read the waiting texts in batches until none wait."""
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch = [item for item in self._waiting[: self._max_batch] if not item[1].done()]  # drop the cancelled
            del self._waiting[: self._max_batch]
            if not batch:
                continue
            try:
                readings = await loop.run_in_executor(self._executor, read_or_none, self._read_batch,
                                                      [text for text, _ in batch])
            except RuntimeError:  # the worker was shut down under it: stage 1 answers
                readings = [None] * len(batch)
            except BaseException:  # cancelled with the loop: no caller may wait forever
                for _, future in batch:
                    future.cancel()
                raise
            for (_, future), reading in zip(batch, readings, strict=True):
                if not future.done():
                    future.set_result(reading)

    def close(self) -> None:
        """Stop the worker thread once the batch it is reading is done; texts still waiting get no reading."""
        for _, future in self._waiting:
            if not future.done():
                future.cancel()
        self._waiting.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
