"""The render cache on disk stays within its budget, least recently used first, and a full disk fails no reply."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from bot.render import Renderer
from bot.render import disk as disk_module
from tests.factories import make_cry, open_test_core, write_catalogue
from tests.render_samples import busy, save
from tests.test_cli import crybot


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return save(busy((240, 180)), tmp_path / "busy.png")


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) if folder.exists() else 0


def disk_of(capacity: int, folder: Path) -> Callable[[Path, bytes], None]:
    """The write boundary of a disk holding `capacity` bytes under `folder`: past it, writes fail with ENOSPC."""
    real = disk_module._write_atomic

    def write(path: Path, data: bytes) -> None:
        if path.parent == folder and folder_bytes(folder) + len(data) > capacity:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    return write


async def test_the_disk_cache_keeps_within_its_budget_dropping_the_least_recently_used(
    tmp_path: Path, source: Path
) -> None:
    folder = tmp_path / "renders"
    one = (await Renderer(cache_dir=tmp_path / "probe").render(source, text="caption 00")).size
    budget = 6 * one
    renderer = Renderer(cache_dir=folder, disk_budget=budget, memory_budget=one)  # memory holds about one
    favourite = await renderer.render(source, text="the favourite")
    early = await renderer.render(source, text="an early one")
    for i in range(30):
        await renderer.render(source, text=f"caption {i:02}")
        assert folder_bytes(folder) <= budget
        if i % 3 == 0:
            assert (await renderer.render(source, text="the favourite")).path == favourite.path  # used again
    assert favourite.path.is_file()  # kept: it was used recently all along
    assert not early.path.exists()  # dropped: least recently used
    assert 4 * one <= folder_bytes(folder) <= budget  # trimmed to 90%, not emptied
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary files left behind


async def test_a_smaller_budget_after_a_restart_trims_by_last_use(tmp_path: Path, source: Path) -> None:
    folder = tmp_path / "renders"
    first = Renderer(cache_dir=folder)
    made = [await first.render(source, text=f"old {i}") for i in range(8)]
    again = await Renderer(cache_dir=folder).render(source, text="old 0")  # a later run uses the oldest again
    assert again.path == made[0].path
    small = Renderer(cache_dir=folder, disk_budget=4 * made[0].size)
    await small.render(source, text="new")
    assert made[0].path.is_file() and not made[1].path.exists()
    assert folder_bytes(folder) <= 4 * made[0].size


async def test_a_full_disk_gives_back_old_renders_before_anything_else(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "renders"
    one = (await Renderer(cache_dir=tmp_path / "probe").render(source, text="caption 00")).size
    monkeypatch.setattr(disk_module, "_write_atomic", disk_of(5 * one, folder))
    renderer = Renderer(cache_dir=folder)  # the default budget is far larger than this disk
    for i in range(15):
        rendered = await renderer.render(source, text=f"caption {i:02}")
        assert rendered.path.parent == folder and rendered.path.is_file()
    assert folder_bytes(folder) <= 5 * one


async def test_a_disk_with_no_room_at_all_still_answers_from_a_spill_folder(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "renders"
    monkeypatch.setattr(disk_module, "_write_atomic", disk_of(0, folder))
    renderer = Renderer(cache_dir=folder)
    spilled = [await renderer.render(source, text=f"caption {i}") for i in range(5)]
    for rendered in spilled:
        assert rendered.path.parent != folder
        with Image.open(rendered.path) as image:
            assert image.size == (rendered.width, rendered.height)
    assert folder_bytes(folder) == 0
    monkeypatch.undo()  # room again: renders go back to the cache folder
    assert (await renderer.render(source, text="after")).path.parent == folder
    await renderer.close()
    assert not spilled[0].path.parent.exists()  # the spill folder goes with the process


async def test_cry_replies_go_on_when_the_disk_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    core = await open_test_core(tmp_path)
    monkeypatch.setattr(disk_module, "_write_atomic", disk_of(0, tmp_path / "data" / "renders"))
    try:
        replies = [await core.on_cry(make_cry(f"nobody came {i}", mood="sad")) for i in range(4)]
        assert [reply.kind for reply in replies] == ["meme"] * 4
        for reply in replies:  # each picture is there to upload
            assert reply.picture is not None and reply.picture.path.stat().st_size > 0
    finally:
        await core.close()


def test_the_cache_size_is_set_on_the_command_line_or_refused_clearly(tmp_path: Path) -> None:
    config = write_catalogue(tmp_path)
    bad = crybot("try", "nobody came", "--config", str(config), "--data-dir", str(tmp_path / "data"),
                 "--render-cache-mb", "lots")
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("crybot: the render cache size must be a number of megabytes from 1 to 1000000, "
                                  "not 'lots'")
    good = crybot("try", "nobody came", "--config", str(config), "--data-dir", str(tmp_path / "data"),
                  "--render-cache-mb", "1")
    assert good.returncode == 0, good.stderr
    assert Path(good.stdout.strip().splitlines()[-1]).is_file()
