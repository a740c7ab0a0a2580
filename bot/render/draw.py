"""Draw a laid-out caption block onto a layer: outlined or plain text runs and colour emoji."""

from __future__ import annotations

import functools
import threading
from itertools import groupby
from typing import Final

from PIL import Image, ImageDraw

from bot.render.fonts import EMOJI_EM, EMOJI_PPEM, Atom, Face
from bot.render.layout import Block

Colour = tuple[int, int, int, int]
# One FreeType face must not be used by two threads at once; captions are small, so one lock is enough.
FREETYPE_LOCK: Final = threading.Lock()


def runs_of(line: tuple[Atom, ...]) -> list[tuple[Face, str]]:
    """Merge neighbouring atoms of one face so shaping (kerning, ligatures) sees whole runs."""
    return [(face, "".join(a.text for a in group)) for face, group in groupby(line, key=lambda a: a.face)]


def run_width(face: Face, text: str, size: int) -> float:
    """Exact advance of a run at a size."""
    if face.colour_bitmap:
        return face.font(size).getlength(text) * size * EMOJI_EM / EMOJI_PPEM
    return face.font(size).getlength(text)


@functools.lru_cache(maxsize=512)
def emoji_sprite(face: Face, text: str, size: int) -> tuple[Image.Image, int, int]:
    """A colour emoji scaled to a text size, with its offset from the pen position on the baseline."""
    font = face.font(size)
    left, top, right, bottom = (round(v) for v in font.getbbox(text, anchor="ls"))
    big = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(big).text((-left, -top), text, font=font, anchor="ls", embedded_color=True)
    scale = size * EMOJI_EM / EMOJI_PPEM
    small = big.resize((max(1, round(big.width * scale)), max(1, round(big.height * scale))), Image.Resampling.LANCZOS)
    return small, round(left * scale), round(top * scale)


def composite_clipped(dst: Image.Image, src: Image.Image, x: int, y: int) -> None:
    """Alpha-composite src at (x, y), dropping whatever falls outside dst."""
    left, top = max(0, x), max(0, y)
    right, bottom = min(dst.width, x + src.width), min(dst.height, y + src.height)
    if right > left and bottom > top:
        dst.alpha_composite(src, (left, top), (left - x, top - y, right - x, bottom - y))


def draw_block(layer: Image.Image, block: Block, *, top: int, fill: Colour, outline: Colour) -> None:
    """Draw every line centred on the layer, outlines first so no outline covers a neighbour's fill."""
    draw = ImageDraw.Draw(layer)
    placed: list[tuple[Face, str, float, int]] = []
    for i, line in enumerate(block.lines):
        runs = runs_of(line)
        widths = [run_width(face, text, block.size) for face, text in runs]
        x = (layer.width - sum(widths)) / 2
        baseline = top + block.stroke + block.ascent + i * block.line_height
        for (face, text), width in zip(runs, widths):
            placed.append((face, text, x, baseline))
            x += width
    if block.stroke:
        for face, text, x, baseline in placed:
            if not face.colour_bitmap:
                draw.text((x, baseline), text, font=face.font(block.size), anchor="ls", fill=outline,
                          stroke_width=block.stroke, stroke_fill=outline)
    for face, text, x, baseline in placed:
        if face.colour_bitmap:
            sprite, dx, dy = emoji_sprite(face, text, block.size)
            composite_clipped(layer, sprite, round(x) + dx, baseline + dy)
        else:
            draw.text((x, baseline), text, font=face.font(block.size), anchor="ls", fill=fill)
