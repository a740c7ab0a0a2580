"""The shared store for more than one process or machine: Redis, through redis-py's asyncio client.

Every key starts with a prefix (several bots can share a Redis) and has a TTL or a bound:

    {prefix}space:{space}:cd:{key}            cooldown stamp, expires with the cooldown
    {prefix}space:{space}:pool:{pool}         no-repeat set, at most the catalogue's memes, 30 days idle
    {prefix}space:{space}:channel:{channel}   channel overrides, one per configured channel
    {prefix}space:{space}:optout              opted-out user ids, one per person who asked
    {prefix}space:{space}:counts:{kind}       counters of a space, a field per mood/meme/action, 90 days idle
    {prefix}space:{space}:previews            the space's open preview ids, scored by expiry, pruned on write
    {prefix}counts:{kind}                     counters summed over spaces, a field per mood/meme/action
    {prefix}preview:{id}                      an open /cry preview, expires with it
    {prefix}claim:{key}                       a claimed event, expires with its ttl
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Final, ParamSpec, TypeVar
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.errors import StartupError, StoreUnavailable
from bot.events import ChannelSettings
from bot.store.base import Cooldown

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_PREFIX: Final = "crybot:"
POOL_IDLE: Final = 30 * 86400  # a channel quiet this long starts its no-repeat pools afresh
COUNTS_IDLE: Final = 90 * 86400  # a space's own counters go after this long without a reply (the sums stay)
TIMEOUT: Final = 2.0  # seconds for a connect or a command before the store counts as gone
CONNECTIONS: Final = 32
_SETTINGS: Final = ("autoreply", "channel_cooldown", "user_cooldown", "reply_with", "reply_in")
_UNREACHABLE: Final = (RedisConnectionError, RedisTimeoutError, OSError)

# KEYS: cooldown keys; ARGV[1]: now; ARGV[i + 1]: seconds of KEYS[i]. All or nothing, as one script runs alone.
_START_COOLDOWNS: Final = """
local now = tonumber(ARGV[1])
local waits, blocked = {}, false
for i, key in ipairs(KEYS) do
  local seconds, wait = tonumber(ARGV[i + 1]), 0
  local last = redis.call('GET', key)
  if last and seconds > 0 then
    wait = math.max(0, math.min(tonumber(last), now) + seconds - now)
  end
  if wait > 0 then blocked = true end
  waits[i] = tostring(wait)
end
if not blocked then
  for i, key in ipairs(KEYS) do
    local seconds = tonumber(ARGV[i + 1])
    if seconds > 0 then redis.call('SET', key, ARGV[1], 'PX', math.ceil(seconds * 1000)) end
  end
end
return waits
"""
# KEYS[1]: the claim; ARGV: now, ttl. A claim older than ttl (by the caller's clock) may be claimed again.
_CLAIM: Final = """
local last = redis.call('GET', KEYS[1])
if last and tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(1, math.ceil(tonumber(ARGV[2]) * 1000)))
return 1
"""
# KEYS[1]: a space's counters of one kind, KEYS[2]: the sums; subtract the one from the other, drop the first.
_FORGET_COUNTS: Final = """
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if redis.call('HINCRBY', KEYS[2], fields[i], -tonumber(fields[i + 1])) <= 0 then
    redis.call('HDEL', KEYS[2], fields[i])
  end
end
redis.call('DEL', KEYS[1])
return #fields / 2
"""


def _reachable(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    """Turn "cannot reach Redis" into StoreUnavailable, the one error the core knows."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(*args, **kwargs)
        except _UNREACHABLE as error:
            raise StoreUnavailable(f"redis: {type(error).__name__}") from error

    return call


def redacted(url: str) -> str:
    """A Redis URL safe to print: the password replaced."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _glob_escaped(text: str) -> str:
    """A literal for SCAN MATCH: glob characters escaped."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _text(value: Any) -> str:
    """A reply from Redis as text (the client hands back bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisStore:
    """Store backed by Redis; atomic steps are Lua scripts, which Redis runs one at a time."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._redis = client
        self._prefix = prefix
        self._start = client.register_script(_START_COOLDOWNS)
        self._claim = client.register_script(_CLAIM)
        self._forget_counts = client.register_script(_FORGET_COUNTS)

    @classmethod
    async def open(cls, url: str, *, prefix: str = DEFAULT_PREFIX) -> RedisStore:
        """Connect and check the server answers; a one-line StartupError when it does not."""
        try:
            # A busy burst waits for one of CONNECTIONS connections rather than failing or opening hundreds;
            # one quick retry rides over a pooled connection that went stale while Redis restarted.
            pool = aioredis.BlockingConnectionPool.from_url(
                url, max_connections=CONNECTIONS, timeout=TIMEOUT, socket_timeout=TIMEOUT,
                socket_connect_timeout=TIMEOUT, retry=Retry(NoBackoff(), 1),
            )
            client = aioredis.Redis(connection_pool=pool)
        except ValueError as error:
            raise StartupError(f"CRYBOT_REDIS_URL is not a Redis URL ({error}).") from None
        store = cls(client, prefix=prefix)
        try:
            await store.ping()
        except StoreUnavailable as error:
            await client.aclose()
            raise StartupError(f"cannot reach Redis at {redacted(url)} ({error.__cause__ or error}); "
                               "start it, or fix CRYBOT_REDIS_URL / --redis.") from None
        except RedisError as error:  # a refused command, a reply that is not Redis's: still one line
            await client.aclose()
            raise StartupError(f"Redis at {redacted(url)} refused crybot ({type(error).__name__}: {error}).") from None
        return store

    def _space(self, space_id: str, rest: str) -> str:
        """A key of one space; ':' in an id is escaped, so no space's keys look like another's."""
        escaped = space_id.replace("%", "%25").replace(":", "%3A")
        return f"{self._prefix}space:{escaped}:{rest}"

    @_reachable
    async def start_cooldowns(self, cooldowns: Sequence[Cooldown], *, at: float) -> list[float]:
        """Check and start every cooldown in one Lua script."""
        if not cooldowns:
            return []
        keys = [self._space(c.space_id, f"cd:{c.key}") for c in cooldowns]
        waits = await self._start(keys=keys, args=[repr(at), *(repr(float(c.seconds)) for c in cooldowns)])
        return [float(_text(w)) for w in waits]

    @_reachable
    async def used_memes(self, space_id: str, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        return {_text(m) for m in await self._redis.smembers(self._space(space_id, f"pool:{pool}"))}

    @_reachable
    async def mark_used(self, space_id: str, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool (emptied first when spent), and push its expiry out."""
        key = self._space(space_id, f"pool:{pool}")
        async with self._redis.pipeline(transaction=True) as tx:
            if reset:
                tx.delete(key)
            tx.sadd(key, meme_id)
            tx.expire(key, POOL_IDLE)
            await tx.execute()

    @_reachable
    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""
        raw = await self._redis.hgetall(self._space(space_id, f"channel:{channel_id}"))
        values: dict[str, Any] = {}
        for name, value in ((_text(k), _text(v)) for k, v in raw.items()):
            if name == "autoreply":
                values[name] = value == "1"
            elif name in ("channel_cooldown", "user_cooldown"):
                values[name] = float(value)
            elif name in _SETTINGS:
                values[name] = value
        return ChannelSettings(**values)

    @_reachable
    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides (a hash of the fields that are set)."""
        key = self._space(space_id, f"channel:{channel_id}")
        fields = {name: getattr(settings, name) for name in _SETTINGS if getattr(settings, name) is not None}
        mapping: Any = {name: (int(v) if isinstance(v, bool) else v) for name, v in fields.items()}
        async with self._redis.pipeline(transaction=True) as tx:
            tx.delete(key)
            if mapping:
                tx.hset(key, mapping=mapping)
            await tx.execute()

    @_reachable
    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""
        return bool(await self._redis.sismember(self._space(space_id, "optout"), user_id))

    @_reachable
    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""
        key = self._space(space_id, "optout")
        if opted_out:
            await self._redis.sadd(key, user_id)
        else:
            await self._redis.srem(key, user_id)

    @_reachable
    async def add_counts(self, space_id: str, counts: Sequence[tuple[str, str]]) -> None:
        """Add one to each counter of the space and to its sum, in one transaction."""
        async with self._redis.pipeline(transaction=True) as tx:
            for kind, key in counts:
                own = self._space(space_id, f"counts:{kind}")
                tx.hincrby(own, key, 1)
                tx.expire(own, COUNTS_IDLE)
                tx.hincrby(f"{self._prefix}counts:{kind}", key, 1)
            await tx.execute()

    @_reachable
    async def counts(self, kind: str, *, space_id: str | None = None) -> dict[str, int]:
        """Every counter of one kind, for one space or summed over all."""
        key = f"{self._prefix}counts:{kind}" if space_id is None else self._space(space_id, f"counts:{kind}")
        return {_text(k): int(v) for k, v in (await self._redis.hgetall(key)).items()}

    @_reachable
    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds (SET with an expiry, in one script)."""
        return bool(await self._claim(keys=[f"{self._prefix}claim:{key}"], args=[repr(at), repr(float(ttl))]))

    @_reachable
    async def save_preview(self, space_id: str, preview_id: str, data: str, *, at: float, ttl: float) -> None:
        """Keep a preview until at + ttl, and list it under its space so forget_space can find it."""
        until = at + ttl
        index = self._space(space_id, "previews")
        async with self._redis.pipeline(transaction=True) as tx:
            tx.set(f"{self._prefix}preview:{preview_id}", f"{until!r}\n{space_id}\n{data}",
                   px=max(1, math.ceil(ttl * 1000)))
            tx.zadd(index, {preview_id: until})
            tx.zremrangebyscore(index, "-inf", at)
            tx.expire(index, max(1, math.ceil(ttl)))
            await tx.execute()

    @_reachable
    async def load_preview(self, preview_id: str, *, at: float) -> str | None:
        """A live preview's data, or None."""
        return _live_preview(await self._redis.get(f"{self._prefix}preview:{preview_id}"), at)

    @_reachable
    async def take_preview(self, preview_id: str, *, at: float) -> str | None:
        """GETDEL: of two replicas taking the same preview, exactly one gets it."""
        raw = await self._redis.getdel(f"{self._prefix}preview:{preview_id}")
        if raw is not None:
            space_id = _text(raw).split("\n", 2)[1]
            await self._redis.zrem(self._space(space_id, "previews"), preview_id)
        return _live_preview(raw, at)

    @_reachable
    async def forget_space(self, space_id: str) -> None:
        """Delete every key of a space, its open previews, and its share of the summed counters."""
        previews = await self._redis.zrange(self._space(space_id, "previews"), 0, -1)
        if previews:
            await self._redis.unlink(*(f"{self._prefix}preview:{_text(p)}" for p in previews))
        counters = self._space(space_id, "counts:")
        batch: list[bytes] = []
        async for key in self._redis.scan_iter(match=_glob_escaped(self._space(space_id, "")) + "*", count=500):
            name = _text(key)
            if name.startswith(counters):
                kind = name.removeprefix(counters)
                await self._forget_counts(keys=[name, f"{self._prefix}counts:{kind}"])
                continue
            batch.append(key)
            if len(batch) >= 500:
                await self._redis.unlink(*batch)
                batch.clear()
        if batch:
            await self._redis.unlink(*batch)

    @_reachable
    async def ping(self) -> None:
        """Return when Redis answers."""
        await self._redis.ping()

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose(close_connection_pool=True)


def _live_preview(raw: bytes | str | None, at: float) -> str | None:
    """The data of a stored preview that has not expired by the caller's clock."""
    if raw is None:
        return None
    until, _space, data = _text(raw).split("\n", 2)
    return data if float(until) > at else None
