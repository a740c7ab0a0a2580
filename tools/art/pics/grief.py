"""Gentle pictures for grief: a candle, a wilting flower, rain on a window, an empty chair, a glowing paw."""

from __future__ import annotations

import math
import random

from art.canvas import Canvas, Colour, Point
from art.parts import WHITE
from art.shapes import bezier, mirror, teardrop

NIGHT = [(18, 22, 44), (40, 36, 66), (58, 46, 72)]
SOFT_INK: Colour = (60, 50, 66)


def _bokeh(c: Canvas, rng: random.Random, *, count: int, box: tuple[float, float, float, float], colours: list[Colour]) -> None:
    """Out-of-focus dots of light, for depth without detail."""
    x0, y0, x1, y1 = box
    for _ in range(count):
        x, y, r = rng.uniform(x0, x1), rng.uniform(y0, y1), rng.uniform(6, 22)
        colour = rng.choice(colours)
        c.circle((x, y), r, fill=(*colour[:3], rng.randint(30, 80)))


def _flame(c: Canvas, base: Point, *, height: float, sway: float) -> None:
    """A candle flame: a blue root, an orange body, a white-gold heart, leaning with the sway."""
    x, y = base
    outer = teardrop((x, y - height * 0.5), width=height * 0.5, height=height, tilt=sway)
    inner = teardrop((x, y - height * 0.38), width=height * 0.28, height=height * 0.6, tilt=sway * 0.8)
    c.polygon(outer, fill=(255, 170, 60, 235))
    c.polygon(inner, fill=(255, 244, 200))
    c.ellipse((x - height * 0.1, y - height * 0.2, x + height * 0.1, y + height * 0.02), fill=(90, 120, 220, 150))


def grief_candle(c: Canvas, phase: float, rng: random.Random) -> None:
    """A single lit candle in a dark room, its flame flickering softly."""
    c.fill_gradient(NIGHT)
    _bokeh(c, rng, count=14, box=(0, 0, 512, 300), colours=[(255, 210, 150), (200, 180, 255)])
    w = 2 * math.pi * phase
    flicker = 0.5 * math.sin(w * 2) + 0.3 * math.sin(w * 3 + 1) + 0.2 * math.sin(w * 5 + 2)
    # The wide glow holds still; only the light close to the flame breathes, which keeps the GIF small.
    c.glow((256, 220), 250, (255, 170, 90), strength=0.55)
    c.glow((256, 200), 110 + 8 * flicker, (255, 220, 160), strength=0.55 + 0.08 * flicker)
    # Saucer, then the candle body with a warm lit side and a few soft drips.
    c.ellipse((150, 400, 362, 448), fill=(120, 98, 108), outline=SOFT_INK, width=4)
    c.ellipse((166, 398, 346, 432), fill=(150, 124, 132))
    body = (206, 236, 306, 420)
    c.rect(body, fill=(250, 236, 214), radius=8)
    c.fill_gradient([(255, 244, 226), (236, 214, 190), (190, 164, 150)], box=body, angle=90, mask=c.shape_mask("rect", body, radius=8))
    c.ellipse((206, 226, 306, 248), fill=(255, 246, 232), outline=(210, 190, 176), width=2.5)
    for x, length in ((220, 34), (262, 22), (292, 46)):
        c.rect((x - 6, 236, x + 6, 236 + length), fill=(255, 246, 232), radius=6)
    c.line([(256, 236), (256, 214)], fill=(50, 40, 40), width=4)
    _flame(c, (256, 218), height=70 + 6 * flicker, sway=8 * math.sin(w) + 4 * math.sin(w * 3))


def grief_wilting_flower(c: Canvas, phase: float, rng: random.Random) -> None:
    """A single flower in a glass vase, its head bowed, one petal fallen on the table."""
    c.fill_gradient([(214, 206, 222), (176, 166, 190)])
    c.glow((150, 120), 260, (246, 236, 230), strength=0.7)
    c.rect((0, 380, 512, 512), fill=(150, 128, 130))
    c.fill_gradient([(170, 148, 148), (124, 104, 110)], box=(0, 380, 512, 512))
    c.line([(0, 380), (512, 380)], fill=(120, 100, 108), width=3)
    stem = bezier([(256, 400), (252, 250), (270, 150), (330, 150), (352, 214)], steps=40)
    c.line(stem, fill=(96, 128, 90), width=9)
    for leaf_base, tip, bend in (((254, 300), (200, 262), -18), ((258, 250), (310, 232), 16)):
        mid = ((leaf_base[0] + tip[0]) / 2, (leaf_base[1] + tip[1]) / 2)
        leaf = bezier([leaf_base, (mid[0], mid[1] + bend), tip], steps=12) + bezier([tip, (mid[0], mid[1] - bend), leaf_base], steps=12)
        c.polygon(leaf, fill=(120, 150, 110), outline=(80, 104, 78), width=3)
    # The bowed flower head: drooping petals around a small centre, facing the table.
    hx, hy = 352, 236
    for k in range(6):
        a = math.radians(50 + k * 16)
        px, py = hx + 34 * math.cos(a), hy + 40 * math.sin(a)
        petal = teardrop((px, py), width=40, height=60, tilt=math.degrees(a) - 90 + 180)
        c.polygon(petal, fill=(214, 140, 156), outline=(160, 96, 116), width=3)
    c.circle((hx, hy + 4), 14, fill=(200, 160, 90), outline=(140, 110, 70), width=3)
    # The glass vase, see-through, with water and a highlight.
    vase = bezier([(216, 300), (196, 340), (206, 408), (230, 414)], steps=16)
    vase = vase + mirror(vase, axis=256)[::-1]
    c.polygon(vase, fill=(220, 234, 240, 110))
    c.polygon([(p[0], max(p[1], 340)) for p in vase], fill=(170, 200, 220, 90))
    c.line([*vase, vase[0]], fill=(120, 140, 160), width=3)
    c.line(bezier([(214, 320), (206, 350), (214, 390)], steps=10), fill=(*WHITE, 160), width=4)
    fallen = teardrop((150, 402), width=30, height=46, tilt=100)
    c.polygon(fallen, fill=(214, 140, 156), outline=(160, 96, 116), width=3)


def grief_rain_window(c: Canvas, phase: float, rng: random.Random) -> None:
    """Rain running down a window at dusk, a cup of tea going cold on the sill."""
    c.fill_gradient([(60, 58, 80), (40, 40, 58)])
    pane = [(86, 60), (426, 60), (426, 372), (86, 372)]
    with c.clip(pane) as glass:
        glass.fill_gradient([(70, 90, 130), (130, 130, 170), (210, 160, 150)], box=(86, 60, 426, 372))
        _bokeh(glass, random.Random(rng.random()), count=22, box=(86, 200, 426, 372), colours=[(255, 220, 160), (255, 180, 140), (200, 220, 255)])
        drops = [(rng.uniform(96, 416), rng.uniform(0, 1), rng.uniform(5, 9)) for _ in range(18)]
        for x, offset, size in drops:
            y = 40 + ((offset + phase) % 1.0) * 360
            glass.line([(x, y - size * 6), (x + 1, y)], fill=(220, 230, 255, 40), width=size * 0.45)
            glass.polygon(teardrop((x, y), width=size * 1.2, height=size * 1.5), fill=(230, 238, 255, 150), outline=(90, 100, 140, 120), width=1.2)
            glass.circle((x - size * 0.15, y + size * 0.15), size * 0.18, fill=(*WHITE, 220))
        for _ in range(40):
            x, y, r = rng.uniform(90, 420), rng.uniform(64, 368), rng.uniform(1.5, 4)
            glass.circle((x, y), r, fill=(220, 230, 255, 120))
    # The frame: a cross of mullions and a sill.
    wood, dark = (120, 96, 84), (80, 62, 58)
    c.rect((70, 44, 442, 388), outline=wood, width=18, radius=4)
    c.line([(256, 52), (256, 380)], fill=wood, width=14)
    c.line([(78, 216), (434, 216)], fill=wood, width=14)
    c.rect((40, 384, 472, 414), fill=(140, 112, 100), outline=dark, width=3, radius=4)
    # The tea, its faint steam.
    c.rect((318, 336, 372, 386), fill=(236, 226, 214), outline=dark, width=3.5, radius=8)
    c.arc((360, 346, 390, 374), -90, 90, fill=(236, 226, 214), width=6)
    c.ellipse((320, 330, 370, 344), fill=(140, 96, 70), outline=dark, width=3)
    for k in (0, 1):
        sx = 336 + k * 16
        c.line(bezier([(sx, 324), (sx - 8, 306), (sx + 8, 290), (sx, 272)], steps=14), fill=(*WHITE, 70), width=4)


def grief_empty_chair(c: Canvas, phase: float, rng: random.Random) -> None:
    """An empty armchair in lamplight, a folded blanket over its arm and glasses on the side table."""
    c.fill_gradient([(120, 96, 104), (84, 64, 76)])
    c.rect((0, 396, 512, 512), fill=(92, 70, 70))
    c.fill_gradient([(110, 84, 80), (70, 52, 56)], box=(0, 396, 512, 512))
    c.glow((406, 150), 300, (255, 200, 140), strength=0.5)
    # Floor lamp.
    c.line([(410, 140), (410, 420)], fill=(60, 48, 46), width=6)
    c.ellipse((380, 414, 440, 430), fill=(60, 48, 46))
    c.polygon([(376, 140), (444, 140), (430, 84), (390, 84)], fill=(255, 226, 170), outline=(150, 110, 80), width=3)
    c.glow((410, 146), 80, (255, 236, 190), strength=0.7)
    chair, shade, edge = (110, 140, 130), (82, 110, 104), (50, 66, 64)
    c.ellipse((90, 420, 350, 452), fill=(0, 0, 0, 60))
    c.rect((124, 150, 320, 360), fill=chair, outline=edge, width=5, radius=46)
    c.rect((140, 300, 306, 372), fill=shade, outline=edge, width=5, radius=22)
    for x in (96, 300):
        c.rect((x, 262, x + 50, 402), fill=chair, outline=edge, width=5, radius=24)
    for x in (122, 318):
        c.rect((x - 6, 400, x + 6, 432), fill=(70, 52, 46), radius=3)
    # The blanket over the right arm: cream with a soft plaid.
    blanket = [(286, 250), (358, 250), (364, 380), (290, 392)]
    c.polygon(blanket, fill=(236, 216, 190), outline=(150, 120, 100), width=4)
    with c.clip(blanket) as cloth:
        for k in range(5):
            cloth.line([(280, 266 + k * 28), (370, 262 + k * 28)], fill=(200, 120, 110, 120), width=5)
            cloth.line([(296 + k * 16, 240), (300 + k * 16, 400)], fill=(200, 120, 110, 90), width=4)
    c.line(bezier([(286, 252), (320, 240), (358, 252)], steps=10), fill=(150, 120, 100), width=4)
    # A small side table with a pair of reading glasses.
    c.rect((20, 300, 92, 314), fill=(130, 100, 86), outline=(70, 52, 46), width=3, radius=4)
    c.line([(56, 314), (56, 420)], fill=(90, 70, 60), width=8)
    for gx in (38, 66):
        c.circle((gx, 292), 10, outline=(40, 34, 34), width=3)
    c.line([(48, 292), (56, 290)], fill=(40, 34, 34), width=3)


def grief_paw_glow(c: Canvas, phase: float, rng: random.Random) -> None:
    """A paw print of soft golden light among quiet stars, for a pet who is gone."""
    c.fill_gradient([(16, 20, 48), (44, 40, 86), (86, 64, 110)])
    for _ in range(60):
        x, y, r = rng.uniform(0, 512), rng.uniform(0, 512), rng.uniform(0.8, 2.6)
        c.circle((x, y), r, fill=(*WHITE, rng.randint(90, 220)))
    c.glow((256, 260), 240, (255, 200, 130), strength=0.35)
    pads: list[tuple[Point, float, float]] = [((256, 316), 78, 64), ((170, 214), 30, 38), ((220, 168), 30, 40), ((292, 168), 30, 40), ((342, 214), 30, 38)]
    halo, draw = c.layer()
    s = c.scaled(1)
    for (x, y), rx, ry in pads:
        draw.ellipse(((x - rx - 16) * s, (y - ry - 16) * s, (x + rx + 16) * s, (y + ry + 16) * s), fill=(255, 196, 110, 200))
    c.composite(halo, blur=22)
    for (x, y), rx, ry in pads:
        c.ellipse((x - rx, y - ry, x + rx, y + ry), fill=(255, 236, 196))
        c.ellipse((x - rx * 0.8, y - ry * 0.8, x + rx * 0.4, y + ry * 0.2), fill=(255, 250, 236, 160))


