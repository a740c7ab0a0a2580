"""Keep the hot state in memory in front of a store, so deciding a reply never waits on the disk."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Final, Generic, TypeVar

from bot.events import ChannelSettings
from bot.store.base import Store, space_key_prefixes

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")

# Entries kept per kind: a busy bot's active channels and people fit many times over; older ones are read again.
CACHE_ENTRIES: Final = 50_000


class _Recent(Generic[K, V]):
    """A bounded map that forgets the least recently used entry first."""

    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._limit = limit

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, value) when cached, else (False, None)."""
        if key not in self._items:
            return False, None
        self._items.move_to_end(key)
        return True, self._items[key]

    def put(self, key: K, value: V) -> None:
        """Remember a value, forgetting the oldest entry past the limit."""
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self._limit:
            self._items.popitem(last=False)

    def drop(self, unwanted: Callable[[K], bool]) -> None:
        """Forget every entry whose key is unwanted."""
        for key in [key for key in self._items if unwanted(key)]:
            del self._items[key]


class CachedStore:
    """A Store that answers reads from memory and persists cooldowns, pools and counts in the background.

    Settings and opt-outs are written through before the call returns: a person's choice must survive a crash.
    Cooldown times, no-repeat pools and counts are written behind, in order; a crash can lose the last few
    milliseconds of them, which costs at most one extra reply. Every read that misses the cache waits for the
    pending writes first, so it never sees older state than this process wrote.
    """

    def __init__(self, inner: Store, *, entries: int = CACHE_ENTRIES) -> None:
        self._inner = inner
        self._last: _Recent[str, float | None] = _Recent(entries)
        self._pools: _Recent[str, set[str]] = _Recent(entries)
        self._channels: _Recent[tuple[str, str], ChannelSettings] = _Recent(entries)
        self._optout: _Recent[tuple[str, str], bool] = _Recent(entries)
        self._pending: set[asyncio.Task[None]] = set()

    async def _read(self, cache: _Recent[K, V], key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value, or the inner store's once pending writes have landed."""
        hit, value = cache.get(key)
        if hit:
            return value  # type: ignore[return-value]  # a hit is never a placeholder
        await self.settle()
        value = await load()
        hit, newer = cache.get(key)
        if hit:  # written while we were loading: the write is newer than what was read
            return newer  # type: ignore[return-value]
        cache.put(key, value)
        return value

    def _behind(self, write: Coroutine[Any, Any, None], what: str) -> None:
        """Persist in the background; the inner store runs writes one at a time, in the order they were made."""
        task = asyncio.create_task(write)
        self._pending.add(task)
        task.add_done_callback(lambda done: self._finished(done, what))

    def _finished(self, task: asyncio.Task[None], what: str) -> None:
        """Forget a finished write, logging one that failed."""
        self._pending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("could not save %s: %s", what, task.exception())

    async def settle(self) -> None:
        """Wait until every background write has reached the inner store."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def last_reply(self, key: str) -> float | None:
        """When the bot last auto-replied under a cooldown key, if ever."""
        return await self._read(self._last, key, lambda: self._inner.last_reply(key))

    async def mark_replies(self, keys: list[str], at: float, *, counts: Sequence[tuple[str, str]] = ()) -> None:
        """Start the cooldowns now (in memory) and persist them behind."""
        for key in keys:
            self._last.put(key, at)
        self._behind(self._inner.mark_replies(keys, at, counts=counts), "cooldowns")

    async def used_memes(self, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        return set(await self._read(self._pools, pool, lambda: self._inner.used_memes(pool)))

    async def mark_used(self, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool now, persisting it behind."""
        _, cached = self._pools.get(pool)
        if cached is not None or reset:
            self._pools.put(pool, ({meme_id} if reset else cached | {meme_id}))  # type: ignore[operator]
        self._behind(self._inner.mark_used(pool, meme_id, reset=reset), "a no-repeat pool")

    async def add_counts(self, counts: Sequence[tuple[str, str]]) -> None:
        """Count in the background."""
        self._behind(self._inner.add_counts(counts), "counts")

    async def counts(self, kind: str) -> dict[str, int]:
        """Every counter of one kind, once pending counts have landed."""
        await self.settle()
        return await self._inner.counts(kind)

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""
        key = (space_id, channel_id)
        return await self._read(self._channels, key, lambda: self._inner.channel_settings(space_id, channel_id))

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides, on disk before returning."""
        await self._inner.save_channel_settings(space_id, channel_id, settings)
        self._channels.put((space_id, channel_id), settings)

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""
        return await self._read(self._optout, (space_id, user_id), lambda: self._inner.is_opted_out(space_id, user_id))

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice, on disk before returning."""
        await self._inner.set_opted_out(space_id, user_id, opted_out)
        self._optout.put((space_id, user_id), opted_out)

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds (always the inner store: other processes share it)."""
        return await self._inner.claim(key, at=at, ttl=ttl)

    async def forget_space(self, space_id: str) -> None:
        """Forget a space on disk, once pending writes have landed, and in memory."""
        await self.settle()
        await self._inner.forget_space(space_id)
        prefixes = space_key_prefixes(space_id)
        self._last.drop(lambda key: key.startswith(prefixes))
        self._pools.drop(lambda key: key.startswith(prefixes))
        self._channels.drop(lambda key: key[0] == space_id)
        self._optout.drop(lambda key: key[0] == space_id)

    async def close(self) -> None:
        """Land every pending write, then close the inner store."""
        await self.settle()
        await self._inner.close()
