"""`url:` memes never reach inside: a real server on loopback stands in for an internal service and gets no request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.remote.guard import BlockedAddress, address_check, blocked_reason, guarded_session
from bot.remote.images import RemoteError, RemoteImages
from tests.fakes.picture_host import PictureHost, StaticResolver, picture_host, png


@pytest.fixture
async def internal() -> AsyncIterator[PictureHost]:
    """An internal service that would happily serve a picture to anyone who reached it."""
    async with picture_host(pictures={"/pic.png": png()}) as host:
        yield host


def literal_forms(port: int) -> list[str]:
    """One loopback service, written every way the resolver reads it."""
    return [f"http://{host}:{port}/pic.png" for host in (
        "127.0.0.1", "localhost", "LocalHost.", "api.localhost", "[::1]", "0.0.0.0", "0x7f000001", "2130706433",
        "127.1", "017700000001", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[64:ff9b::7f00:1]",
    )]


async def test_internal_addresses_written_out_are_never_requested(tmp_path: Path, internal: PictureHost) -> None:
    remote = RemoteImages(cache_dir=tmp_path / "remote")
    try:
        for url in literal_forms(internal.port):
            with pytest.raises(RemoteError, match="loopback|unspecified"):
                await remote.fetch(url)
    finally:
        await remote.close()
    assert internal.hits == []
    assert not (tmp_path / "remote").exists() or not any((tmp_path / "remote").iterdir())


async def test_a_name_that_resolves_inward_is_refused(tmp_path: Path, internal: PictureHost) -> None:
    resolver = StaticResolver({"images.example": "127.0.0.1", "metadata.example": "169.254.169.254",
                               "intranet.example": "10.1.2.3"})
    remote = RemoteImages(cache_dir=tmp_path / "remote", resolver=resolver)
    try:
        with pytest.raises(RemoteError, match=r"images\.example resolves to 127\.0\.0\.1, a loopback address"):
            await remote.fetch(internal.url("/pic.png", host="images.example"))
        with pytest.raises(RemoteError, match="link-local"):
            await remote.fetch("http://metadata.example/latest/meta-data/")
        with pytest.raises(RemoteError, match="private"):
            await remote.fetch("http://intranet.example/cat.png")
    finally:
        await remote.close()
    assert resolver.asked == ["images.example", "metadata.example", "intranet.example"]
    assert internal.hits == []


async def test_every_redirect_is_judged_again(tmp_path: Path, internal: PictureHost) -> None:
    async with picture_host(pictures={"/ok.png": png()}) as public:
        # The stand-in public host is served from loopback: only its exact address and port count as public,
        # so the internal service (same address, other port) is judged by the real rule.
        public.redirects = {
            "/to-literal": internal.url("/pic.png"),
            "/to-name": internal.url("/pic.png", host="internal.example"),
            "/to-mapped": internal.url("/pic.png", host="[::ffff:127.0.0.1]"),
            "/to-file": "file:///etc/passwd",
            "/to-self": "/ok.png",
            **{f"/loop{i}": f"/loop{i + 1}" for i in range(5)},
        }
        resolver = StaticResolver({"cdn.example": "127.0.0.1", "internal.example": "127.0.0.1"})
        remote = RemoteImages(cache_dir=tmp_path / "remote", resolver=resolver,
                              treat_as_public=[("127.0.0.1", public.port)])
        try:
            assert (await remote.fetch(public.url("/to-self", host="cdn.example"))).read_bytes() == png()
            for path, says in (("/to-literal", "loopback"), ("/to-name", "loopback"), ("/to-mapped", "loopback"),
                               ("/to-file", "http:// or https://"), ("/loop0", "redirects more than 3 times")):
                with pytest.raises(RemoteError, match=says):
                    await remote.fetch(public.url(path, host="cdn.example"))
        finally:
            await remote.close()
        assert public.hits[:2] == ["/to-self", "/ok.png"] and "/to-literal" in public.hits
    assert internal.hits == []


async def test_a_name_that_re_resolves_inward_is_refused_at_the_next_connection(tmp_path: Path) -> None:
    async with picture_host(pictures={"/one.png": png(), "/two.png": png()}) as public:
        # DNS rebinding: the first answer is the stand-in public host, the next points inside (no connection is
        # tried: the conftest guard would fail any that left loopback, and the refusal names the address).
        resolver = StaticResolver({"flip.example": ["127.0.0.1", "10.1.2.3"]})
        remote = RemoteImages(cache_dir=tmp_path / "remote", resolver=resolver,
                              treat_as_public=[("127.0.0.1", public.port)])
        try:
            assert (await remote.fetch(public.url("/one.png", host="flip.example"))).is_file()
            with pytest.raises(RemoteError, match=r"flip\.example resolves to 10\.1\.2\.3, a private address"):
                await remote.fetch(public.url("/two.png", host="flip.example"))
        finally:
            await remote.close()
    assert public.hits == ["/one.png"]
    assert resolver.asked == ["flip.example", "flip.example"]  # asked afresh: no verdict outlives its answer


async def test_the_connection_itself_is_judged_even_past_the_url_check(internal: PictureHost) -> None:
    # IP literals skip the resolver in aiohttp: the socket is refused at connect time all the same.
    session = guarded_session(check=address_check(allow_private=False), timeout=aiohttp.ClientTimeout(total=10))
    try:
        with pytest.raises(aiohttp.ClientError) as caught:
            await session.get(internal.url("/pic.png"))
        assert isinstance(caught.value, aiohttp.ClientConnectorError)
        assert isinstance(caught.value.os_error, BlockedAddress)
        assert "loopback" in (blocked_reason(caught.value) or "")
    finally:
        await session.close()
    assert internal.hits == []


async def test_an_operator_can_allow_their_own_network_but_never_metadata(tmp_path: Path,
                                                                         internal: PictureHost) -> None:
    resolver = StaticResolver({"metadata.example": "169.254.169.254", "images.lan": "127.0.0.1"})
    remote = RemoteImages(cache_dir=tmp_path / "remote", resolver=resolver)
    try:
        assert (await remote.fetch(internal.url("/pic.png"), allow_private=True)).read_bytes() == png()
        assert (await remote.fetch(internal.url("/pic.png", host="images.lan"), allow_private=True)).is_file()
        with pytest.raises(RemoteError, match="link-local"):
            await remote.fetch("http://metadata.example/latest/", allow_private=True)
        with pytest.raises(RemoteError, match="unspecified"):
            await remote.fetch(f"http://0.0.0.0:{internal.port}/pic.png", allow_private=True)
    finally:
        await remote.close()
    assert internal.hits == ["/pic.png", "/pic.png"]
