"""A real redis-server for the tests, on a free loopback port; skipped (saying why) where it is not installed.

CI sets CRYBOT_TESTS_NEED_REDIS=1: there a missing redis-server fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

START_WITHIN = 10.0  # seconds for redis-server to answer PING
MISSING = ("redis-server is not installed: `make test` installs Debian's redis-server when it runs as root with "
           "apt-get; elsewhere install it (apt-get install redis-server) to run the Redis tests")


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def need_redis_server() -> str:
    """The redis-server binary, or skip (fail under CRYBOT_TESTS_NEED_REDIS) saying why."""
    found = shutil.which("redis-server")
    if found is None:
        if os.environ.get("CRYBOT_TESTS_NEED_REDIS"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    return found


class RedisServer:
    """One redis-server process with no persistence; can be stopped and started again on the same port."""

    def __init__(self, folder: Path, *, port: int | None = None) -> None:
        self.binary = need_redis_server()
        self.port = port or free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL crybot is given."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait (bounded) until it answers PING."""
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + START_WITHIN
        while not self.answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}; see {self.folder}/redis.log")
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer within {START_WITHIN}s")
            time.sleep(0.02)  # polling a child process's port: there is no event to wait on

    def answers(self) -> bool:
        """Whether the server answers PING now."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server shared by the session's tests (each test starts from an empty database)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared server's URL, emptied before the test."""
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushall()
    return redis_server.url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own, which it may stop and start again."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()
