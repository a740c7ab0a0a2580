"""Slack auto-reply benchmark: triggered messages at a steady rate through the fake; prints latency and losses.

Latency runs from the moment a signed event POST (HTTP mode) or an envelope (Socket Mode) leaves the fake to the
moment the fake records the bot's reply: files.completeUploadExternal sharing the meme into the message's
thread (or reactions.add in reaction mode). Renders are warmed first, so this measures bolt, the adapter, the
upload round trips and the core's decision, not first-time rendering. Each row runs twice in the same process:
against the floor (the same path with a ready-made reply) and as crybot; the table gives their ratio. Goal: none lost.

    .venv/bin/python bench/bench_slack.py [--count 1000] [--rate 50] [--modes http socket] [--reply meme reaction]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call
from tests.fakes.slack_harness import SECRET, Mode, Rig, slack_rig

from bench.chat_load import FLOOR_NOTE, HEADER, TEXTS, ReadyMade, row

WARM_ROUNDS = 6  # each text this many times before measuring, so every meme it can get is rendered
DRAIN_SECONDS = 30.0  # after the last send, how long a reply may still arrive before it counts as lost
CHANNELS = 50


def reply_key(call: Call) -> str | None:
    """The message a recorded call answers (its ts), if it is a public reply."""
    if call.method == "files.completeUploadExternal" and "channel_id" in call.params:
        return str(call.params.get("thread_ts", ""))
    if call.method == "reactions.add":
        return str(call.params.get("timestamp", ""))
    return None


async def push(rig: Rig, session: aiohttp.ClientSession, payload: dict[str, object]) -> None:
    """Deliver one event without waiting for its reply."""
    if rig.mode == "http":
        body, content_type = p.http_body(payload, "events_api")  # type: ignore[arg-type]
        status, _ = await rig.fake.deliver(rig.url, body, secret=SECRET, content_type=content_type, session=session)
        if status != 200:
            raise RuntimeError(f"the app refused a signed event ({status})")
    else:
        await rig.fake.send_envelope("events_api", payload)  # type: ignore[arg-type]


async def run(mode: Mode, reply: str, *, floor: bool, count: int, rate: float) -> tuple[list[float], float]:
    """Warm up, then send `count` triggered messages at `rate` per second; each reply's latency, and CPU per message."""
    with tempfile.TemporaryDirectory() as folder:
        async with (
            slack_rig(Path(folder), mode=mode, settings={"reply_with": reply}) as rig,
            aiohttp.ClientSession() as session,
        ):
            ready = ReadyMade(rig.core)
            warm = [p.message(text, channel=f"CW{i}") for i in range(WARM_ROUNDS) for text in TEXTS]
            await asyncio.gather(*(push(rig, session, m) for m in warm))
            await wait_replies(rig, {m["event"]["ts"] for m in warm}, timeout=DRAIN_SECONDS)  # type: ignore[index]
            ready.serve(floor=floor)
            started: dict[str, float] = {}
            tasks: list[asyncio.Task[None]] = []
            begin, cpu = time.monotonic(), time.process_time()
            for i in range(count):
                await asyncio.sleep(max(0.0, begin + i / rate - time.monotonic()))
                message = p.message(TEXTS[i % len(TEXTS)], channel=f"C{i % CHANNELS}", user=f"U{i}")
                ts = str(message["event"]["ts"])  # type: ignore[index]
                started[ts] = time.monotonic()
                tasks.append(asyncio.create_task(push(rig, session, message)))
            await asyncio.gather(*tasks)
            answered = await wait_replies(rig, set(started), timeout=DRAIN_SECONDS)
            latencies = [(answered[ts] - started[ts]) * 1000 for ts in started if ts in answered]
            cpu_ms = (time.process_time() - cpu) * 1000 / count
            return latencies, cpu_ms


async def wait_replies(rig: Rig, wanted: set[str], *, timeout: float) -> dict[str, float]:
    """When each wanted message got its reply, waiting up to `timeout` for stragglers."""
    deadline = time.monotonic() + timeout
    while True:
        seen = {key: c.at for c in rig.fake.calls if (key := reply_key(c)) in wanted}
        if len(seen) == len(wanted) or time.monotonic() >= deadline:
            return seen
        await asyncio.sleep(0.05)  # a benchmark polls the fake's record; tests wait on events instead


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="messages per second")
    parser.add_argument("--modes", nargs="+", default=["http", "socket"], choices=["http", "socket"])
    parser.add_argument("--reply", nargs="+", default=["meme", "reaction"], choices=["meme", "reaction"])
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"{args.count} triggered messages per row, {args.rate:g}/s, {CHANNELS} channels, renders warmed\n")
    print(HEADER)
    for mode in args.modes:
        for reply in args.reply:
            floor_median = None
            for floor in (True, False):
                latencies, cpu_ms = await run(mode, reply, floor=floor, count=args.count, rate=args.rate)
                print(row(mode=mode, reply=reply, floor=floor, sent=args.count, rate=args.rate,
                          latencies_ms=latencies, cpu_ms=cpu_ms, floor_median=floor_median), flush=True)
                if floor and latencies:
                    floor_median = sorted(latencies)[len(latencies) // 2]
    print(FLOOR_NOTE)


if __name__ == "__main__":
    asyncio.run(main())
