"""SIGTERM and Ctrl-C end every crybot command within seconds, closing what it opened; nothing keeps it alive."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.cli import STOP_DEADLINE
from tests.factories import write_catalogue

REPO = Path(__file__).resolve().parents[1]
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
EXIT_WAIT = 30.0  # a generous bound on the wait for a process that must stop; never a speed assertion


@contextmanager
def child(*command: str, cwd: Path) -> Iterator[subprocess.Popen[str]]:
    """A child process with piped input and output; killed if a test leaves it running."""
    process = subprocess.Popen(list(command), cwd=cwd, env=ENV, text=True, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=EXIT_WAIT)


@contextmanager
def running(*args: str, cwd: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start `crybot web` in a child process and yield it with its URL."""
    with child(sys.executable, "-m", "bot.cli", *args, cwd=cwd) as process:
        assert process.stdout is not None
        line = process.stdout.readline()  # the playground announces its URL once it listens
        found = re.search(r"http://\S+", line)
        assert found, f"no URL in {line!r}; stderr: {process.stderr.read() if process.stderr else ''}"
        yield process, found.group(0)


def post(url: str, body: dict[str, object]) -> dict[str, object]:
    """POST JSON to the playground and decode the answer."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=EXIT_WAIT) as response:
        return json.loads(response.read())


def use_the_playground(url: str, catalogue: Path) -> threading.Thread:
    """What a few minutes of use does: messages, a preview shuffled, an open event stream, a live edit."""
    def listen() -> None:
        try:
            with urllib.request.urlopen(url + "api/events", timeout=EXIT_WAIT) as stream:
                for _ in stream:
                    pass
        except OSError:
            pass  # the server went away: what this test wants

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    for text in ("nobody came to my party 😢 crying", "build failed AGAIN 😭", "deploy is on thursday"):
        post(url + "api/message", {"text": text})
    preview = post(url + "api/message", {"text": "/cry she said yes mood:joy"})["reply"]
    assert isinstance(preview, dict) and preview["preview_id"]
    post(url + "api/button", {"preview_id": preview["preview_id"], "action": "shuffle"})
    version = json.loads(urllib.request.urlopen(url + "api/catalogue", timeout=EXIT_WAIT).read())["version"]
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("channel_cooldown: 0", "channel_cooldown: 5"))
    deadline = time.monotonic() + EXIT_WAIT
    while json.loads(urllib.request.urlopen(url + "api/catalogue", timeout=EXIT_WAIT).read())["version"] == version:
        assert time.monotonic() < deadline, "the edit was never reloaded"
        time.sleep(0.05)
    return listener


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_used_playground_stops_on_a_signal_and_leaves_a_bots_state_alone(tmp_path: Path, stop: int) -> None:
    catalogue = write_catalogue(tmp_path)
    data = tmp_path / "data"
    with running("web", "--port", "0", "--config", str(catalogue), "--data-dir", str(data), cwd=tmp_path) as (
        process,
        url,
    ):
        use_the_playground(url, catalogue)
        process.send_signal(stop)
        assert process.wait(timeout=EXIT_WAIT) == 0
        stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr and "still stopping" not in stderr, stderr
    assert not (data / "crybot.sqlite3").exists()  # the playground's state lived in memory, apart from a bot's


def test_a_command_that_cannot_stop_is_ended_at_the_deadline(tmp_path: Path) -> None:
    # A job that ignores its cancellation and waits on a thread forever: whatever hangs, the process must end.
    script = (
        "import asyncio, sys, threading\n"
        "from bot.cli import _run_async\n"
        "async def stubborn():\n"
        "    print('ready', flush=True)\n"
        "    try:\n"
        "        await asyncio.sleep(3600)\n"
        "    except asyncio.CancelledError:\n"
        "        await asyncio.to_thread(threading.Event().wait)\n"
        "    return 0\n"
        "sys.exit(_run_async(stubborn()))\n"
    )
    with child(sys.executable, "-c", script, cwd=tmp_path) as process:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=EXIT_WAIT) == 1
    stderr = process.stderr.read() if process.stderr else ""
    assert f"still stopping ({STOP_DEADLINE:g} s after the signal); exiting now" in stderr, stderr


def test_make_run_passes_its_port_to_the_playground() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n: say what it would run, without setting up or serving.
    planned = subprocess.run(["make", "-s", "-n", "-C", str(REPO), "run", "PORT=8123"], capture_output=True, text=True,
                             timeout=EXIT_WAIT, check=False)
    assert "crybot web --port 8123" in planned.stdout, planned.stdout + planned.stderr


def test_ctrl_c_ends_classify_quietly(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path)
    with child(sys.executable, "-m", "bot.cli", "classify", "--config", str(catalogue), cwd=tmp_path) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write('{"text": "crying"}\n')
        process.stdin.flush()
        assert json.loads(process.stdout.readline())["trigger"]  # it is reading, waiting for the next line
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=EXIT_WAIT) == 130
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")
