"""The render cache's folder: a byte budget, least recently used first out, and a spill folder for a full disk."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Final

from bot.files import write_atomic
from bot.render.model import RenderError

log = logging.getLogger(__name__)
DISK_BUDGET: Final = 256 * 2**20  # about 1,500 captioned memes at a typical 170 KB
LOW_WATER: Final = 0.9  # a trim goes down to 90% of the budget, so it does not run on every render
STALE_TEMP: Final = 3600.0  # a temporary file this old was left by a crash
FULL: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
NOTE_EVERY: Final = 60.0  # seconds between log lines about a full disk


class RenderFolder:
    """Files by name in one folder, within `budget` bytes; the order of last use is kept by access time.

    When the folder cannot take a file (a full disk, a quota, a read-only mount) the file goes to a private spill
    folder in /dev/shm (else the temp folder) instead, holding at most `spill_budget` bytes.
    """

    def __init__(self, directory: Path, *, budget: int = DISK_BUDGET, spill_budget: int) -> None:
        self.directory = directory
        self.budget = budget
        self.spill_budget = spill_budget
        self._index: OrderedDict[str, int] | None = None  # file name -> size, least recently used first
        self.used = 0
        self._lock = threading.Lock()  # files are stored from worker threads, several at once
        self._spill: Path | None = None
        self._spilled: OrderedDict[Path, int] = OrderedDict()
        self._noted = -NOTE_EVERY

    def store(self, name: str, data: bytes) -> Path:
        """Write a file into the folder, trimming it to budget; spill when the disk cannot take it. Blocking."""
        with self._lock:
            return self._store(name, data)

    def used_now(self, path: Path) -> None:
        """Note a file as just used, so it is the last to go (its access time on disk says so too)."""
        if not self._lock.acquire(blocking=False):  # a write is under way: the next count reads the access time
            return
        try:
            if self._index is not None and path.parent == self.directory and path.name in self._index:
                self._index.move_to_end(path.name)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Remove the spill folder, if one was made."""
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None
            self._spilled.clear()

    def _store(self, name: str, data: bytes) -> Path:
        """store(), with the folder's bookkeeping to itself."""
        index = self._known()
        path = self.directory / name
        try:
            _write_atomic(path, data)
        except OSError as exc:
            if exc.errno not in FULL or not self._make_room(len(data), keep=name):
                return self._spill_write(name, data, exc)
            try:
                _write_atomic(path, data)
            except OSError as again:
                return self._spill_write(name, data, again)
        self.used += len(data) - index.pop(name, 0)
        index[name] = len(data)
        if self.used > self.budget:
            self._trim(int(self.budget * LOW_WATER), keep=name)
        return path

    def _known(self) -> OrderedDict[str, int]:
        """The folder's files by last use (access time), counted once and then kept up to date."""
        if self._index is None:
            self._index, self.used = _scan(self.directory)
        return self._index

    def _trim(self, target: int, *, keep: str) -> int:
        """Delete the least recently used files (never `keep`) until the folder holds at most `target` bytes.

        The folder is counted afresh first: other processes sharing the data folder write to it too.
        Returns the bytes freed.
        """
        self._index, self.used = _scan(self.directory)
        freed = 0
        for name in list(self._index):
            if self.used <= target:
                break
            if name != keep:
                (self.directory / name).unlink(missing_ok=True)
                size = self._index.pop(name)
                self.used -= size
                freed += size
        return freed

    def _make_room(self, needed: int, *, keep: str) -> bool:
        """On a full disk, give back our least recently used files (a tenth, or twice what is needed)."""
        target = max(0, min(self.used - 2 * needed, int(self.used * LOW_WATER)))
        return self._trim(target, keep=keep) > 0

    def _spill_write(self, name: str, data: bytes, cause: OSError) -> Path:
        """Keep a file that the folder could not take in the spill folder, within the spill budget."""
        now = time.monotonic()
        if now - self._noted >= NOTE_EVERY:
            self._noted = now
            log.warning("cannot write to %s (%s); keeping renders in %s for now",
                        self.directory, os.strerror(cause.errno or 0), self._spill or "a spill folder")
        try:
            if self._spill is None:
                self._spill = Path(tempfile.mkdtemp(prefix="crybot-renders-", dir=_spill_root()))
            path = self._spill / name
            _write_atomic(path, data)
        except OSError as exc:
            raise RenderError("there is no room to save the picture right now") from exc
        self._spilled.pop(path, None)
        self._spilled[path] = len(data)
        while sum(self._spilled.values()) > self.spill_budget and len(self._spilled) > 1:
            dropped, _ = self._spilled.popitem(last=False)
            dropped.unlink(missing_ok=True)
        return path


def _scan(directory: Path) -> tuple[OrderedDict[str, int], int]:
    """The files in a folder, least recently used (oldest access time) first, and their total size."""
    found: list[tuple[int, str, int]] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        entries = []
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        if entry.name.startswith("."):  # a temporary file; one left by a crash goes now
            if now - info.st_mtime > STALE_TEMP:
                Path(entry.path).unlink(missing_ok=True)
            continue
        if entry.is_file(follow_symlinks=False):
            found.append((info.st_atime_ns, entry.name, info.st_size))
    found.sort()
    return OrderedDict((name, size) for _, name, size in found), sum(size for _, _, size in found)


def touch(path: Path) -> bool:
    """Stamp a file's access time with now (what LRU order is kept by on disk); False if it is gone."""
    try:
        info = path.stat()
        os.utime(path, ns=(time.time_ns(), info.st_mtime_ns))  # set explicitly: mounts often skip atime
    except FileNotFoundError:
        return False
    except OSError:
        return path.exists()
    return True


def _spill_root() -> str | None:
    """Memory-backed storage when the system has it (a full disk does not touch it), else the temp folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


_write_atomic = write_atomic  # one name here, where tests make the disk fill up
