"""The crying cat: a round white head, big ears, bigger teary eyes."""

from __future__ import annotations

from art.canvas import Canvas, Colour, Point
from art.parts import INK, blush
from art.shapes import bezier, mirror

EAR_PINK: Colour = (255, 178, 196)
NOSE: Colour = (246, 136, 160)


def head(
    c: Canvas,
    centre: Point,
    *,
    r: float,
    fur: Colour = (252, 252, 254),
    shade: Colour = (212, 218, 236),
    ears_back: float = 0,
    stroke: float = 5,
) -> None:
    """A cat's head: a wide rounded face with two pointed ears (pressed back when ears_back > 0)."""
    x, y = centre
    for side in (-1, 1):
        base_in = (x + side * r * 0.22, y - r * 0.72)
        base_out = (x + side * r * 0.98, y - r * 0.3)
        tip = (x + side * r * (0.78 + ears_back * 0.45), y - r * (1.22 - ears_back * 0.5))
        ear = bezier([base_in, (tip[0] - side * r * 0.1, tip[1] - r * 0.05), tip], steps=12) + bezier(
            [tip, (tip[0] + side * r * 0.12, tip[1] + r * 0.2), base_out], steps=12
        )
        c.polygon(ear, fill=fur, outline=INK, width=stroke)
        inner = [
            (base_in[0] + side * r * 0.12, base_in[1] + r * 0.08),
            (tip[0] - side * r * 0.04, tip[1] + r * 0.14),
            (base_out[0] - side * r * 0.2, base_out[1] - r * 0.04),
        ]
        c.polygon(inner, fill=EAR_PINK)
    box = (x - r, y - r * 0.8, x + r, y + r * 0.72)
    c.gradient_ellipse(box, [fur, fur, shade])
    c.ellipse(box, outline=INK, width=stroke)
    # Cheek fluff: a few short strokes breaking the outline low on each side.
    for side in (-1, 1):
        fx = x + side * r * 0.97
        tufts = [(fx, y + r * 0.05), (fx + side * r * 0.1, y + r * 0.14), (fx - side * r * 0.02, y + r * 0.2)]
        c.polygon([*tufts, (fx - side * r * 0.1, y + r * 0.3)], fill=fur)
        c.line(tufts, fill=INK, width=stroke * 0.8)


def whiskers(c: Canvas, centre: Point, *, r: float, droop: float = 0.1, colour: Colour = INK) -> None:
    """Three whiskers a side, drooping when sad."""
    x, y = centre
    for side in (-1, 1):
        for k, lift in enumerate((-0.08, 0.0, 0.08)):
            start = (x + side * r * 0.55, y + r * (0.22 + lift * 0.5))
            end = (x + side * r * 1.25, y + r * (0.22 + lift * 1.6 + droop))
            c.line(bezier([start, (x + side * r * 0.9, y + r * (0.2 + lift)), end], steps=12), fill=colour, width=2.4 - k * 0.2)


def nose(c: Canvas, centre: Point, *, size: float) -> None:
    """A small pink triangle nose."""
    x, y = centre
    c.polygon(
        bezier([(x - size, y - size * 0.5), (x, y - size * 0.8), (x + size, y - size * 0.5)], steps=8) + [(x, y + size * 0.5)],
        fill=NOSE,
        outline=INK,
        width=size * 0.3,
    )


def wobbly_mouth(c: Canvas, centre: Point, *, size: float, tremble: float = 1.0, stroke: float = 4) -> None:
    """The trembling cat mouth: a small w under the nose and a quivering lower lip."""
    x, y = centre
    for side in (-1, 1):
        c.line(bezier([(x, y), (x + side * size * 0.3, y + size * 0.35), (x + side * size * 0.65, y + size * 0.05)]), fill=INK, width=stroke)
    lip = bezier([(x - size * 0.45, y + size * 0.75), (x, y + size * 0.35), (x + size * 0.45, y + size * 0.75)], steps=20)
    lip = [(px, py + tremble * (1 if i % 4 < 2 else -1)) for i, (px, py) in enumerate(lip)]
    c.line(lip, fill=INK, width=stroke)


def paw(c: Canvas, centre: Point, *, r: float, fur: Colour = (252, 252, 254), stroke: float = 5) -> None:
    """A round front paw with toe lines."""
    x, y = centre
    c.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=fur, outline=INK, width=stroke)
    for dx in (-0.33, 0.33):
        c.line([(x + r * dx, y + r * 0.75), (x + r * dx, y + r * 0.35)], fill=INK, width=stroke * 0.7)


def body(c: Canvas, centre: Point, *, w: float, h: float, fur: Colour, stroke: float = 5) -> None:
    """A pear-shaped sitting body that runs off the bottom edge."""
    x, y = centre
    pts = bezier([(x - w * 0.35, y - h * 0.5), (x - w * 0.7, y), (x - w * 0.55, y + h), (x - w * 0.5, y + h * 1.2)], steps=24)
    right = mirror(pts, axis=x)[::-1]
    shape = pts + right
    c.polygon(shape, fill=fur)
    c.line(pts, fill=INK, width=stroke)
    c.line(right, fill=INK, width=stroke)


def cheeks(c: Canvas, centre: Point, *, r: float) -> None:
    """Pink cheeks under the eyes."""
    x, y = centre
    for side in (-1, 1):
        blush(c, (x + side * r * 0.62, y + r * 0.22), rx=r * 0.16, ry=r * 0.08)

