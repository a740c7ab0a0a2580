"""crybot on Slack: build the bolt app around the core, and serve it over Socket Mode or HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_blocks import ACTION_PATTERN, SHORTCUT_ID
from adapters.slack_deliver import Delivery
from adapters.slack_http import guarded
from adapters.slack_listeners import Listeners
from adapters.slack_tracker import Tracker
from bot.errors import StartupError

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("crybot.slack")

EVENTS_PATH = "/slack/events"
DRAIN_SECONDS = 10.0  # how long a shutdown waits for replies already being made
RATE_LIMIT_RETRIES = 3


def build_app(
    core: Core,
    *,
    client: AsyncWebClient,
    signing_secret: str | None = None,
    tracker: Tracker | None = None,
) -> AsyncApp:
    """A bolt app wired to the core; signing_secret is needed for HTTP mode, not Socket Mode."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
        # The core decides about the bot's own messages (Incoming.is_self): one place for that rule.
        ignoring_self_events_enabled=False,
        logger=log,
    )
    listeners = Listeners(core, Delivery(client), tracker or Tracker())
    app.command("/cry")(listeners.cry)
    app.action(ACTION_PATTERN)(listeners.press)
    app.shortcut(SHORTCUT_ID)(listeners.shortcut)
    app.event("app_mention")(listeners.mention)
    app.event("message")(listeners.message)
    return app


def make_client(
    token: str, *, base_url: str | None = None, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """A Web API client that waits out 429s (Retry-After) and retries dropped connections.

    Pass a session to reuse connections: without one, slack_sdk opens a new one per call.
    """
    handlers = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]
    base = base_url.rstrip("/") + "/" if base_url else AsyncWebClient.BASE_URL
    return AsyncWebClient(token=token, base_url=base, session=session, retry_handlers=handlers)


async def serve(core: Core, *, env: Mapping[str, str], http_port: int | None = None) -> None:
    """Run crybot on Slack until cancelled: Socket Mode, or the Events API on http_port when given."""
    token = _required(env, "SLACK_BOT_TOKEN")
    tracker = Tracker()
    if env.get("SLACK_REPLY_IN"):
        # Replaced by memes.yaml's settings.reply_in and `/cry settings reply-in`: say so rather than ignore it.
        log.warning("SLACK_REPLY_IN is no longer read: set reply_in in memes.yaml, or per channel with /cry settings")
    async with aiohttp.ClientSession() as session:
        client = make_client(token, base_url=env.get("SLACK_API_URL"), session=session)
        await _accepted(client.auth_test(), "SLACK_BOT_TOKEN")
        try:
            if http_port is None:
                await _socket_mode(
                    core,
                    client=client,
                    app_token=_required(env, "SLACK_APP_TOKEN"),
                    tracker=tracker,
                )
            else:
                secret = _required(env, "SLACK_SIGNING_SECRET")
                app = build_app(core, client=client, signing_secret=secret, tracker=tracker)
                web_app = events_app(app, signing_secret=secret)
                await _http_mode(web_app, host=env.get("SLACK_HTTP_HOST", "127.0.0.1"), port=http_port)
        finally:
            await tracker.drain(timeout=DRAIN_SECONDS)


async def _socket_mode(core: Core, *, client: AsyncWebClient, app_token: str, tracker: Tracker) -> None:
    """Hold a Socket Mode connection (reconnecting as needed) until cancelled."""
    opened = await _accepted(client.apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN")
    app = build_app(core, client=client, tracker=tracker)
    handler = AsyncSocketModeHandler(app, app_token, web_client=client)
    handler.client.wss_uri = opened["url"]  # use the URL the token check just issued rather than ask again
    await handler.connect_async()
    log.info("crybot is connected to Slack (Socket Mode)")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()


def events_app(app: AsyncApp, *, signing_secret: str) -> web.Application:
    """The Events API as an aiohttp app: bolt's, behind the guard that refuses forged and broken requests."""
    return guarded(app.web_app(path=EVENTS_PATH), signing_secret=signing_secret)


async def _http_mode(web_app: web.Application, *, host: str, port: int) -> None:
    """Serve the Events API (events, /cry, buttons, shortcut) on one path until cancelled."""
    # No access log: a proxy in front keeps one, and a line per forged request would flood this one.
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("crybot is listening for Slack on http://%s:%s%s", host, port, EVENTS_PATH)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise StartupError(f"{name} is not set: see adapters/SLACK.md for where to find it.")
    return value


async def _accepted(call: Awaitable[Any], name: str) -> Any:
    """Await a start-up call; a refusal becomes a one-line StartupError naming the token."""
    try:
        return await call
    except SlackApiError as error:
        raise StartupError(f"{name} was rejected by Slack ({error.response.get('error', 'unknown error')}).") from None
    except OSError as error:
        raise StartupError(f"Could not reach Slack to check {name} ({type(error).__name__}).") from None
