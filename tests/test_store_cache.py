"""The memory in front of the store: settings and opt-outs at most half a second old, counts written behind."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.errors import StoreUnavailable
from bot.events import ChannelSettings
from bot.store.cached import FRESH_FOR, CachedStore
from bot.store.sqlite import SqliteStore


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_another_replicas_opt_out_and_switch_off_reach_this_one_within_half_a_second(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    clock = Clock()
    here = CachedStore(await SqliteStore.open(path), clock=clock)
    there = await SqliteStore.open(path)  # another process sharing the data folder
    try:
        assert not await here.is_opted_out("g", "alice")
        assert await here.channel_settings("g", "c") == ChannelSettings()
        await there.set_opted_out("g", "alice", True)
        await there.save_channel_settings("g", "c", ChannelSettings(autoreply=False))
        clock.now += FRESH_FOR * 0.9
        assert not await here.is_opted_out("g", "alice"), "read again while still fresh"
        clock.now += FRESH_FOR * 0.1
        assert await here.is_opted_out("g", "alice")
        assert await here.channel_settings("g", "c") == ChannelSettings(autoreply=False)
    finally:
        await there.close()
        await here.close()


async def test_this_replicas_own_changes_are_seen_at_once(tmp_path: Path) -> None:
    store = CachedStore(await SqliteStore.open(tmp_path / "s.sqlite3"), clock=Clock())
    assert not await store.is_opted_out("g", "alice")
    await store.set_opted_out("g", "alice", True)
    await store.save_channel_settings("g", "c", ChannelSettings(autoreply=False))
    assert await store.is_opted_out("g", "alice")
    assert await store.channel_settings("g", "c") == ChannelSettings(autoreply=False)
    await store.close()


async def test_counts_written_behind_land_by_close(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = CachedStore(await SqliteStore.open(path))
    for _ in range(20):
        await store.add_counts("g", [("mood", "sad")])
    await store.close()
    reopened = await SqliteStore.open(path)
    assert await reopened.counts("mood") == {"sad": 20}
    await reopened.close()


async def test_forgetting_a_space_drops_what_memory_held_of_it(tmp_path: Path) -> None:
    store = CachedStore(await SqliteStore.open(tmp_path / "s.sqlite3"), clock=Clock())
    await store.set_opted_out("g", "alice", True)
    await store.save_channel_settings("g", "c", ChannelSettings(autoreply=False))
    await store.add_counts("g", [("mood", "sad")])
    await store.forget_space("g")
    assert not await store.is_opted_out("g", "alice")
    assert await store.channel_settings("g", "c") == ChannelSettings()
    assert await store.counts("mood") == {}
    await store.close()


async def test_a_failed_background_write_is_logged_unless_the_store_is_gone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inner = await SqliteStore.open(tmp_path / "s.sqlite3")
    store = CachedStore(inner)
    errors = [OSError("disk full"), StoreUnavailable("redis: ConnectionError")]

    async def broken(space_id: str, counts: object) -> None:
        raise errors.pop(0)

    inner.add_counts = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="bot.store.cached"):
        await store.add_counts("g", [("mood", "sad")])
        await store.settle()
        await store.add_counts("g", [("mood", "sad")])
        await store.settle()
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "could not save counts" in said[0] and "disk full" in said[0]
    await store.close()
