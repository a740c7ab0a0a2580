"""Repeats come from the cache: same file, no new work; new inputs make new files."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from PIL import Image

from bot.render import Renderer


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "cat.png"
    Image.new("RGB", (200, 150), (70, 110, 200)).save(path)
    return path


async def test_a_repeat_returns_the_same_file_untouched(tmp_path: Path, source: Path) -> None:
    renderer = Renderer(cache_dir=tmp_path / "cache")
    first = await renderer.render(source, text="sad cat")
    written = first.path.stat().st_mtime_ns
    again = await renderer.render(source, text="  sad   cat ")  # same caption once spaces are tidied
    assert again == first and again.path.stat().st_mtime_ns == written
    assert first.path.name.startswith(first.filename.split("-")[1].split(".")[0])  # named by the content hash
    assert first.filename.startswith("crybot-") and first.filename.endswith(".png")


async def test_a_restart_reuses_the_disk_cache(tmp_path: Path, source: Path) -> None:
    first = await Renderer(cache_dir=tmp_path / "cache").render(source, text="sad cat")
    written = first.path.stat().st_mtime_ns
    again = await Renderer(cache_dir=tmp_path / "cache").render(source, text="sad cat")
    assert again == first and again.path.stat().st_mtime_ns == written


async def test_new_text_style_or_picture_makes_a_new_render(tmp_path: Path, source: Path) -> None:
    renderer = Renderer(cache_dir=tmp_path / "cache")
    base = await renderer.render(source, text="sad cat")
    others = [await renderer.render(source, text="sad dog"), await renderer.render(source, text="sad cat", style="bar"),
              await renderer.render(source, text="sad cat", max_side=100)]
    Image.new("RGB", (200, 150), (200, 60, 50)).save(source)  # an admin swaps the picture, same name
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    others.append(await renderer.render(source, text="sad cat"))
    assert len({base.path, *(o.path for o in others)}) == 5
    assert Image.open(others[-1].path).convert("RGB").getpixel((100, 10))[0] > 150  # the new picture's red


async def test_a_deleted_cache_file_comes_back(tmp_path: Path, source: Path) -> None:
    renderer = Renderer(cache_dir=tmp_path / "cache")
    first = await renderer.render(source, text="gone")
    content = first.path.read_bytes()
    first.path.unlink()
    again = await renderer.render(source, text="gone")
    assert again.path.read_bytes() == content


async def test_concurrent_requests_share_one_render_and_leave_no_temp_files(tmp_path: Path, source: Path) -> None:
    renderer = Renderer(cache_dir=tmp_path / "cache")
    results = await asyncio.wait_for(asyncio.gather(*(renderer.render(source, text="all at once") for _ in range(6))),
                                     timeout=30)
    assert len(set(results)) == 1
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [results[0].path.name]


async def test_memory_stays_within_budget(tmp_path: Path, source: Path) -> None:
    renderer = Renderer(cache_dir=tmp_path / "cache", memory_budget=40_000)
    for i in range(12):
        await renderer.render(source, text=f"number {i}")
    assert 0 < renderer.cached_bytes <= 40_000
    # Evicted from memory is not lost: the disk still answers.
    assert (await renderer.render(source, text="number 0")).path.exists()
