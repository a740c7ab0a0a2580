"""The in-memory layer in front of SQLite: reads see every write at once, and nothing is lost on a clean stop."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.events import ChannelSettings
from bot.store.cached import CachedStore
from bot.store.sqlite import SqliteStore


async def open_cached(path: Path, **options: int) -> CachedStore:
    """A cached store over a SQLite file."""
    return CachedStore(await SqliteStore.open(path), **options)


async def test_writes_are_seen_at_once_and_land_on_disk_by_close(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = await open_cached(path)
    assert await store.last_reply("cd:channel:g:c") is None  # cached as "never"
    await store.mark_replies(["cd:channel:g:c", "cd:user:g:alice"], 100.0)
    await store.mark_used("pool:g:c:sad", "sad-cat")
    await store.mark_used("pool:g:c:sad", "rain")
    await store.add_counts([("mood", "sad")])
    assert await store.last_reply("cd:channel:g:c") == 100.0
    assert await store.used_memes("pool:g:c:sad") == {"sad-cat", "rain"}
    assert await store.counts("mood") == {"sad": 1}
    await store.close()

    reopened = await SqliteStore.open(path)
    assert await reopened.last_reply("cd:user:g:alice") == 100.0
    assert await reopened.used_memes("pool:g:c:sad") == {"sad-cat", "rain"}
    await reopened.close()


async def test_a_spent_pool_starts_again_from_the_new_meme(tmp_path: Path) -> None:
    store = await open_cached(tmp_path / "s.sqlite3")
    await store.mark_used("p", "a")
    assert await store.used_memes("p") == {"a"}
    await store.mark_used("p", "b", reset=True)
    assert await store.used_memes("p") == {"b"}
    await store.close()


async def test_settings_and_opt_outs_are_on_disk_before_the_call_returns(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = await open_cached(path)
    assert not await store.is_opted_out("g", "alice")
    await store.set_opted_out("g", "alice", True)
    await store.save_channel_settings("g", "c", ChannelSettings(autoreply=False))
    assert await store.is_opted_out("g", "alice")
    # A second process reading the same file sees both without this one closing.
    other = await SqliteStore.open(path)
    assert await other.is_opted_out("g", "alice")
    assert await other.channel_settings("g", "c") == ChannelSettings(autoreply=False)
    await other.close()
    await store.close()


async def test_forgotten_entries_are_read_again_after_pending_writes(tmp_path: Path) -> None:
    store = await open_cached(tmp_path / "s.sqlite3", entries=2)
    await store.mark_replies(["k1"], 1.0)
    await store.mark_replies(["k2", "k3"], 2.0)  # k1 falls out of memory while its write may still be pending
    assert await store.last_reply("k1") == 1.0
    assert await store.last_reply("k3") == 2.0
    await store.close()


async def test_a_failed_background_write_is_logged_and_the_store_keeps_serving(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inner = await SqliteStore.open(tmp_path / "s.sqlite3")
    store = CachedStore(inner)

    async def broken(counts: object) -> None:
        raise OSError("disk full")

    inner.add_counts = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="bot.store.cached"):
        await store.add_counts([("mood", "sad")])
        await store.settle()
    assert any("could not save counts" in r.getMessage() and "disk full" in r.getMessage() for r in caplog.records)
    await store.mark_replies(["k"], 5.0)
    assert await store.last_reply("k") == 5.0
    await store.close()


async def test_a_forgotten_space_is_gone_from_memory_and_disk_and_others_stay(tmp_path: Path) -> None:
    store = await open_cached(tmp_path / "s.sqlite3")
    for space in ("T1", "T2"):
        await store.save_channel_settings(space, "C1", ChannelSettings(autoreply=False))
        await store.set_opted_out(space, "U1", True)
        await store.mark_replies([f"cd:channel:{space}:C1"], 50.0)
        await store.mark_used(f"pool:{space}:C1:sad", "sad-cat")
    await store.forget_space("T1")  # with the cooldown and pool writes perhaps still pending
    assert await store.channel_settings("T1", "C1") == ChannelSettings()
    assert not await store.is_opted_out("T1", "U1")
    assert await store.last_reply("cd:channel:T1:C1") is None
    assert await store.used_memes("pool:T1:C1:sad") == set()
    assert await store.channel_settings("T2", "C1") == ChannelSettings(autoreply=False)
    assert await store.last_reply("cd:channel:T2:C1") == 50.0
    await store.close()

    reopened = await SqliteStore.open(tmp_path / "s.sqlite3")
    assert await reopened.last_reply("cd:channel:T1:C1") is None and await reopened.used_memes("pool:T1:C1:sad") == set()
    assert await reopened.is_opted_out("T2", "U1")
    await reopened.close()
