"""Output fits the upload limits, keeps its orientation, and the plain (no caption) path still does its job."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bot.render import Renderer
from tests.render_samples import busy, save


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    return Renderer(cache_dir=tmp_path / "cache")


async def test_oversize_still_is_brought_under_the_limit(renderer: Renderer, tmp_path: Path) -> None:
    source = save(Image.effect_noise((1000, 1000), 100).convert("RGB"), tmp_path / "noise.png")
    assert source.stat().st_size > 900_000
    out = await renderer.render(source, text="it is fine", max_bytes=150_000)
    assert out.size == out.path.stat().st_size <= 150_000
    with Image.open(out.path) as image:
        image.load()
        assert image.size == (out.width, out.height)
        assert max(image.size) >= 400  # smaller on the wire, not a thumbnail


async def test_large_picture_is_scaled_to_max_side(renderer: Renderer, tmp_path: Path) -> None:
    source = save(busy((2400, 1600)), tmp_path / "big.jpg", quality=85)
    plain = await renderer.render(source)
    assert (plain.width, plain.height) == (1024, 683) and plain.mime == "image/jpeg"  # a photo stays a photo
    bar = await renderer.render(source, text="a caption bar adds height", style="bar", max_side=800)
    assert max(bar.width, bar.height) <= 800 and bar.height > bar.width * 683 / 1024


async def test_transparent_png_keeps_its_transparency(renderer: Renderer, tmp_path: Path) -> None:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    image.paste((250, 200, 0, 255), (50, 50, 150, 150))
    out = await renderer.render(save(image, tmp_path / "sticker.png"), text="tears")
    result = Image.open(out.path)
    assert out.mime == "image/png" and result.mode == "RGBA"
    assert result.getpixel((5, 5))[3] == 0 and result.getpixel((100, 100))[3] == 255


@pytest.mark.parametrize("orientation,expected_size,marker", [
    (6, (200, 300), "top-right"),  # camera held sideways: turn 90 degrees clockwise
    (3, (300, 200), "bottom-right"),
    (8, (200, 300), "bottom-left"),
])
async def test_exif_orientation_is_honoured(
    renderer: Renderer, tmp_path: Path, orientation: int, expected_size: tuple[int, int], marker: str
) -> None:
    stored = Image.new("RGB", (300, 200), (20, 20, 160))
    stored.paste((230, 20, 20), (0, 0, 40, 40))  # red marks the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = save(stored, tmp_path / "phone.jpg", exif=exif, quality=95)
    for text in ("", "tilted"):
        out = Image.open((await renderer.render(source, text=text)).path).convert("RGB")
        assert out.size == expected_size
        w, h = out.size
        corners = {"top-left": (5, 5), "top-right": (w - 6, 5), "bottom-left": (5, h - 6),
                   "bottom-right": (w - 6, h - 6)}
        r, g, b = out.getpixel(corners[marker])
        assert r > 180 and g < 80 and b < 80, f"red marker not at {marker}"
