"""crybot's real bolt app, served over HTTP or Socket Mode, wired to the fake Slack and a test core."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.slack_app import EVENTS_PATH, build_app, events_app, make_client
from adapters.slack_tracker import Tracker
from bot.core import Core
from tests.factories import open_test_core
from tests.fakes.slack_api import FakeSlack, served
from tests.fakes.slack_payloads import Kind, http_body

Mode = Literal["http", "socket"]
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SETTLE_TIMEOUT = 10.0


@dataclass
class Rig:
    """A running crybot on Slack and the fake Slack around it."""

    fake: FakeSlack
    core: Core
    tracker: Tracker
    mode: Mode
    url: str = ""  # the Events API request URL, in HTTP mode
    sent: int = 0  # requests delivered so far that reach a listener

    async def send(self, payload: dict[str, Any], kind: Kind, *, retry: int = 0) -> None:
        """Deliver a request as Slack would in this mode; Slack must see it accepted."""
        if self.mode == "http":
            body, content_type = http_body(payload, kind)
            status, _ = await self.fake.deliver(
                self.url, body, secret=SECRET, content_type=content_type, retry_num=retry or None
            )
            assert status == 200, f"the app refused a well-signed request ({status})"
        else:
            await self.fake.wait_ack(await self.fake.send_envelope(kind, payload, retry_attempt=retry))
        self.sent += 1

    async def settle(self) -> None:
        """Wait until every request sent so far has been fully handled (answered or left alone)."""
        await self.tracker.wait_finished(self.sent, timeout=SETTLE_TIMEOUT)


@pytest.fixture(params=["http", "socket"], name="rig")
async def rig_in_each_mode(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Rig]:
    """A fixture: crybot on the fake Slack with the default test catalogue, once per mode."""
    async with slack_rig(tmp_path, mode=request.param) as running:
        yield running


@asynccontextmanager
async def slack_rig(folder: Path, *, mode: Mode = "http", **catalogue: Any) -> AsyncIterator[Rig]:
    """Start the fake, a core on a test catalogue, and crybot's bolt app in the given mode."""
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        core = await open_test_core(folder, **catalogue)
        tracker = Tracker()
        client = make_client(fake.bot_token, base_url=fake.api_url, session=session)
        try:
            if mode == "http":
                app = build_app(core, client=client, signing_secret=SECRET, tracker=tracker)
                async with served(events_app(app, signing_secret=SECRET)) as base:
                    yield Rig(fake, core, tracker, mode, url=base + EVENTS_PATH)
            else:
                app = build_app(core, client=client, tracker=tracker)
                handler = AsyncSocketModeHandler(app, fake.app_token, web_client=client)
                await handler.connect_async()
                try:
                    yield Rig(fake, core, tracker, mode)
                finally:
                    await handler.close_async()
        finally:
            await tracker.drain(timeout=SETTLE_TIMEOUT)
            await core.close()
