"""Point lists for the curves the art is made of: Béziers, tear drops, wobbles."""

from __future__ import annotations

import math
from collections.abc import Sequence

from art.canvas import Point


def bezier(points: Sequence[Point], *, steps: int = 32) -> list[Point]:
    """Sample a Bézier curve of any degree through its control points."""
    out: list[Point] = []
    for i in range(steps + 1):
        t = i / steps
        pts = list(points)
        while len(pts) > 1:
            pts = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(pts, pts[1:])]
        out.append(pts[0])
    return out


def teardrop(centre: Point, *, width: float, height: float, tilt: float = 0, steps: int = 40) -> list[Point]:
    """A tear: a round belly at the centre's bottom and a point above, tilted by degrees."""
    cx, cy = centre
    a = math.radians(tilt)
    out: list[Point] = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        # Classic drop curve: x = sin t · sin(t/2), y = cos t; the tip sits at t = 0.
        x = math.sin(t) * math.sin(t / 2) * width / 1.3
        y = -math.cos(t) * height / 2
        out.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return out


def wobble(start: Point, end: Point, *, amplitude: float, waves: float, phase: float = 0, steps: int = 40) -> list[Point]:
    """A wavy line between two points, for trembling lips and shaky outlines."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    out: list[Point] = []
    for i in range(steps + 1):
        t = i / steps
        off = amplitude * math.sin(2 * math.pi * (waves * t) + phase)
        out.append((x0 + (x1 - x0) * t + nx * off, y0 + (y1 - y0) * t + ny * off))
    return out


def ring(centre: Point, *, rx: float, ry: float, start: float = 0, end: float = 360, steps: int = 48) -> list[Point]:
    """Points along an ellipse from start to end degrees (clockwise from three o'clock)."""
    cx, cy = centre
    out: list[Point] = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def shift(points: Sequence[Point], dx: float = 0, dy: float = 0) -> list[Point]:
    """Move points by an offset."""
    return [(x + dx, y + dy) for x, y in points]


def mirror(points: Sequence[Point], *, axis: float) -> list[Point]:
    """Reflect points across a vertical line at x = axis."""
    return [(2 * axis - x, y) for x, y in points]


def rotate(points: Sequence[Point], *, about: Point, degrees: float) -> list[Point]:
    """Turn points about a centre."""
    a = math.radians(degrees)
    cx, cy = about
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for x, y in points]
