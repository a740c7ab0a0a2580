"""The SQLite store: what it keeps survives a restart, and it never holds message text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.events import ChannelSettings
from bot.store.sqlite import SqliteStore


async def test_settings_and_opt_outs_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = await SqliteStore.open(path)
    await store.save_channel_settings("g", "c", ChannelSettings(autoreply=False, channel_cooldown=5))
    await store.save_channel_settings("g", "threads-off", ChannelSettings(reply_in="channel", reply_with="meme"))
    await store.set_opted_out("g", "alice", True)
    await store.mark_replies(["cd:channel:g:c"], 100.0, counts=[("mood", "sad")])
    await store.mark_used("pool:g:c:sad", "sad-cat")
    await store.add_counts([("mood", "sad"), ("meme", "sad-cat")])
    await store.close()

    reopened = await SqliteStore.open(path)
    assert await reopened.channel_settings("g", "c") == ChannelSettings(autoreply=False, channel_cooldown=5)
    assert await reopened.channel_settings("g", "threads-off") == ChannelSettings(reply_in="channel", reply_with="meme")
    assert await reopened.is_opted_out("g", "alice")
    assert not await reopened.is_opted_out("g", "bob")
    assert await reopened.last_reply("cd:channel:g:c") == 100.0
    assert await reopened.used_memes("pool:g:c:sad") == {"sad-cat"}
    assert await reopened.counts("mood") == {"sad": 2}
    assert await reopened.counts("meme") == {"sad-cat": 1}
    await reopened.close()


async def test_opt_in_undoes_opt_out_and_pools_reset(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    await store.set_opted_out("g", "alice", True)
    await store.set_opted_out("g", "alice", False)
    assert not await store.is_opted_out("g", "alice")
    await store.mark_used("p", "a")
    await store.mark_used("p", "b", reset=True)
    assert await store.used_memes("p") == {"b"}
    await store.close()


async def test_claim_is_true_once_per_key_until_it_expires(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    assert await store.claim("event-1", at=1000.0, ttl=60)
    assert not await store.claim("event-1", at=1010.0, ttl=60)
    assert await store.claim("event-2", at=1010.0, ttl=60)
    assert await store.claim("event-1", at=2000.0, ttl=60)  # long expired
    await store.close()


async def test_concurrent_calls_do_not_trip_over_one_connection(tmp_path: Path) -> None:
    import asyncio

    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    jobs = [store.mark_replies([f"k{i}"], float(i), counts=[("mood", "sad")]) for i in range(200)]
    jobs += [store.claim(f"e{i % 50}", at=1.0, ttl=60) for i in range(200)]
    results = await asyncio.gather(*jobs)
    assert sum(1 for r in results[200:] if r) == 50  # each event claimed exactly once
    assert (await store.counts("mood"))["sad"] == 200
    await store.close()


async def test_the_database_holds_no_message_text(tmp_path: Path) -> None:
    from tests.factories import make_message, open_test_core

    core = await open_test_core(tmp_path)
    secret = "my hamster died and I am crying so hard zebra-quartz"
    await core.on_message(make_message(secret))
    await core.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("crybot.sqlite3*"))
    assert b"zebra-quartz" not in raw and b"hamster" not in raw


# The channel table as crybot created it before channels could choose where auto-replies go.
_OLD_CHANNEL_TABLE = """
CREATE TABLE channel (
    space TEXT NOT NULL, channel TEXT NOT NULL,
    autoreply INTEGER, channel_cooldown REAL, user_cooldown REAL, reply_with TEXT,
    PRIMARY KEY (space, channel));
INSERT INTO channel VALUES ('g', 'quiet', 0, 30.0, NULL, 'reaction');
CREATE TABLE optout (space TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (space, user));
INSERT INTO optout VALUES ('g', 'alice');
"""


async def test_a_data_folder_from_before_reply_in_keeps_its_settings_and_gains_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(_OLD_CHANNEL_TABLE)
    old.close()

    kept = ChannelSettings(autoreply=False, channel_cooldown=30.0, reply_with="reaction")
    store = await SqliteStore.open(path)
    try:  # an open connection's thread would keep pytest from exiting after a failure
        assert await store.channel_settings("g", "quiet") == kept
        assert await store.is_opted_out("g", "alice")
        await store.save_channel_settings("g", "loud", ChannelSettings(reply_in="channel"))
    finally:
        await store.close()

    reopened = await SqliteStore.open(path)  # a second open finds the column already there
    try:
        assert await reopened.channel_settings("g", "quiet") == kept
        assert await reopened.channel_settings("g", "loud") == ChannelSettings(reply_in="channel")
    finally:
        await reopened.close()
