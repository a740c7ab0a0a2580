"""Memes given by `url:` are fetched once, bounded in size and time, and kept on disk by a hash of the url."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import aiohttp

from bot.errors import UserError

MAX_REMOTE_BYTES = 10 << 20


class RemoteImages:
    """A small download cache for url memes; the session opens only if a url meme is ever used."""

    def __init__(self, *, cache_dir: Path, timeout: float = 10.0, max_bytes: int = MAX_REMOTE_BYTES) -> None:
        self._dir = cache_dir
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_bytes = max_bytes
        self._session: aiohttp.ClientSession | None = None
        self._locks: dict[str, asyncio.Lock] = {}

    async def fetch(self, url: str) -> Path:
        """The local copy of a url, downloading it the first time."""
        target = self._dir / f"url-{hashlib.sha256(url.encode()).hexdigest()[:32]}"
        lock = self._locks.setdefault(url, asyncio.Lock())
        async with lock:
            if not target.is_file():
                await self._download(url, target)
        return target

    async def _download(self, url: str, target: Path) -> None:
        """Stream a url to a temporary file, then move it in place."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        self._dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".part{os.getpid()}")
        try:
            async with self._session.get(url) as response:
                if response.status != 200:
                    raise UserError(f"the image at {url} answered HTTP {response.status}")
                size = 0
                with partial.open("wb") as out:
                    async for chunk in response.content.iter_chunked(64 << 10):
                        size += len(chunk)
                        if size > self._max_bytes:
                            raise UserError(f"the image at {url} is larger than {self._max_bytes >> 20} MB")
                        out.write(chunk)
            partial.replace(target)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UserError(f"could not fetch the image at {url} ({type(exc).__name__})") from None
        finally:
            partial.unlink(missing_ok=True)

    async def close(self) -> None:
        """Close the HTTP session if one was opened."""
        if self._session is not None:
            await self._session.close()
