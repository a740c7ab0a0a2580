"""Round emoji-style faces: happy tears, laughing tears, fury, nerves."""

from __future__ import annotations

import math
import random

from art.canvas import Canvas, Colour, Point
from art.parts import (
    INK,
    WHITE,
    anger_mark,
    blush,
    brow,
    clenched,
    closed_eye,
    gloss,
    grin,
    sparkle,
    squeezed_eye,
    stream,
    sweat,
    tear,
    teary_eye,
)
from art.shapes import bezier, wobble

YELLOW = [(255, 226, 110), (255, 196, 60), (240, 150, 30)]


def disc(c: Canvas, centre: Point, *, r: float, stops: list[Colour], stroke: float = 6) -> None:
    """A round face with a gradient, an outline and a soft shine."""
    x, y = centre
    box = (x - r, y - r, x + r, y + r)
    c.ellipse((x - r + 6, y - r + 14, x + r + 6, y + r + 14), fill=(0, 0, 0, 40))
    c.gradient_ellipse(box, stops)
    c.ellipse(box, outline=INK, width=stroke)
    gloss(c, (x - r * 0.6, y - r * 0.88, x + r * 0.1, y - r * 0.5), alpha=80)


def happy_tears_face(c: Canvas, phase: float, rng: random.Random) -> None:
    """🥹 A yellow face holding back happy tears: glossy brimming eyes, a tiny smile."""
    c.fill_gradient([(255, 240, 214), (255, 196, 170)])
    c.glow((256, 256), 260, (255, 250, 236), strength=0.9)
    disc(c, (256, 260), r=180, stops=YELLOW)
    for side in (-1, 1):
        ex = 256 + side * 70
        teary_eye(c, (ex, 244), rx=50, ry=58, look=(0, -4), iris=(70, 46, 30), iris_size=0.9, well=0.75, outline=5)
        brow(c, (ex - side * 18, 164), (ex + side * 36, 172), width=7, bend=-8)
        blush(c, (ex + side * 26, 318), rx=34, ry=16)
    c.line(bezier([(232, 338), (256, 352), (280, 338)], steps=16), fill=INK, width=6)
    for _ in range(6):
        sparkle(c, (rng.uniform(30, 482), rng.uniform(30, 120)), size=rng.uniform(10, 20))


def tears_of_joy_laugh(c: Canvas, phase: float, rng: random.Random) -> None:
    """😂 Laughing so hard the tears fly off in arcs; the face bounces with each laugh."""
    c.fill_gradient([(255, 246, 200), (255, 210, 120)])
    c.glow((256, 256), 260, (255, 255, 240), strength=0.8)
    bounce = -14 * abs(math.sin(phase * 2 * math.pi * 2))
    cx, cy = 256, 262 + bounce
    disc(c, (cx, cy), r=170, stops=YELLOW)
    for side in (-1, 1):
        ex = cx + side * 66
        closed_eye(c, (ex, cy - 44), width=80, curve=-46, stroke=10)
        stream(c, bezier([(ex + side * 40, cy - 40), (ex + side * 80, cy - 74), (ex + side * 112, cy - 44)], steps=14), width=22)
        # Tears spraying out of the eye corners along arcs, looping with the phase.
        for k in range(3):
            t = (phase * 2 + k / 3) % 1.0
            px = ex + side * (100 + 130 * t)
            py = cy - 50 - 110 * t + 280 * t * t
            tear(c, (px, py), size=44 - 10 * t, tilt=side * (-70 + 110 * t))
    grin(c, (cx - 100, cy + 14, cx + 100, cy + 74), outline=6)


def _fury(c: Canvas, centre: Point, *, shake: float, phase: float) -> None:
    """A red face, brows slammed, eyes squeezed, teeth gritted, tears bursting out anyway."""
    x, y = centre
    disc(c, (x, y), r=176, stops=[(255, 150, 110), (240, 80, 70), (196, 40, 50)])
    for side in (-1, 1):
        ex = x + side * 68
        squeezed_eye(c, (ex, y - 24), size=26, left=side < 0, stroke=9)
        c.line([(ex - side * 40, y - 62), (ex + side * 42, y - 94)], fill=INK, width=12)
        drops = bezier([(ex + side * 34, y - 18), (ex + side * 60, y - 40), (ex + side * 110, y - 10)], steps=16)
        stream(c, drops, width=16, phase=phase, glints=2 if phase else 0)
        tear(c, (ex + side * 124, y + 20 + 30 * ((phase * 2) % 1.0)), size=30, tilt=side * -20)
    clenched(c, (x - 66, y + 54, x + 66, y + 104), outline=6, shake=shake)
    anger_mark(c, (x + 118, y - 128), size=36)


def frustrated_tears_clench(c: Canvas, phase: float, rng: random.Random) -> None:
    """A furious red face crying through clenched teeth, fists up, in front of a jagged burst."""
    c.fill_gradient([(255, 226, 170), (250, 150, 110)])
    spikes = 18
    burst = [
        (256 + (236 if k % 2 == 0 else 176) * math.cos(math.pi * k / spikes), 262 + (236 if k % 2 == 0 else 176) * math.sin(math.pi * k / spikes))
        for k in range(2 * spikes)
    ]
    c.polygon(burst, fill=(255, 240, 150), outline=(230, 120, 60), width=5)
    _fury(c, (256, 250), shake=2, phase=0.0)
    for side in (-1, 1):
        fx = 256 + side * 170
        c.rect((fx - 52, 380, fx + 52, 470), fill=(240, 96, 80), outline=INK, width=6, radius=34)
        for k in range(1, 4):
            kx = fx - 52 + k * 26
            c.line([(kx, 382), (kx, 410)], fill=INK, width=4)
        for k in range(3):
            c.line([(fx + side * (62 + k * 10), 396 + k * 14), (fx + side * (84 + k * 10), 390 + k * 14)], fill=INK, width=4)


def frustrated_steam(c: Canvas, phase: float, rng: random.Random) -> None:
    """The furious crier shaking, steam puffing from both sides, tears spurting."""
    c.fill_gradient([(255, 200, 170), (230, 110, 90)])
    shake = 5 * math.sin(phase * 2 * math.pi * 2)
    _steam(c, (256 + shake, 268), t=phase)
    _fury(c, (256 + shake, 268), shake=2 + abs(shake) / 2, phase=phase)


def _steam(c: Canvas, centre: Point, *, t: float) -> None:
    """Puffs of steam rising from beside the head, growing and fading as they climb."""
    x, y = centre
    for side in (-1, 1):
        for k in range(3):
            s = (t + k / 3) % 1.0
            px = x + side * (170 + 60 * s)
            py = y - 40 - 170 * s
            r = 18 + 26 * s
            c.circle((px, py), r, fill=(255, 255, 255, round(220 * (1 - s))))


def _nervous(c: Canvas, centre: Point, *, look: float, sweat_t: float, mouth_phase: float) -> None:
    """😰 A face gone pale blue on top, brows up, tiny pupils, a wavy mouth, sweat running."""
    x, y = centre
    disc(c, (x, y), r=176, stops=[(150, 190, 250), (200, 220, 200), (255, 214, 90), (250, 180, 50)])
    for side in (-1, 1):
        ex = x + side * 66
        teary_eye(c, (ex, y - 16), rx=46, ry=56, look=(look * 16, 2), iris=(60, 50, 50), iris_size=0.36, well=0.3, outline=5)
        brow(c, (ex - side * 16, y - 104), (ex + side * 36, y - 88), width=7, bend=-7)
    c.line(wobble((x - 50, y + 84), (x + 50, y + 84), amplitude=7, waves=3, phase=mouth_phase), fill=INK, width=7)
    sweat(c, (x + 128, y - 86 + 70 * sweat_t), size=46, tilt=10)
    sweat(c, (x - 140, y - 20 + 40 * sweat_t), size=30, tilt=-10)


def anxious_sweat(c: Canvas, phase: float, rng: random.Random) -> None:
    """😰 A worried face, pale with nerves, sweat on its brow, one tear waiting."""
    c.fill_gradient([(214, 232, 250), (160, 190, 230)])
    _nervous(c, (256, 266), look=-0.4, sweat_t=0.2, mouth_phase=0.0)
    tear(c, (176, 318), size=26)


def anxious_shiver(c: Canvas, phase: float, rng: random.Random) -> None:
    """The nervous face shivering, eyes darting side to side, a sweat drop sliding down."""
    c.fill_gradient([(220, 236, 246), (170, 196, 226)])
    jitter = 4 * math.sin(phase * 2 * math.pi * 3)
    look = math.sin(phase * 2 * math.pi)
    for side in (-1, 1):
        for k in range(3):
            sx = 256 + side * (206 + k * 14)
            c.line([(sx, 200 + k * 18), (sx, 244 + k * 18)], fill=(*INK, 150), width=4)
    _nervous(c, (256 + jitter, 266), look=look, sweat_t=phase, mouth_phase=phase * 2 * math.pi)


def anxious_papers(c: Canvas, phase: float, rng: random.Random) -> None:
    """A sweating face peeking over a tottering stack of papers while the clock runs."""
    c.fill_gradient([(236, 232, 250), (188, 180, 226)])
    # The clock on the wall, nearly midnight.
    c.circle((400, 96), 60, fill=WHITE, outline=INK, width=6)
    for h in range(12):
        a = h * math.pi / 6
        c.line([(400 + 48 * math.sin(a), 96 - 48 * math.cos(a)), (400 + 54 * math.sin(a), 96 - 54 * math.cos(a))], fill=INK, width=3)
    c.line([(400, 96), (396, 58)], fill=INK, width=6)
    c.line([(400, 96), (430, 76)], fill=(220, 50, 60), width=4)
    _nervous(c, (236, 246), look=0.8, sweat_t=0.3, mouth_phase=1.0)
    stack_top = 300
    for k in range(9):
        y = stack_top + k * 24
        dx = rng.uniform(-14, 14)
        c.rect((96 + dx, y, 376 + dx, y + 24), fill=(255, 255, 252), outline=INK, width=4, radius=3)
        c.line([(124 + dx, y + 12), (300 + dx, y + 12)], fill=(170, 180, 210), width=3)
    for _ in range(3):
        x = rng.uniform(380, 470)
        y = rng.uniform(300, 470)
        c.rect((x - 30, y - 20, x + 30, y + 20), fill=(255, 255, 252), outline=INK, width=4, radius=3)
