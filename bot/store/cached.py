"""Keep channel settings and opt-outs in memory for a moment in front of a store, and count in the background."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Final, Generic, TypeVar

from bot.errors import StoreUnavailable
from bot.events import ChannelSettings
from bot.store.base import Cooldown, Store

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")

# Entries kept per kind: a busy bot's active channels and people fit many times over; older ones are read again.
CACHE_ENTRIES: Final = 50_000
# How long a cached setting or opt-out may be used. Another process may change either at any time, and none may
# act on a turned-off channel or an opt-out more than a second late: half of that leaves room for the read.
FRESH_FOR: Final = 0.5


class _Recent(Generic[K, V]):
    """A bounded map of values read at a time, forgetting the least recently used and ignoring the stale."""

    def __init__(self, limit: int, *, fresh_for: float, clock: Callable[[], float]) -> None:
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._limit = limit
        self._fresh_for = fresh_for
        self._clock = clock

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, value) when cached and fresh, else (False, None)."""
        item = self._items.get(key)
        if item is None or self._clock() - item[0] >= self._fresh_for:
            return False, None
        self._items.move_to_end(key)
        return True, item[1]

    def put(self, key: K, value: V, *, read_at: float | None = None) -> None:
        """Remember a value as of `read_at` (now by default), forgetting the oldest entry past the limit."""
        self._items[key] = (self._clock() if read_at is None else read_at, value)
        self._items.move_to_end(key)
        if len(self._items) > self._limit:
            self._items.popitem(last=False)

    def drop(self, where: Callable[[K], bool]) -> None:
        """Forget every entry whose key matches."""
        for key in [k for k in self._items if where(k)]:
            del self._items[key]


class CachedStore:
    """A Store that answers settings and opt-outs from memory for up to FRESH_FOR seconds and counts behind.

    Everything replicas must agree on the instant it happens (cooldowns, claims, previews) goes straight to the
    inner store. Settings and opt-outs are written through before the call returns; counts and no-repeat pools
    are written behind, so a crash can lose the last few milliseconds of them (a repeated meme at worst).
    """

    def __init__(self, inner: Store, *, entries: int = CACHE_ENTRIES, fresh_for: float = FRESH_FOR,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._inner = inner
        self._clock = clock
        self._channels: _Recent[tuple[str, str], ChannelSettings] = _Recent(entries, fresh_for=fresh_for, clock=clock)
        self._optout: _Recent[tuple[str, str], bool] = _Recent(entries, fresh_for=fresh_for, clock=clock)
        self._pending: set[asyncio.Task[None]] = set()

    @property
    def ready(self) -> bool:
        """Whether the inner store is reachable (stores that cannot be lost always are)."""
        return bool(getattr(self._inner, "ready", True))

    async def _read(self, cache: _Recent[K, V], key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The fresh cached value, or the inner store's, remembered as of when the read began."""
        hit, value = cache.get(key)
        if hit:
            return value  # type: ignore[return-value]  # a hit is never a placeholder
        began = self._clock()
        value = await load()
        cache.put(key, value, read_at=began)
        return value

    def _behind(self, write: Coroutine[Any, Any, None], what: str) -> None:
        """Persist in the background."""
        task = asyncio.create_task(write)
        self._pending.add(task)
        task.add_done_callback(lambda done: self._finished(done, what))

    def _finished(self, task: asyncio.Task[None], what: str) -> None:
        """Forget a finished write, logging one that failed (an unreachable store has warned already)."""
        self._pending.discard(task)
        if task.cancelled() or task.exception() is None or isinstance(task.exception(), StoreUnavailable):
            return
        log.error("could not save %s: %s", what, task.exception())

    async def settle(self) -> None:
        """Wait until every background write has reached the inner store."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def start_cooldowns(self, cooldowns: Sequence[Cooldown], *, at: float) -> list[float]:
        """Check and start cooldowns in the inner store, where every replica sees them."""
        return await self._inner.start_cooldowns(cooldowns, at=at)

    async def used_memes(self, space_id: str, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        return await self._inner.used_memes(space_id, pool)

    async def mark_used(self, space_id: str, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool in the background (a repeat is the worst a lost write can cause)."""
        self._behind(self._inner.mark_used(space_id, pool, meme_id, reset=reset), "a no-repeat pool")

    async def add_counts(self, space_id: str, counts: Sequence[tuple[str, str]]) -> None:
        """Count in the background."""
        self._behind(self._inner.add_counts(space_id, counts), "counts")

    async def counts(self, kind: str, *, space_id: str | None = None) -> dict[str, int]:
        """Counters of one kind, once pending counts have landed."""
        await self.settle()
        return await self._inner.counts(kind, space_id=space_id)

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides, at most FRESH_FOR seconds old."""
        key = (space_id, channel_id)
        return await self._read(self._channels, key, lambda: self._inner.channel_settings(space_id, channel_id))

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides, stored before returning."""
        await self._inner.save_channel_settings(space_id, channel_id, settings)
        self._channels.put((space_id, channel_id), settings)

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies, at most FRESH_FOR seconds old."""
        return await self._read(self._optout, (space_id, user_id), lambda: self._inner.is_opted_out(space_id, user_id))

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice, stored before returning."""
        await self._inner.set_opted_out(space_id, user_id, opted_out)
        self._optout.put((space_id, user_id), opted_out)

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """Claim an event in the inner store: other processes share it."""
        return await self._inner.claim(key, at=at, ttl=ttl)

    async def save_preview(self, space_id: str, preview_id: str, data: str, *, at: float, ttl: float) -> None:
        """Keep a preview where every replica can find it."""
        await self._inner.save_preview(space_id, preview_id, data, at=at, ttl=ttl)

    async def load_preview(self, preview_id: str, *, at: float) -> str | None:
        """A live preview."""
        return await self._inner.load_preview(preview_id, at=at)

    async def take_preview(self, preview_id: str, *, at: float) -> str | None:
        """Load and delete a preview atomically."""
        return await self._inner.take_preview(preview_id, at=at)

    async def forget_space(self, space_id: str) -> None:
        """Delete everything of a space, here and in the inner store (pending counts first, so none comes back)."""
        await self.settle()
        self._channels.drop(lambda key: key[0] == space_id)
        self._optout.drop(lambda key: key[0] == space_id)
        await self._inner.forget_space(space_id)

    async def ping(self) -> None:
        """Ask the inner store."""
        await self._inner.ping()

    async def close(self) -> None:
        """Land every pending write, then close the inner store."""
        await self.settle()
        await self._inner.close()
