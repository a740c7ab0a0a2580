"""Redis memory per active channel and person: the keys crybot's store writes, measured with MEMORY USAGE.

Drives the Redis store with the calls the core makes for each auto-reply (cooldowns, a no-repeat pool, counts),
for N channels and N people in one guild with Discord-sized ids (19-digit snowflakes, longer than Slack's), plus
the state only some have (channel settings, opt-outs, open /cry previews). Prints bytes per key kind as Redis
reports them (MEMORY USAGE, which counts the key, the value and the allocator's overhead), and used_memory's
growth as a cross-check.

    .venv/bin/python bench/bench_redis_memory.py [--count 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import redis.asyncio as aioredis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.emotion import Reading
from bot.events import ChannelSettings, CryRequest
from bot.previews import PREVIEW_TTL, Preview
from bot.store.base import Cooldown
from bot.store.redis import DEFAULT_PREFIX, RedisStore
from tests.redis_harness import RedisServer

SPACE = "1180000000000000001"
MEMES = ("crying-cat-classic", "crying-man-sincere", "kdrama-sob")


def snowflake(kind: int, n: int) -> str:
    return f"{1200000000000000000 + kind * 10_000_000 + n}"


def kind_of(key: str) -> str:
    """Group a key by what it holds."""
    parts = key.removeprefix(DEFAULT_PREFIX).split(":")
    if parts[0] == "space":
        rest = parts[2:]
        if rest[0] == "cd":
            return f"cooldown ({rest[1]})"
        return {"pool": "no-repeat pool", "channel": "channel settings", "optout": "opt-out set",
                "counts": "counts of a space", "previews": "preview index"}[rest[0]]
    return {"counts": "counts summed", "preview": "open preview", "claim": "event claim"}[parts[0]]


async def fill(store: RedisStore, count: int) -> None:
    """What `count` channels and people leave behind after a few auto-replies each."""
    for n in range(count):
        channel, user = snowflake(1, n), snowflake(2, n)
        pair = [Cooldown(SPACE, f"channel:{channel}", 60), Cooldown("discord", f"user:{user}", 300)]
        await store.start_cooldowns(pair, at=1000.0 + n)
        for meme in MEMES:  # a pool seen through three replies
            await store.mark_used(SPACE, f"{channel}:sad", meme)
        await store.add_counts(SPACE, [("action", "meme"), ("mood", "sad"), ("meme", MEMES[n % 3])])
        await store.claim(f"discord:{snowflake(3, n)}", at=1000.0 + n, ttl=3600)
        if n % 10 == 0:  # some channels are configured, some people opt out, some previews are open
            await store.save_channel_settings(SPACE, channel, ChannelSettings(autoreply=True, channel_cooldown=30))
            await store.set_opted_out(SPACE, user, True)
            request = CryRequest(space_id=SPACE, channel_id=channel, user_id=user, text="my code finally compiled")
            preview = Preview(request=request, reading=Reading("joy", 0.9, ("cue: finally",)), mood="joy",
                              created=1000.0, shown=MEMES[:2])
            await store.save_preview(SPACE, f"p{n:014d}", preview.dumps(), at=1000.0, ttl=PREVIEW_TTL)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="active channels, and as many people")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder))
        server.start()
        try:
            client = aioredis.Redis.from_url(server.url)
            before = (await client.info("memory"))["used_memory"]
            store = await RedisStore.open(server.url)
            await fill(store, args.count)
            after = (await client.info("memory"))["used_memory"]
            sizes: dict[str, list[int]] = defaultdict(list)
            ttls: dict[str, set[bool]] = defaultdict(set)
            async for key in client.scan_iter(count=1000):
                name = key.decode()
                sizes[kind_of(name)].append(int(await client.memory_usage(key, samples=0) or 0))
                ttls[kind_of(name)].add(await client.ttl(key) > 0)
            await store.close()
            await client.aclose()
        finally:
            server.stop()
    print(f"{args.count} active channels and {args.count} people in one guild (19-digit ids); 1 in 10 channels "
          "configured, 1 in 10 people opted out, 1 preview open per 10\n")
    print("| key kind | keys | bytes per key (MEMORY USAGE) | expires |\n|---|---|---|---|")
    for kind in sorted(sizes):
        values = sizes[kind]
        expiry = "yes" if ttls[kind] == {True} else "no (bounded)"
        print(f"| {kind} | {len(values)} | {sum(values) / len(values):.0f} | {expiry} |")
    channel = sum(sizes["cooldown (channel)"]) + sum(sizes["no-repeat pool"])
    person = sum(sizes["cooldown (user)"])
    print(f"\nper active channel (its cooldown and one mood's pool): {channel / args.count:.0f} bytes")
    print(f"per active person (their cooldown): {person / args.count:.0f} bytes")
    tenth = args.count // 10 or 1
    print(f"per opted-out person (a member of the space's set): {sum(sizes['opt-out set']) / tenth:.0f} bytes")
    print(f"per configured channel (its settings hash): {sum(sizes['channel settings']) / tenth:.0f} bytes")
    preview = sum(sizes["open preview"]) + sum(sizes["preview index"])
    print(f"per open /cry preview (for 15 minutes, with its index entry): {preview / tenth:.0f} bytes")
    print(f"per event claim (kept an hour): {sum(sizes['event claim']) / len(sizes['event claim']):.0f} bytes")
    print(f"used_memory grew by {(after - before) / args.count:.0f} bytes per channel-and-person pair "
          "(everything above included)")


if __name__ == "__main__":
    asyncio.run(main())
