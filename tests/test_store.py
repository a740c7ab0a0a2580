"""The SQLite store's own promises: it never holds message text, and old data folders keep what matters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.events import ChannelSettings
from bot.store.base import Cooldown
from bot.store.sqlite import SqliteStore


async def test_the_database_holds_no_message_text(tmp_path: Path) -> None:
    from tests.factories import make_cry, make_message, open_test_core

    core = await open_test_core(tmp_path)
    secret = "my hamster died and I am crying so hard zebra-quartz"
    await core.on_message(make_message(secret))
    await core.on_cry(make_cry(secret, caption=False))  # "Cry about this" on someone's message
    await core.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("crybot.sqlite3*"))
    assert b"zebra-quartz" not in raw and b"hamster" not in raw


# The tables as crybot created them before channels could choose where auto-replies go, and before state was kept
# per space.
_OLD_TABLES = """
CREATE TABLE channel (
    space TEXT NOT NULL, channel TEXT NOT NULL,
    autoreply INTEGER, channel_cooldown REAL, user_cooldown REAL, reply_with TEXT,
    PRIMARY KEY (space, channel));
INSERT INTO channel VALUES ('g', 'quiet', 0, 30.0, NULL, 'reaction');
CREATE TABLE optout (space TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (space, user));
INSERT INTO optout VALUES ('g', 'alice');
CREATE TABLE counter (kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (kind, key));
INSERT INTO counter VALUES ('mood', 'sad', 41), ('meme', 'sad-cat', 7);
CREATE TABLE cooldown (key TEXT PRIMARY KEY, at REAL NOT NULL);
INSERT INTO cooldown VALUES ('cd:channel:g:quiet', 100.0);
CREATE TABLE pool (pool TEXT NOT NULL, meme TEXT NOT NULL, PRIMARY KEY (pool, meme));
INSERT INTO pool VALUES ('pool:g:quiet:sad', 'sad-cat');
"""


async def test_an_old_data_folder_keeps_settings_opt_outs_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(_OLD_TABLES)
    old.close()

    kept = ChannelSettings(autoreply=False, channel_cooldown=30.0, reply_with="reaction")
    store = await SqliteStore.open(path)
    try:  # an open connection's thread would keep pytest from exiting after a failure
        assert await store.channel_settings("g", "quiet") == kept
        assert await store.is_opted_out("g", "alice")
        assert await store.counts("mood") == {"sad": 41}
        assert await store.counts("meme") == {"sad-cat": 7}
        await store.save_channel_settings("g", "loud", ChannelSettings(reply_in="channel"))
        await store.add_counts("g", [("mood", "sad")])
    finally:
        await store.close()

    reopened = await SqliteStore.open(path)  # a second open finds everything already moved
    try:
        assert await reopened.channel_settings("g", "quiet") == kept
        assert await reopened.channel_settings("g", "loud") == ChannelSettings(reply_in="channel")
        assert await reopened.counts("mood") == {"sad": 42}
        assert await reopened.start_cooldowns([Cooldown("g", "channel:quiet", 30)], at=110.0) == [0.0]
    finally:
        await reopened.close()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert not tables & {"counter", "cooldown", "pool"}


async def test_expired_cooldowns_are_swept_so_the_file_does_not_grow_forever(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    try:
        for i in range(50):
            await store.start_cooldowns([Cooldown("g", f"channel:c{i}", 10)], at=1000.0 + i)
        await store.start_cooldowns([Cooldown("g", "channel:late", 10)], at=5000.0)
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        left = [row[0] for row in db.execute("SELECT key FROM cooldowns")]
    db.close()
    assert left == ["channel:late"]
