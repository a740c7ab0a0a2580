"""Watch a store's health: fail fast while it is gone, warn once per outage, reconnect with backoff, time each call."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Final, TypeVar

from bot.errors import StoreUnavailable
from bot.events import ChannelSettings
from bot.observe import Observer
from bot.store.base import Cooldown, Store

log = logging.getLogger(__name__)
T = TypeVar("T")

FIRST_RETRY: Final = 0.1  # seconds before the first reconnection attempt; doubled after each failure...
LAST_RETRY: Final = 1.0  # ...up to this, so service is back within about a second of the store coming back
LOCAL_CLAIMS: Final = 50_000  # event claims remembered in memory while the store is gone


class WatchedStore:
    """A Store that knows whether its inner store is reachable.

    While it is not, every call raises StoreUnavailable at once (no timeout per message) and a task pings it
    with backoff; the first failure logs one warning and the return one line. Event claims fall back to this
    process's memory meanwhile, so a retried event reaching this process is still answered once.
    """

    def __init__(self, inner: Store, *, observer: Observer | None = None,
                 retry: tuple[float, float] = (FIRST_RETRY, LAST_RETRY)) -> None:
        self._inner = inner
        self._observer = observer or Observer()
        self._retry = retry
        self._up = True
        self._lost_at = 0.0
        self._reconnecting: asyncio.Task[None] | None = None
        self._claims: OrderedDict[str, float] = OrderedDict()
        self._observer.store_up(True)

    @property
    def ready(self) -> bool:
        """Whether the store answered its last call."""
        return self._up

    async def _call(self, op: str, make: Callable[[], Awaitable[T]]) -> T:
        """Run one store call, timing it; raise StoreUnavailable at once while the store is gone."""
        if not self._up:
            raise StoreUnavailable("the store is unreachable; reconnecting")
        started = time.perf_counter()
        try:
            result = await make()
        except StoreUnavailable as error:
            self._observer.store_call(op, time.perf_counter() - started, ok=False)
            self._lost(error)
            raise
        self._observer.store_call(op, time.perf_counter() - started, ok=True)
        return result

    def _lost(self, error: StoreUnavailable) -> None:
        """Mark the store gone (once per outage) and start reconnecting."""
        if not self._up:
            return
        self._up, self._lost_at = False, time.monotonic()
        self._observer.store_up(False)
        log.warning("lost the store (%s): auto-replies pause, crisis support still goes out; reconnecting", error)
        self._reconnecting = asyncio.create_task(self._reconnect(), name="store reconnect")

    async def _reconnect(self) -> None:
        """Ping with backoff until the store answers, then serve from it again."""
        delay, ceiling = self._retry
        while True:
            await asyncio.sleep(delay)
            try:
                await self._inner.ping()
            except StoreUnavailable:
                delay = min(delay * 2, ceiling)
                continue
            except Exception:  # a store answering nonsense is still not back; keep trying, say why once per try
                log.exception("the store answered its ping with an error")
                delay = min(delay * 2, ceiling)
                continue
            break
        self._up = True
        self._observer.store_up(True)
        log.warning("the store is back after %.1f s: auto-replies resume", time.monotonic() - self._lost_at)

    async def start_cooldowns(self, cooldowns: Sequence[Cooldown], *, at: float) -> list[float]:
        """Check and start cooldowns atomically."""
        return await self._call("start_cooldowns", lambda: self._inner.start_cooldowns(cooldowns, at=at))

    async def used_memes(self, space_id: str, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        return await self._call("used_memes", lambda: self._inner.used_memes(space_id, pool))

    async def mark_used(self, space_id: str, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool."""
        await self._call("mark_used", lambda: self._inner.mark_used(space_id, pool, meme_id, reset=reset))

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides."""
        return await self._call("channel_settings", lambda: self._inner.channel_settings(space_id, channel_id))

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides."""
        await self._call("save_channel_settings",
                         lambda: self._inner.save_channel_settings(space_id, channel_id, settings))

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""
        return await self._call("is_opted_out", lambda: self._inner.is_opted_out(space_id, user_id))

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""
        await self._call("set_opted_out", lambda: self._inner.set_opted_out(space_id, user_id, opted_out))

    async def add_counts(self, space_id: str, counts: Sequence[tuple[str, str]]) -> None:
        """Count replies in a space."""
        await self._call("add_counts", lambda: self._inner.add_counts(space_id, counts))

    async def counts(self, kind: str, *, space_id: str | None = None) -> dict[str, int]:
        """Counters of one kind."""
        return await self._call("counts", lambda: self._inner.counts(kind, space_id=space_id))

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """Claim an event in the store; while it is gone, in this process's memory."""
        try:
            return await self._call("claim", lambda: self._inner.claim(key, at=at, ttl=ttl))
        except StoreUnavailable:
            return self._claim_locally(key, at=at, ttl=ttl)

    def _claim_locally(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time this process sees a key within ttl seconds (bounded in count)."""
        last = self._claims.get(key)
        if last is not None and at - last < ttl:
            return False
        self._claims[key] = at
        self._claims.move_to_end(key)
        while len(self._claims) > LOCAL_CLAIMS:
            self._claims.popitem(last=False)
        return True

    async def save_preview(self, space_id: str, preview_id: str, data: str, *, at: float, ttl: float) -> None:
        """Keep a preview."""
        await self._call("save_preview", lambda: self._inner.save_preview(space_id, preview_id, data, at=at, ttl=ttl))

    async def load_preview(self, preview_id: str, *, at: float) -> str | None:
        """A live preview."""
        return await self._call("load_preview", lambda: self._inner.load_preview(preview_id, at=at))

    async def take_preview(self, preview_id: str, *, at: float) -> str | None:
        """Load and delete a preview atomically."""
        return await self._call("take_preview", lambda: self._inner.take_preview(preview_id, at=at))

    async def forget_space(self, space_id: str) -> None:
        """Delete everything of a space."""
        await self._call("forget_space", lambda: self._inner.forget_space(space_id))

    async def ping(self) -> None:
        """Ask the inner store directly, whatever the last call found."""
        await self._inner.ping()

    async def close(self) -> None:
        """Stop reconnecting and close the inner store."""
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            await asyncio.gather(self._reconnecting, return_exceptions=True)
        await self._inner.close()
