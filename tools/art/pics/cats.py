"""Crying cat pictures: classic, thumbs-up, falling tears, angry, anxious, happy."""

from __future__ import annotations

import math
import random

from art import cat
from art.canvas import Canvas, Colour
from art.parts import INK, WHITE, anger_mark, brow, clenched, closed_eye, sparkle, stream, sweat, tear, teary_eye
from art.shapes import bezier

SKY = [(176, 206, 240), (120, 152, 214)]


def _portrait(
    c: Canvas,
    sky: list[Colour],
    *,
    x: float = 256,
    r: float = 165,
    fur: Colour = (252, 252, 254),
    shade: Colour = (212, 218, 236),
    ears_back: float = 0,
) -> tuple[float, float]:
    """Paint the backdrop, a soft light behind the head, the sitting body and the head; gives the head's centre."""
    c.fill_gradient(sky)
    c.glow((x, 250), 260, tuple(min(255, v + 50) for v in sky[0]), strength=0.7)
    cat.body(c, (x, 420), w=300 * r / 165, h=120, fur=fur)
    centre = (x, 262 - (165 - r) * 0.3)
    cat.head(c, centre, r=r, fur=fur, shade=shade, ears_back=ears_back)
    return centre


def _sad_cat(c: Canvas, phase: float, *, tears_fall: bool) -> None:
    """The classic: white cat, huge wet eyes looking up, lip trembling."""
    r = 165
    centre = _portrait(c, SKY, r=r)
    wob = math.sin(phase * 2 * math.pi * 4)
    for side in (-1, 1):
        ex = 256 + side * 66
        teary_eye(c, (ex, 250), rx=50, ry=56, look=(side * -3, -12), iris=(52, 38, 30), iris_size=0.86, well=0.55)
        brow(c, (ex - side * 18, 182), (ex + side * 34, 196), width=5, bend=-4)
        # Tear streams run from the outer corner of each eye down the cheek.
        path = bezier([(ex + side * 26, 296), (ex + side * 40, 340), (ex + side * 30, 400)], steps=20)
        stream(c, path, width=11, phase=phase, glints=2 if tears_fall else 0)
    cat.cheeks(c, centre, r=r)
    cat.whiskers(c, (256, 300), r=r * 0.9, droop=0.12)
    cat.nose(c, (256, 304), size=10)
    cat.wobbly_mouth(c, (256, 312), size=36, tremble=1.5 + wob)
    if tears_fall:
        for side in (-1, 1):
            t = (phase * 2 + (0.5 if side > 0 else 0)) % 1.0
            y = 400 + t * 130
            tear(c, (256 + side * 96, y), size=20 + 6 * t)


def crying_cat_classic(c: Canvas, phase: float, rng: random.Random) -> None:
    """White cat with huge teary eyes and a trembling lip."""
    _sad_cat(c, phase, tears_fall=False)
    tear(c, (170, 430), size=26)
    tear(c, (346, 448), size=22)


def crying_cat_tears(c: Canvas, phase: float, rng: random.Random) -> None:
    """The classic cat, its tears running and dropping in a loop."""
    _sad_cat(c, phase, tears_fall=True)


def crying_cat_thumbs_up(c: Canvas, phase: float, rng: random.Random) -> None:
    """The crying cat holding up a brave thumbs-up paw: 'I'm fine'."""
    r = 150
    centre = _portrait(c, [(255, 226, 190), (246, 170, 150)], x=236, r=r)
    for side in (-1, 1):
        ex = 236 + side * 60
        teary_eye(c, (ex, 248), rx=44, ry=50, look=(0, -6), iris=(44, 34, 30), iris_size=0.84, well=0.6)
        brow(c, (ex - side * 14, 186), (ex + side * 30, 198), width=5, bend=-3)
        stream(c, bezier([(ex + side * 22, 290), (ex + side * 34, 330), (ex + side * 26, 388)], steps=18), width=10)
    cat.cheeks(c, centre, r=r)
    cat.whiskers(c, (236, 296), r=r * 0.9, droop=0.1)
    cat.nose(c, (236, 298), size=9)
    # A brave, wobbly little smile.
    c.line(bezier([(210, 318), (236, 334), (262, 318)], steps=16), fill=INK, width=4.5)
    # The thumbs-up paw, raised beside the face.
    fist = (350, 300, 436, 372)
    c.rect(fist, fill=(252, 252, 254), outline=INK, width=5, radius=26)
    for k in range(1, 3):
        y = 300 + k * 24
        c.line([(386, y), (432, y)], fill=INK, width=3.5)
    c.rect((360, 238, 396, 316), fill=(252, 252, 254), outline=INK, width=5, radius=18)
    c.ellipse((367, 248, 389, 266), fill=cat.EAR_PINK)
    c.rect((360, 364, 430, 440), fill=(252, 252, 254), radius=18)
    c.line([(360, 372), (360, 440)], fill=INK, width=5)
    c.line([(430, 372), (430, 440)], fill=INK, width=5)


def angry_crying_cat(c: Canvas, phase: float, rng: random.Random) -> None:
    """An orange tabby, brows slammed down, teeth gritted, tears squirting anyway."""
    fur, r = (255, 190, 120), 165
    _portrait(c, [(255, 200, 160), (230, 96, 80)], r=r, fur=fur, shade=(236, 140, 70), ears_back=0.35)
    # Tabby stripes on the forehead.
    for dx in (-30, 0, 30):
        c.line(bezier([(256 + dx, 140), (256 + dx * 1.2, 160), (256 + dx, 178)], steps=8), fill=(206, 110, 50), width=8)
    for side in (-1, 1):
        ex = 256 + side * 66
        teary_eye(c, (ex, 256), rx=46, ry=40, look=(side * -6, 4), iris=(90, 60, 20), iris_size=0.8, well=0.5)
        # A heavy lid slanting down to the nose cuts the top of the eye: the glare.
        inner, outer = ex - side * 54, ex + side * 54
        c.polygon([(inner, 200), (outer, 200), (outer, 226), (inner, 250)], fill=fur)
        c.line([(inner, 250), (outer, 226)], fill=INK, width=8)
        stream(c, bezier([(ex + side * 30, 290), (ex + side * 60, 320), (ex + side * 96, 330)], steps=18), width=12)
    cat.whiskers(c, (256, 300), r=r * 0.9, droop=-0.05)
    cat.nose(c, (256, 300), size=10)
    clenched(c, (214, 322, 298, 356), outline=4.5, shake=1.5)
    anger_mark(c, (420, 96), size=34)


def anxious_cat(c: Canvas, phase: float, rng: random.Random) -> None:
    """A grey cat, ears pressed back, tiny pupils in wide eyes, sweat running."""
    r = 160
    _portrait(c, [(206, 228, 214), (138, 176, 170)], r=r, fur=(214, 218, 228), shade=(160, 168, 188), ears_back=0.8)
    for side in (-1, 1):
        ex = 256 + side * 64
        teary_eye(c, (ex, 250), rx=46, ry=54, look=(side * 6, 0), iris=(120, 170, 90), iris_size=0.42, well=0.35)
        brow(c, (ex - side * 14, 176), (ex + side * 30, 190), width=5, bend=-6)
    # Nervous shiver lines around the head.
    for side in (-1, 1):
        for k in range(3):
            x = 256 + side * (r + 30 + k * 14)
            c.line([(x, 200 + k * 20), (x, 240 + k * 20)], fill=(*INK, 150), width=4)
    cat.whiskers(c, (256, 300), r=r * 0.9, droop=0.0)
    cat.nose(c, (256, 300), size=9)
    c.line(
        [(220 + i * 9, 330 + (4 if i % 2 else -4)) for i in range(9)],
        fill=INK,
        width=4,
    )
    sweat(c, (372, 150), size=40, tilt=12)
    sweat(c, (140, 190), size=28, tilt=-10)
    sweat(c, (332, 330), size=22, tilt=8)


def happy_tears_cat(c: Canvas, phase: float, rng: random.Random) -> None:
    """A cat smiling with its eyes shut, happy tears and sparkles."""
    r = 165
    centre = _portrait(c, [(255, 214, 236), (250, 160, 190)], r=r)
    for side in (-1, 1):
        ex = 256 + side * 66
        closed_eye(c, (ex, 254), width=64, curve=-26, stroke=7)
        tear(c, (ex + side * 40, 286), size=30, tilt=side * -20)
        tear(c, (ex + side * 58, 330), size=22, tilt=side * -20)
    cat.cheeks(c, centre, r=r)
    cat.whiskers(c, (256, 300), r=r * 0.9, droop=-0.05)
    cat.nose(c, (256, 296), size=10)
    c.line(bezier([(222, 306), (238, 330), (256, 308)], steps=14), fill=INK, width=5)
    c.line(bezier([(256, 308), (274, 330), (290, 306)], steps=14), fill=INK, width=5)
    for _ in range(7):
        x, y = rng.uniform(40, 472), rng.uniform(40, 170)
        sparkle(c, (x, y), size=rng.uniform(10, 22))


def crying_cat_emoji(c: Canvas, phase: float, rng: random.Random) -> None:
    """The 😿 emoji form: a round yellow cat face with one big tear."""
    c.fill_gradient([(200, 224, 250), (150, 190, 240)])
    c.glow((256, 256), 250, (240, 248, 255), strength=0.8)
    centre, r = (256, 268), 170
    cat.head(c, centre, r=r, fur=(255, 214, 80), shade=(240, 160, 40), stroke=6)
    for side in (-1, 1):
        ex = 256 + side * 64
        c.ellipse((ex - 20, 220, ex + 20, 278), fill=INK)
        c.circle((ex - 6, 236), 7, fill=WHITE)
        brow(c, (ex - side * 16, 196), (ex + side * 30, 208), width=6, bend=-4)
    cat.whiskers(c, (256, 300), r=r * 0.85, droop=0.1)
    cat.nose(c, (256, 300), size=10)
    c.line(bezier([(220, 350), (256, 322), (292, 350)], steps=16), fill=INK, width=6)
    stream(c, bezier([(330, 280), (338, 320), (334, 370)], steps=16), width=14)
    tear(c, (334, 392), size=40)
