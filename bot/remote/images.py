"""Pictures of `url:` memes: fetched once through the guarded client, bounded, shared, failures remembered."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import Final

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.addresses import url_problem
from bot.errors import UserError
from bot.files import write_atomic
from bot.remote.guard import address_check, blocked_reason, guarded_session
from bot.render.decode import open_source
from bot.render.model import RenderError

log = logging.getLogger(__name__)

MAX_REMOTE_BYTES: Final = 10 << 20
MAX_REDIRECTS: Final = 3
DOWNLOAD_TIMEOUT: Final = 10.0  # one download, redirects included; nobody waits this long, the answer moves on
FAILURE_TTL: Final = 60.0  # a host that failed is not asked again for this long
FAILURES_KEPT: Final = 1024
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


class RemoteError(UserError):
    """A url picture that cannot be had (now); the text names the url and why."""


class RemoteImages:
    """A download cache for url memes; each url is fetched by one task however many wait for it."""

    def __init__(
        self, *, cache_dir: Path, timeout: float = DOWNLOAD_TIMEOUT, max_bytes: int = MAX_REMOTE_BYTES,
        failure_ttl: float = FAILURE_TTL, resolver: AbstractResolver | None = None,
        treat_as_public: Collection[tuple[str, int]] = (), clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._dir = Path(cache_dir)
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._failure_ttl = failure_ttl
        self._resolver = resolver
        self._treat_as_public = tuple(treat_as_public)
        self._clock = clock
        self._sessions: dict[bool, aiohttp.ClientSession] = {}
        self._running: dict[str, asyncio.Task[Path]] = {}
        self._failures: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def path_for(self, url: str) -> Path:
        """Where the local copy of a url lives (whether or not it has been fetched)."""
        return self._dir / f"url-{hashlib.sha256(url.encode()).hexdigest()[:32]}"

    def ready(self, url: str) -> bool:
        """Whether the url's picture is already on disk."""
        return self.path_for(url).is_file()

    def failing(self, url: str) -> str | None:
        """Why the url failed moments ago (it is not asked again until the failure expires), or None."""
        entry = self._failures.get(url)
        if entry is None:
            return None
        until, reason = entry
        if self._clock() >= until:
            del self._failures[url]
            return None
        return reason

    async def fetch(self, url: str, *, allow_private: bool = False, wait: float | None = None) -> Path:
        """The local copy of a url; waits at most `wait` seconds for a download (which goes on for later callers)."""
        target = self.path_for(url)
        if target.is_file():
            return target
        reason = self.failing(url)
        if reason is not None:
            raise RemoteError(reason)
        task = self._running.get(url)
        if task is None:  # one download per url: later callers share it instead of queueing behind it
            task = asyncio.create_task(self._download(url, target, allow_private=allow_private))
            self._running[url] = task
            task.add_done_callback(partial(self._finished, url))
        try:
            return await asyncio.wait_for(asyncio.shield(task), wait)
        except TimeoutError:
            raise RemoteError(f"the image at {url} is slow to arrive") from None

    def _finished(self, url: str, task: asyncio.Task[Path]) -> None:
        """Forget a finished download; remember a failure so nobody asks the host again for a while."""
        self._running.pop(url, None)
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        reason = str(error) if isinstance(error, RemoteError) else f"could not fetch the image at {url}"
        log.warning("%s; not asking again for %.0f s", reason, self._failure_ttl)
        self._failures[url] = (self._clock() + self._failure_ttl, reason)
        self._failures.move_to_end(url)
        while len(self._failures) > FAILURES_KEPT:
            self._failures.popitem(last=False)

    async def _download(self, url: str, target: Path, *, allow_private: bool) -> Path:
        """Fetch within the deadline, check it is a picture crybot accepts, and put it in place."""
        try:
            async with asyncio.timeout(self._timeout):
                data = await self._get(url, allow_private=allow_private)
            await asyncio.to_thread(_keep, data, target)
        except RemoteError:
            raise
        except RenderError as exc:
            raise RemoteError(f"the image at {url} cannot be used: {exc.message}") from None
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
            refused = blocked_reason(exc)
            if refused:
                raise RemoteError(f"the image at {url} was not fetched: {refused}") from None
            raise RemoteError(f"could not fetch the image at {url} ({type(exc).__name__})") from None
        return target

    async def _get(self, url: str, *, allow_private: bool) -> bytes:
        """The body of a url, following at most MAX_REDIRECTS redirects, each judged like the first."""
        session = self._session(allow_private)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            problem = url_problem(current, allow_private=allow_private)
            if problem:
                raise RemoteError(f"the image at {url} was not fetched: {problem}")
            async with session.get(current, allow_redirects=False) as response:
                if response.status in REDIRECTS and "Location" in response.headers:
                    current = str(response.url.join(URL(response.headers["Location"])))
                    continue
                if response.status != 200:
                    raise RemoteError(f"the image at {url} answered HTTP {response.status}")
                return await self._body(response, url)
        raise RemoteError(f"the image at {url} redirects more than {MAX_REDIRECTS} times")

    async def _body(self, response: aiohttp.ClientResponse, url: str) -> bytes:
        """Read a response body, refusing it as soon as it passes the byte limit."""
        too_large = f"the image at {url} is larger than {self._max_bytes >> 20} MB"
        if (response.content_length or 0) > self._max_bytes:
            raise RemoteError(too_large)
        body = bytearray()
        async for chunk in response.content.iter_chunked(64 << 10):
            body += chunk
            if len(body) > self._max_bytes:
                raise RemoteError(too_large)
        return bytes(body)

    def _session(self, allow_private: bool) -> aiohttp.ClientSession:
        """The client for one address policy (two policies never share a connection)."""
        session = self._sessions.get(allow_private)
        if session is None:
            check = address_check(allow_private=allow_private, treat_as_public=self._treat_as_public)
            session = guarded_session(check=check, resolver=self._resolver, timeout=aiohttp.ClientTimeout(total=None))
            self._sessions[allow_private] = session
        return session

    async def close(self) -> None:
        """Stop downloads in flight and close the HTTP clients."""
        for task in list(self._running.values()):
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
        for session in self._sessions.values():
            await session.close()
        self._sessions.clear()


def _keep(data: bytes, target: Path) -> None:
    """Refuse what is not a picture within the limits, then write it whole."""
    open_source(data)  # the header alone: format, pixels, frames; nothing is decoded
    write_atomic(target, data)
