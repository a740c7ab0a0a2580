"""Stills decoded once and kept scaled down, so a new caption never decodes the original picture again."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Final

from bot.render.pipeline import Prepared, prepare

BUDGET: Final = 48 * 2**20  # about twelve 1024 px RGBA stills (4 MiB each), more of smaller or opaque ones
Key = tuple[str, int]  # (content digest, max_side)


class PreparedStills:
    """A byte-bounded LRU of prepared stills; however many captions ask at once, a picture is decoded once."""

    def __init__(self, *, budget: int = BUDGET) -> None:
        self._budget = budget
        self._kept: OrderedDict[Key, Prepared] = OrderedDict()
        self._decoding: dict[Key, asyncio.Task[Prepared | bytes]] = {}

    @property
    def nbytes(self) -> int:
        """Bytes of decoded pixels held."""
        return sum(p.nbytes for p in self._kept.values())

    async def get(self, key: Key, *, read: Callable[[], Awaitable[bytes]]) -> Prepared | bytes:
        """The prepared still for a key, decoding it from `read()` if needed; an animation's bytes instead."""
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            return kept
        task = self._decoding.get(key)
        if task is None:
            task = asyncio.create_task(self._decode(key, read))
            self._decoding[key] = task
            task.add_done_callback(lambda done: self._decoded(key, done))
        return await asyncio.shield(task)

    async def _decode(self, key: Key, read: Callable[[], Awaitable[bytes]]) -> Prepared | bytes:
        """Read and decode a picture in a worker thread; keep it if it is a still."""
        data = await read()
        prepared = await asyncio.to_thread(prepare, data, max_side=key[1])
        if prepared is None:
            return data
        if prepared.nbytes <= self._budget:
            self._kept[key] = prepared
            while self.nbytes > self._budget:
                self._kept.popitem(last=False)
        return prepared

    def _decoded(self, key: Key, task: asyncio.Task[Prepared | bytes]) -> None:
        """Forget a finished decode; its failure reached whoever waited (and is not an unretrieved error)."""
        self._decoding.pop(key, None)
        if not task.cancelled():
            task.exception()
