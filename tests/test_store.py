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


def rows_naming(path: Path, needle: str) -> list[tuple[str, tuple[object, ...]]]:
    """Every row of every table in a SQLite file with a value that contains `needle`."""
    found: list[tuple[str, tuple[object, ...]]] = []
    with sqlite3.connect(path) as db:
        tables = [str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in db.execute(f"SELECT * FROM {table}"):  # table names come from the file itself
                if any(needle in str(value) for value in row):
                    found.append((table, tuple(row)))
    db.close()
    return found


async def fill_space(store: SqliteStore, space: str) -> None:
    """Give a space a setting, an opt-out, every kind of cooldown and a no-repeat pool."""
    await store.save_channel_settings(space, "C1", ChannelSettings(autoreply=False))
    await store.set_opted_out(space, "U1", True)
    await store.mark_replies([f"cd:channel:{space}:C1", f"cd:user:{space}:U1", f"support:{space}:C1:U1"], 10.0)
    await store.mark_used(f"pool:{space}:C1:sad", "sad-cat")


async def test_forgetting_a_space_deletes_all_of_it_and_nothing_of_any_other(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    # T10 starts like T1 and a%b holds LIKE's wildcards: neither may go with T1 or a_b.
    for space in ("T1", "T10", "a%b", "a_b"):
        await fill_space(store, space)
    await store.forget_space("T1")
    await store.forget_space("a_b")
    await store.close()

    assert rows_naming(path, "T1:") == [] and [row for row in rows_naming(path, "T1") if "T10" not in str(row)] == []
    assert rows_naming(path, "a_b") == []
    reopened = await SqliteStore.open(path)
    try:
        for kept in ("T10", "a%b"):
            assert await reopened.channel_settings(kept, "C1") == ChannelSettings(autoreply=False)
            assert await reopened.is_opted_out(kept, "U1")
            assert await reopened.last_reply(f"cd:user:{kept}:U1") == 10.0
            assert await reopened.used_memes(f"pool:{kept}:C1:sad") == {"sad-cat"}
        assert await reopened.channel_settings("T1", "C1") == ChannelSettings()
        assert not await reopened.is_opted_out("T1", "U1")
    finally:
        await reopened.close()
