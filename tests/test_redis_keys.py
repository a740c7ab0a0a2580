"""Every key crybot writes to Redis carries the prefix and expires, or belongs to a kind bounded by its nature."""

from __future__ import annotations

from pathlib import Path

import redis.asyncio as aioredis

from bot.events import ChannelSettings
from tests.factories import make_cry, make_message, open_test_core

# Kept without expiry, each bounded: a channel's settings (one per configured channel), a space's opt-outs (one
# member per person who asked), and the summed counters (a field per mood, meme and action).
LASTING = (":channel:", ":optout", "counts:")


async def test_every_key_is_prefixed_and_bounded_and_none_holds_message_text(tmp_path: Path, redis_url: str) -> None:
    core = await open_test_core(tmp_path, redis_url=redis_url, settings={"channel_cooldown": 60, "user_cooldown": 60})
    try:
        await core.on_message(make_message("crying so hard today zebra-quartz", message_id="m1"))
        await core.on_cry(make_cry("my hamster zebra-quartz died", caption=False))  # "Cry about this"
        await core.on_message(make_message("i want to kill myself", channel_id="c2"))
        await core.first_delivery("slack:Ev1")
        preview = await core.on_cry(make_cry("my code finally compiled"))
        assert preview.preview_id
        await core.update_channel(space_id="space-1", channel_id="chan-1", changes=ChannelSettings(autoreply=False))
        await core.set_opt_out(space_id="space-1", user_id="user-2", opted_out=True)
        assert (await core.counts())["mood"] == {"sad": 1}
    finally:
        await core.close()
    client = aioredis.Redis.from_url(redis_url)
    try:
        keys = [key.decode() async for key in client.scan_iter()]
        lasting = [key for key in keys if await client.ttl(key) < 0]
        strings = [await client.get(key) for key in keys if (await client.type(key)) == b"string"]
    finally:
        await client.aclose()
    assert len(keys) >= 10 and all(key.startswith("crybot:") for key in keys), keys
    assert lasting and all(any(kind in key for kind in LASTING) for key in lasting), lasting
    assert not any("counts:" in key and ":space:" in key for key in lasting), "a space's own counters expire"
    assert not any(b"zebra-quartz" in value for value in strings if value), "no message text is kept"
