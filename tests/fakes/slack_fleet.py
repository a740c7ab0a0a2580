"""crybot in OAuth mode (one or more replicas) on the fake Slack, and a workspace admin's browser installing it."""

from __future__ import annotations

import html
import re
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from adapters.slack_app import EVENTS_PATH, events_app, oauth_app
from adapters.slack_install_stores import INSTALLS_FILE
from adapters.slack_oauth import OAuthEnv
from adapters.slack_pages import INSTALL_PATH, REDIRECT_PATH
from adapters.slack_tracker import Tracker
from bot.core import Core
from tests.factories import open_test_core
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_payloads import Kind, http_body

SECRET = "0c4f5e7d2b9a41e3a8c6d0f1b2e3a4c5"
SETTLE_TIMEOUT = 10.0
COOKIE = "slack-app-oauth-state"
AUTHORIZE_LINK = re.compile(r'href="([^"]*/oauth/v2/authorize\?[^"]*)"')


@dataclass(frozen=True, slots=True)
class Landing:
    """Where an install ended: the redirect page's status and text."""

    status: int
    page: str

    @property
    def text(self) -> str:
        """The words of the page's body, without markup."""
        body = self.page.split("<body>", 1)[-1]
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@dataclass
class Replica:
    """One crybot process: its core, its data folder, and where it listens."""

    core: Core
    tracker: Tracker
    data_dir: Path
    url: str
    sent: int = 0  # requests delivered to it that reach a listener

    @property
    def installs_file(self) -> Path:
        """The SQLite file of its Slack installs (when it keeps them in SQLite)."""
        return self.data_dir / INSTALLS_FILE

    async def settle(self, handled: int | None = None) -> None:
        """Wait until `handled` requests (default: all sent so far) have been fully handled."""
        await self.tracker.wait_finished(self.sent if handled is None else handled, timeout=SETTLE_TIMEOUT)


@dataclass
class Fleet:
    """crybot replicas behind one public URL, the fake Slack, and a browser for installing."""

    fake: FakeSlack
    replicas: list[Replica]
    session: aiohttp.ClientSession
    env: dict[str, str] = field(default_factory=dict)

    async def open_install_page(self, key: str, *, via: int = 0) -> tuple[str, str]:
        """Open /slack/install for a workspace or org (by id); return Slack's install link and the state cookie."""
        async with self.session.get(f"{self.replicas[via].url}{INSTALL_PATH}", params={"team": key}) as answer:
            assert answer.status == 200, f"the install page answered {answer.status}"
            page = await answer.text()
            cookies = answer.headers.getall("Set-Cookie", [])
        found = AUTHORIZE_LINK.search(page)
        assert found, f"no Add to Slack link on the install page:\n{page}"
        state_cookie = next(c.split(";")[0] for c in cookies if c.startswith(f"{COOKIE}="))
        return html.unescape(found.group(1)), state_cookie

    async def allow(self, authorize_url: str) -> str:
        """Go through Slack's install screen (Allow, or Cancel when the fake says so); return where it redirects."""
        async with self.session.get(authorize_url, allow_redirects=False) as answer:
            assert answer.status == 302, f"Slack's install screen answered {answer.status}: {await answer.text()}"
            return answer.headers["Location"]

    async def land(self, redirect: str, *, cookie: str | None) -> Landing:
        """Follow Slack's redirect back to crybot, carrying the state cookie by hand.

        Bolt marks the cookie Secure, so a client over plain http (as here, on loopback) would not send it back.
        """
        headers = {"Cookie": cookie} if cookie else {}
        async with self.session.get(redirect, headers=headers, allow_redirects=False) as answer:
            return Landing(answer.status, await answer.text())

    async def install(self, key: str, *, via: int = 0) -> Landing:
        """A whole install of a workspace or org: install page, Slack's screen, back to crybot."""
        authorize_url, cookie = await self.open_install_page(key, via=via)
        return await self.land(await self.allow(authorize_url), cookie=cookie)

    async def send(self, payload: dict[str, Any], kind: Kind, *, to: int = 0, listened: bool = True) -> str:
        """Deliver a signed request to a replica as Slack would; return what it answered (Slack needs a 200)."""
        replica = self.replicas[to]
        body, content_type = http_body(payload, kind)
        status, text = await self.fake.deliver(
            replica.url + EVENTS_PATH, body, secret=SECRET, content_type=content_type, session=self.session
        )
        assert status == 200, f"the app refused a well-signed request ({status}: {text})"
        replica.sent += listened
        return text


def oauth_env(fake: FakeSlack, *, redirect_uri: str, redis_url: str | None = None) -> dict[str, str]:
    """The environment of crybot in OAuth mode, pointed at the fake."""
    env = {
        "SLACK_CLIENT_ID": fake.client_id,
        "SLACK_CLIENT_SECRET": fake.client_secret,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SLACK_AUTHORIZE_URL": fake.authorize_url,
        "SLACK_REDIRECT_URI": redirect_uri,
    }
    if redis_url:
        env["CRYBOT_REDIS_URL"] = redis_url
    return env


def _bound() -> socket.socket:
    """A listening-ready loopback socket on a free port, so a URL can name the port before the app exists."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def slack_fleet(
    folder: Path, *, replicas: int = 1, redis_url: str | None = None, fake: FakeSlack | None = None, **catalogue: Any
) -> AsyncIterator[Fleet]:
    """Start the fake Slack and crybot replicas in OAuth mode; Slack's redirect goes to the last replica."""
    async with AsyncExitStack() as stack:
        slack: FakeSlack = fake if fake is not None else await stack.enter_async_context(FakeSlack())
        session = await stack.enter_async_context(aiohttp.ClientSession())
        sockets = [_bound() for _ in range(replicas)]
        urls = [f"http://127.0.0.1:{sock.getsockname()[1]}" for sock in sockets]
        slack.redirect_url = urls[-1] + REDIRECT_PATH
        env = oauth_env(slack, redirect_uri=slack.redirect_url, redis_url=redis_url)
        oauth = OAuthEnv.read(env)
        assert oauth is not None
        running: list[Replica] = []
        for number, (sock, url) in enumerate(zip(sockets, urls)):
            core = await open_test_core(folder / f"replica-{number}", **catalogue)
            stack.push_async_callback(core.close)
            tracker = Tracker()
            stack.push_async_callback(tracker.drain, timeout=SETTLE_TIMEOUT)
            data_dir = folder / f"replica-{number}" / "data"
            app = await stack.enter_async_context(
                oauth_app(core, oauth=oauth, env=env, data_dir=data_dir, tracker=tracker, session=session)
            )
            runner = web.AppRunner(events_app(app, signing_secret=oauth.signing_secret), handle_signals=False)
            await runner.setup()
            stack.push_async_callback(runner.cleanup)
            await web.SockSite(runner, sock).start()
            running.append(Replica(core, tracker, data_dir, url))
        yield Fleet(slack, running, session, env)
