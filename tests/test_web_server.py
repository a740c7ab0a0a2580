"""The playground's HTTP side, with the real core: replies, pictures, live catalogue events, and what it refuses."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.web import build_app, serve
from adapters.web.server import STATIC
from bot.core import Core
from tests.factories import DEFAULT_MEMES, catalogue_data, draw_image, open_test_core, write_catalogue

SAD_MEMES = {meme_id for meme_id, (moods, _) in DEFAULT_MEMES.items() if "sad" in moods}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    """A real core on the factory catalogue, watching the file."""
    core = await open_test_core(tmp_path, watch=True)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def client(core: Core) -> AsyncIterator[TestClient]:
    """An HTTP client for the playground app on a loopback port."""
    async with TestClient(TestServer(build_app(core), host="127.0.0.1", port=0)) as client:
        yield client


async def say(client: TestClient, text: str, **extra: str) -> dict[str, Any]:
    """Type one line in the playground and return the reply the page gets."""
    response = await client.post("/api/message", json={"text": text, **extra})
    assert response.status == 200
    return (await response.json())["reply"]


async def test_a_sad_message_gets_a_meme_whose_picture_the_page_can_load(client: TestClient) -> None:
    reply = await say(client, "nobody came to my party, I'm crying 😢")
    assert reply["kind"] == "meme"
    picture = reply["picture"]
    assert picture["meme_id"] in SAD_MEMES
    assert picture["alt"] == f"{picture['meme_id']} alt text"
    assert reply["why"]["trigger"] and reply["why"]["mood"] == "sad"
    image = await client.get(picture["url"])
    assert image.status == 200
    assert image.content_type.startswith("image/")
    assert (await image.read()).startswith(PNG_MAGIC)


async def test_a_neutral_message_gets_nothing_and_says_why(client: TestClient) -> None:
    reply = await say(client, "deploy is on thursday")
    assert reply["kind"] == "nothing"
    assert reply["picture"] is None
    assert reply["why"]["trigger"] is None


async def test_cry_opens_a_preview_that_shuffles_and_sends(client: TestClient) -> None:
    preview = await say(client, "/cry mood:joy she said yes")
    assert preview["kind"] == "meme" and preview["preview_id"]
    first = preview["picture"]["meme_id"]
    press = {"preview_id": preview["preview_id"], "action": "shuffle"}
    shuffled = (await (await client.post("/api/button", json=press)).json())["reply"]
    assert shuffled["preview_id"] == preview["preview_id"]
    assert shuffled["picture"]["meme_id"] != first
    sent = (await (await client.post("/api/button", json=press | {"action": "send"})).json())["reply"]
    assert sent["kind"] == "meme" and not sent["preview_id"]
    assert sent["on_behalf_of"] == "you"
    assert sent["picture"]["meme_id"] == shuffled["picture"]["meme_id"]


async def test_cry_about_ending_a_life_gets_support_not_a_preview(client: TestClient) -> None:
    reply = await say(client, "/cry I want to end my life")
    assert reply["kind"] == "support"
    assert "988" in reply["text"]
    assert reply["picture"] is None


async def test_a_misspelt_mood_gets_a_notice_not_a_preview(client: TestClient) -> None:
    reply = await say(client, "/cry mood:sadd")
    assert reply["kind"] == "notice"
    assert "did you mean 'sad'" in reply["text"].lower()


async def test_pressing_a_button_on_an_unknown_preview_says_it_expired(client: TestClient) -> None:
    response = await client.post("/api/button", json={"preview_id": "gone", "action": "send"})
    reply = (await response.json())["reply"]
    assert reply["kind"] == "notice" and "expired" in reply["text"]


@pytest.mark.parametrize(
    "path",
    [
        "/pictures/not-a-token/x.png",
        "/pictures/..%2F..%2Fmemes.yaml/x.png",
        "/memes/no-such-meme",
        "/memes/..%2Fmemes.yaml",
        "/static/..%2Fserver.py",
        "/static/../server.py",
    ],
)
async def test_only_rendered_pictures_and_catalogue_images_are_served(client: TestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status in (403, 404)
    assert b"version" not in await response.read()  # neither memes.yaml nor source code leaks


async def test_catalogue_images_are_served_by_meme_id(client: TestClient) -> None:
    catalogue = await (await client.get("/api/catalogue")).json()
    card = next(m for m in catalogue["memes"] if m["id"] == "sad-cat")
    image = await client.get(card["thumbnail"])
    assert image.status == 200
    assert (await image.read()).startswith(PNG_MAGIC)


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ("text=crying", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ("{not json", {"Content-Type": "application/json"}, 400),
        ('["a list"]', {"Content-Type": "application/json"}, 400),
        (json.dumps({"text": "x" * 5000}), {"Content-Type": "application/json"}, 400),
        (json.dumps({"text": "   "}), {"Content-Type": "application/json"}, 400),
    ],
)
async def test_requests_the_page_never_sends_are_refused_without_echoing(
    client: TestClient, body: str, headers: dict[str, str], status: int
) -> None:
    response = await client.post("/api/message", data=body, headers=headers)
    assert response.status == status
    assert "not json" not in await response.text()


async def test_a_bad_button_action_is_refused(client: TestClient) -> None:
    response = await client.post("/api/button", json={"preview_id": "p", "action": "explode"})
    assert response.status == 400


async def test_the_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = await client.get("/")
    assert page.status == 200
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    for name in ("index.html", "app.js", "style.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), name


async def read_event(stream: aiohttp.StreamReader) -> dict[str, Any]:
    """Read one `catalogue` server-sent event (skipping keep-alive comments), bounded in lines."""
    event = ""
    for _ in range(1000):
        line = (await asyncio.wait_for(stream.readline(), timeout=20)).decode().rstrip("\n")
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "catalogue":
            return json.loads(line.removeprefix("data: "))
    raise AssertionError("no catalogue event")


async def test_events_push_the_catalogue_again_after_an_edit_and_a_broken_one(client: TestClient, core: Core) -> None:
    response = await client.get("/api/events")
    assert response.content_type == "text/event-stream"
    first = await read_event(response.content)
    assert {m["id"] for m in first["memes"]} == set(DEFAULT_MEMES) and first["problems"] == []

    folder = core.catalogue.path.parent
    draw_image(folder / "assets" / "fresh-tears.png", (10, 200, 200))
    memes = catalogue_data()["memes"] + [
        {"id": "fresh-tears", "file": "assets/fresh-tears.png", "moods": ["sad"], "alt": "Fresh tears"}
    ]
    write_catalogue(folder, memes=memes)
    second = await read_event(response.content)
    assert "fresh-tears" in {m["id"] for m in second["memes"]}
    assert second["version"] > first["version"]

    path = core.catalogue.path
    path.write_text(path.read_text(encoding="utf-8").replace("- joy", "- joyy", 1), encoding="utf-8")
    third = await read_event(response.content)
    assert third["problems"] and re.match(r"memes\.yaml:\d+: ", third["problems"][0])
    assert "fresh-tears" in {m["id"] for m in third["memes"]}  # the last good catalogue stays
    response.close()


async def test_serve_announces_a_loopback_url_and_stops_when_cancelled(core: Core) -> None:
    announced: asyncio.Queue[str] = asyncio.Queue()
    task = asyncio.create_task(serve(core, port=0, announce=announced.put_nowait))
    try:
        line = await asyncio.wait_for(announced.get(), timeout=20)
        url = re.fullmatch(r"http://127\.0\.0\.1:\d+/", line)
        assert url is not None, line
        async with aiohttp.ClientSession() as session, session.get(url.group(0)) as page:
            assert page.status == 200
            assert "crybot" in await page.text()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(url.group(0), timeout=aiohttp.ClientTimeout(total=5))
