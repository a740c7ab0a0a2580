"""The SQLite store: what it keeps survives a restart, and it never holds message text."""

from __future__ import annotations

from pathlib import Path

from bot.events import ChannelSettings
from bot.store.sqlite import SqliteStore


async def test_settings_and_opt_outs_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = await SqliteStore.open(path)
    await store.save_channel_settings("g", "c", ChannelSettings(autoreply=False, channel_cooldown=5))
    await store.set_opted_out("g", "alice", True)
    await store.mark_replies(["cd:channel:g:c"], 100.0)
    await store.mark_used("pool:g:c:sad", "sad-cat")
    await store.count("mood", "sad")
    await store.close()

    reopened = await SqliteStore.open(path)
    assert await reopened.channel_settings("g", "c") == ChannelSettings(autoreply=False, channel_cooldown=5)
    assert await reopened.is_opted_out("g", "alice")
    assert not await reopened.is_opted_out("g", "bob")
    assert await reopened.last_reply("cd:channel:g:c") == 100.0
    assert await reopened.used_memes("pool:g:c:sad") == {"sad-cat"}
    assert await reopened.counts("mood") == {"sad": 1}
    await reopened.close()


async def test_opt_in_undoes_opt_out_and_pools_reset(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    await store.set_opted_out("g", "alice", True)
    await store.set_opted_out("g", "alice", False)
    assert not await store.is_opted_out("g", "alice")
    await store.mark_used("p", "a")
    await store.reset_pool("p")
    assert await store.used_memes("p") == set()
    await store.close()


async def test_claim_is_true_once_per_key_until_it_expires(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    assert await store.claim("event-1", at=1000.0, ttl=60)
    assert not await store.claim("event-1", at=1010.0, ttl=60)
    assert await store.claim("event-2", at=1010.0, ttl=60)
    assert await store.claim("event-1", at=2000.0, ttl=60)  # long expired
    await store.close()


async def test_the_database_holds_no_message_text(tmp_path: Path) -> None:
    from tests.factories import make_message, open_test_core

    core = await open_test_core(tmp_path)
    secret = "my hamster died and I am crying so hard zebra-quartz"
    await core.on_message(make_message(secret))
    await core.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("crybot.sqlite3*"))
    assert b"zebra-quartz" not in raw and b"hamster" not in raw
