"""The crying man: a quiet, sincere portrait, tears held more than shed."""

from __future__ import annotations

from art.canvas import Canvas, Colour, Point
from art.parts import INK, TEAR_LIGHT, WHITE, brow, stream, tear
from art.shapes import bezier, mirror

SKIN: Colour = (242, 200, 166)
SKIN_SHADE: Colour = (214, 160, 128)
HAIR: Colour = (58, 44, 40)
LINE: Colour = (92, 58, 48)


def _head_outline(x: float) -> list[Point]:
    """The face from crown to chin and back, drawn as one closed curve."""
    left = bezier([(x, 108), (x - 96, 108), (x - 100, 210), (x - 92, 262)], steps=24) + bezier(
        [(x - 92, 262), (x - 80, 318), (x - 40, 344), (x, 346)], steps=20
    )
    return left + mirror(left, axis=x)[::-1]


def shoulders(c: Canvas, x: float, *, shirt: Colour, shade: Colour) -> None:
    """Neck, collar and the top of a sweater running off the bottom."""
    c.rect((x - 40, 290, x + 40, 390), fill=SKIN_SHADE)
    torso = bezier([(x - 240, 512), (x - 230, 400), (x - 140, 380), (x - 40, 372)], steps=20)
    torso += mirror(torso, axis=x)[::-1]
    with c.clip(torso) as cloth:
        cloth.fill_gradient([shirt, shade], box=(x - 240, 372, x + 240, 512))
    c.line(torso, fill=INK, width=5)
    # A round neckline.
    c.polygon(bezier([(x - 46, 374), (x, 416), (x + 46, 374)], steps=16), fill=SKIN_SHADE)
    c.line(bezier([(x - 50, 372), (x, 424), (x + 50, 372)], steps=16), fill=INK, width=5)
    c.line([(x - 40, 330), (x - 42, 372)], fill=INK, width=5)
    c.line([(x + 40, 330), (x + 42, 372)], fill=INK, width=5)


def face(c: Canvas, x: float, *, smile: float = 0.0, phase: float = 0.0, tears: int = 1) -> None:
    """The head: hair, brows knitted in sorrow, wet half-lowered eyes, a pressed mouth."""
    outline = _head_outline(x)
    for side in (-1, 1):
        ear = (x + side * 98, 232)
        c.ellipse((ear[0] - 16, ear[1] - 28, ear[0] + 16, ear[1] + 28), fill=SKIN, outline=INK, width=4.5)
    c.polygon(outline, fill=SKIN)
    with c.clip(outline) as skin:
        skin.fill_gradient([SKIN, SKIN, SKIN_SHADE], box=(x - 110, 100, x + 110, 350))
        skin.ellipse((x - 80, 280, x + 80, 380), fill=(*SKIN_SHADE, 60))
    c.line([*outline, outline[0]], fill=INK, width=5)
    # Short hair with a soft side parting.
    hair = bezier([(x - 98, 200), (x - 112, 110), (x - 40, 64), (x + 30, 70)], steps=20) + bezier(
        [(x + 30, 70), (x + 110, 80), (x + 108, 170), (x + 96, 204)], steps=20
    ) + bezier([(x + 96, 204), (x + 80, 150), (x + 20, 130), (x - 40, 150)], steps=16) + bezier(
        [(x - 40, 150), (x - 80, 160), (x - 88, 190), (x - 98, 200)], steps=10
    )
    c.polygon(hair, fill=HAIR, outline=INK, width=5)
    c.line(bezier([(x - 60, 96), (x, 80), (x + 60, 100)], steps=12), fill=(110, 90, 82), width=3)
    for side in (-1, 1):
        ex = x + side * 42
        _eye(c, (ex, 226), side=side, smile=smile)
        # Inner ends raised: the quiet grief of a face holding itself together.
        brow(c, (ex - side * 14, 188 - (1 - smile) * 8), (ex + side * 32, 196), width=7, bend=-2 * smile, colour=HAIR)
    c.line(bezier([(x - 4, 232), (x - 12, 268), (x - 4, 276), (x + 8, 274)], steps=14), fill=LINE, width=4)
    c.ellipse((x - 14, 258, x + 14, 280), fill=(230, 110, 110, 60))
    if smile:
        c.line(bezier([(x - 28, 302), (x, 302 + 12 * smile), (x + 28, 302)], steps=16), fill=LINE, width=4.5)
    else:
        c.line(bezier([(x - 26, 308), (x, 300), (x + 26, 308)], steps=16), fill=LINE, width=4.5)
        c.line([(x - 12, 318), (x + 12, 318)], fill=(*LINE, 90), width=3)
    path = bezier([(x + 62, 244), (x + 68, 270), (x + 62, 300), (x + 64, 330)], steps=18)
    if tears >= 1:
        stream(c, path, width=7, phase=phase, glints=1 if phase else 0)
    if tears >= 2:
        stream(c, mirror(path, axis=x), width=7, phase=(phase + 0.5) % 1, glints=1 if phase else 0)


def _eye(c: Canvas, centre: Point, *, side: int, smile: float) -> None:
    """An almond eye, lids lowered, iris glancing down, the lower rim brimming and red."""
    ex, ey = centre
    w, up, down = 31, 19 - smile * 4, 16
    # Crying reddens the skin around the eyes.
    c.ellipse((ex - w - 8, ey - 6, ex + w + 8, ey + down + 14), fill=(230, 110, 110, 55))
    almond = bezier([(ex - w, ey), (ex - side * 4, ey - up), (ex + w, ey)], steps=16) + bezier(
        [(ex + w, ey), (ex, ey + down), (ex - w, ey)], steps=16
    )
    c.polygon(almond, fill=WHITE)
    with c.clip(almond) as eye:
        eye.circle((ex, ey + 3), 15, fill=(92, 62, 44))
        eye.circle((ex, ey + 3), 10, fill=(122, 86, 60))
        eye.circle((ex, ey + 3), 6.5, fill=(20, 14, 14))
        # A heavy upper lid, lowered.
        eye.polygon([(ex - w - 4, ey - 24), (ex + w + 4, ey - 24), (ex + w + 4, ey - 6), (ex - w - 4, ey - 8)], fill=SKIN_SHADE)
        eye.rect((ex - w, ey + 7, ex + w, ey + down + 2), fill=(160, 210, 250, 150))
        eye.circle((ex - 5, ey - 1), 4, fill=WHITE)
        eye.circle((ex + 6, ey + 8), 2, fill=WHITE)
    c.line(bezier([(ex - w - 2, ey - 2), (ex, ey - 11), (ex + w + 2, ey - 2)], steps=14), fill=INK, width=5)
    c.line(bezier([(ex - w + 4, ey + 10), (ex, ey + down + 2), (ex + w - 4, ey + 10)], steps=14), fill=(*TEAR_LIGHT, 255), width=3)
    c.line(bezier([(ex - w + 4, ey - 19), (ex, ey - 25), (ex + w - 4, ey - 17)], steps=10), fill=(*LINE, 120), width=2.5)


def teardrop_at_chin(c: Canvas, x: float, *, y: float = 350) -> None:
    """A single tear about to fall from the jaw."""
    tear(c, (x + 64, y), size=18)
