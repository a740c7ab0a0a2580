"""Captions stay legible on any background, and every script people cry in draws real glyphs."""

from __future__ import annotations

import colorsys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from bot.render import Renderer
from bot.render.fonts import font_book
from bot.render.model import CaptionStyle
from tests.render_samples import GREY, busy, flat, save

CAPTION = "crying again"
NO_FONT = "\u0e01"  # THAI CHARACTER KO KAI


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    return Renderer(cache_dir=tmp_path / "cache")


async def captioned(renderer: Renderer, source: Path, text: str) -> Image.Image:
    """The captioned picture as RGB."""
    return Image.open((await renderer.render(source, text=text)).path).convert("RGB")


def mean_at(image: Image.Image, mask: Image.Image) -> float:
    """Mean luminance of the pixels under a mask."""
    counts = image.convert("L").histogram(mask)
    return sum(v * n for v, n in enumerate(counts)) / max(1, sum(counts))


def luminance_ratio(light: float, dark: float) -> float:
    """WCAG-style contrast ratio of two grey levels."""
    def relative(v: float) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return (relative(light) + 0.05) / (relative(dark) + 0.05)


@pytest.mark.parametrize("background", ["white", "black", "busy"])
async def test_outlined_letters_keep_their_contrast(renderer: Renderer, tmp_path: Path, background: str) -> None:
    # On mid grey both the white fill and the black outline show, so that render tells which pixel is which.
    reference = await captioned(renderer, flat(tmp_path / "grey.png", GREY), CAPTION)
    fill = reference.convert("L").point(lambda v: 255 if v > 235 else 0)
    outline = reference.convert("L").point(lambda v: 255 if v < 20 else 0)
    assert fill.getbbox() is not None and outline.getbbox() is not None
    sources = {"white": flat(tmp_path / "w.png", (255, 255, 255)), "black": flat(tmp_path / "b.png", (0, 0, 0)),
               "busy": save(busy((512, 512)), tmp_path / "busy.png")}
    out = await captioned(renderer, sources[background], CAPTION)
    assert luminance_ratio(mean_at(out, fill), mean_at(out, outline)) >= 15
    # Every letter is ringed: two pixels out from the fill there is outline, never the background.
    ring = ImageChops.subtract(fill.filter(ImageFilter.MaxFilter(5)), fill.filter(ImageFilter.MaxFilter(3)))
    ring_counts = out.convert("L").histogram(ring)
    assert sum(ring_counts[:64]) >= 0.97 * sum(ring_counts)


async def letter_fill(renderer: Renderer, tmp_path: Path, text: str) -> Image.Image:
    """The white fill of a caption's letters on a grey picture (outlines excluded: they blur shapes together)."""
    out = await captioned(renderer, flat(tmp_path / "grey.png", GREY), text)
    return out.convert("L").point(lambda v: 255 if v > 235 else 0)


def overlap(a: Image.Image, b: Image.Image) -> float:
    """Intersection over union of two masks."""
    both = ImageChops.logical_and(a.convert("1"), b.convert("1")).histogram()[-1]
    either = ImageChops.logical_or(a.convert("1"), b.convert("1")).histogram()[-1]
    return both / max(1, either)


@pytest.mark.parametrize("text", ["울지마 ㅠㅠ", "泣きたい", "ÇA VA? ÑO"])
async def test_scripts_draw_glyphs_not_missing_boxes(renderer: Renderer, tmp_path: Path, text: str) -> None:
    # Thai is in no shipped font, so the same number of Thai letters draws the primary font's .notdef boxes.
    book = font_book(CaptionStyle.CLASSIC)
    assert all(ord(NO_FONT) not in face.points for face in (*book.text_faces, book.emoji))
    missing = " ".join(NO_FONT * len(word) for word in text.split(" "))
    real, tofu = await letter_fill(renderer, tmp_path, text), await letter_fill(renderer, tmp_path, missing)
    assert real.getbbox() is not None and tofu.getbbox() is not None
    assert overlap(real, tofu) < 0.3


async def test_emoji_are_drawn_in_colour(renderer: Renderer, tmp_path: Path) -> None:
    out = await captioned(renderer, flat(tmp_path / "grey.png", GREY), "😭😿🥹")
    colourful = 0
    for r, g, b in out.resize((128, 128), Image.Resampling.NEAREST).get_flattened_data():
        _, saturation, value = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        colourful += saturation > 0.5 and value > 0.5
    assert colourful > 100  # yellow faces and blue tears; missing boxes would be white and black only
