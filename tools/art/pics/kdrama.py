"""K-drama sobbing pictures: the waterfall, the ㅠㅠ shake, the river, the happy sob."""

from __future__ import annotations

import math
import random

from art import kdrama
from art.canvas import Canvas
from art.parts import INK, TEAR, TEAR_DEEP, TEAR_LIGHT, WHITE, heart
from art.shapes import bezier, wobble


def _falls(c: Canvas, corners: list[tuple[float, float]], *, phase: float, spread: float, width: float) -> None:
    """Two waterfalls arcing out of the eyes and down to the bottom edge, splashing."""
    for (ex, ey), side in zip(corners, (-1, 1)):
        path = bezier([(ex, ey), (ex + side * spread, ey - 40), (ex + side * spread * 1.3, 420), (ex + side * spread * 1.1, 530)], steps=40)
        kdrama.waterfall(c, path, width=width, phase=phase)
        kdrama.splash(c, (ex + side * spread * 1.12, 500), phase=phase, size=36)


def kdrama_waterfall(c: Canvas, phase: float, rng: random.Random) -> None:
    """The lead wails, eyes squeezed shut, tears gushing out in two waterfalls."""
    c.fill_gradient([(255, 214, 230), (214, 170, 240)])
    kdrama.rays(c, (256, 250), colours=((255, 236, 244, 140), (255, 255, 255, 0)), turn=phase)
    bob = 3 * math.sin(phase * 2 * math.pi * 2)
    corners = kdrama.sobber(c, y=240 + bob, mouth_open=1.0 + 0.12 * math.sin(phase * 2 * math.pi * 2), top=(255, 170, 190))
    _falls(c, corners, phase=phase, spread=120, width=30)


def kdrama_sob_shake(c: Canvas, phase: float, rng: random.Random) -> None:
    """ㅠㅠ: the lead shakes with sobs, hands on cheeks, tears dropping straight down."""
    c.fill_gradient([(190, 220, 255), (150, 170, 240)])
    kdrama.rays(c, (256, 250), colours=((255, 255, 255, 70), (255, 255, 255, 0)), count=22)
    dx = 7 * math.sin(phase * 2 * math.pi * 3)
    x = 256 + dx
    corners = kdrama.sobber(c, x=x, y=236, eyes="yu", mouth_open=0.8, top=(250, 220, 120))
    for k, (tx, ty) in enumerate(corners):
        c.line([(tx, ty), (tx, 520)], fill=TEAR_DEEP, width=16)
        c.line([(tx, ty), (tx, 520)], fill=TEAR, width=11)
        for j in range(3):
            y = ty + ((j / 3 + phase * 2 + k * 0.17) % 1.0) * (520 - ty)
            c.line([(tx - 1.5, y), (tx - 1.5, y + 24)], fill=(*TEAR_LIGHT, 230), width=3)
    kdrama.hands_on_cheeks(c, x=x, y=236)
    for side in (-1, 1):
        for k in range(3):
            sx = x + side * (186 + k * 14)
            c.line([(sx, 180 + k * 16), (sx, 224 + k * 16)], fill=(*INK, 170), width=4)


def kdrama_tear_river(c: Canvas, phase: float, rng: random.Random) -> None:
    """The lead sits neck-deep in a lake of their own tears; a paper boat drifts by."""
    c.fill_gradient([(255, 236, 200), (255, 200, 190)])
    kdrama.rays(c, (256, 220), colours=((255, 255, 255, 90), (255, 255, 255, 0)), count=16)
    corners = kdrama.sobber(c, y=210, mouth_open=0.9, top=(160, 200, 150))
    for (ex, ey), side in zip(corners, (-1, 1)):
        path = bezier([(ex, ey), (ex + side * 90, ey - 30), (ex + side * 120, 300), (ex + side * 130, 360)], steps=30)
        kdrama.waterfall(c, path, width=22, phase=0.3)
    lake_top = 350
    surface = wobble((-10, lake_top), (522, lake_top), amplitude=6, waves=5)
    c.polygon([*surface, (522, 522), (-10, 522)], fill=(110, 180, 250))
    with c.clip([*surface, (522, 522), (-10, 522)]) as water:
        water.fill_gradient([(140, 200, 255), (60, 120, 220)], box=(0, lake_top - 10, 512, 512))
    c.line(surface, fill=TEAR_DEEP, width=5)
    for y in (392, 430, 470):
        for x in (60, 200, 330, 450):
            ox = (y * 7) % 40
            c.line(bezier([(x + ox - 24, y), (x + ox, y - 8), (x + ox + 24, y)], steps=8), fill=(*TEAR_LIGHT, 200), width=3.5)
    # The paper boat.
    bx, by = 400, 352
    c.polygon([(bx - 44, by - 6), (bx + 44, by - 6), (bx + 30, by + 16), (bx - 30, by + 16)], fill=WHITE, outline=INK, width=4)
    c.polygon([(bx - 24, by - 6), (bx, by - 50), (bx + 24, by - 6)], fill=(240, 244, 255), outline=INK, width=4)


def kdrama_happy_sob(c: Canvas, phase: float, rng: random.Random) -> None:
    """Moved to tears of joy: eyes crinkled shut, a wide smile, streams of happy tears, hearts."""
    c.fill_gradient([(255, 246, 196), (255, 200, 214)])
    kdrama.rays(c, (256, 240), colours=((255, 255, 255, 120), (255, 255, 255, 0)), count=20)
    for _ in range(9):
        heart(c, (rng.uniform(30, 482), rng.uniform(30, 200)), size=rng.uniform(14, 28), colour=(255, 110, 150, 200))
    corners = kdrama.sobber(c, y=240, eyes="happy", smile=True, mouth_open=0.9, top=(190, 170, 240))
    _falls(c, corners, phase=0.0, spread=100, width=22)
