"""A full disk while crybot saves a file it reads back later: the previous copy must survive whole."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from bot.catalogue.live import LiveCatalogue, saved_copy_path
from tests.factories import catalogue_data, write_catalogue

# Runs in a child process: RLIMIT_FSIZE makes a write past the limit fail with EFBIG, as a full disk fails with
# ENOSPC, in the middle of the file, after part of it reached the disk.
_RELOAD_ON_A_FULL_DISK = textwrap.dedent(
    """
    import asyncio, resource, signal, sys
    from pathlib import Path
    from bot.catalogue.live import LiveCatalogue

    path, last_good, bigger, limit = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    live = LiveCatalogue.open(path, last_good=last_good)  # saves the first good copy while there is room
    path.write_text(bigger, encoding="utf-8")  # the admin's next edit: good, and longer
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    assert asyncio.run(live.reload()), live.problems  # the edit serves; only its copy cannot be saved
    """
)


def _bigger(data: dict[str, object], *, extra: int) -> str:
    """A good catalogue made longer by alt text, so saving it needs more room than the disk has."""
    memes = data["memes"]
    assert isinstance(memes, list)
    memes[0]["alt"] = "a sad cat, " + "very " * extra + "sad"
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_full_disk_while_saving_keeps_the_previous_good_copy_for_the_next_restart(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    last_good = tmp_path / "data" / "catalogue.last-good.yaml"
    saved = saved_copy_path(last_good, path)
    first = path.read_bytes()
    bigger = _bigger(catalogue_data(), extra=150)
    limit = len(first) + 200  # room for the first copy, not for the edited one
    done = subprocess.run(
        [sys.executable, "-c", _RELOAD_ON_A_FULL_DISK, str(path), str(last_good), bigger, str(limit)],
        check=False, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "could not save the last good catalogue" in done.stderr
    assert saved.read_bytes() == first, "the saved copy was cut short instead of left whole"
    assert [p.name for p in saved.parent.iterdir()] == [saved.name], "a temporary file was left behind"

    # Space is freed, crybot restarts, and the admin's next edit has a typo: the saved copy serves.
    path.write_text(path.read_text(encoding="utf-8").replace("- sad\n", "- sadd\n", 1), encoding="utf-8")
    restarted = LiveCatalogue.open(path, last_good=last_good)
    assert restarted.problems and "unknown mood 'sadd'" in restarted.problems[0]
    assert restarted.current.text.encode() == first

