"""`crybot run slack` start-up: one-line errors for missing or rejected tokens, and real Socket Mode and HTTP runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from adapters.slack_app import serve
from adapters.slack_tracker import Tracker
from bot.core import Core
from bot.errors import StartupError
from tests.factories import open_test_core
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import FakeSlack
from tests.redis_harness import free_port

SECRET = "e3b0c44298fc1c149afbf4c8996fb924"
REQUEST_PATH = "/slack/events"  # the request URL adapters/SLACK.md and the manifest tell admins to set
LISTENING_WITHIN = 10.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as running:
        yield running


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    opened = await open_test_core(tmp_path)
    yield opened
    await opened.close()


def env_for(fake: FakeSlack, **changes: str) -> dict[str, str]:
    """The environment of a correctly set-up Socket Mode bot, with changes."""
    return {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": fake.app_token,
        "SLACK_API_URL": fake.api_url,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "http", "named"),
    [
        ({"SLACK_BOT_TOKEN": ""}, False, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-revoked"}, False, "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)"),
        ({"SLACK_APP_TOKEN": ""}, False, "SLACK_APP_TOKEN is not set"),
        ({"SLACK_APP_TOKEN": "xapp-wrong"}, False, "SLACK_APP_TOKEN was rejected by Slack (invalid_auth)"),
        ({}, True, "SLACK_SIGNING_SECRET is not set"),
    ],
    ids=["no-bot-token", "bad-bot-token", "no-app-token", "bad-app-token", "http-without-secret"],
)
async def test_token_problems_stop_start_up_with_one_line_naming_the_token(
    fake: FakeSlack, core: Core, changes: dict[str, str], http: bool, named: str
) -> None:
    with pytest.raises(StartupError) as stopped:
        await asyncio.wait_for(serve(core, env=env_for(fake, **changes), http_port=0 if http else None), 10)
    message = str(stopped.value)
    assert message.startswith(named) and "\n" not in message


async def test_an_unreachable_slack_is_one_line_too(core: Core) -> None:
    url = f"http://127.0.0.1:{free_port()}/api/"
    env = {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x", "SLACK_API_URL": url}
    with pytest.raises(StartupError, match=r"^Could not reach Slack to check SLACK_BOT_TOKEN"):
        await asyncio.wait_for(serve(core, env=env), 30)


async def test_serve_runs_socket_mode_against_slack_api_url_until_cancelled(fake: FakeSlack, core: Core) -> None:
    running = asyncio.create_task(serve(core, env=env_for(fake)))
    try:
        await fake.wait_connected()
        await fake.send_envelope("events_api", p.message("nobody came to my party, crying"))
        done = await fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
        assert done.token == fake.bot_token
        assert len(fake.calls_to("apps.connections.open")) == 1, "the URL from the token check is the one used"
    finally:
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running


async def test_the_retired_slack_reply_in_variable_is_named_in_a_warning_not_silently_ignored(
    fake: FakeSlack, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="crybot.slack"), pytest.raises(StartupError):
        await asyncio.wait_for(serve(core, env=env_for(fake, SLACK_REPLY_IN="channel", SLACK_APP_TOKEN="")), 10)
    assert any("SLACK_REPLY_IN is no longer read" in record.getMessage() for record in caplog.records)


class _Listening(logging.Handler):
    """Sets an event when serve() logs that its HTTP server is up, so the test need not poll the port."""

    def __init__(self) -> None:
        super().__init__()
        self.up = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("crybot is listening for Slack"):
            self.up.set()


@contextmanager
def listening_announced() -> Iterator[asyncio.Event]:
    """Yield an event set once crybot's Slack HTTP server has started listening."""
    logger = logging.getLogger("crybot.slack")
    handler, level = _Listening(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.up
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_serve_with_http_port_answers_signed_events_until_cancelled(fake: FakeSlack, core: Core) -> None:
    port = free_port()
    env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url}
    url = f"http://127.0.0.1:{port}{REQUEST_PATH}"
    body, content_type = p.http_body(p.message("nobody came to my party, crying", channel="C4"), "events_api")
    with listening_announced() as up:
        running = asyncio.create_task(serve(core, env=env, http_port=port))
        try:
            waiting = asyncio.ensure_future(up.wait())
            done, _ = await asyncio.wait({running, waiting}, timeout=LISTENING_WITHIN,
                                         return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
            assert running not in done, f"serve stopped before listening: {running.exception()!r}"
            assert waiting in done, f"serve was not listening within {LISTENING_WITHIN}s"
            status, _ = await fake.deliver(url, body, secret=SECRET, content_type=content_type)
            assert status == 200
            upload = await fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
            assert upload.params["channel_id"] == "C4" and upload.token == fake.bot_token
            assert fake.calls_to("apps.connections.open") == [], "HTTP mode opens no Socket Mode connection"
        finally:
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
    with pytest.raises(aiohttp.ClientConnectionError):  # cancelling closed the listening socket
        await fake.deliver(url, body, secret=SECRET, content_type=content_type)


def oauth_env_for(fake: FakeSlack, port: int, **changes: str) -> dict[str, str]:
    """The environment of crybot in OAuth mode on a port, with changes."""
    from tests.fakes.slack_fleet import oauth_env

    env = oauth_env(fake, redirect_uri=f"http://127.0.0.1:{port}/slack/oauth_redirect") | changes
    return {name: value for name, value in env.items() if value}


@pytest.mark.parametrize(
    ("changes", "http", "starts"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, True, "SLACK_CLIENT_SECRET is not set: OAuth mode needs SLACK_CLIENT_ID, "),
        ({"SLACK_CLIENT_ID": ""}, True, "SLACK_CLIENT_ID is not set: OAuth mode needs"),
        ({"SLACK_SIGNING_SECRET": ""}, True, "SLACK_SIGNING_SECRET is not set: OAuth mode needs"),
        ({}, False, "OAuth mode (SLACK_CLIENT_ID is set) needs --http PORT"),
        ({"CRYBOT_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, True, "Could not reach Redis at CRYBOT_REDIS_URL"),
    ],
    ids=["no-client-secret", "no-client-id", "no-signing-secret", "no-http", "no-redis"],
)
async def test_oauth_set_up_problems_stop_start_up_with_one_line(
    fake: FakeSlack, core: Core, tmp_path: Path, changes: dict[str, str], http: bool, starts: str
) -> None:
    port = free_port()
    env = oauth_env_for(fake, port, **changes)
    with pytest.raises(StartupError) as stopped:
        await asyncio.wait_for(serve(core, env=env, http_port=port if http else None, data_dir=tmp_path), 10)
    assert str(stopped.value).startswith(starts) and "\n" not in str(stopped.value)


async def test_serve_in_oauth_mode_installs_a_workspace_and_answers_it_with_its_token(
    fake: FakeSlack, core: Core, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.fakes.slack_fleet import SECRET as OAUTH_SECRET
    from tests.fakes.slack_fleet import Fleet, Replica

    fake.add_workspace("T1")
    port = free_port()
    env = oauth_env_for(fake, port, SLACK_BOT_TOKEN="xoxb-left-over")
    fake.redirect_url = env["SLACK_REDIRECT_URI"]
    with caplog.at_level("INFO", logger="crybot.slack"), listening_announced() as up:
        running = asyncio.create_task(serve(core, env=env, http_port=port, data_dir=tmp_path / "data"))
        try:
            waiting = asyncio.ensure_future(up.wait())
            done, _ = await asyncio.wait({running, waiting}, timeout=LISTENING_WITHIN,
                                         return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
            assert waiting in done, f"serve was not listening: {running.exception() if running.done() else ''!r}"
            async with aiohttp.ClientSession() as session:
                replica = Replica(core, Tracker(), tmp_path / "data", f"http://127.0.0.1:{port}")
                fleet = Fleet(fake, [replica], session, env)
                landed = await fleet.install("T1")
                assert landed.status == 200 and "crybot is installed" in landed.text
                body, content_type = p.http_body(p.message("nobody came to my party, crying", workspace=p.Workspace(
                    team="T1")), "events_api")
                status, _ = await fake.deliver(f"http://127.0.0.1:{port}{REQUEST_PATH}", body, secret=OAUTH_SECRET,
                                               content_type=content_type)
                assert status == 200
                upload = await fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
                assert upload.token == fake.token_of("T1")
            assert replica.installs_file.exists()
        finally:
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
    assert any("SLACK_BOT_TOKEN is not used in OAuth mode" in r.getMessage() for r in caplog.records)
