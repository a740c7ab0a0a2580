"""Hostile and broken pictures are refused with a clear, user-safe RenderError, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bot.render import Renderer, RenderError
from tests.render_samples import animation, busy, encoded, png_header


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    return Renderer(cache_dir=tmp_path / "cache")


def noise_png() -> bytes:
    return encoded(Image.effect_noise((300, 300), 60).convert("RGB"), "PNG")


HOSTILE: dict[str, tuple[bytes, str]] = {
    "bomb.png": (png_header(40000, 40000), "too large"),
    "tower.png": (png_header(1, 100000), "too large"),
    "sliver.png": (png_header(3, 3000), "too thin"),
    "notes.png": (b"this is a text file wearing a .png hat\n" * 20, "not a picture"),
    "cut.png": (noise_png()[:-3000], "damaged"),
    "cut.jpg": (encoded(busy((300, 300)), "JPEG")[:4000], "damaged"),
    "empty.gif": (b"", "empty"),
    "html.jpg": (b"<!doctype html><html><body>404</body></html>", "not a picture"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_pictures_are_refused(renderer: Renderer, tmp_path: Path, name: str) -> None:
    data, says = HOSTILE[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(RenderError) as caught:
        await renderer.render(tmp_path / name, text="please")
    message = caught.value.message
    assert says in message
    assert "Error" not in message and "/" not in message and "errno" not in message.lower()  # nothing internal leaks


async def test_truncated_gif_is_refused(renderer: Renderer, tmp_path: Path) -> None:
    source = animation(tmp_path / "full.gif", frames=6)
    cut = tmp_path / "cut.gif"
    cut.write_bytes(source.read_bytes()[: source.stat().st_size * 2 // 3])
    with pytest.raises(RenderError, match="damaged"):
        await renderer.render(cut, text="sob")


async def test_missing_file_is_a_render_error(renderer: Renderer, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="missing"):
        await renderer.render(tmp_path / "nowhere.png")


async def test_a_refusal_leaves_the_renderer_working(renderer: Renderer, tmp_path: Path) -> None:
    (tmp_path / "bad.png").write_bytes(b"nope")
    with pytest.raises(RenderError):
        await renderer.render(tmp_path / "bad.png")
    good = tmp_path / "good.png"
    Image.new("RGB", (64, 64), "navy").save(good)
    assert (await renderer.render(good, text="ok")).mime == "image/png"


async def test_unknown_style_is_a_programming_error(renderer: Renderer, tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    Image.new("RGB", (64, 64), "navy").save(good)
    with pytest.raises(ValueError):
        await renderer.render(good, style="comic-sans")
