"""The embedded default store: one SQLite file in the data folder, reached through aiosqlite."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.errors import StartupError
from bot.events import ChannelSettings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cooldown (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pool (pool TEXT NOT NULL, meme TEXT NOT NULL, PRIMARY KEY (pool, meme));
CREATE TABLE IF NOT EXISTS channel (
    space TEXT NOT NULL, channel TEXT NOT NULL,
    autoreply INTEGER, channel_cooldown REAL, user_cooldown REAL, reply_with TEXT, reply_in TEXT,
    PRIMARY KEY (space, channel));
CREATE TABLE IF NOT EXISTS optout (space TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (space, user));
CREATE TABLE IF NOT EXISTS counter (kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, at REAL NOT NULL);
"""
# Columns added after a table was first released: a data folder from an older crybot gets them on open.
_ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (("channel", "reply_in", "TEXT"),)
_SETTINGS = ("autoreply", "channel_cooldown", "user_cooldown", "reply_with", "reply_in")


class SqliteStore:
    """Store backed by SQLite; every write is committed, so a restart loses nothing."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        # One connection serves every task; interleaved statements and commits from
        # concurrent handlers corrupt its state, so each call runs alone.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        """Open (creating if needed) the database at a path, or ':memory:'.

        A file that is not a database, is damaged, or cannot be written raises StartupError naming it: a bot that
        starts on it would fail every write later, and one that leaves the connection's thread behind never exits.
        """
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(str(path))
        except (OSError, sqlite3.Error) as error:
            raise StartupError(_unusable(path, error)) from None
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.executescript(_SCHEMA)
            await _add_missing_columns(db)
            await db.commit()
            await db.execute("BEGIN IMMEDIATE")  # a read-only file would only refuse the first real write
            await db.rollback()
        except sqlite3.Error as error:
            await db.close()
            raise StartupError(_unusable(path, error)) from None
        return cls(db)

    async def _write(self, *statements: tuple[str, tuple[object, ...]]) -> int:
        """Run statements in one transaction; return the rows the last one changed."""
        async with self._lock:
            changed = 0
            for sql, params in statements:
                cursor = await self._db.execute(sql, params)
                changed = cursor.rowcount
            await self._db.commit()
            return changed

    async def _rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Fetch every row of a query."""
        async with self._lock, self._db.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def last_reply(self, key: str) -> float | None:
        """When the bot last auto-replied under a cooldown key, if ever."""
        rows = await self._rows("SELECT at FROM cooldown WHERE key = ?", key)
        return float(rows[0][0]) if rows else None  # type: ignore[arg-type]

    async def mark_replies(self, keys: list[str], at: float, *, counts: Sequence[tuple[str, str]] = ()) -> None:
        """Record an auto-reply under each cooldown key, and count it, in one transaction."""
        upsert = "INSERT INTO cooldown (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at"
        await self._write(*((upsert, (key, at)) for key in keys), *(_increment(kind, key) for kind, key in counts))

    async def add_counts(self, counts: Sequence[tuple[str, str]]) -> None:
        """Add one to each aggregate counter (per mood, meme or action)."""
        await self._write(*(_increment(kind, key) for kind, key in counts))

    async def counts(self, kind: str) -> dict[str, int]:
        """Every counter of one kind."""
        return {str(key): int(n) for key, n in await self._rows("SELECT key, n FROM counter WHERE kind = ?", kind)}  # type: ignore[call-overload]

    async def used_memes(self, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        return {str(row[0]) for row in await self._rows("SELECT meme FROM pool WHERE pool = ?", pool)}

    async def mark_used(self, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool, first emptying the pool when it was spent."""
        clear = ("DELETE FROM pool WHERE pool = ?", (pool,))
        add = ("INSERT OR IGNORE INTO pool (pool, meme) VALUES (?, ?)", (pool, meme_id))
        await self._write(*((clear, add) if reset else (add,)))

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""
        rows = await self._rows(
            f"SELECT {', '.join(_SETTINGS)} FROM channel WHERE space = ? AND channel = ?", space_id, channel_id
        )
        if not rows:
            return ChannelSettings()
        values: dict[str, Any] = dict(zip(_SETTINGS, rows[0]))
        if values["autoreply"] is not None:
            values["autoreply"] = bool(values["autoreply"])  # SQLite keeps booleans as 0 and 1
        return ChannelSettings(**values)

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides."""
        sql = (
            f"INSERT OR REPLACE INTO channel (space, channel, {', '.join(_SETTINGS)})"
            f" VALUES (?, ?, {', '.join('?' for _ in _SETTINGS)})"
        )
        values = tuple(getattr(settings, name) for name in _SETTINGS)
        await self._write((sql, (space_id, channel_id, *values)))

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""
        return bool(await self._rows("SELECT 1 FROM optout WHERE space = ? AND user = ?", space_id, user_id))

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""
        if opted_out:
            await self._write(("INSERT OR IGNORE INTO optout (space, user) VALUES (?, ?)", (space_id, user_id)))
        else:
            await self._write(("DELETE FROM optout WHERE space = ? AND user = ?", (space_id, user_id)))

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds."""
        expire = ("DELETE FROM claim WHERE at < ?", (at - ttl,))
        insert = ("INSERT OR IGNORE INTO claim (key, at) VALUES (?, ?)", (key, at))
        return await self._write(expire, insert) == 1

    async def close(self) -> None:
        """Close the connection."""
        async with self._lock:
            await self._db.close()


async def _add_missing_columns(db: aiosqlite.Connection) -> None:
    """Bring tables made by an older crybot up to date, keeping every row."""
    for table, column, kind in _ADDED_COLUMNS:
        async with db.execute(f"PRAGMA table_info({table})") as cursor:
            present = {str(row[1]) for row in await cursor.fetchall()}
        if column in present:
            continue
        try:
            await db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        except sqlite3.OperationalError as error:
            if "duplicate column" not in str(error):  # another crybot sharing the folder may have added it first
                raise


def _unusable(path: Path | str, error: OSError | sqlite3.Error) -> str:
    """One line naming the state file, what is wrong with it, and what to do."""
    name = getattr(error, "sqlite_errorname", "")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return (f"{path} is not a usable crybot state file ({reason}): move it aside to start with fresh state "
                "(cooldowns, channel settings, opt-outs), or restore it from a backup.")
    return (f"cannot write the state file {path} ({reason}): let crybot's user write it and its folder, "
            "or choose another --data-dir.")


def _increment(kind: str, key: str) -> tuple[str, tuple[object, ...]]:
    """The statement that adds one to a counter."""
    sql = "INSERT INTO counter (kind, key, n) VALUES (?, ?, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1"
    return sql, (kind, key)
