"""A real redis-server for a test: on a free loopback port, nothing saved to disk, stopped afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

READY_LINE = b"Ready to accept connections"
START_TIMEOUT = 10.0
MISSING = ("redis-server is not installed, so the tests of crybot's Redis stores cannot run; `make test` installs "
           "Debian's redis-server when it runs as root (apt-get install redis-server)")


def _free_port() -> int:
    """A loopback port free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def redis_server(folder: Path) -> AsyncIterator[str]:
    """Start redis-server (skipping the test when there is none); yield its URL; stop it after."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip(MISSING)
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(folder), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    seen: list[bytes] = []
    drain: asyncio.Task[bytes] | None = None
    try:
        async with asyncio.timeout(START_TIMEOUT):
            while READY_LINE not in (line := await process.stdout.readline()):
                if not line:
                    raise AssertionError("redis-server stopped at start:\n" + b"".join(seen).decode(errors="replace"))
                seen.append(line)
        # Keep reading its log, so a full pipe never stalls it.
        drain = asyncio.create_task(process.stdout.read())
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()
        if drain is not None:
            await drain
