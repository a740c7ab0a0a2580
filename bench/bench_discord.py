"""Discord auto-reply benchmark: triggered messages at a steady rate through the fake; prints latency and losses.

Latency runs from the moment the fake writes MESSAGE_CREATE to the bot's socket to the moment it receives the
bot's reply (the upload for a meme, the PUT for a reaction). Renders are warmed first, so this measures the
adapter, discord.py and the core's decision, not first-time rendering. Each mode runs twice in the same process:
against the floor (the same path with a ready-made reply) and as crybot, and the table gives their ratio. Goal: none lost.

    .venv/bin/python bench/bench_discord.py [--count 1000] [--rate 100] [--channels 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.events import Reply  # noqa: E402
from tests.fakes.discord_api import FakeDiscord  # noqa: E402
from tests.fakes.discord_harness import Running, running_bot  # noqa: E402
from tests.factories import shipped_model  # noqa: E402
from tests.fakes.discord_journal import Call  # noqa: E402

from bench.chat_load import FLOOR_NOTE, HEADER, TEXTS, row, ReadyMade  # noqa: E402

WARM_ROUNDS = 8  # each text this many times before measuring, so every meme a text can get is rendered
DRAIN_SECONDS = 5.0  # after the last send, how long a reply may still arrive before it counts as lost
PEOPLE = 200  # authors taking turns, as in a busy server


def reply_target(call: Call) -> str | None:
    """The message id a successful reply call answers (a reply post or a reaction), if it is one."""
    if not call.ok:
        return None
    if call.method == "POST" and call.route.endswith("/messages"):
        reference = (call.body or {}).get("message_reference") or {}
        return str(reference["message_id"]) if "message_id" in reference else None
    if call.method == "PUT" and "/reactions/" in call.route:
        return call.route.split("/")[4]
    return None


async def warm(live: Running) -> None:
    """Send every text a few times and wait for each reply, so renders are cached."""
    for _ in range(WARM_ROUNDS):
        for text in TEXTS:
            message, reply = await live.said(text)
            if reply.kind in ("meme", "reaction"):
                await live.fake.calls.wait(lambda c, m=message: reply_target(c) == m["id"])


async def measure(mode: str, *, floor: bool, count: int, rate: float, channels: int,
                  floor_median: float | None = None) -> tuple[str, float, dict[str, int]]:
    """Run one mode on a fresh fake, core and bot: warm up, send `count` messages at `rate` per second.

    Returns the table row, the median latency and why any messages were lost.
    """
    with tempfile.TemporaryDirectory() as folder:
        async with FakeDiscord(channels_per_guild=channels) as fake, \
                running_bot(Path(folder), fake=fake, settings={"reply_with": mode}) as live:
            ready = ReadyMade(live.core)
            await warm(live)
            ready.serve(floor=floor)
            people = [fake.person(f"person{i}") for i in range(PEOPLE)]
            sent_at: dict[str, float] = {}
            answered: dict[str, float] = {}

            def on_call(call: Call) -> None:
                target = reply_target(call)
                if target in sent_at and target not in answered:
                    answered[target] = call.at
                    if len(answered) == count:
                        all_in.set()

            live.fake.calls.listeners.append(on_call)
            all_in = asyncio.Event()
            cpu, start = time.process_time(), time.monotonic()
            for i in range(count):
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                before = time.monotonic()
                message = await fake.say(TEXTS[i % len(TEXTS)], author=people[i % PEOPLE], channel=i % channels)
                sent_at[message["id"]] = before
            try:
                await asyncio.wait_for(all_in.wait(), DRAIN_SECONDS)
            except TimeoutError:
                pass  # what has not arrived by now counts as lost
            cpu_ms = (time.process_time() - cpu) * 1000 / count
            latencies = [(answered[m] - sent_at[m]) * 1000 for m in sent_at if m in answered]
            decided = dict(live.handled.items)
            causes = Counter(_cause(decided.get(m)) for m in sent_at if m not in answered)
            table_row = row(mode="gateway", reply=mode, floor=floor, sent=count, rate=rate, latencies_ms=latencies,
                            cpu_ms=cpu_ms, floor_median=floor_median)
            return table_row, (sorted(latencies)[len(latencies) // 2] if latencies else 0.0), dict(causes)


def _cause(reply: Reply | None) -> str:
    """Why a message got no reply: never handled, the core held back (and why), or the delivery failed."""
    if reply is None:
        return "not handled in time"
    if reply.kind == "nothing":
        return f"core said nothing ({reply.why.stopped_by or 'no reason given'})"
    return f"{reply.kind} not delivered"


async def main(count: int, rate: float, channels: int) -> None:
    """Run both reply modes and print the table."""
    logging.basicConfig(level=logging.ERROR)
    stage2 = ("loaded; each message hits a mood: auto trigger through a crying cue, which decides its mood, so the "
              "model is not asked (the shipped blend gives it no weight beside cues)") if shipped_model() \
        else "OFF: the model did not load"
    print(f"Discord auto-replies, MESSAGE_CREATE -> reply at the fake: {count} messages at {rate:g}/s over "
          f"{channels} channels and {PEOPLE} people, renders warm; the emotion reader's stage 2 {stage2}")
    print(HEADER)
    losses: list[str] = []
    for mode in ("meme", "reaction"):
        floor_median = None
        for floor in (True, False):
            table_row, median, causes = await measure(mode, floor=floor, count=count, rate=rate, channels=channels,
                                                      floor_median=floor_median)
            print(table_row, flush=True)
            floor_median = median if floor else floor_median
            losses += [f"lost ({mode}, {'floor' if floor else 'crybot'}): {n} x {cause}" for cause, n in causes.items()]
    print("\n".join([FLOOR_NOTE, *losses]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--channels", type=int, default=50,
                        help="spread over this many channels (Discord limits posts per channel)")
    args = parser.parse_args()
    asyncio.run(main(args.count, args.rate, args.channels))
