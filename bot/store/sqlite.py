"""The embedded default store: one SQLite file in the data folder, reached through aiosqlite."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import aiosqlite

from bot.events import ChannelSettings
from bot.store.base import Cooldown, seconds_left

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cooldowns (space TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL, until REAL NOT NULL,
    PRIMARY KEY (space, key));
CREATE INDEX IF NOT EXISTS cooldowns_until ON cooldowns (until);
CREATE TABLE IF NOT EXISTS pools (space TEXT NOT NULL, pool TEXT NOT NULL, meme TEXT NOT NULL,
    PRIMARY KEY (space, pool, meme));
CREATE TABLE IF NOT EXISTS channel (
    space TEXT NOT NULL, channel TEXT NOT NULL,
    autoreply INTEGER, channel_cooldown REAL, user_cooldown REAL, reply_with TEXT, reply_in TEXT,
    PRIMARY KEY (space, channel));
CREATE TABLE IF NOT EXISTS optout (space TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (space, user));
CREATE TABLE IF NOT EXISTS counts (space TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (space, kind, key));
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS previews (id TEXT PRIMARY KEY, space TEXT NOT NULL, data TEXT NOT NULL,
    until REAL NOT NULL);
CREATE INDEX IF NOT EXISTS previews_space ON previews (space);
"""
# Tables with a space column: what forget_space empties.
SPACE_TABLES: Final = ("cooldowns", "pools", "channel", "optout", "counts", "previews")
# Columns added after a table was first released: a data folder from an older crybot gets them on open.
_ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (("channel", "reply_in", "TEXT"),)
_SETTINGS = ("autoreply", "channel_cooldown", "user_cooldown", "reply_with", "reply_in")
PRUNE_EVERY: Final = 60.0  # seconds between sweeps of expired cooldowns and previews


class SqliteStore:
    """Store backed by SQLite; every write is committed, so a restart loses nothing.

    Several processes may share the file: checks that must not race (cooldowns, claims, taking a preview)
    run in one IMMEDIATE transaction, which SQLite serialises across processes.
    """

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        # One connection serves every task; interleaved statements and commits from
        # concurrent handlers corrupt its state, so each call runs alone.
        self._lock = asyncio.Lock()
        self._pruned = 0.0

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        """Open (creating if needed) the database at a path, or ':memory:'."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), timeout=10.0)  # waits up to 10 s on another process's write
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.executescript(_SCHEMA)
            await _add_missing_columns(db)
            await _move_old_tables(db)
            await db.commit()
        except BaseException:
            await db.close()
            raise
        return cls(db)

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One IMMEDIATE transaction, committed at the end or rolled back on error."""
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.rollback()
                raise
            await self._db.commit()

    async def _write(self, *statements: tuple[str, tuple[object, ...]]) -> int:
        """Run statements in one transaction; return the rows the last one changed."""
        async with self._transaction() as db:
            changed = 0
            for sql, params in statements:
                cursor = await db.execute(sql, params)
                changed = cursor.rowcount
            return changed

    async def _rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Fetch every row of a query."""
        async with self._lock, self._db.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def start_cooldowns(self, cooldowns: Sequence[Cooldown], *, at: float) -> list[float]:
        """Check every cooldown and start them all, or none, in one transaction."""
        async with self._transaction() as db:
            waits = []
            for cooldown in cooldowns:
                sql = "SELECT at FROM cooldowns WHERE space = ? AND key = ? AND until > ?"
                async with db.execute(sql, (cooldown.space_id, cooldown.key, at)) as cursor:
                    row = await cursor.fetchone()
                waits.append(seconds_left(float(row[0]) if row else None, cooldown.seconds, at))
            if any(waits):
                return waits
            upsert = "INSERT OR REPLACE INTO cooldowns (space, key, at, until) VALUES (?, ?, ?, ?)"
            started = [(c.space_id, c.key, at, at + c.seconds) for c in cooldowns if c.seconds > 0]
            await db.executemany(upsert, started)
            if at - self._pruned > PRUNE_EVERY:  # expired rows answer nothing; sweep them now and then
                self._pruned = at
                await db.execute("DELETE FROM cooldowns WHERE until <= ?", (at,))
                await db.execute("DELETE FROM previews WHERE until <= ?", (at,))
            return waits

    async def add_counts(self, space_id: str, counts: Sequence[tuple[str, str]]) -> None:
        """Add one to each counter of a space."""
        sql = ("INSERT INTO counts (space, kind, key, n) VALUES (?, ?, ?, 1)"
               " ON CONFLICT(space, kind, key) DO UPDATE SET n = n + 1")
        await self._write(*((sql, (space_id, kind, key)) for kind, key in counts))

    async def counts(self, kind: str, *, space_id: str | None = None) -> dict[str, int]:
        """Every counter of one kind, for one space or summed over all."""
        if space_id is None:
            rows = await self._rows("SELECT key, SUM(n) FROM counts WHERE kind = ? GROUP BY key", kind)
        else:
            rows = await self._rows("SELECT key, n FROM counts WHERE kind = ? AND space = ?", kind, space_id)
        return {str(key): int(n) for key, n in rows}

    async def used_memes(self, space_id: str, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        rows = await self._rows("SELECT meme FROM pools WHERE space = ? AND pool = ?", space_id, pool)
        return {str(row[0]) for row in rows}

    async def mark_used(self, space_id: str, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool, first emptying the pool when it was spent."""
        clear = ("DELETE FROM pools WHERE space = ? AND pool = ?", (space_id, pool))
        add = ("INSERT OR IGNORE INTO pools (space, pool, meme) VALUES (?, ?, ?)", (space_id, pool, meme_id))
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
        expire = ("DELETE FROM claim WHERE at <= ?", (at - ttl,))
        insert = ("INSERT OR IGNORE INTO claim (key, at) VALUES (?, ?)", (key, at))
        return await self._write(expire, insert) == 1

    async def save_preview(self, space_id: str, preview_id: str, data: str, *, at: float, ttl: float) -> None:
        """Keep a preview until at + ttl."""
        sql = "INSERT OR REPLACE INTO previews (id, space, data, until) VALUES (?, ?, ?, ?)"
        await self._write((sql, (preview_id, space_id, data, at + ttl)))

    async def load_preview(self, preview_id: str, *, at: float) -> str | None:
        """A live preview's data, or None."""
        rows = await self._rows("SELECT data FROM previews WHERE id = ? AND until > ?", preview_id, at)
        return str(rows[0][0]) if rows else None

    async def take_preview(self, preview_id: str, *, at: float) -> str | None:
        """Load and delete a preview in one transaction."""
        async with self._transaction() as db:
            async with db.execute("SELECT data, until FROM previews WHERE id = ?", (preview_id,)) as cursor:
                row = await cursor.fetchone()
            await db.execute("DELETE FROM previews WHERE id = ?", (preview_id,))
            return str(row[0]) if row and float(row[1]) > at else None

    async def forget_space(self, space_id: str) -> None:
        """Delete every row of a space, from every table that has one."""
        await self._write(*((f"DELETE FROM {table} WHERE space = ?", (space_id,)) for table in SPACE_TABLES))

    async def ping(self) -> None:
        """A file on local disk is always there to answer."""
        await self._rows("SELECT 1")

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


async def _move_old_tables(db: aiosqlite.Connection) -> None:
    """Tables from before state was kept per space: counters move over under space '', the rest is dropped.

    Old cooldown stamps and no-repeat pools were keyed by strings with the space inside; they last minutes to
    days, so dropping them costs at most one early reply or repeated meme per channel, once.
    """
    await db.commit()
    await db.execute("BEGIN IMMEDIATE")  # another crybot opening the same folder waits for this to finish
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
        tables = {str(row[0]) for row in await cursor.fetchall()}
    if "counter" in tables:
        await db.execute("INSERT OR IGNORE INTO counts (space, kind, key, n) SELECT '', kind, key, n FROM counter")
        await db.execute("DROP TABLE counter")
    for old in ("cooldown", "pool"):
        if old in tables:
            await db.execute(f"DROP TABLE {old}")
    await db.commit()
