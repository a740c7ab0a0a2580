"""The embedded default store: one SQLite file in the data folder, reached through aiosqlite."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.events import ChannelSettings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cooldown (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pool (pool TEXT NOT NULL, meme TEXT NOT NULL, PRIMARY KEY (pool, meme));
CREATE TABLE IF NOT EXISTS channel (
    space TEXT NOT NULL, channel TEXT NOT NULL,
    autoreply INTEGER, channel_cooldown REAL, user_cooldown REAL, reply_with TEXT,
    PRIMARY KEY (space, channel));
CREATE TABLE IF NOT EXISTS optout (space TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (space, user));
CREATE TABLE IF NOT EXISTS counter (kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, at REAL NOT NULL);
"""


class SqliteStore:
    """Store backed by SQLite; every write is committed, so a restart loses nothing."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        """Open (creating if needed) the database at a path, or ':memory:'."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path))
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.executescript(_SCHEMA)
        await db.commit()
        return cls(db)

    async def _write(self, sql: str, *params: object) -> None:
        """Run one statement and commit it."""
        await self._db.execute(sql, params)
        await self._db.commit()

    async def _one(self, sql: str, *params: object) -> tuple[object, ...] | None:
        """Fetch one row."""
        async with self._db.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row is not None else None

    async def last_reply(self, key: str) -> float | None:
        """When the bot last auto-replied under a cooldown key, if ever."""
        row = await self._one("SELECT at FROM cooldown WHERE key = ?", key)
        return float(row[0]) if row else None  # type: ignore[arg-type]

    async def mark_replies(self, keys: list[str], at: float) -> None:
        """Record an auto-reply under each cooldown key."""
        await self._db.executemany(
            "INSERT INTO cooldown (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at",
            [(key, at) for key in keys],
        )
        await self._db.commit()

    async def used_memes(self, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""
        async with self._db.execute("SELECT meme FROM pool WHERE pool = ?", (pool,)) as cursor:
            return {row[0] async for row in cursor}

    async def mark_used(self, pool: str, meme_id: str) -> None:
        """Add a meme to a no-repeat pool."""
        await self._write("INSERT OR IGNORE INTO pool (pool, meme) VALUES (?, ?)", pool, meme_id)

    async def reset_pool(self, pool: str) -> None:
        """Empty a no-repeat pool."""
        await self._write("DELETE FROM pool WHERE pool = ?", pool)

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""
        row = await self._one(
            "SELECT autoreply, channel_cooldown, user_cooldown, reply_with FROM channel WHERE space = ? AND channel = ?",
            space_id,
            channel_id,
        )
        if row is None:
            return ChannelSettings()
        autoreply, channel_cooldown, user_cooldown, reply_with = row
        return ChannelSettings(
            autoreply=None if autoreply is None else bool(autoreply),
            channel_cooldown=channel_cooldown,  # type: ignore[arg-type]
            user_cooldown=user_cooldown,  # type: ignore[arg-type]
            reply_with=reply_with,  # type: ignore[arg-type]
        )

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides."""
        await self._write(
            "INSERT OR REPLACE INTO channel (space, channel, autoreply, channel_cooldown, user_cooldown, reply_with)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            space_id,
            channel_id,
            settings.autoreply,
            settings.channel_cooldown,
            settings.user_cooldown,
            settings.reply_with,
        )

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""
        return await self._one("SELECT 1 FROM optout WHERE space = ? AND user = ?", space_id, user_id) is not None

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""
        if opted_out:
            await self._write("INSERT OR IGNORE INTO optout (space, user) VALUES (?, ?)", space_id, user_id)
        else:
            await self._write("DELETE FROM optout WHERE space = ? AND user = ?", space_id, user_id)

    async def count(self, kind: str, key: str) -> None:
        """Add one to an aggregate counter."""
        await self._write(
            "INSERT INTO counter (kind, key, n) VALUES (?, ?, 1) ON CONFLICT(kind, key) DO UPDATE SET n = n + 1",
            kind,
            key,
        )

    async def counts(self, kind: str) -> dict[str, int]:
        """Every counter of one kind."""
        async with self._db.execute("SELECT key, n FROM counter WHERE kind = ?", (kind,)) as cursor:
            return {row[0]: int(row[1]) async for row in cursor}

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds."""
        await self._db.execute("DELETE FROM claim WHERE at < ?", (at - ttl,))
        cursor = await self._db.execute("INSERT OR IGNORE INTO claim (key, at) VALUES (?, ?)", (key, at))
        await self._db.commit()
        return cursor.rowcount == 1

    async def close(self) -> None:
        """Close the connection."""
        await self._db.close()
