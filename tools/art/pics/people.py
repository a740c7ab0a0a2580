"""The crying man: quiet sorrow, proud tears, a small rain cloud."""

from __future__ import annotations

import math
import random

from art import man
from art.canvas import Canvas
from art.parts import WHITE


def crying_man_quiet(c: Canvas, phase: float, rng: random.Random) -> None:
    """A man in a dark sweater, eyes lowered, one tear on his cheek."""
    c.fill_gradient([(84, 104, 128), (40, 52, 72)])
    c.glow((256, 220), 230, (130, 150, 176), strength=0.6)
    man.shoulders(c, 256, shirt=(70, 78, 96), shade=(44, 50, 64))
    man.face(c, 256)
    man.teardrop_at_chin(c, 256)


def crying_man_proud(c: Canvas, phase: float, rng: random.Random) -> None:
    """The same man, eyes shining, a small proud smile through his tears."""
    c.fill_gradient([(255, 222, 170), (236, 160, 120)])
    c.glow((256, 220), 240, (255, 244, 214), strength=0.8)
    for _ in range(14):
        x, y, r = rng.uniform(20, 492), rng.uniform(20, 300), rng.uniform(6, 18)
        c.circle((x, y), r, fill=(*WHITE, rng.randint(60, 130)))
    man.shoulders(c, 256, shirt=(60, 110, 150), shade=(36, 74, 110))
    man.face(c, 256, smile=1.0, tears=2)


def crying_man_rain(c: Canvas, phase: float, rng: random.Random) -> None:
    """The man under his own small grey cloud, rain and tears falling together."""
    c.fill_gradient([(150, 162, 184), (90, 102, 126)])
    man.shoulders(c, 256, shirt=(80, 88, 108), shade=(52, 58, 74))
    man.face(c, 256, phase=phase, tears=2)
    drops = [(rng.uniform(150, 362), rng.uniform(0, 1)) for _ in range(16)]
    for x, offset in drops:
        y = 50 + ((offset + phase) % 1.0) * 460
        c.line([(x, y), (x - 3, y + 22)], fill=(200, 220, 250, 200), width=3)
    bob = 3 * math.sin(phase * 2 * math.pi)
    for cx, cy, r in ((196, 40, 46), (256, 24, 60), (318, 42, 48), (230, 56, 40), (290, 58, 40)):
        c.circle((cx, cy + bob), r, fill=(112, 118, 134))
    for cx, cy, r in ((200, 30, 36), (256, 12, 46), (314, 32, 36)):
        c.circle((cx, cy + bob), r, fill=(140, 146, 162))
