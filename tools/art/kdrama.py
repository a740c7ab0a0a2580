"""K-drama sobbing: a bob-haired lead whose tears fall in waterfalls."""

from __future__ import annotations

import math
from typing import Literal

from art.canvas import Canvas, Colour, Point
from art.parts import INK, TEAR, TEAR_DEEP, TEAR_LIGHT, blush, brow, closed_eye, squeezed_eye, wail
from art.shapes import bezier

SKIN: Colour = (255, 224, 204)
SKIN_SHADE: Colour = (246, 190, 170)
HAIR: Colour = (34, 28, 40)
HAIR_SHINE: Colour = (86, 78, 110)

Eyes = Literal["squeeze", "yu", "happy"]


def rays(c: Canvas, centre: Point, *, colours: tuple[Colour, Colour], count: int = 18, turn: float = 0.0) -> None:
    """A sunburst behind the drama, turned by a fraction of one ray."""
    x, y = centre
    step = 2 * math.pi / count
    for k in range(count):
        a0 = (k + turn) * step
        a1 = a0 + step / 2
        c.polygon([(x, y), (x + 900 * math.cos(a0), y + 900 * math.sin(a0)), (x + 900 * math.cos(a1), y + 900 * math.sin(a1))], fill=colours[k % 2])


def waterfall(c: Canvas, path: list[Point], *, width: float, phase: float, dashes: int = 6) -> None:
    """A thick river of tears with light streaks that run down it as the phase turns."""
    c.line(path, fill=TEAR_DEEP, width=width + 6)
    c.line(path, fill=TEAR, width=width)
    n = len(path) - 1
    for k in range(dashes):
        t0 = ((k + phase) / dashes) % 1.0
        i0 = int(t0 * n)
        i1 = min(n, i0 + max(2, n // 10))
        if i1 - i0 >= 1:
            c.line(path[i0:i1], fill=(*TEAR_LIGHT, 220), width=width * 0.22)


def splash(c: Canvas, centre: Point, *, phase: float, size: float) -> None:
    """Droplets thrown up where a waterfall lands, looping with the phase."""
    x, y = centre
    for k, (dx, h) in enumerate(((-1.0, 0.8), (-0.5, 1.2), (0.4, 1.0), (0.9, 0.7), (0.1, 1.4))):
        t = (phase + k / 5) % 1.0
        px = x + dx * size * t * 1.4
        py = y - h * size * 4 * t * (1 - t)
        r = size * 0.16 * (1 - t * 0.5)
        c.circle((px, py), r, fill=TEAR, outline=TEAR_DEEP, width=2)


def sobber(
    c: Canvas,
    *,
    x: float = 256,
    y: float = 250,
    eyes: Eyes = "squeeze",
    mouth_open: float = 1.0,
    smile: bool = False,
    top: Colour = (255, 250, 250),
) -> list[Point]:
    """Draw the K-drama lead's head; gives the two outer eye corners where tears start."""
    r = 118
    # The bob: hair behind the face, falling to the jaw.
    # Shoulders in a pastel top, then the bob: a round crown with straight sides cut at the jaw.
    torso = bezier([(x - 200, y + 300), (x - 190, y + 170), (x - 110, y + 140), (x, y + 136)], steps=16)
    torso += [(2 * x - px, py) for px, py in torso[::-1]]
    c.polygon(torso, fill=top, outline=INK, width=5)
    c.rect((x - 26, y + r - 30, x + 26, y + 150), fill=SKIN_SHADE, outline=INK, width=5)
    w = r + 36
    crown = bezier([(x - w, y + 10), (x - w, y - r - 70), (x + w, y - r - 70), (x + w, y + 10)], steps=36)
    bob = [*crown, (x + w + 4, y + r + 10), *bezier([(x + w + 4, y + r + 10), (x, y + r + 30), (x - w - 4, y + r + 10)], steps=16)]
    c.polygon(bob, fill=HAIR, outline=INK, width=5)
    c.gradient_ellipse((x - r, y - r, x + r, y + r), [SKIN, SKIN, SKIN_SHADE])
    c.ellipse((x - r, y - r, x + r, y + r), outline=INK, width=5)
    # Blunt bangs cut straight across the forehead.
    bangs = bezier([(x - r - 8, y - 6), (x - r - 10, y - r - 40), (x + r + 10, y - r - 40), (x + r + 8, y - 6)], steps=30)
    bangs += [(x + r - 8, y - 40), *bezier([(x + r - 8, y - 40), (x, y - 70), (x - r + 8, y - 40)], steps=16)]
    c.polygon(bangs, fill=HAIR, outline=INK, width=5)
    c.line(bezier([(x - 70, y - r - 4), (x - 20, y - r - 22), (x + 40, y - r - 16)], steps=12), fill=HAIR_SHINE, width=7)
    corners: list[Point] = []
    for side in (-1, 1):
        ex, ey = x + side * 50, y + 10
        if eyes == "squeeze":
            squeezed_eye(c, (ex, ey), size=22, left=side < 0, stroke=7)
            brow(c, (ex - side * 10, ey - 50), (ex + side * 30, ey - 32), width=7, bend=-6)
            corners.append((ex + side * 20, ey + 6))
        elif eyes == "yu":
            # ㅠ: a shut eye as a flat bar, tears dropping straight down from two points under it.
            c.line([(ex - 30, ey), (ex + 30, ey)], fill=INK, width=8)
            brow(c, (ex - side * 14, ey - 46), (ex + side * 30, ey - 30), width=7, bend=-4)
            corners.append((ex - 14, ey + 4))
            corners.append((ex + 14, ey + 4))
        else:
            closed_eye(c, (ex, ey), width=52, curve=-24, stroke=7)
            brow(c, (ex - side * 12, ey - 44), (ex + side * 30, ey - 40), width=6, bend=-8)
            corners.append((ex + side * 24, ey + 4))
        blush(c, (ex + side * 12, ey + 40), rx=30, ry=14, colour=(255, 110, 140, 110))
    if smile:
        mx, my = x, y + 62
        c.polygon(bezier([(mx - 40, my - 8), (mx, my + 10), (mx + 40, my - 8)], steps=12) + bezier([(mx + 40, my - 8), (mx, my + 52 * mouth_open), (mx - 40, my - 8)], steps=16), fill=(120, 30, 48), outline=INK, width=5)
    else:
        h = 70 * mouth_open
        wail(c, (x - 52, y + 44, x + 52, y + 44 + h))
    return corners


def hands_on_cheeks(c: Canvas, *, x: float, y: float) -> None:
    """Two hands pressed to the cheeks, the classic melodrama pose."""
    for side in (-1, 1):
        hx = x + side * 128
        c.rect((hx - 30, y + 20, hx + 30, y + 140), fill=SKIN, outline=INK, width=5, radius=28)
        for k in range(3):
            fy = y + 40 + k * 22
            c.line([(hx - side * 26, fy), (hx - side * 6, fy)], fill=INK, width=3.5)


