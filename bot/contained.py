"""Read a file only if the file actually opened lies inside a folder: checked at open time, not at load time."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Not following a symlink in the last part, and never blocking on a FIFO swapped in for a picture.
FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
PROC_FD = Path("/proc/self/fd")


class OutsideFolder(PermissionError):
    """The path leads outside the folder it must stay in (a symlink swapped in, say)."""


def open_inside(path: Path, *, root: Path | None) -> int:
    """Open a regular file for reading and return its descriptor; with `root`, only if it really lies inside root.

    The path is resolved right before opening, and the descriptor is checked afterwards (through /proc where the
    system has it): a link swapped in between the two still cannot lead outside.
    """
    real = Path(os.path.realpath(path))
    inside = Path(os.path.realpath(root)) if root is not None else None
    if inside is not None and not real.is_relative_to(inside):
        raise OutsideFolder(f"{path} leads outside {root}")
    fd = os.open(real, FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        if inside is not None and not _opened_inside(fd, info, real, inside):
            raise OutsideFolder(f"{path} leads outside {root}")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_inside(path: Path, *, root: Path | None, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a file opened with open_inside, and its stat; OverflowError past max_bytes."""
    fd = open_inside(path, root=root)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if info.st_size > max_bytes:
            raise OverflowError(info.st_size)
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OverflowError(len(data))
    return data, info


def _opened_inside(fd: int, info: os.stat_result, real: Path, inside: Path) -> bool:
    """Whether the open file is the one inside the folder: its /proc name, else the resolved path's identity."""
    try:
        opened = Path(os.readlink(PROC_FD / str(fd)))
    except OSError:  # no /proc: the resolved path must still name this very file
        try:
            return os.path.samestat(info, os.stat(real, follow_symlinks=False))
        except OSError:
            return False
    return opened.is_relative_to(inside)
