"""One store contract, two back ends: every test here runs against SQLite and against a real redis-server."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.events import ChannelSettings
from bot.store.base import Cooldown, Store
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore


class Backend:
    """Opens stores on one shared back end, as separate replicas would, and reads back everything it holds."""

    def __init__(self, kind: str, *, folder: Path, redis_url: str = "") -> None:
        self.kind = kind
        self.path = folder / "state.sqlite3"
        self.redis_url = redis_url
        self.opened: list[Store] = []

    async def open(self) -> Store:
        """Another replica's store on the same data."""
        store: Store = (await RedisStore.open(self.redis_url, prefix="test:") if self.kind == "redis"
                        else await SqliteStore.open(self.path))
        self.opened.append(store)
        return store

    async def everything(self) -> str:
        """Every key and value (Redis) or every row (SQLite), as one text to search."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as db:
                tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                rows = [f"{table}: {row!r}" for table in tables for row in db.execute(f"SELECT * FROM {table}")]
            db.close()
            return "\n".join(rows)
        client = aioredis.Redis.from_url(self.redis_url)
        try:
            return "\n".join([f"{key!r} = {await _value(client, key)!r}" async for key in client.scan_iter()])
        finally:
            await client.aclose()


async def _value(client: aioredis.Redis, key: bytes) -> object:
    kind = (await client.type(key)).decode()
    read = {"string": client.get, "set": client.smembers, "hash": client.hgetall,
            "zset": lambda k: client.zrange(k, 0, -1, withscores=True)}[kind]
    return await read(key)


@pytest.fixture(params=["sqlite", "redis"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    opened = Backend(request.param, folder=tmp_path, redis_url=url)
    yield opened
    for store in opened.opened:
        await store.close()


@pytest.fixture
async def store(backend: Backend) -> Store:
    return await backend.open()


# -- cooldowns -------------------------------------------------------------------


async def test_cooldowns_start_together_or_not_at_all(store: Store) -> None:
    pair = [Cooldown("g", "channel:c", 60), Cooldown("g", "user:alice", 300)]
    assert await store.start_cooldowns(pair, at=1000.0) == [0.0, 0.0]
    # The channel is cooling down: a message from bob starts neither his cooldown nor anything else.
    assert await store.start_cooldowns([Cooldown("g", "channel:c", 60), Cooldown("g", "user:bob", 300)],
                                       at=1010.0) == [50.0, 0.0]
    assert await store.start_cooldowns([Cooldown("g", "channel:other", 60), Cooldown("g", "user:bob", 300)],
                                       at=1011.0) == [0.0, 0.0]
    assert await store.start_cooldowns(pair, at=1060.0) == [0.0, 240.0]
    assert await store.start_cooldowns(pair, at=1300.0) == [0.0, 0.0]


async def test_a_zero_cooldown_never_holds_and_a_stamp_from_the_future_counts_as_now(store: Store) -> None:
    assert await store.start_cooldowns([Cooldown("g", "channel:c", 0)], at=5.0) == [0.0]
    assert await store.start_cooldowns([Cooldown("g", "channel:c", 0)], at=5.0) == [0.0]
    assert await store.start_cooldowns([Cooldown("g", "channel:d", 30)], at=100.0) == [0.0]
    # Another replica's clock ran behind: the stamp from "the future" holds for the whole cooldown from now.
    assert await store.start_cooldowns([Cooldown("g", "channel:d", 30)], at=90.0) == [30.0]


async def test_cooldowns_are_kept_per_space(store: Store) -> None:
    assert await store.start_cooldowns([Cooldown("g1", "user:alice", 60)], at=10.0) == [0.0]
    assert await store.start_cooldowns([Cooldown("g2", "user:alice", 60)], at=10.0) == [0.0]
    assert await store.start_cooldowns([Cooldown("g1", "user:alice", 60)], at=11.0) == [59.0]


async def test_racing_replicas_start_a_cooldown_exactly_once(backend: Backend) -> None:
    replicas = [await backend.open() for _ in range(3)]
    pair = [Cooldown("g", "channel:c", 60), Cooldown("g", "user:alice", 60)]
    results = await asyncio.gather(*(replicas[i % 3].start_cooldowns(pair, at=500.0) for i in range(60)))
    assert sum(1 for waits in results if not any(waits)) == 1


# -- pools, settings, opt-outs -----------------------------------------------------


async def test_pools_fill_and_start_again_when_spent(store: Store) -> None:
    await store.mark_used("g", "c:sad", "a")
    await store.mark_used("g", "c:sad", "b")
    assert await store.used_memes("g", "c:sad") == {"a", "b"}
    await store.mark_used("g", "c:sad", "c", reset=True)
    assert await store.used_memes("g", "c:sad") == {"c"}
    assert await store.used_memes("other", "c:sad") == set()


async def test_settings_and_opt_outs_are_seen_by_every_replica_at_once(backend: Backend) -> None:
    one, two = await backend.open(), await backend.open()
    assert await two.channel_settings("g", "c") == ChannelSettings()
    settings = ChannelSettings(autoreply=False, channel_cooldown=5.5, user_cooldown=0, reply_with="reaction",
                               reply_in="channel")
    await one.save_channel_settings("g", "c", settings)
    assert await two.channel_settings("g", "c") == settings
    await one.save_channel_settings("g", "c", ChannelSettings(autoreply=True))
    assert await two.channel_settings("g", "c") == ChannelSettings(autoreply=True)
    await one.set_opted_out("g", "alice", True)
    assert await two.is_opted_out("g", "alice") and not await two.is_opted_out("g", "bob")
    assert not await two.is_opted_out("other", "alice")
    await two.set_opted_out("g", "alice", False)
    assert not await one.is_opted_out("g", "alice")


async def test_state_outlives_a_restart(backend: Backend) -> None:
    first = await backend.open()
    await first.save_channel_settings("g", "c", ChannelSettings(autoreply=False))
    await first.set_opted_out("g", "alice", True)
    await first.start_cooldowns([Cooldown("g", "channel:c", 60)], at=100.0)
    await first.mark_used("g", "c:sad", "sad-cat")
    await first.add_counts("g", [("mood", "sad")])
    await first.close()
    backend.opened.remove(first)
    again = await backend.open()
    assert await again.channel_settings("g", "c") == ChannelSettings(autoreply=False)
    assert await again.is_opted_out("g", "alice")
    assert await again.start_cooldowns([Cooldown("g", "channel:c", 60)], at=130.0) == [30.0]
    assert await again.used_memes("g", "c:sad") == {"sad-cat"}
    assert await again.counts("mood") == {"sad": 1}


# -- counts ------------------------------------------------------------------------


async def test_counts_are_kept_per_space_and_summed(store: Store) -> None:
    await store.add_counts("g1", [("mood", "sad"), ("meme", "sad-cat"), ("action", "meme")])
    await store.add_counts("g1", [("mood", "sad")])
    await store.add_counts("g2", [("mood", "sad"), ("mood", "joy")])
    assert await store.counts("mood") == {"sad": 3, "joy": 1}
    assert await store.counts("mood", space_id="g1") == {"sad": 2}
    assert await store.counts("meme") == {"sad-cat": 1}
    assert await store.counts("action", space_id="g2") == {}


async def test_concurrent_counts_all_land(store: Store) -> None:
    await asyncio.gather(*(store.add_counts(f"g{i % 4}", [("mood", "sad")]) for i in range(200)))
    assert await store.counts("mood") == {"sad": 200}
    assert await store.counts("mood", space_id="g1") == {"sad": 50}


# -- claims ------------------------------------------------------------------------


async def test_claim_is_true_once_per_key_until_it_expires(store: Store) -> None:
    assert await store.claim("event-1", at=1000.0, ttl=60)
    assert not await store.claim("event-1", at=1010.0, ttl=60)
    assert await store.claim("event-2", at=1010.0, ttl=60)
    assert await store.claim("event-1", at=2000.0, ttl=60)  # long expired


async def test_a_retried_event_reaching_every_replica_is_claimed_once(backend: Backend) -> None:
    replicas = [await backend.open() for _ in range(3)]
    results = await asyncio.gather(*(replicas[i % 3].claim(f"e{i % 20}", at=1.0, ttl=60) for i in range(120)))
    assert sum(results) == 20


# -- previews ----------------------------------------------------------------------


async def test_a_preview_saved_by_one_replica_is_loaded_and_taken_by_another(backend: Backend) -> None:
    one, two = await backend.open(), await backend.open()
    await one.save_preview("g", "p1", '{"shown": ["a"]}', at=100.0, ttl=900)
    assert await two.load_preview("p1", at=200.0) == '{"shown": ["a"]}'
    await two.save_preview("g", "p1", '{"shown": ["a", "b"]}', at=100.0, ttl=900)
    assert await one.load_preview("p1", at=200.0) == '{"shown": ["a", "b"]}'
    assert await one.load_preview("p1", at=1000.0) is None  # past its 15 minutes
    assert await two.take_preview("p1", at=300.0) == '{"shown": ["a", "b"]}'
    assert await one.load_preview("p1", at=300.0) is None
    assert await one.take_preview("p1", at=300.0) is None


async def test_send_pressed_on_two_replicas_at_once_takes_the_preview_once(backend: Backend) -> None:
    replicas = [await backend.open() for _ in range(3)]
    await replicas[0].save_preview("g", "p", "data", at=1.0, ttl=900)
    taken = await asyncio.gather(*(replicas[i % 3].take_preview("p", at=2.0) for i in range(30)))
    assert [t for t in taken if t is not None] == ["data"]


async def test_an_expired_preview_cannot_be_taken(store: Store) -> None:
    await store.save_preview("g", "p", "data", at=1.0, ttl=10)
    assert await store.take_preview("p", at=11.0) is None


# -- forgetting a space ------------------------------------------------------------


async def fill(store: Store, space: str) -> None:
    """Store one of everything for a space, every id carrying the space's marker."""
    pair = [Cooldown(space, f"channel:{space}-chan", 60), Cooldown(space, f"user:{space}-user", 60)]
    await store.start_cooldowns(pair, at=1000.0)
    await store.start_cooldowns([Cooldown(space, f"support:{space}-chan:{space}-user", 600)], at=1000.0)
    await store.mark_used(space, f"{space}-chan:sad", f"{space}-meme")
    await store.save_channel_settings(space, f"{space}-chan", ChannelSettings(autoreply=False))
    await store.set_opted_out(space, f"{space}-user", True)
    await store.add_counts(space, [("mood", "sad"), ("meme", "shared-meme"), ("action", f"{space}-act")])
    await store.save_preview(space, f"{space}-preview", f"{space}-preview-data", at=1000.0, ttl=900)


async def test_forget_space_leaves_nothing_of_it_and_everything_of_the_others(backend: Backend) -> None:
    store = await backend.open()
    await fill(store, "spaceA")
    await fill(store, "spaceB")
    await store.forget_space("spaceA")
    everything = await backend.everything()
    assert "spaceA" not in everything, everything
    assert everything.count("spaceB") >= 7
    assert await store.counts("mood") == {"sad": 1}  # the sums no longer hold spaceA's share
    assert await store.counts("meme") == {"shared-meme": 1}
    assert await store.counts("action") == {"spaceB-act": 1}
    assert await store.load_preview("spaceA-preview", at=1001.0) is None
    assert await store.load_preview("spaceB-preview", at=1001.0) == "spaceB-preview-data"
    assert await store.channel_settings("spaceA", "spaceA-chan") == ChannelSettings()
    assert not await store.is_opted_out("spaceA", "spaceA-user")
    assert await store.start_cooldowns([Cooldown("spaceA", "channel:spaceA-chan", 60)], at=1001.0) == [0.0]
    assert await store.start_cooldowns([Cooldown("spaceB", "channel:spaceB-chan", 60)], at=1001.0) == [59.0]


async def test_forgetting_a_space_spares_one_whose_id_starts_the_same(store: Store) -> None:
    await store.set_opted_out("T1:x", "alice", True)
    await store.set_opted_out("T1", "bob", True)
    await store.set_opted_out("T1*", "carol", True)
    await store.forget_space("T1")
    assert await store.is_opted_out("T1:x", "alice") and await store.is_opted_out("T1*", "carol")
    assert not await store.is_opted_out("T1", "bob")


async def test_ping_answers(store: Store) -> None:
    await store.ping()
