"""Animated memes keep every frame, its timing and the loop, with the caption on each frame."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageSequence

from bot.render import Renderer
from bot.render.caption import classic_box
from tests.render_samples import animation, changed, square


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    return Renderer(cache_dir=tmp_path / "cache")


def frames_of(path: Path) -> list[tuple[Image.Image, int]]:
    """Every frame as RGBA with its duration."""
    with Image.open(path) as image:
        return [(f.convert("RGBA"), int(f.info.get("duration", 0))) for f in ImageSequence.Iterator(image)]


async def test_every_gif_frame_has_the_caption_and_keeps_its_duration(renderer: Renderer, tmp_path: Path) -> None:
    durations = [40, 60, 80, 100, 120, 140, 160, 180, 200, 220]
    source = animation(tmp_path / "sob.gif", frames=10, durations=durations, loop=0)
    out = await renderer.render(source, text="sobbing")
    plain = await renderer.render(source)
    assert out.mime == "image/gif" and Image.open(out.path).info.get("loop") == 0
    captioned, bare = frames_of(out.path), frames_of(plain.path)
    assert [d for _, d in captioned] == durations
    box = classic_box((160, 160), position="bottom", alone=True)
    masks = [changed(b, c).crop((box.left, box.top, box.right, box.bottom)) for (c, _), (b, _) in zip(captioned, bare)]
    white = [c.crop((box.left, box.top, box.right, box.bottom)).convert("L").point(lambda v: 255 if v > 230 else 0)
             for c, _ in captioned]
    assert all(m.getbbox() is not None for m in masks)
    first = white[0].histogram()[-1]
    assert first > 50 and all(abs(w.histogram()[-1] - first) <= first * 0.1 for w in white)  # same letters, each frame
    assert all(changed(b, c).crop((0, 0, 160, box.top)).getbbox() is None
               for (c, _), (b, _) in zip(captioned, bare))  # the picture above the caption is untouched


async def test_a_gif_that_plays_once_still_plays_once(renderer: Renderer, tmp_path: Path) -> None:
    source = animation(tmp_path / "once.gif", frames=4, loop=None)
    out = await renderer.render(source, text="once")
    assert "loop" not in Image.open(out.path).info
    assert len(frames_of(out.path)) == 4


async def test_transparent_gif_stays_transparent_without_trails(renderer: Renderer, tmp_path: Path) -> None:
    source = animation(tmp_path / "ghost.gif", frames=6, size=160, transparent=True)
    out = frames_of((await renderer.render(source, text="boo hoo", position="top")).path)
    assert len(out) == 6
    for index, (frame, _) in enumerate(out):
        alpha = frame.getchannel("A")
        assert alpha.getpixel((2, 159)) == 0  # the background corner stays see-through
        left, top, right, bottom = square(index, 160)
        assert alpha.getpixel(((left + right) // 2, (top + bottom) // 2)) == 255
        if index:
            before = square(index - 1, 160)
            assert alpha.getpixel((before[0] + 1, before[1] + 1)) == 0 or before[0] + 1 >= left  # no ghost
        assert frame.crop((0, 0, 160, 50)).getchannel("A").getbbox() is not None  # caption on every frame


async def test_animated_webp_stays_animated_webp(renderer: Renderer, tmp_path: Path) -> None:
    durations = [70, 90, 110, 130, 150]
    source = animation(tmp_path / "sob.webp", frames=5, durations=durations, loop=0)
    out = await renderer.render(source, text="happy tears")
    assert out.mime == "image/webp" and out.filename.endswith(".webp")
    frames = frames_of(out.path)
    assert [d for _, d in frames] == durations
    assert all(f.crop((0, 110, 160, 160)).convert("L").point(lambda v: 255 if v > 230 else 0).getbbox()
               for f, _ in frames)


async def test_big_gif_is_brought_under_the_limit_and_stays_animated(renderer: Renderer, tmp_path: Path) -> None:
    frames = [Image.effect_noise((300, 300), 80 + i).convert("RGB") for i in range(24)]
    source = tmp_path / "noise.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=50, loop=0)
    assert source.stat().st_size > 1_000_000
    out = await renderer.render(source, text="too much", max_bytes=400_000)
    assert out.size == out.path.stat().st_size <= 400_000
    result = frames_of(out.path)
    assert len(result) >= 8
    assert sum(d for _, d in result) == 24 * 50  # dropped frames hand their time to the ones kept
