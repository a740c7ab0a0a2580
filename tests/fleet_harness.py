"""Real `crybot run` processes for the fleet tests: started as a user would, against the fakes, read by /metrics."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.redis_harness import free_port

REPO = Path(__file__).resolve().parent.parent
START_WITHIN = 90.0  # seconds for a process to import, connect and report ready on a busy, shared machine
POLL = 0.05


class Ops:
    """A crybot process's /metrics, /healthz and /readyz, read as Prometheus and a load balancer would."""

    def __init__(self, base: str) -> None:
        self.ops_url = base

    def describe(self) -> str:
        """What to show when a wait fails."""
        return self.ops_url

    def check_alive(self) -> None:
        """Raise if the process behind the endpoints has gone (in-process servers cannot)."""

    async def get(self, path: str) -> tuple[int, str]:
        """GET one of the ops endpoints."""
        async with aiohttp.ClientSession() as session, session.get(self.ops_url + path) as resp:
            return resp.status, await resp.text()

    async def metric(self, name: str, **labels: str) -> float:
        """The sum of a metric's samples matching the labels (0 when none)."""
        _, text = await self.get("/metrics")
        return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
                   if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()))

    async def wait_metric(self, name: str, at_least: float, *, timeout: float = 15.0, **labels: str) -> float:
        """Wait until a metric reaches a value; return it."""
        deadline = time.monotonic() + timeout
        while (value := await self.metric(name, **labels)) < at_least:
            if time.monotonic() > deadline:
                raise AssertionError(f"{name}{labels} stayed at {value} < {at_least}: {self.describe()}")
            await asyncio.sleep(POLL)  # counters behind HTTP: polling /metrics is how anyone watches them
        return value

    async def wait_ready(self, *, timeout: float = START_WITHIN) -> str:
        """Wait until /readyz says 200; return its body."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            try:
                status, body = await self.get("/readyz")
            except aiohttp.ClientError:
                status, body = 0, ""
            if status == 200:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"not ready within {timeout}s ({status} {body!r}): {self.describe()}")
            await asyncio.sleep(POLL)


class Replica(Ops):
    """One running `crybot run` process, its log, and its ops endpoints."""

    def __init__(self, name: str, process: subprocess.Popen[bytes], ops_url: str, log: Path) -> None:
        super().__init__(ops_url)
        self.name, self.process, self.log = name, process, log

    def said(self) -> str:
        """Everything the process logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def describe(self) -> str:
        return f"{self.name}, whose log ends:\n{self.said()[-3000:]}"

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.process.returncode}: {self.describe()}")

    def stop(self) -> None:
        """Stop the process as a supervisor would (SIGTERM), killing it if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def stopped_after() -> Iterator[list[Replica]]:
    """A list to put started processes in; each is stopped when the test ends."""
    started: list[Replica] = []
    yield started
    for replica in started:
        replica.stop()


def start(name: str, folder: Path, args: list[str], env: dict[str, str], *, ops_port: int | None = None) -> Replica:
    """Start `crybot ARGS` with an environment of its own; ops_port is where its /readyz answers."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.log"
    port = ops_port or free_port()
    if "--http" not in args:
        args = [*args, "--metrics-port", str(port)]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CRYBOT_", "SLACK_", "DISCORD_"))}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], env=base | env, cwd=REPO,
                                   stdout=out, stderr=subprocess.STDOUT)
    return Replica(name=name, process=process, ops_url=f"http://127.0.0.1:{port}", log=log)
