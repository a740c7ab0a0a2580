"""Where captions go on a picture, and the finished caption layers for one output size."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageChops

from bot.render.draw import FREETYPE_LOCK, Colour, draw_block
from bot.render.fonts import font_book
from bot.render.layout import Block, fit
from bot.render.model import CaptionStyle, Position

WHITE: Final[Colour] = (255, 255, 255, 255)
BLACK: Final[Colour] = (0, 0, 0, 255)
INK: Final[Colour] = (17, 17, 17, 255)  # bar text: near-black reads softer than pure black on white
CLASSIC_STROKE: Final = 0.075  # outline width in ems: heavy enough to hold white text on white
SHRINK_TRIES: Final = 4
Bbox = tuple[int, int, int, int] | None


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on the output canvas: left and top inclusive, right and bottom exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def size(self) -> tuple[int, int]:
        """Width and height."""
        return self.right - self.left, self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Plan:
    """The output canvas, where the picture sits on it, and the caption layers to paste over it."""

    canvas: tuple[int, int]
    picture: tuple[int, int]
    picture_at: tuple[int, int]
    layers: tuple[tuple[Image.Image, Box], ...]


def parts_of(text: str, position: Position) -> list[tuple[Position, str]]:
    """'top / bottom' writes at both ends; otherwise the text goes where the meme asks."""
    if " / " in text:
        top, _, bottom = text.partition(" / ")
        ends: list[tuple[Position, str]] = [("top", top.strip()), ("bottom", bottom.strip())]
        return [(pos, part) for pos, part in ends if part]
    return [(position, text.strip())] if text.strip() else []


def classic_box(picture: tuple[int, int], *, position: Position, alone: bool) -> Box:
    """The text box at the top or bottom of the picture."""
    width, height = picture
    margin = max(2, round(min(width, height) * 0.025))
    box_height = max(1, round(height * (0.4 if alone else 0.3)) - margin)
    top = margin if position == "top" else height - margin - box_height
    return Box(margin, top, width - margin, top + box_height)


@functools.lru_cache(maxsize=16)  # Shuffle re-renders one caption on memes of one size; layers are never mutated
def plan(text: str, *, style: CaptionStyle, position: Position, picture: tuple[int, int]) -> Plan:
    """Lay the caption out for a picture of this size."""
    if style is CaptionStyle.BAR:
        return _bar(text.replace(" / ", " "), position=position, picture=picture)
    parts = parts_of(text, position)
    layers = []
    for pos, part in parts:
        box = classic_box(picture, position=pos, alone=len(parts) == 1)
        layers.append((_classic_layer(part, box=box, picture=picture, bottom=pos == "bottom"), box))
    return Plan(canvas=picture, picture=picture, picture_at=(0, 0), layers=tuple(layers))


def _classic_layer(text: str, *, box: Box, picture: tuple[int, int], bottom: bool) -> Image.Image:
    """White outlined text in a transparent layer the size of its box."""
    width, height = box.size

    def attempt(max_size: int, min_size: int) -> tuple[Image.Image, Block, Bbox]:
        layer = Image.new("RGBA", box.size)
        block = fit(font_book(CaptionStyle.CLASSIC), text, width=width, height=height,
                    min_size=min_size, max_size=max_size, stroke_ratio=CLASSIC_STROKE)
        draw_block(layer, block, top=height - block.height if bottom else 0, fill=WHITE, outline=BLACK)
        return layer, block, layer.getchannel("A").getbbox()

    return _unclipped(attempt, max_size=max(8, round(min(picture[1] * 0.15, picture[0] * 0.18))),
                      min_size=max(8, round(min(picture) * 0.035)))


def _bar(text: str, *, position: Position, picture: tuple[int, int]) -> Plan:
    """A white band with dark text, above or below the picture."""
    width, height = picture
    if not text.strip():
        return Plan(canvas=picture, picture=picture, picture_at=(0, 0), layers=())
    pad = max(4, round(width * 0.04))

    def attempt(max_size: int, min_size: int) -> tuple[Image.Image, Block, Bbox]:
        block = fit(font_book(CaptionStyle.BAR), text.strip(), width=width - 2 * pad,
                    height=max(round(height * 0.5), 2 * max_size), min_size=min_size, max_size=max_size)
        band = Image.new("RGBA", (width, block.height + 2 * pad), WHITE)
        draw_block(band, block, top=pad, fill=INK, outline=INK)
        return band, block, ImageChops.difference(band.convert("RGB"), Image.new("RGB", band.size, WHITE[:3])).getbbox()

    band = _unclipped(attempt, max_size=max(10, round(width / 11)), min_size=max(8, round(width / 30)))
    box = Box(0, 0, width, band.height) if position == "top" else Box(0, height, width, height + band.height)
    picture_at = (0, band.height) if position == "top" else (0, 0)
    return Plan(canvas=(width, height + band.height), picture=picture, picture_at=picture_at, layers=((band, box),))


def _unclipped(
    attempt: Callable[[int, int], tuple[Image.Image, Block, Bbox]], *, max_size: int, min_size: int
) -> Image.Image:
    """Draw, and shrink while ink touches the layer's edge: the width estimate can miss by a pixel or two."""
    for _ in range(SHRINK_TRIES):
        with FREETYPE_LOCK:
            layer, block, ink = attempt(max_size, min_size)
        if _inside(ink, layer.size) or block.size <= min_size:
            break
        max_size = max(min_size, int(block.size * 0.9))
    return layer


def _inside(bbox: Bbox, size: tuple[int, int]) -> bool:
    """True when ink stays off the layer's edges, i.e. nothing was clipped."""
    if bbox is None:
        return True
    return bbox[0] > 0 and bbox[1] > 0 and bbox[2] < size[0] and bbox[3] < size[1]
