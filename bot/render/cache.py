"""Finished renders by content hash: a byte-bounded LRU in memory over a byte-bounded folder (bot.render.disk)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from pathlib import Path
from typing import Final

from PIL import Image

from bot.render.disk import DISK_BUDGET, RenderFolder, touch
from bot.render.encode import Encoded
from bot.render.model import Rendered

MIME: Final = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


class RenderCache:
    """Renders named by their key; memory answers repeats without touching the disk beyond two syscalls."""

    def __init__(self, *, directory: Path, budget: int, disk_budget: int = DISK_BUDGET) -> None:
        self.directory = directory
        self.budget = budget
        self.used = 0
        self._recent: OrderedDict[str, tuple[Rendered, bytes]] = OrderedDict()
        self._folder = RenderFolder(directory, budget=disk_budget, spill_budget=budget)

    async def get(self, key: str) -> Rendered | None:
        """The cached render for a key, from memory or disk, or None."""
        entry = self._recent.get(key)
        if entry is not None:
            self._recent.move_to_end(key)
            rendered, data = entry
            if not touch(rendered.path):  # someone cleaned the cache folder: put the file back
                return await self.put(key, _encoded(rendered, data))
            self._folder.used_now(rendered.path)
            return rendered
        found = await asyncio.to_thread(self._from_disk, key)
        if found is not None:
            self._remember(key, *found)
            self._folder.used_now(found[0].path)
            return found[0]
        return None

    async def put(self, key: str, encoded: Encoded) -> Rendered:
        """Store a new render on disk (or, when the disk is full, in the spill folder) and in memory."""
        name = f"{key}.{encoded.ext}"
        path = await asyncio.to_thread(self._folder.store, name, encoded.data)
        rendered = Rendered(path=path, mime=encoded.mime, width=encoded.width, height=encoded.height,
                            size=len(encoded.data), filename=f"crybot-{key[:12]}.{encoded.ext}")
        self._remember(key, rendered, encoded.data)
        return rendered

    def close(self) -> None:
        """Remove the spill folder, if one was made."""
        self._folder.close()

    def _remember(self, key: str, rendered: Rendered, data: bytes) -> None:
        """Keep in memory, evicting the least recently used past the byte budget."""
        if len(data) > self.budget:
            return
        old = self._recent.pop(key, None)
        if old is not None:
            self.used -= len(old[1])
        self._recent[key] = (rendered, data)
        self.used += len(data)
        while self.used > self.budget and self._recent:
            _, (_, dropped) = self._recent.popitem(last=False)
            self.used -= len(dropped)

    def _from_disk(self, key: str) -> tuple[Rendered, bytes] | None:
        """A render left by an earlier run."""
        for ext, mime in MIME.items():
            path = self.directory / f"{key}.{ext}"
            try:
                data = path.read_bytes()
                with Image.open(path) as image:
                    width, height = image.size
            except (OSError, ValueError):
                continue
            touch(path)
            return Rendered(path=path, mime=mime, width=width, height=height, size=len(data),
                            filename=f"crybot-{key[:12]}.{ext}"), data
        return None


def _encoded(rendered: Rendered, data: bytes) -> Encoded:
    """A cached render back in the shape `put` takes."""
    return Encoded(data=data, mime=rendered.mime, ext=rendered.path.suffix.lstrip("."), width=rendered.width,
                   height=rendered.height)
