"""A meme's caption settings in memes.yaml reach the picture `/cry` renders, checked pixel by pixel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.core import Core
from bot.events import Reply
from tests.factories import draw_image, make_cry, open_test_core

SIZE = 320  # big enough that caption glyphs are many pixels thick, small enough to stay under any downscale
BLUE = (70, 110, 200)  # neither white nor dark, so band, text and outline all stand out from the picture
CAPTION = "nobody came to my party"
Box = tuple[int, int, int, int]
CoreFor = Callable[[dict[str, str] | None], Awaitable[Core]]


def _meme(meme_id: str, mood: str, caption: dict[str, str] | None) -> dict[str, Any]:
    """A catalogue entry for a picture under assets/, with the caption settings given (or none)."""
    entry: dict[str, Any] = {"id": meme_id, "file": f"assets/{meme_id}.png", "moods": [mood], "alt": f"{meme_id} alt"}
    if caption is not None:
        entry["caption"] = caption
    return entry


@pytest.fixture
async def core_for(tmp_path: Path) -> AsyncIterator[CoreFor]:
    """Open a core whose catalogue has one sad meme with the caption settings asked for."""
    opened: list[Core] = []

    async def make(caption: dict[str, str] | None) -> Core:
        draw_image(tmp_path / "assets" / "captioned.png", BLUE, size=SIZE)
        core = await open_test_core(tmp_path, memes=[_meme("captioned", "sad", caption)])  # written out as memes.yaml
        opened.append(core)
        return core

    yield make
    for core in opened:
        await core.close()


async def _cry(core: Core, text: str = CAPTION) -> tuple[Reply, Image.Image]:
    """Run `/cry TEXT mood:sad` through the core and open the picture it would post."""
    reply = await core.on_cry(make_cry(text, mood="sad"))
    assert reply.kind == "meme" and reply.picture is not None, reply
    assert reply.picture.meme_id == "captioned"
    with Image.open(reply.picture.path) as image:
        return reply, image.convert("RGB")


def _is_white(pixel: tuple[int, int, int]) -> bool:
    """Near-white: caption-bar paper or classic letter fill."""
    return min(pixel) >= 235


def _is_dark(pixel: tuple[int, int, int]) -> bool:
    """Near-black: bar ink or classic outline; the picture's blue never gets this dark."""
    return max(pixel) <= 60


def _is_picture(pixel: tuple[int, int, int]) -> bool:
    """Exactly the meme's own colour: PNG in, PNG out, so nothing shifts it."""
    return pixel == BLUE


def _rgb(image: Image.Image) -> list[tuple[int, int, int]]:
    """Every pixel of an RGB image, row by row (tobytes works on every Pillow the project supports)."""
    raw = image.tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def _pixels(image: Image.Image, box: Box) -> list[tuple[int, int, int]]:
    """The pixels of one region, row by row."""
    return _rgb(image.crop(box))


def _where(image: Image.Image, test: Callable[[tuple[int, int, int]], bool]) -> Box | None:
    """Bounding box of the pixels passing a test, or None when none do."""
    mask = Image.new("1", image.size)
    mask.putdata([1 if test(p) else 0 for p in _rgb(image)])
    return mask.getbbox()


@pytest.mark.parametrize(
    "caption",
    [{"style": "bar", "position": "top"}, {"style": "bar"}],  # a bar goes on top unless the admin says otherwise
    ids=["bar-top", "bar-default-position"],
)
async def test_a_caption_bar_is_a_white_band_on_top_with_dark_text(core_for: CoreFor, caption: dict[str, str]) -> None:
    core = await core_for(caption)
    reply, image = await _cry(core)
    width, height = image.size
    assert width == SIZE and height > SIZE, "the band is added above the picture, not painted over it"
    band = height - SIZE

    # The picture sits untouched below the band.
    assert all(_is_picture(p) for p in _pixels(image, (0, band, width, height)))
    # The band is white paper from edge to edge, with dark letters inside it and clear of its edges.
    assert all(_is_white(p) for p in _pixels(image, (0, 0, width, 1)))
    assert all(_is_white(p) for p in _pixels(image, (0, band - 1, width, band)))
    band_pixels = _pixels(image, (0, 0, width, band))
    assert sum(_is_white(p) for p in band_pixels) > 0.6 * len(band_pixels)
    ink = _where(image.crop((0, 0, width, band)), _is_dark)
    assert ink is not None, "no text in the caption bar"
    assert ink[0] > 0 and ink[1] > 0 and ink[2] < width and ink[3] < band
    assert ink[2] - ink[0] > width // 3, "the caption is written across the band, not a speck"
    assert reply.picture is not None and CAPTION in reply.picture.alt


async def test_a_classic_caption_is_light_text_with_a_dark_outline_near_the_bottom(core_for: CoreFor) -> None:
    core = await core_for({"style": "classic", "position": "bottom"})
    reply, image = await _cry(core)
    assert image.size == (SIZE, SIZE), "classic text is written on the picture: no band"

    # The top half is the bare picture: no band, no letters.
    assert all(_is_picture(p) for p in _pixels(image, (0, 0, SIZE, SIZE // 2)))
    fill = _where(image, _is_white)
    outline = _where(image, _is_dark)
    assert fill is not None and outline is not None, "no caption on the picture"
    assert fill[1] >= SIZE // 2 and outline[1] >= SIZE // 2, "the caption sits in the lower half"
    # The outline wraps the letters: it reaches at least as far as the fill on every side.
    assert outline[0] <= fill[0] and outline[1] <= fill[1] and outline[2] >= fill[2] and outline[3] >= fill[3]
    assert fill[2] - fill[0] > SIZE // 3
    assert reply.picture is not None and CAPTION in reply.picture.alt


async def test_a_meme_without_caption_settings_gets_classic_text_at_the_bottom(core_for: CoreFor) -> None:
    core = await core_for(None)
    _, image = await _cry(core)
    assert image.size == (SIZE, SIZE)
    assert all(_is_picture(p) for p in _pixels(image, (0, 0, SIZE, SIZE // 2)))
    fill = _where(image, _is_white)
    assert fill is not None and fill[1] >= SIZE // 2


async def test_without_caption_text_the_picture_comes_back_bare(core_for: CoreFor) -> None:
    core = await core_for({"style": "bar", "position": "top"})
    _, image = await _cry(core, text="")
    assert image.size == (SIZE, SIZE)
    assert all(_is_picture(p) for p in _rgb(image))
