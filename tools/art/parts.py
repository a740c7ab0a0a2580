"""Face parts every character shares: teary eyes, tears, brows, mouths, blush, sweat."""

from __future__ import annotations

from collections.abc import Sequence

from art.canvas import Canvas, Colour, Point
from art.shapes import bezier, ring, shift, teardrop, wobble

INK: Colour = (42, 34, 52)
WHITE: Colour = (255, 255, 255)
TEAR: Colour = (128, 196, 255)
TEAR_DEEP: Colour = (52, 128, 222)
TEAR_LIGHT: Colour = (232, 246, 255)
BLUSH: Colour = (255, 120, 140, 90)
MOUTH: Colour = (120, 30, 48)
TONGUE: Colour = (240, 110, 120)


def tear(c: Canvas, centre: Point, *, size: float, tilt: float = 0) -> None:
    """One glossy tear drop with an outline and a highlight."""
    c.polygon(teardrop(centre, width=size * 0.8, height=size, tilt=tilt), fill=TEAR, outline=TEAR_DEEP, width=size * 0.07)
    x, y = centre
    c.ellipse((x - size * 0.2, y - size * 0.05, x - size * 0.05, y + size * 0.22), fill=(*TEAR_LIGHT, 230))


def sweat(c: Canvas, centre: Point, *, size: float, tilt: float = 0) -> None:
    """A pale sweat drop: a tear's nervous cousin."""
    c.polygon(
        teardrop(centre, width=size * 0.8, height=size, tilt=tilt), fill=(190, 230, 255), outline=(90, 160, 230), width=size * 0.07
    )
    x, y = centre
    c.ellipse((x - size * 0.18, y - size * 0.02, x - size * 0.04, y + size * 0.2), fill=WHITE)


def stream(c: Canvas, points: Sequence[Point], *, width: float, phase: float = 0.0, glints: int = 0) -> None:
    """A running stream of tears along a path; glints slide along it as phase goes 0 to 1."""
    c.line(points, fill=TEAR_DEEP, width=width + 3)
    c.line(points, fill=TEAR, width=width)
    c.line(shift(points, -width * 0.22, 0), fill=(*TEAR_LIGHT, 200), width=max(1.5, width * 0.22))
    n = len(points) - 1
    for g in range(glints):
        t = ((g + phase) / glints) % 1.0
        i = min(int(t * n), n - 1)
        x, y = points[i]
        c.ellipse((x - width * 0.18, y - width * 0.5, x + width * 0.18, y + width * 0.5), fill=(*WHITE, 210))


def teary_eye(
    c: Canvas,
    centre: Point,
    *,
    rx: float,
    ry: float,
    look: Point = (0, 0),
    iris: Colour = (58, 40, 34),
    iris_size: float = 0.78,
    pupil: bool = True,
    well: float = 0.45,
    outline: float = 4,
) -> None:
    """A big glossy eye brimming with tears: white, iris, two highlights and a wet lower rim."""
    x, y = centre
    c.ellipse((x - rx, y - ry, x + rx, y + ry), fill=WHITE)
    ir = min(rx, ry) * iris_size
    ix, iy = x + look[0], y + look[1]
    c.circle((ix, iy), ir, fill=iris)
    c.circle((ix, iy), ir * 0.78, fill=tuple(min(255, v + 30) for v in iris))
    if pupil:
        c.circle((ix, iy), ir * 0.45, fill=(16, 12, 20))
    if well:
        # Tears pooled on the lower lid: a translucent blue band that catches the light.
        band = ring((x, y), rx=rx * 0.98, ry=ry * 0.98, start=12, end=168)
        top = y + ry * (1 - 2 * well) * 0.6
        c.polygon([*band, (x - rx * 0.9, top), (x + rx * 0.9, top)], fill=(*TEAR, 120))
        c.line(ring((x, y), rx=rx * 0.8, ry=ry * 0.82, start=25, end=155), fill=(*TEAR_LIGHT, 220), width=max(2, rx * 0.08))
    c.circle((ix - ir * 0.38, iy - ir * 0.4), ir * 0.3, fill=WHITE)
    c.circle((ix + ir * 0.35, iy + ir * 0.3), ir * 0.13, fill=WHITE)
    c.ellipse((x - rx, y - ry, x + rx, y + ry), outline=INK, width=outline)


def closed_eye(c: Canvas, centre: Point, *, width: float, curve: float, stroke: float = 5) -> None:
    """A shut eye as one arc: curve > 0 bows down (peaceful, sad), < 0 bows up (laughing ^)."""
    x, y = centre
    h = width / 2
    c.line(bezier([(x - h, y), (x, y + curve), (x + h, y)]), fill=INK, width=stroke)


def squeezed_eye(c: Canvas, centre: Point, *, size: float, left: bool, stroke: float = 6) -> None:
    """A screwed-shut eye drawn as > or <, for sobbing and laughing hard."""
    x, y = centre
    d = 1 if left else -1  # the point faces the nose: >_<
    c.line([(x - d * size, y - size * 0.6), (x + d * size * 0.6, y), (x - d * size, y + size * 0.6)], fill=INK, width=stroke)


def brow(c: Canvas, inner: Point, outer: Point, *, width: float = 6, bend: float = 0, colour: Colour = INK) -> None:
    """An eyebrow from its inner end to its outer end, bent up (bend < 0) or down."""
    mid = ((inner[0] + outer[0]) / 2, (inner[1] + outer[1]) / 2 + bend)
    c.line(bezier([inner, mid, outer], steps=16), fill=colour, width=width)


def blush(c: Canvas, centre: Point, *, rx: float, ry: float, colour: Colour = BLUSH) -> None:
    """A soft pink cheek."""
    x, y = centre
    c.ellipse((x - rx, y - ry, x + rx, y + ry), fill=colour)


def wail(c: Canvas, box: tuple[float, float, float, float], *, outline: float = 5, teeth: bool = True) -> None:
    """A wide open sobbing mouth: an arch on top, a flat wobbly floor, teeth and tongue inside."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    # An upside-down D: the sob pulls the corners down and the top lip up into an arch.
    arch = bezier([(x0, y1 - h * 0.12), (x0 + w * 0.02, y0 - h * 0.05), (x1 - w * 0.02, y0 - h * 0.05), (x1, y1 - h * 0.12)], steps=30)
    floor = bezier([(x1, y1 - h * 0.12), (x0 + w * 0.5, y1 + h * 0.08), (x0, y1 - h * 0.12)], steps=16)
    shape = arch + floor
    c.polygon(shape, fill=MOUTH)
    with c.clip(shape) as inside:
        inside.ellipse((x0 + w * 0.18, y1 - h * 0.35, x1 - w * 0.18, y1 + h * 0.3), fill=TONGUE)
        if teeth:
            inside.rect((x0, y0 - h * 0.1, x1, y0 + h * 0.2), fill=WHITE)
    c.polygon(shape, outline=INK, width=outline)


def grin(c: Canvas, box: tuple[float, float, float, float], *, outline: float = 5) -> None:
    """A big open D-shaped laugh with a row of teeth and a tongue."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pts = [(x0, y0), (x1, y0), *bezier([(x1, y0), (x1, y1 + h * 0.3), (x0, y1 + h * 0.3), (x0, y0)], steps=30)]
    c.polygon(pts, fill=MOUTH)
    c.ellipse((x0 + w * 0.25, y0 + h * 0.55, x1 - w * 0.25, y1 + h * 0.1), fill=TONGUE)
    c.polygon([(x0 + w * 0.03, y0), (x1 - w * 0.03, y0), (x1 - w * 0.07, y0 + h * 0.25), (x0 + w * 0.07, y0 + h * 0.25)], fill=WHITE)
    c.polygon(pts, outline=INK, width=outline)


def clenched(c: Canvas, box: tuple[float, float, float, float], *, outline: float = 5, shake: float = 0) -> None:
    """Teeth gritted behind tight lips, the look of fury held in."""
    x0, y0, x1, y1 = box
    c.rect((x0, y0, x1, y1), fill=WHITE, radius=(y1 - y0) * 0.35)
    mid = (y0 + y1) / 2
    c.line(wobble((x0 + 4, mid), (x1 - 4, mid), amplitude=shake, waves=3), fill=INK, width=outline * 0.6)
    n = 6
    for i in range(1, n):
        x = x0 + (x1 - x0) * i / n
        c.line([(x, y0 + 3), (x, y1 - 3)], fill=INK, width=outline * 0.5)
    c.rect((x0, y0, x1, y1), outline=INK, width=outline, radius=(y1 - y0) * 0.35)


def gloss(c: Canvas, box: tuple[float, float, float, float], *, alpha: int = 90) -> None:
    """A soft white shine on a round surface."""
    c.ellipse(box, fill=(*WHITE, alpha))


def anger_mark(c: Canvas, centre: tuple[float, float], *, size: float) -> None:
    """The four-cornered vein mark comics use for a boiling temper."""
    x, y = centre
    red = (226, 40, 60)
    for sx in (-1, 1):
        for sy in (-1, 1):
            c.line(
                bezier([(x + sx * size * 0.2, y + sy * size), (x + sx * size * 0.25, y + sy * size * 0.25), (x + sx * size, y + sy * size * 0.2)], steps=10),
                fill=red,
                width=size * 0.22,
            )


def sparkle(c: Canvas, centre: tuple[float, float], *, size: float) -> None:
    """A four-pointed twinkle."""
    x, y = centre
    k = size * 0.22
    c.polygon([(x, y - size), (x + k, y - k), (x + size, y), (x + k, y + k), (x, y + size), (x - k, y + k), (x - size, y), (x - k, y - k)], fill=WHITE)


def heart(c: Canvas, centre: tuple[float, float], *, size: float, colour: tuple[int, ...]) -> None:
    """A small heart."""
    x, y = centre
    left = bezier([(x, y + size), (x - size * 1.4, y - size * 0.1), (x - size * 0.6, y - size * 1.1), (x, y - size * 0.4)], steps=14)
    right = bezier([(x, y - size * 0.4), (x + size * 0.6, y - size * 1.1), (x + size * 1.4, y - size * 0.1), (x, y + size)], steps=14)
    c.polygon(left + right, fill=colour)
