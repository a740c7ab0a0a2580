"""A dead or slow image host never queues people: one shared download, failures remembered, answers on time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.core import NO_MEME, UNAVAILABLE, Core
from bot.events import Reply
from bot.remote.images import FAILURE_TTL, RemoteError, RemoteImages
from tests.factories import make_cry, make_message, open_test_core
from tests.fakes.picture_host import PictureHost, StaticResolver, picture_host, png
from tests.test_core import Clock  # a clock the test moves by hand

SAD = "nobody came to my party, I'm crying 😢"
URL_PATH = "/cat.png"


def memes(host: PictureHost, *, with_file: bool) -> list[dict[str, Any]]:
    """A heavy url meme for sad (picked first), and maybe a local one beside it; joy keeps a local meme."""
    chosen = [{"id": "remote-cat", "url": host.url(URL_PATH, host="images.example"), "moods": ["sad"],
               "alt": "a cat from elsewhere", "weight": 1000}]
    if with_file:
        chosen.append({"id": "sad-man", "file": "assets/sad-man.png", "moods": ["sad"], "alt": "a sad man"})
    chosen.append({"id": "happy-tears", "file": "assets/happy-tears.png", "moods": ["joy"], "alt": "happy tears"})
    return chosen


@asynccontextmanager
async def bot_on(
    tmp_path: Path, host: PictureHost, clock: Clock, *, with_file: bool
) -> AsyncIterator[tuple[Core, RemoteImages]]:
    """A core whose url meme lives on `host`, and its fetcher; it waits 0.3 s at most for downloads per answer."""
    resolver = StaticResolver({"images.example": "127.0.0.1"})
    remote = RemoteImages(cache_dir=tmp_path / "data" / "remote", resolver=resolver,
                          treat_as_public=[("127.0.0.1", host.port)], timeout=120, clock=clock)
    core = await open_test_core(tmp_path, memes=memes(host, with_file=with_file),
                                core_options={"remote": remote, "fetch_wait": 0.3})
    try:
        yield core, remote
    finally:
        await core.close()


async def cries(core: Core, count: int) -> list[Reply]:
    """`count` people run /cry at once."""
    asks = (core.on_cry(make_cry("nobody came", user_id=f"user-{i}", mood="sad")) for i in range(count))
    return await asyncio.wait_for(asyncio.gather(*asks), timeout=60)


def meme_ids(replies: list[Reply]) -> list[str | None]:
    return [reply.picture.meme_id if reply.picture else reply.kind for reply in replies]


async def test_people_on_a_slow_host_get_another_meme_while_one_download_waits(tmp_path: Path) -> None:
    clock = Clock()
    async with (picture_host(hold=True, pictures={URL_PATH: png()}) as host,
                bot_on(tmp_path, host, clock, with_file=True) as (core, remote)):
        first = await cries(core, 3)
        auto = await core.on_message(make_message(SAD))
        # All of that was answered while the host still held its one request.
        assert host.holding.is_set() and not host.release.is_set()
        assert host.hits == [URL_PATH]
        assert meme_ids(first) == ["sad-man"] * 3 and auto.kind == "meme" and meme_ids([auto]) == ["sad-man"]

        host.status = 503  # the host finally answers, with an error: the failure is remembered
        host.release.set()
        with pytest.raises(RemoteError, match="HTTP 503"):
            await remote.fetch(host.url(URL_PATH, host="images.example"))
        assert meme_ids(await cries(core, 3)) == ["sad-man"] * 3
        assert host.hits == [URL_PATH]  # not asked again while the failure is fresh

        clock.now += FAILURE_TTL + 1  # a minute later it is worth another try
        host.status = 200
        await cries(core, 1)
        await remote.fetch(host.url(URL_PATH, host="images.example"))  # wait for that download
        assert host.hits == [URL_PATH, URL_PATH]
        assert "remote-cat" in meme_ids(await cries(core, 1))


async def test_a_dead_host_is_asked_once_and_people_are_told_what_is_wrong(tmp_path: Path) -> None:
    clock = Clock()
    async with picture_host(status=503) as host, bot_on(tmp_path, host, clock, with_file=False) as (core, _):
        replies = await cries(core, 4) + [await core.on_cry(make_cry("again", mood="sad")) for _ in range(3)]
        auto = await core.on_message(make_message(SAD))
    assert host.hits == [URL_PATH]
    assert {reply.kind for reply in replies} == {"notice"}
    assert {reply.text for reply in replies} == {UNAVAILABLE} and UNAVAILABLE != NO_MEME
    assert auto.kind == "reaction"  # an auto-reply without a picture falls back to the emoji


async def test_a_slow_host_with_nothing_else_to_show_gets_a_notice_on_time(tmp_path: Path) -> None:
    clock = Clock()
    async with (picture_host(hold=True, pictures={URL_PATH: png()}) as host,
                bot_on(tmp_path, host, clock, with_file=False) as (core, _)):
        replies = await cries(core, 3)
        assert not host.release.is_set() and host.hits == [URL_PATH]
    assert [reply.text for reply in replies] == [UNAVAILABLE] * 3
