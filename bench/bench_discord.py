"""Discord auto-reply benchmark: triggered messages at a steady rate through the fake; prints latency and losses.

Latency runs from the moment the fake writes MESSAGE_CREATE to the bot's socket to the moment it receives the
bot's reply (the upload for a meme, the PUT for a reaction). Renders are warmed first, so this measures the
adapter, discord.py and the core's decision, not first-time rendering. Goal (issue 6): none lost, p99 < 50 ms.

    .venv/bin/python bench/bench_discord.py [--count 1000] [--rate 100] [--channels 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.events import Reply  # noqa: E402
from tests.fakes.discord_api import FakeDiscord  # noqa: E402
from tests.fakes.discord_harness import Running, running_bot  # noqa: E402
from tests.fakes.discord_journal import Call  # noqa: E402

TEXTS = (  # each hits a trigger; together they reach several moods and so several memes
    "i'm crying, nobody came to my party",
    "build failed AGAIN 😭",
    "she said yes!!! I'm crying",
    "3 exams tomorrow and I haven't started, crying",
    "crying because my coffee is lukewarm",
    "ugh mondays",
)
WARM_ROUNDS = 8  # each text this many times before measuring, so every meme a text can get is rendered
DRAIN_SECONDS = 5.0  # after the last send, how long a reply may still arrive before it counts as lost
PEOPLE = 200  # authors taking turns, as in a busy server


@dataclass(frozen=True, slots=True)
class Result:
    """One benchmark row."""

    mode: str
    sent: int
    rate: float
    latencies_ms: list[float]
    lost_because: dict[str, int]
    cpu_ms: float  # process CPU per message, bot and fake together

    def row(self) -> str:
        """Format as a table row."""
        lat = sorted(self.latencies_ms)
        if not lat:
            return f"| {self.mode} | {self.sent} | {self.rate:g} | - | - | - | - | {self.sent} | - |"
        p99 = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))]
        p90 = lat[min(len(lat) - 1, round(0.90 * (len(lat) - 1)))]
        return (f"| {self.mode} | {self.sent} | {self.rate:g} | {statistics.median(lat):.1f} | {p90:.1f} | "
                f"{p99:.1f} | {lat[-1]:.1f} | {self.sent - len(lat)} | {self.cpu_ms:.1f} |")


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


async def measure(mode: str, *, count: int, rate: float, channels: int) -> Result:
    """Run one mode: a fresh fake, core and bot; warm up; send `count` messages at `rate` per second."""
    with tempfile.TemporaryDirectory() as folder:
        async with FakeDiscord(channels_per_guild=channels) as fake, \
                running_bot(Path(folder), fake=fake, settings={"reply_with": mode}) as live:
            await warm(live)
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
            return Result(mode=mode, sent=count, rate=rate, latencies_ms=latencies, lost_because=dict(causes),
                          cpu_ms=cpu_ms)


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
    results = [await measure(mode, count=count, rate=rate, channels=channels) for mode in ("meme", "reaction")]
    print(f"Discord auto-replies, MESSAGE_CREATE -> reply at the fake: {count} messages at {rate:g}/s over "
          f"{channels} channels and {PEOPLE} people, renders warm (times in ms)")
    print("| reply with | sent | rate/s | median | p90 | p99 | max | lost | cpu/msg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())
    for result in results:
        for cause, n in result.lost_because.items():
            print(f"lost ({result.mode}): {n} x {cause}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--channels", type=int, default=50,
                        help="spread over this many channels (Discord limits posts per channel)")
    args = parser.parse_args()
    asyncio.run(main(args.count, args.rate, args.channels))
