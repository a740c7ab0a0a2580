"""The async face of the renderer: argument checks, content-hash caching, and work off the event loop."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Final

from bot.render.cache import RenderCache
from bot.render.model import MAX_SOURCE_BYTES, POSITIONS, RENDER_VERSION, CaptionStyle, Position, Rendered, RenderError
from bot.render.pipeline import clean_text, render_bytes

log = logging.getLogger(__name__)
DIGESTS_KEPT: Final = 1024
PARALLEL: Final = 2  # renders at once: each may hold up to the memory budget in frames


class Renderer:
    """Captions memes; repeats come from the cache."""

    def __init__(self, *, cache_dir: Path, memory_budget: int = 64 * 2**20) -> None:
        self._cache = RenderCache(directory=Path(cache_dir), budget=memory_budget)
        self._frame_budget = memory_budget
        self._digests: OrderedDict[tuple[str, int, int, int], str] = OrderedDict()
        self._running: dict[str, asyncio.Task[Rendered]] = {}
        self._slots = asyncio.Semaphore(PARALLEL)

    @property
    def cached_bytes(self) -> int:
        """Bytes of finished renders held in memory (never more than the memory budget)."""
        return self._cache.used

    async def render(
        self, source: Path, *, text: str = "", style: str = "classic", position: str = "bottom",
        max_bytes: int = 8 * 2**20, max_side: int = 1024,
    ) -> Rendered:
        """The captioned picture, under max_bytes and max_side; RenderError if the picture cannot be used."""
        caption_style = CaptionStyle(style)
        if position not in POSITIONS:
            raise ValueError(f"position must be one of {POSITIONS}, not {position!r}")
        if max_bytes < 4096 or max_side < 64:
            raise ValueError("max_bytes must be at least 4096 and max_side at least 64")
        line = clean_text(text)
        digest, data = await self._digest(Path(source))
        key = hashlib.sha256("\0".join(
            [RENDER_VERSION, digest, line, caption_style.value, position, str(max_bytes), str(max_side)]
        ).encode()).hexdigest()
        hit = await self._cache.get(key)
        if hit is not None:
            return hit
        task = self._running.get(key)
        if task is None:  # one render per key, however many ask at once
            task = asyncio.create_task(self._produce(key, Path(source), data, line=line, style=caption_style,
                                                     position=position, max_bytes=max_bytes, max_side=max_side))
            self._running[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        return await asyncio.shield(task)

    async def _produce(
        self, key: str, source: Path, data: bytes | None, *, line: str, style: CaptionStyle, position: Position,
        max_bytes: int, max_side: int,
    ) -> Rendered:
        """Render in a worker thread and store the result."""
        async with self._slots:
            if data is None:
                data = await asyncio.to_thread(_read, source)
            encoded = await asyncio.to_thread(render_bytes, data, text=line, style=style, position=position,
                                              max_bytes=max_bytes, max_side=max_side, frame_budget=self._frame_budget)
        return await self._cache.put(key, encoded)

    def _finished(self, key: str, task: asyncio.Task[Rendered]) -> None:
        """Forget a finished render; note failures nobody waited for."""
        self._running.pop(key, None)
        if not task.cancelled() and task.exception() is not None and not isinstance(task.exception(), RenderError):
            log.debug("render %s failed: %r", key[:12], task.exception())

    async def _digest(self, source: Path) -> tuple[str, bytes | None]:
        """Content hash of the source, remembered by its stat so repeats skip reading the file."""
        try:
            stat = source.stat()
        except FileNotFoundError as exc:
            raise RenderError("the picture file is missing") from exc
        except OSError as exc:
            raise RenderError("the picture file cannot be read") from exc
        if stat.st_size > MAX_SOURCE_BYTES:
            raise RenderError(f"this file is too large ({stat.st_size / 2**20:.0f} MB)")
        signature = (str(source), stat.st_mtime_ns, stat.st_size, stat.st_ino)
        known = self._digests.get(signature)
        if known is not None:
            self._digests.move_to_end(signature)
            return known, None
        data = await asyncio.to_thread(_read, source)
        digest = hashlib.sha256(data).hexdigest()
        self._digests[signature] = digest
        while len(self._digests) > DIGESTS_KEPT:
            self._digests.popitem(last=False)
        return digest, data


def _read(source: Path) -> bytes:
    """Read a source file, refusing what is too big to hold."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise RenderError("the picture file cannot be read") from exc
    if len(data) > MAX_SOURCE_BYTES:
        raise RenderError(f"this file is too large ({len(data) / 2**20:.0f} MB)")
    return data
