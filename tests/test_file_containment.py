"""A `file:` meme is read only from inside the catalogue's folder, judged when the file is opened, not at load."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from adapters.web import build_app
from bot.core import Core
from bot.render import Renderer, RenderError
from tests.factories import draw_image, make_cry, open_test_core

SECRET = (0, 255, 0)  # a colour no catalogue picture has: seeing it means the outside file was read
SAD_MEMES = [
    {"id": "sad-cat", "file": "assets/sad-cat.png", "moods": ["sad"], "alt": "a sad cat"},
    {"id": "sad-man", "file": "assets/sad-man.png", "moods": ["sad"], "alt": "a sad man"},
]


def swap_for_link(path: Path, target: Path) -> None:
    """Replace a file (or folder) with a symlink to target in one step, as an attacker with write access would."""
    link = path.with_name(f".{path.name}.link")
    link.symlink_to(target)
    if path.is_dir() and not path.is_symlink():
        path.rename(path.with_name(f"{path.name}.moved"))
    os.replace(link, path)


def shows_secret(picture_path: Path) -> bool:
    with Image.open(picture_path) as image:
        return image.convert("RGB").getpixel((5, 5)) == SECRET


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the catalogue's, holding pictures that must never be served."""
    folder = tmp_path / "outside"
    for name in ("sad-cat.png", "sad-man.png", "secret.png"):
        draw_image(folder / name, SECRET)
    return folder


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    core = await open_test_core(tmp_path / "bot", memes=SAD_MEMES)
    try:
        yield core
    finally:
        await core.close()


async def cry_pictures(core: Core, count: int = 6) -> list[Path]:
    replies = [await core.on_cry(make_cry(f"sob {i}", mood="sad", user_id=f"user-{i}")) for i in range(count)]
    return [reply.picture.path for reply in replies if reply.picture is not None]


async def test_a_file_swapped_for_a_symlink_after_load_is_not_rendered(
    core: Core, tmp_path: Path, outside: Path
) -> None:
    assert len(await cry_pictures(core)) == 6  # both memes rendered once: every cache is warm
    swap_for_link(tmp_path / "bot" / "assets" / "sad-cat.png", outside / "secret.png")
    pictures = await cry_pictures(core)
    assert len(pictures) == 6 and not any(shows_secret(p) for p in pictures)
    assert {p.name for p in pictures} <= {p.name for p in (tmp_path / "bot" / "data" / "renders").iterdir()}


async def test_a_folder_swapped_for_a_symlink_after_load_is_not_rendered(
    core: Core, tmp_path: Path, outside: Path
) -> None:
    await cry_pictures(core, 2)
    swap_for_link(tmp_path / "bot" / "assets", outside)
    replies = [await core.on_cry(make_cry(f"sob {i}", mood="sad")) for i in range(3)]
    assert all(reply.picture is None or not shows_secret(reply.picture.path) for reply in replies)
    assert {reply.kind for reply in replies} == {"notice"}  # nothing left to show, and it says so


async def test_the_renderer_refuses_a_path_leading_out_at_open_time(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "catalogue"
    inside = draw_image(root / "cat.png", (70, 110, 200))
    renderer = Renderer(cache_dir=tmp_path / "cache")
    assert (await renderer.render(inside, within=root)).width == 96
    swap_for_link(inside, outside / "secret.png")
    with pytest.raises(RenderError, match="outside the catalogue's folder"):
        await renderer.render(inside, within=root, text="again")
    os.unlink(inside)
    os.mkfifo(inside)  # a FIFO would block a plain open forever
    with pytest.raises(RenderError, match="cannot be read"):
        await renderer.render(inside, within=root, text="fifo")


async def test_the_playground_never_serves_a_swapped_meme_file(core: Core, tmp_path: Path, outside: Path) -> None:
    async with TestClient(TestServer(build_app(core), host="127.0.0.1", port=0)) as client:
        assert (await client.get("/memes/sad-cat")).status == 200
        swap_for_link(tmp_path / "bot" / "assets" / "sad-cat.png", outside / "secret.png")
        assert (await client.get("/memes/sad-cat")).status == 404
        assert (await client.get("/memes/sad-man")).status == 200
