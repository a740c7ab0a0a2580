"""The playground answers only at its own address and takes changes only from its own page (real HTTP on loopback)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from adapters.web import build_app
from adapters.web.server import listening
from bot.core import Core
from tests.factories import open_test_core

TEXT = {"text": "nobody came to my party, I'm crying 😢"}


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    core = await open_test_core(tmp_path)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def url(core: Core) -> AsyncIterator[str]:
    """The playground as `crybot web` serves it: bound to 127.0.0.1 on a free port."""
    async with listening(core, port=0) as address:
        yield address.rstrip("/")


async def post(url: str, *, host: str | None = None, origin: str | None = None, body: object = TEXT,
               raw: str | None = None) -> tuple[int, dict[str, object]]:
    """POST a chat line with the given Host and Origin headers; the status and the JSON answer."""
    headers = {"Content-Type": "application/json"}
    if host is not None:
        headers["Host"] = host
    if origin is not None:
        headers["Origin"] = origin
    async with aiohttp.ClientSession() as session:
        data = raw if raw is not None else json.dumps(body)
        async with session.post(f"{url}/api/message", data=data.encode(), headers=headers) as response:
            return response.status, await response.json()


async def test_a_rebinding_page_with_another_host_and_origin_is_refused(url: str, core: Core) -> None:
    port = url.rsplit(":", 1)[1]
    status, answer = await post(url, host=f"evil.example:{port}", origin=f"http://evil.example:{port}")
    assert status == 403 and answer == {"error": "This playground answers only at its own address."}
    async with aiohttp.ClientSession() as session, session.get(url + "/", headers={"Host": "evil.example"}) as page:
        assert page.status == 403  # the page itself is not served to it either
    assert await core.counts() == {"action": {}, "mood": {}, "meme": {}}  # the core never saw the message


async def test_another_sites_origin_cannot_post_even_to_the_right_host(url: str) -> None:
    host = url.removeprefix("http://")
    for origin in ("http://evil.example", "null", f"http://{host}.evil.example", f"https://evil.example/{host}"):
        status, answer = await post(url, host=host, origin=origin)
        assert status == 403 and answer == {"error": "The playground accepts changes only from its own page."}, origin


async def test_its_own_page_and_loopback_names_are_served(url: str) -> None:
    host = url.removeprefix("http://")
    port = host.rsplit(":", 1)[1]
    assert (await post(url, host=host, origin=url))[0] == 200  # what the page itself sends
    assert (await post(url, host=f"localhost:{port}", origin=f"http://localhost:{port}"))[0] == 200
    assert (await post(url))[0] == 200  # no Origin: curl and scripts on this machine


async def test_deeply_nested_json_is_a_400_not_a_500(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    for raw in ("[" * 30_000 + "]" * 30_000, '{"text": ' + "[" * 20_000 + "]" * 20_000 + "}"):
        status, answer = await post(url, raw=raw)
        assert status == 400 and answer == {"error": "The playground did not understand that request."}
    assert not caplog.records  # no traceback in the log


async def test_a_public_playground_answers_at_any_address_but_no_other_name(core: Core) -> None:
    # `crybot web --public --host 0.0.0.0`: people use the machine's address; a name is still someone's site.
    async with TestServer(build_app(core, host="0.0.0.0"), host="127.0.0.1", port=0) as server:
        url = str(server.make_url("")).rstrip("/")
        assert (await post(url, host="192.0.2.7:8080", origin="http://192.0.2.7:8080"))[0] == 200
        assert (await post(url, host="[2001:db8::7]:8080"))[0] == 200
        assert (await post(url, host="evil.example:8080", origin="http://evil.example:8080"))[0] == 403
    async with TestServer(build_app(core, host="crybot.lan"), host="127.0.0.1", port=0) as server:
        url = str(server.make_url("")).rstrip("/")
        assert (await post(url, host="crybot.lan:8080", origin="http://crybot.lan:8080"))[0] == 200
        assert (await post(url, host="evil.example:8080"))[0] == 403
