"""Captions land inside the picture and inside their box, at a size that suits the text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.render import Renderer
from bot.render.caption import classic_box, parts_of
from bot.render.fonts import font_book
from bot.render.layout import ELLIPSIS, fit
from bot.render.model import CaptionStyle
from bot.render.pipeline import clean_text, render_bytes
from tests.render_samples import busy, changed, encoded, flat, inside, save


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    return Renderer(cache_dir=tmp_path / "cache")


async def ink(renderer: Renderer, source: Path, **options: object) -> tuple[Image.Image, Image.Image]:
    """The captioned output and the mask of pixels the caption changed."""
    plain = Image.open((await renderer.render(source)).path)
    captioned = Image.open((await renderer.render(source, **options)).path)  # type: ignore[arg-type]
    assert captioned.size == plain.size
    return captioned, changed(plain, captioned)


async def test_bottom_caption_stays_in_its_box(renderer: Renderer, tmp_path: Path) -> None:
    source = save(busy((600, 400)), tmp_path / "busy.png")
    _, mask = await ink(renderer, source, text="when the tests pass on the first try")
    box = classic_box((600, 400), position="bottom", alone=True)
    assert mask.getbbox() is not None
    assert inside(mask.getbbox(), box)
    assert box.left > 0 and box.right < 600 and box.bottom < 400 and box.top >= 400 * 0.55


async def test_top_slash_bottom_writes_at_both_ends(renderer: Renderer, tmp_path: Path) -> None:
    source = save(busy((500, 500)), tmp_path / "busy.png")
    _, mask = await ink(renderer, source, text="me: one small fix / the build: 400 errors")
    top = classic_box((500, 500), position="top", alone=False)
    bottom = classic_box((500, 500), position="bottom", alone=False)
    assert mask.crop((0, 0, 500, top.bottom)).getbbox() is not None
    assert mask.crop((0, bottom.top, 500, 500)).getbbox() is not None
    assert mask.crop((0, top.bottom, 500, bottom.top)).getbbox() is None  # the middle of the picture stays clear
    assert inside(mask.crop((0, 0, 500, top.bottom)).getbbox(), top)


async def test_one_word_is_big_and_a_paragraph_is_small_but_contained(renderer: Renderer, tmp_path: Path) -> None:
    source = flat(tmp_path / "grey.png")
    _, word = await ink(renderer, source, text="crying")
    long = " ".join(["so many deadlines and not one of them is mine"] * 8)
    _, paragraph = await ink(renderer, source, text=long)
    box = classic_box((512, 512), position="bottom", alone=True)
    word_box, paragraph_box = word.getbbox(), paragraph.getbbox()
    assert word_box is not None and paragraph_box is not None
    assert word_box[3] - word_box[1] >= 512 * 0.08  # one word fills a good part of the box
    assert inside(paragraph_box, box)


def test_past_the_box_the_text_ends_in_an_ellipsis() -> None:
    book = font_book(CaptionStyle.CLASSIC)
    block = fit(book, "tears " * 60, width=300, height=80, min_size=14, max_size=40, stroke_ratio=0.075)
    assert block.height <= 80
    assert block.lines[-1][-1].text == ELLIPSIS
    short = fit(book, "tears", width=300, height=80, min_size=14, max_size=40, stroke_ratio=0.075)
    assert all(atom.text != ELLIPSIS for line in short.lines for atom in line)


def test_lines_are_balanced_not_a_lone_last_word() -> None:
    block = fit(font_book(CaptionStyle.CLASSIC), "when you finally fix the bug and it was a typo all along",
                width=480, height=150, min_size=18, max_size=80, stroke_ratio=0.075)
    counts = [sum(1 for a in line if a.text == " ") + 1 for line in block.lines]
    assert len(counts) >= 2 and max(counts) - min(counts) <= 2


async def test_bar_puts_dark_text_on_a_white_band_and_leaves_the_picture_alone(
    renderer: Renderer, tmp_path: Path
) -> None:
    picture = busy((400, 300))
    source = save(picture, tmp_path / "busy.png")
    top = Image.open((await renderer.render(source, text="nobody: / me crying at 3am", style="bar",
                                            position="top")).path).convert("RGB")
    assert top.width == 400 and top.height > 300
    band_height = top.height - 300
    band = top.crop((0, 0, 400, band_height)).convert("L")
    assert top.crop((0, band_height, 400, top.height)).tobytes() == picture.tobytes()
    counts = band.histogram()
    dark = sum(counts[:128])
    assert dark > 200 and sum(v * counts[v] for v in range(128)) / dark < 60  # dark text on a white band
    assert band.getpixel((0, 0)) == 255 and band.getpixel((399, band_height - 1)) == 255


WORDS = ["sob", "crying", "a", "WWWWWWWWWWWWWW", "울어요", "泣く", "😭", "!?", " ", " / "]


@settings(max_examples=25, deadline=None)
@given(text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map("".join),
       size=st.sampled_from([(240, 240), (400, 160), (160, 400)]))
def test_any_caption_stays_inside_its_box(text: str, size: tuple[int, int]) -> None:
    source = encoded(busy(size), "PNG")
    out = {}
    for caption in ("", text):
        result = render_bytes(source, text=caption, style=CaptionStyle.CLASSIC, position="bottom",
                              max_bytes=8 * 2**20, max_side=1024, frame_budget=2**26)
        out[caption] = Image.open(io.BytesIO(result.data))
    mask = changed(out[""], out[text])
    alone = len(parts_of(clean_text(text), "bottom")) == 1
    boxes = [classic_box(size, position=pos, alone=alone) for pos in ("top", "bottom")]
    for y in range(size[1]):
        if mask.crop((0, y, size[0], y + 1)).getbbox() is not None:
            assert any(b.top <= y < b.bottom for b in boxes), f"row {y} has ink outside the caption boxes"
    bbox = mask.getbbox()
    if bbox is not None:
        assert bbox[0] >= boxes[0].left and bbox[2] <= boxes[0].right
