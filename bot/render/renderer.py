"""The async face of the renderer: argument checks, content-hash caching, and work off the event loop."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import logging
import os
from collections import OrderedDict
from pathlib import Path
from typing import Final

from bot.contained import OutsideFolder, open_inside, read_inside
from bot.render.cache import RenderCache
from bot.render.disk import DISK_BUDGET
from bot.render.model import MAX_SOURCE_BYTES, POSITIONS, RENDER_VERSION, CaptionStyle, Position, Rendered, RenderError
from bot.render.pipeline import Prepared, clean_text, render_bytes, render_prepared
from bot.render.stills import BUDGET as PREPARED_BUDGET
from bot.render.stills import PreparedStills

log = logging.getLogger(__name__)
DIGESTS_KEPT: Final = 1024
PARALLEL: Final = 2  # renders at once: each may hold up to the memory budget in frames


class Renderer:
    """Captions memes; repeats come from the cache."""

    def __init__(
        self, *, cache_dir: Path, memory_budget: int = 64 * 2**20, disk_budget: int = DISK_BUDGET,
        prepared_budget: int = PREPARED_BUDGET,
    ) -> None:
        self._cache = RenderCache(directory=Path(cache_dir), budget=memory_budget, disk_budget=disk_budget)
        self._frame_budget = memory_budget
        self._digests: OrderedDict[tuple[str, int, int, int, int], str] = OrderedDict()
        self._stills = PreparedStills(budget=prepared_budget)
        self._running: dict[str, asyncio.Task[Rendered]] = {}
        self._slots = asyncio.Semaphore(PARALLEL)

    @property
    def cached_bytes(self) -> int:
        """Bytes of finished renders held in memory (never more than the memory budget)."""
        return self._cache.used

    @property
    def prepared_bytes(self) -> int:
        """Bytes of decoded, scaled-down stills held for the next caption."""
        return self._stills.nbytes

    async def render(
        self, source: Path, *, text: str = "", style: str = "classic", position: str = "bottom",
        max_bytes: int = 8 * 2**20, max_side: int = 1024, within: Path | None = None,
    ) -> Rendered:
        """The captioned picture, under max_bytes and max_side; RenderError if the picture cannot be used.

        With `within`, the source is read only if the file opened lies inside that folder when it is opened.
        """
        caption_style = CaptionStyle(style)
        if position not in POSITIONS:
            raise ValueError(f"position must be one of {POSITIONS}, not {position!r}")
        if max_bytes < 4096 or max_side < 64:
            raise ValueError("max_bytes must be at least 4096 and max_side at least 64")
        line = clean_text(text)
        digest, data = await self._digest(Path(source), within=within)
        key = hashlib.sha256("\0".join(
            [RENDER_VERSION, digest, line, caption_style.value, position, str(max_bytes), str(max_side)]
        ).encode()).hexdigest()
        hit = await self._cache.get(key)
        if hit is not None:
            return hit
        task = self._running.get(key)
        if task is None:  # one render per key, however many ask at once
            task = asyncio.create_task(self._produce(key, Path(source), data, digest=digest, within=within, line=line,
                                                     style=caption_style, position=position, max_bytes=max_bytes,
                                                     max_side=max_side))
            self._running[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        return await asyncio.shield(task)

    async def _produce(
        self, key: str, source: Path, data: bytes | None, *, digest: str, within: Path | None, line: str,
        style: CaptionStyle, position: Position, max_bytes: int, max_side: int,
    ) -> Rendered:
        """Render in a worker thread, a still from its prepared form, and store the result."""
        async with self._slots:

            async def read() -> bytes:
                return data if data is not None else (await asyncio.to_thread(_read, source, within))[0]

            ready = await self._stills.get((digest, max_side), read=read)
            if isinstance(ready, Prepared):
                encoded = await asyncio.to_thread(render_prepared, ready, text=line, style=style, position=position,
                                                  max_bytes=max_bytes, max_side=max_side)
            else:  # an animation: its frames are decoded for each caption, within the frame budget
                encoded = await asyncio.to_thread(render_bytes, ready, text=line, style=style, position=position,
                                                  max_bytes=max_bytes, max_side=max_side,
                                                  frame_budget=self._frame_budget)
        return await self._cache.put(key, encoded)

    def _finished(self, key: str, task: asyncio.Task[Rendered]) -> None:
        """Forget a finished render; note failures nobody waited for."""
        self._running.pop(key, None)
        if not task.cancelled() and task.exception() is not None and not isinstance(task.exception(), RenderError):
            log.debug("render %s failed: %r", key[:12], task.exception())

    async def _digest(self, source: Path, *, within: Path | None) -> tuple[str, bytes | None]:
        """Content hash of the source, remembered by the opened file's identity so repeats skip reading it."""
        try:
            fd = open_inside(source, root=within)
            try:
                info = os.fstat(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise _unreadable(exc) from exc
        if info.st_size > MAX_SOURCE_BYTES:
            raise RenderError(f"this file is too large ({info.st_size / 2**20:.0f} MB)")
        known = self._digests.get(_signature(source, info))
        if known is not None:
            self._digests.move_to_end(_signature(source, info))
            return known, None
        data, info = await asyncio.to_thread(_read, source, within)
        digest = hashlib.sha256(data).hexdigest()
        self._digests[_signature(source, info)] = digest
        while len(self._digests) > DIGESTS_KEPT:
            self._digests.popitem(last=False)
        return digest, data

    async def close(self) -> None:
        """Remove what only lives as long as this process (the spill folder of a full disk)."""
        await asyncio.to_thread(self._cache.close)


def _signature(source: Path, info: os.stat_result) -> tuple[str, int, int, int, int]:
    """What identifies one version of one file: a swapped or edited file gets a new signature."""
    return str(source), info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size


def _read(source: Path, within: Path | None) -> tuple[bytes, os.stat_result]:
    """Read a source file, inside `within` when given, refusing what is too big to hold."""
    try:
        return read_inside(source, root=within, max_bytes=MAX_SOURCE_BYTES)
    except OverflowError as exc:
        raise RenderError(f"this file is too large ({int(exc.args[0]) / 2**20:.0f} MB)") from exc
    except OSError as exc:
        raise _unreadable(exc) from exc


def _unreadable(exc: OSError) -> RenderError:
    """A user-safe reason a source file could not be opened."""
    if isinstance(exc, OutsideFolder) or exc.errno == errno.ELOOP:  # ELOOP: a link appeared as it was opened
        return RenderError("the picture file leads outside the catalogue's folder")
    if isinstance(exc, FileNotFoundError):
        return RenderError("the picture file is missing")
    return RenderError("the picture file cannot be read")
