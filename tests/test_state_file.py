"""A damaged or unwritable crybot.sqlite3: every long-running verb exits at once with one line saying what to do."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.factories import write_catalogue

REPO = Path(__file__).resolve().parent.parent
VERBS = {
    "try": ["try", "crying over my exam"],
    "run discord": ["run", "discord"],
    "run slack": ["run", "slack"],
}  # the playground keeps its state in memory and never opens crybot.sqlite3


def _random_bytes(db: Path) -> None:
    db.write_bytes(os.urandom(8192))


def _truncated(db: Path) -> None:
    """A real state file cut in half, as a full disk or a bad copy leaves it."""
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE cooldown (key TEXT PRIMARY KEY, at REAL NOT NULL)")
        connection.executemany("INSERT INTO cooldown VALUES (?, 1.0)", ((f"cd:channel:{i}" * 4,) for i in range(4000)))
    connection.close()
    with db.open("r+b") as file:
        file.truncate(db.stat().st_size // 2)


def _read_only(db: Path) -> None:
    """A state file crybot may not write: permission bits, or for root (whom they do not stop) the immutable flag."""
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE note (a)")
    connection.close()
    if os.geteuid() != 0:
        db.chmod(0o444)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db)], check=False).returncode != 0:
        pytest.skip("running as root without chattr +i support: no way to make a file read-only for root")


STATES: dict[str, Callable[[Path], None]] = {
    "random bytes": _random_bytes, "truncated": _truncated, "read-only": _read_only,
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    yield folder
    db = folder / "crybot.sqlite3"
    if os.geteuid() == 0 and db.exists() and shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(db)], check=False)  # or pytest cannot clean the folder up


@pytest.mark.parametrize("state", STATES, ids=list(STATES))
@pytest.mark.parametrize("verb", VERBS, ids=list(VERBS))
def test_a_bad_state_file_stops_the_verb_with_one_line_naming_it(tmp_path: Path, data_dir: Path, verb: str,
                                                                 state: str) -> None:
    config = write_catalogue(tmp_path)
    db = data_dir / "crybot.sqlite3"
    STATES[state](db)
    env = os.environ | {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "DISCORD_TOKEN": "test"}
    command = [sys.executable, "-m", "bot.cli", *VERBS[verb], "--config", str(config), "--data-dir", str(data_dir)]
    # Before, each printed a traceback and then never exited; the timeout only keeps a regression from hanging CI.
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60, cwd=REPO, env=env)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1 and str(db) in lines[0], done.stderr
    assert lines[0].startswith("crybot: ") and ("move it aside" in lines[0] or "let crybot's user write" in lines[0])
