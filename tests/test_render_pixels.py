"""Small files that decode huge are refused everywhere; an accepted large still is decoded once, not per caption."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.picture_limits import MAX_PIXELS
from bot.remote.images import RemoteError, RemoteImages
from bot.render import Renderer, RenderError, pipeline
from tests.factories import catalogue_data, write_catalogue
from tests.fakes.picture_host import picture_host
from tests.render_samples import solid_png
from tests.test_cli import crybot

OVER = (4200, 4200)  # 17.6 MP: past the limit, well within the old 40 MP one


def huge_png(size: tuple[int, int] = OVER) -> bytes:
    """A few kilobytes of PNG that decode to tens of megabytes of RGBA."""
    return solid_png(size)


def test_check_refuses_a_small_file_that_decodes_huge(tmp_path: Path) -> None:
    data = huge_png()
    assert len(data) < 200_000
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "huge.png").write_bytes(data)
    memes = catalogue_data()["memes"] + [{"id": "huge", "file": "assets/huge.png", "moods": ["sad"], "alt": "big"}]
    result = crybot("check", str(write_catalogue(tmp_path, memes=memes)))
    assert result.returncode == 1
    refusal = "memes[8].file: file 'assets/huge.png': this picture is too large to read safely (4200x4200 px"
    assert refusal in result.stdout


async def test_rendering_refuses_it_too(tmp_path: Path) -> None:
    (tmp_path / "huge.png").write_bytes(huge_png())
    with pytest.raises(RenderError, match="too large"):
        await Renderer(cache_dir=tmp_path / "cache").render(tmp_path / "huge.png", text="sob")


async def test_a_url_meme_that_decodes_huge_is_refused_when_fetched(tmp_path: Path) -> None:
    async with picture_host(pictures={"/huge.png": huge_png(), "/fine.png": huge_png((800, 600))}) as host:
        remote = RemoteImages(cache_dir=tmp_path / "remote")
        try:
            with pytest.raises(RemoteError, match="cannot be used: this picture is too large"):
                await remote.fetch(host.url("/huge.png"), allow_private=True)
            assert (await remote.fetch(host.url("/fine.png"), allow_private=True)).is_file()
        finally:
            await remote.close()
    assert [p.name for p in (tmp_path / "remote").iterdir()] == [remote.path_for(host.url("/fine.png")).name]


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count calls to module.name, letting each through."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


async def test_the_largest_accepted_still_is_decoded_once_for_many_captions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    side = int(MAX_PIXELS**0.5)
    source = tmp_path / "limit.png"
    source.write_bytes(huge_png((side, side)))
    decodes = count_calls(monkeypatch, pipeline, "open_source")
    renderer = Renderer(cache_dir=tmp_path / "cache")
    made = await asyncio.wait_for(asyncio.gather(*(renderer.render(source, text=f"caption {i}") for i in range(8))),
                                  timeout=120)
    made.append(await renderer.render(source, text="one more, later"))
    assert len({m.path for m in made}) == 9 and max(made[0].width, made[0].height) == 1024
    assert len(decodes) == 1  # every caption, at once or later, started from the one scaled-down still
    assert 0 < renderer.prepared_bytes <= 1024 * 1024 * 4


async def test_a_caption_never_marks_the_kept_still(tmp_path: Path) -> None:
    source = tmp_path / "plain.png"
    Image.new("RGB", (300, 200), (40, 60, 120)).save(source)
    renderer = Renderer(cache_dir=tmp_path / "cache")
    await renderer.render(source, text="WRITTEN ON TOP")
    after = await renderer.render(source, text="")
    fresh = await Renderer(cache_dir=tmp_path / "fresh").render(source, text="")
    assert after.path.read_bytes() == fresh.path.read_bytes()
