"""Fleet benchmark: the Slack HTTP path through real `crybot run slack --http` processes, SQLite vs Redis, 1 vs 2.

Each row starts its processes (behind a round-robin "load balancer": the bench sends event i to process i % n),
warms their renders, then sends triggered messages at a steady rate. Every tenth message is sent again at once
as Slack's retry (X-Slack-Retry-Num: 1) to the next process, so duplicates would show. Latency runs from the
signed event POST leaving the bench to the fake Slack recording the meme's files.completeUploadExternal.

Part 0 times, in this process, on SQLite and on Redis in turns of 50 (so a burst of load on the shared machine
slows both alike): a) the store calls an auto-reply waits for, alone; b) the core's whole decision.
Part 1 runs every configuration at one fixed rate (the issue's table). Part 2 raises the rate step by step for
Redis with one and with two processes, and keeps the highest rate each sustains with p99 under the bound, none
lost and at least 95% of the offered rate answered: the ratio of those two rates is the scaling.

    nice -n 10 .venv/bin/python bench/bench_fleet.py [--rate 20] [--seconds 15] [--bound-ms 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat_load import TEXTS, percentile
from bot.core import Core
from bot.metrics import Metrics
from bot.store.base import Cooldown, Store
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.factories import make_message, open_test_core, write_catalogue
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import FakeSlack
from tests.fleet_harness import Replica, start
from tests.redis_harness import RedisServer, free_port

SECRET = "b1e2c3d4e5f60718293a4b5c6d7e8f90"
WARM_ROUNDS = 4
DRAIN_SECONDS = 20.0
CHANNELS = 50
RETRY_EVERY = 10
CONFIGS = (("SQLite", 1), ("Redis", 1), ("Redis", 2))


@dataclass
class Result:
    store: str
    processes: int
    offered: float
    sent: int
    latencies_ms: list[float]
    duplicated: int
    span: float
    store_seconds: float  # summed over the processes' crybot_store_seconds for the run

    @property
    def lost(self) -> int:
        return self.sent - len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.span if self.span else 0.0

    def row(self) -> str:
        if not self.latencies_ms:
            return (f"| {self.store} | {self.processes} | {self.offered:g} | 0 | - | - | {self.lost} "
                    f"| {self.duplicated} | - |")
        store_ms = self.store_seconds * 1000 / len(self.latencies_ms)
        return (f"| {self.store} | {self.processes} | {self.offered:g} | {self.rate:.1f} "
                f"| {statistics.median(self.latencies_ms):.1f} | {percentile(self.latencies_ms, 0.99):.1f} "
                f"| {self.lost} | {self.duplicated} | {store_ms:.2f} |")


HEADER = ("| store | processes | offered/s | replies/s | p50 ms | p99 ms | lost | duplicated | store ms/reply |\n"
          "|---|---|---|---|---|---|---|---|---|")


class Rig:
    """The fake Slack, the processes of one configuration, and one HTTP session to drive them."""

    def __init__(self, fake: FakeSlack, replicas: list[Replica], session: aiohttp.ClientSession) -> None:
        self.fake, self.replicas, self.session = fake, replicas, session

    async def post(self, index: int, payload: dict[str, object], *, retry: bool = False) -> None:
        body, content_type = p.http_body(payload, "events_api")  # type: ignore[arg-type]
        url = self.replicas[index % len(self.replicas)].ops_url + "/slack/events"
        status, _ = await self.fake.deliver(url, body, secret=SECRET, content_type=content_type,
                                            retry_num=1 if retry else None, session=self.session)
        if status != 200:
            raise RuntimeError(f"a replica refused a signed event ({status})")

    def answers(self, wanted: set[str]) -> tuple[dict[str, float], int]:
        """When each wanted message was first answered, and how many answers were extra."""
        seen: dict[str, float] = {}
        per: Counter[str] = Counter()
        for call in self.fake.calls:
            if call.method == "files.completeUploadExternal" and "channel_id" in call.params:
                ts = str(call.params.get("thread_ts", ""))
                if ts in wanted:
                    per[ts] += 1
                    seen.setdefault(ts, call.at)
        return seen, sum(n - 1 for n in per.values())

    async def wait(self, wanted: set[str], *, timeout: float) -> tuple[dict[str, float], int]:
        deadline = time.monotonic() + timeout
        while True:
            seen, extra = self.answers(wanted)
            if len(seen) == len(wanted) or time.monotonic() > deadline:
                return seen, extra
            await asyncio.sleep(0.05)  # a benchmark polls the fake's record; tests wait on events instead

    async def store_seconds(self) -> float:
        """Time the processes have spent in store calls so far, from their /metrics."""
        return sum([await r.metric("crybot_store_seconds_sum") for r in self.replicas])

    async def run(self, *, rate: float, seconds: float, salt: str) -> tuple[int, list[float], int, float, float]:
        """Send messages at `rate` for `seconds`; (sent, latencies in ms, duplicated, span in s, store s)."""
        store_before = await self.store_seconds()
        count = max(1, round(rate * seconds))
        started: dict[str, float] = {}
        tasks: list[asyncio.Task[None]] = []
        begin = time.monotonic()
        for i in range(count):
            await asyncio.sleep(max(0.0, begin + i / rate - time.monotonic()))
            message = p.message(TEXTS[i % len(TEXTS)], channel=f"C{salt}{i % CHANNELS}", user=f"U{salt}{i}")
            ts = str(message["event"]["ts"])  # type: ignore[index]
            started[ts] = time.monotonic()
            tasks.append(asyncio.create_task(self.post(i, message)))
            if i % RETRY_EVERY == RETRY_EVERY - 1:
                tasks.append(asyncio.create_task(self.post(i + 1, message, retry=True)))
        await asyncio.gather(*tasks)
        seen, extra = await self.wait(set(started), timeout=DRAIN_SECONDS)
        latencies = [(seen[ts] - started[ts]) * 1000 for ts in started if ts in seen]
        span = (max(seen.values()) - begin) if seen else 0.0
        return count, latencies, extra, span, await self.store_seconds() - store_before


async def with_rig(folder: Path, store: str, processes: int, redis: RedisServer, fake: FakeSlack,
                   session: aiohttp.ClientSession) -> tuple[Rig, list[Replica]]:
    """Start a configuration's processes and warm their renders."""
    config = write_catalogue(folder)
    env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url}
    if store == "Redis":
        env["CRYBOT_REDIS_URL"] = redis.url
        env["CRYBOT_REDIS_PREFIX"] = f"bench{time.monotonic_ns()}:"
    replicas = []
    for n in range(processes):
        port = free_port()
        args = ["run", "slack", "--http", str(port), "--config", str(config), "--data-dir", str(folder / f"p{n}")]
        replicas.append(start(f"{store}-{processes}-{n}", folder, args, env, ops_port=port))
    for replica in replicas:
        await replica.wait_ready()
    rig = Rig(fake, replicas, session)
    warm = [p.message(text, channel=f"W{i}") for i in range(WARM_ROUNDS * processes) for text in TEXTS]
    await asyncio.gather(*(rig.post(i, m) for i, m in enumerate(warm)))
    await rig.wait({str(m["event"]["ts"]) for m in warm}, timeout=60)  # type: ignore[index]
    return rig, replicas


async def measure(store: str, processes: int, rates: list[float], *, seconds: float, bound_ms: float,
                  redis: RedisServer) -> list[Result]:
    """Run a configuration at each rate in turn (stopping at the first it cannot sustain)."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        async with FakeSlack() as fake, aiohttp.ClientSession() as session:
            rig, replicas = await with_rig(Path(folder), store, processes, redis, fake, session)
            try:
                for step, rate in enumerate(rates):
                    sent, latencies, extra, span, in_store = await rig.run(rate=rate, seconds=seconds, salt=f"s{step}x")
                    result = Result(store, processes, rate, sent, latencies, extra, span, in_store)
                    results.append(result)
                    if not sustained(result, bound_ms):
                        break
            finally:
                for replica in replicas:
                    replica.stop()
    return results


def sustained(result: Result, bound_ms: float) -> bool:
    """Whether a run kept up: none lost, p99 under the bound, at least 95% of the offered rate answered."""
    return (result.lost == 0 and bool(result.latencies_ms) and percentile(result.latencies_ms, 0.99) <= bound_ms
            and result.rate >= 0.95 * result.offered)


TURN = 50


async def in_turns(steps: dict[str, Callable[[int], Awaitable[object]]], messages: int) -> dict[str, list[float]]:
    """Time each store's step on messages 0..n-1 in alternating turns of TURN; milliseconds per step."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for start_at in range(0, messages, TURN):
        for name, step in steps.items():
            for i in range(start_at, start_at + TURN):
                began = time.perf_counter()
                await step(i)
                times[name].append((time.perf_counter() - began) * 1000)
    return times


def p99_added(times: dict[str, list[float]]) -> str:
    """The line comparing the two stores at p99."""
    added = percentile(times["Redis"], 0.99) - percentile(times["SQLite"], 0.99)
    return f"\nRedis against SQLite at p99: {added:+.3f} ms (goal: at most +1 ms)\n"


async def store_turns(redis: RedisServer, *, messages: int) -> None:
    """Part 0a: the store calls an auto-reply waits for (the opt-out read, then the cooldown check-and-start)."""
    with tempfile.TemporaryDirectory() as folder:
        stores = {"SQLite": await SqliteStore.open(Path(folder) / "s.sqlite3"),
                  "Redis": await RedisStore.open(redis.url)}

        def step(store: Store) -> Callable[[int], Awaitable[object]]:
            async def calls(i: int) -> None:
                await store.is_opted_out("g", f"u{i}")
                pair = [Cooldown("g", f"channel:c{i % CHANNELS}", 0), Cooldown("g", f"user:u{i}", 60)]
                await store.start_cooldowns(pair, at=float(i))
            return calls

        try:
            times = await in_turns({name: step(store) for name, store in stores.items()}, messages)
        finally:
            for store in stores.values():
                await store.close()
    print(f"Part 0a: the store calls one auto-reply waits for, {messages} each, in turns of {TURN}\n")
    print("| store | p50 ms | p99 ms |\n|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {percentile(values, 0.99):.3f} |")
    print(p99_added(times))


async def core_turns(redis: RedisServer, *, messages: int) -> None:
    """Part 0b: the core's whole decision (on_message) on SQLite and on Redis."""
    with tempfile.TemporaryDirectory() as folder:
        metrics = {name: Metrics(platform="bench") for name in ("SQLite", "Redis")}
        cores = {name: await open_test_core(Path(folder) / name, observer=metrics[name],
                                            redis_url=redis.url if name == "Redis" else None) for name in metrics}

        def step(core: Core) -> Callable[[int], Awaitable[object]]:
            return lambda i: core.on_message(make_message(TEXTS[i % len(TEXTS)], channel_id=f"c{i % CHANNELS}",
                                                          user_id=f"u{i}"))

        try:
            times = await in_turns({name: step(core) for name, core in cores.items()}, messages)
        finally:
            for core in cores.values():
                await core.close()
    print(f"Part 0b: the core's auto-reply decision in this process, {messages} messages each, in turns of {TURN}\n")
    print("| store | p50 ms | p99 ms | store ms waited per message |\n|---|---|---|---|")
    behind = ("add_counts", "mark_used")  # written in the background: the decision does not wait for them
    for name, values in times.items():
        text = metrics[name].exposition().decode()
        spent = sum(float(line.split()[-1]) for line in text.splitlines()
                    if line.startswith("crybot_store_seconds_sum") and not any(op in line for op in behind))
        print(f"| {name} | {statistics.median(values):.2f} | {percentile(values, 0.99):.2f} "
              f"| {spent * 1000 / len(values):.2f} |")
    print(p99_added(times))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=8.0, help="messages per second in part 1")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument("--bound-ms", type=float, default=1000.0, help="the p99 bound of part 2")
    parser.add_argument("--ramp", type=float, nargs="+", default=[5, 10, 15, 20, 25, 30, 40, 50, 60, 80])
    parser.add_argument("--core-messages", type=int, default=2000, help="messages per store in part 0")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        redis = RedisServer(Path(folder))
        redis.start()
        try:
            await store_turns(redis, messages=args.core_messages)
            await core_turns(redis, messages=args.core_messages)
            print(f"Part 1: {args.rate:g} messages/s for {args.seconds:g} s per row, every {RETRY_EVERY}th sent "
                  f"twice (the second as a retry to the next process), renders warmed\n")
            print(HEADER)
            fixed: dict[tuple[str, int], Result] = {}
            for store, processes in CONFIGS:
                [result] = await measure(store, processes, [args.rate], seconds=args.seconds,
                                         bound_ms=float("inf"), redis=redis)
                fixed[(store, processes)] = result
                print(result.row(), flush=True)
            print(f"\nPart 2: the highest rate sustained with p99 <= {args.bound_ms:g} ms, none lost\n")
            print(HEADER)
            best: dict[int, float] = {}
            for processes in (1, 2):
                runs = await measure("Redis", processes, args.ramp, seconds=args.seconds, bound_ms=args.bound_ms,
                                     redis=redis)
                for result in runs:
                    print(result.row(), flush=True)
                best[processes] = max((r.offered for r in runs if sustained(r, args.bound_ms)), default=0.0)
        finally:
            redis.stop()
    sqlite, redis1 = fixed[("SQLite", 1)], fixed[("Redis", 1)]
    added = percentile(redis1.latencies_ms, 0.99) - percentile(sqlite.latencies_ms, 0.99)
    scale = best[2] / best[1] if best[1] else 0.0
    lost = sum(r.lost for r in fixed.values())
    duplicated = sum(r.duplicated for r in fixed.values())
    print("\n| goal | measured |\n|---|---|")
    store_added = (redis1.store_seconds / max(1, len(redis1.latencies_ms))
                   - sqlite.store_seconds / max(1, len(sqlite.latencies_ms))) * 1000
    print(f"| Redis adds <= 1 ms to p99 against SQLite (1 process, {args.rate:g}/s) | {added:+.1f} ms "
          f"(store time per reply: {store_added:+.2f} ms) |")
    print(f"| 2 processes sustain >= 1.7x the rate of 1 at p99 <= {args.bound_ms:g} ms "
          f"| {best[2]:g}/s vs {best[1]:g}/s = {scale:.2f}x |")
    print(f"| none lost, none duplicated (part 1) | {lost} lost, {duplicated} duplicated |")
    print(f"\nload average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
          f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    asyncio.run(main())
