"""Which code points a font file maps to a real glyph, read from its sfnt cmap table."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO


def covered_points(path: Path) -> frozenset[int]:
    """Code points with a glyph other than .notdef in a TrueType/OpenType file."""
    with path.open("rb") as fh:
        cmap_at = _table_offset(fh, b"cmap")
        fh.seek(cmap_at)
        _version, count = struct.unpack(">HH", fh.read(4))
        records = [struct.unpack(">HHL", fh.read(8)) for _ in range(count)]
        points: set[int] = set()
        # Read every Unicode subtable: together they are the font's whole repertoire.
        for platform, encoding, offset in records:
            if (platform, encoding) in {(0, 3), (0, 4), (0, 6), (3, 1), (3, 10)}:
                points |= _subtable(fh, cmap_at + offset)
        return frozenset(points)


def _table_offset(fh: BinaryIO, tag: bytes) -> int:
    """Offset of one table in the file."""
    fh.seek(4)
    (count,) = struct.unpack(">H", fh.read(2))
    fh.seek(12)
    for _ in range(count):
        name, _checksum, offset, _length = struct.unpack(">4sLLL", fh.read(16))
        if name == tag:
            return int(offset)
    raise ValueError(f"font has no {tag.decode()} table")


def _subtable(fh: BinaryIO, at: int) -> set[int]:
    """Mapped code points of a format 4 or 12 subtable; other formats add nothing."""
    fh.seek(at)
    (fmt,) = struct.unpack(">H", fh.read(2))
    if fmt == 4:
        return _format4(fh, at)
    if fmt == 12:
        fh.seek(at + 12)
        (groups,) = struct.unpack(">L", fh.read(4))
        points: set[int] = set()
        for _ in range(groups):
            start, end, glyph = struct.unpack(">LLL", fh.read(12))
            points.update(range(start + (1 if glyph == 0 else 0), end + 1))
        return points
    return set()


def _format4(fh: BinaryIO, at: int) -> set[int]:
    """Segment-mapped BMP subtable: follow idRangeOffset into the glyph array where used."""
    fh.seek(at + 2)
    (length,) = struct.unpack(">H", fh.read(2))
    fh.seek(at)
    data = fh.read(length)
    (seg2,) = struct.unpack_from(">H", data, 6)
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", data, 14)
    starts = struct.unpack_from(f">{segs}H", data, 16 + seg2)
    deltas = struct.unpack_from(f">{segs}h", data, 16 + 2 * seg2)
    range_at = 16 + 3 * seg2
    ranges = struct.unpack_from(f">{segs}H", data, range_at)
    points: set[int] = set()
    for i in range(segs):
        for cp in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if ranges[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + ranges[i] + 2 * (cp - starts[i])
                if where + 2 > len(data):
                    continue
                (raw,) = struct.unpack_from(">H", data, where)
                glyph = (raw + deltas[i]) & 0xFFFF if raw else 0
            if glyph:
                points.add(cp)
    return points
