"""crybot on Slack: build the bolt app around the core, and serve it over Socket Mode or HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters import slack_oauth
from adapters.http_trace import platform_trace
from adapters.ops_http import add_ops_routes, maybe_ops_server
from adapters.slack_blocks import ACTION_PATTERN, SHORTCUT_ID
from adapters.slack_http import guarded
from adapters.slack_install_stores import open_install_stores
from adapters.slack_listeners import Listeners
from adapters.slack_revocations import Revocations
from adapters.slack_tracker import Tracker
from bot.errors import StartupError

if TYPE_CHECKING:
    from bot.core import Core
    from bot.metrics import Metrics

log = logging.getLogger("crybot.slack")

EVENTS_PATH = "/slack/events"
DRAIN_SECONDS = 3.0  # how long a shutdown waits for replies already being made: within the CLI's stop deadline
RATE_LIMIT_RETRIES = 3
TOKEN_REVOKED = "crybot's access to this workspace was revoked, so I can't answer here: ask whoever runs crybot."


def build_app(
    core: Core,
    *,
    client: AsyncWebClient,
    signing_secret: str | None = None,
    tracker: Tracker | None = None,
    oauth_flow: AsyncOAuthFlow | None = None,
    install_url: str = "",
) -> AsyncApp:
    """A bolt app wired to the core; signing_secret is needed for HTTP mode, not Socket Mode.

    With an OAuth flow (and a client without a token) it serves the install pages and answers each workspace with
    the bot token its installation saved; install_url, when known, is where people are told to reinstall.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
        # The core decides about the bot's own messages (Incoming.is_self): one place for that rule.
        ignoring_self_events_enabled=False,
        logger=log,
        oauth_flow=oauth_flow,
        user_facing_authorize_error_message=slack_oauth.not_installed(install_url) if oauth_flow else None,
    )
    tracker = tracker or Tracker()
    token_gone = slack_oauth.revoked(install_url) if oauth_flow else TOKEN_REVOKED
    listeners = Listeners(core, tracker, token_gone=token_gone)
    app.command("/cry")(listeners.cry)
    app.action(ACTION_PATTERN)(listeners.press)
    app.shortcut(SHORTCUT_ID)(listeners.shortcut)
    app.event("app_mention")(listeners.mention)
    app.event("message")(listeners.message)
    revocations = Revocations(core, tracker, app.installation_store)
    app.event("app_uninstalled")(revocations.uninstalled)
    app.event("tokens_revoked")(revocations.revoked)
    return app


def make_client(
    token: str | None, *, base_url: str | None = None, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """A Web API client that waits out 429s (Retry-After) and retries dropped connections.

    Pass a session to reuse connections: without one, slack_sdk opens a new one per call.
    """
    handlers = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]
    base = base_url.rstrip("/") + "/" if base_url else AsyncWebClient.BASE_URL
    return AsyncWebClient(token=token, base_url=base, session=session, retry_handlers=handlers)


async def serve(
    core: Core,
    *,
    env: Mapping[str, str],
    http_port: int | None = None,
    data_dir: Path = Path("data"),
    metrics: Metrics | None = None,
    metrics_port: int | None = None,
    metrics_host: str = "127.0.0.1",
) -> None:
    """Run crybot on Slack until cancelled: Socket Mode, or the Events API on http_port when given.

    With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set it runs in OAuth mode (many workspaces, over HTTP only),
    keeping installs in data_dir, or in Redis when CRYBOT_REDIS_URL is set. With `metrics`, /metrics, /healthz
    and /readyz are served on the Events API port, and on metrics_port if given.
    """
    ops = _Ops(core, metrics, host=metrics_host, port=metrics_port)
    oauth = slack_oauth.OAuthEnv.read(env)
    if oauth is not None:
        await _oauth_mode(core, oauth=oauth, env=env, http_port=http_port, data_dir=data_dir, ops=ops)
        return
    token = _required(env, "SLACK_BOT_TOKEN")
    tracker = Tracker()
    if env.get("SLACK_REPLY_IN"):
        # Replaced by memes.yaml's settings.reply_in and `/cry settings reply-in`: say so rather than ignore it.
        log.warning("SLACK_REPLY_IN is no longer read: set reply_in in memes.yaml, or per channel with /cry settings")
    trace = platform_trace(core.observer, reconnect_path="apps.connections.open")
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        client = make_client(token, base_url=env.get("SLACK_API_URL"), session=session)
        await _accepted(client.auth_test(), "SLACK_BOT_TOKEN")
        try:
            if http_port is None:
                await _socket_mode(
                    core,
                    client=client,
                    app_token=_required(env, "SLACK_APP_TOKEN"),
                    tracker=tracker,
                    ops=ops,
                )
            else:
                secret = _required(env, "SLACK_SIGNING_SECRET")
                app = build_app(core, client=client, signing_secret=secret, tracker=tracker)
                await _http_mode(app, signing_secret=secret, host=env.get("SLACK_HTTP_HOST", "127.0.0.1"),
                                 port=http_port, ops=ops)
        finally:
            await tracker.drain(timeout=DRAIN_SECONDS)


async def _oauth_mode(
    core: Core,
    *,
    oauth: slack_oauth.OAuthEnv,
    env: Mapping[str, str],
    http_port: int | None,
    data_dir: Path,
    ops: _Ops,
) -> None:
    """Serve installs and every installed workspace over HTTP until cancelled."""
    if http_port is None:
        raise StartupError("OAuth mode (SLACK_CLIENT_ID is set) needs --http PORT: Slack sends installs and events "
                           "of many workspaces to your HTTPS URL; Socket Mode is for one workspace.")
    for ignored in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        if env.get(ignored, "").strip():
            log.warning("%s is not used in OAuth mode: each workspace's bot token comes from its install", ignored)
    tracker = Tracker()
    trace = platform_trace(core.observer, reconnect_path="apps.connections.open")
    async with (
        aiohttp.ClientSession(trace_configs=[trace]) as session,
        oauth_app(core, oauth=oauth, env=env, data_dir=data_dir, tracker=tracker, session=session) as app,
    ):
        try:
            await _http_mode(app, signing_secret=oauth.signing_secret, host=env.get("SLACK_HTTP_HOST", "127.0.0.1"),
                             port=http_port, ops=ops)
        finally:
            await tracker.drain(timeout=DRAIN_SECONDS)


@asynccontextmanager
async def oauth_app(
    core: Core,
    *,
    oauth: slack_oauth.OAuthEnv,
    env: Mapping[str, str],
    data_dir: Path,
    tracker: Tracker,
    session: aiohttp.ClientSession,
) -> AsyncIterator[AsyncApp]:
    """The bolt app of OAuth mode, on the install stores the environment chooses (closed on exit)."""
    async with open_install_stores(
        env=env, data_dir=data_dir, client_id=oauth.client_id, state_seconds=slack_oauth.STATE_SECONDS
    ) as stores:
        client = make_client(None, base_url=env.get("SLACK_API_URL"), session=session)
        flow = slack_oauth.build_flow(oauth, client=client, stores=stores)
        log.info("Slack installs are kept in %s", stores.where)
        yield build_app(core, client=client, signing_secret=oauth.signing_secret, tracker=tracker, oauth_flow=flow,
                        install_url=oauth.install_url)


class _Ops:
    """Where /metrics, /healthz and /readyz are served: nowhere without metrics, else as asked."""

    def __init__(self, core: Core, metrics: Metrics | None, *, host: str, port: int | None) -> None:
        self.core, self.metrics, self.host, self.port = core, metrics, host, port


async def _listening() -> bool:
    """In HTTP mode Slack comes to us: serving at all, with a token Slack accepted, is being connected."""
    return True


async def _socket_mode(core: Core, *, client: AsyncWebClient, app_token: str, tracker: Tracker, ops: _Ops) -> None:
    """Hold a Socket Mode connection (reconnecting as needed) until cancelled."""
    opened = await _accepted(client.apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN")
    app = build_app(core, client=client, tracker=tracker)
    handler = AsyncSocketModeHandler(app, app_token, web_client=client)
    handler.client.wss_uri = opened["url"]  # use the URL the token check just issued rather than ask again
    async with maybe_ops_server(core, ops.metrics, handler.client.is_connected, host=ops.host, port=ops.port):
        await handler.connect_async()
        log.info("crybot is connected to Slack (Socket Mode)")
        try:
            await asyncio.Event().wait()
        finally:
            await handler.close_async()


def events_app(app: AsyncApp, *, signing_secret: str) -> web.Application:
    """The Events API as an aiohttp app: bolt's, behind the guard that refuses forged and broken requests."""
    return guarded(app.web_app(path=EVENTS_PATH), path=EVENTS_PATH, signing_secret=signing_secret)


async def _http_mode(app: AsyncApp, *, signing_secret: str, host: str, port: int, ops: _Ops) -> None:
    """Serve the Events API (events, /cry, buttons, shortcut) on one path, and the ops endpoints, until cancelled."""
    web_app = events_app(app, signing_secret=signing_secret)
    if ops.metrics is not None:
        add_ops_routes(web_app, core=ops.core, metrics=ops.metrics, connected=_listening)
    # No access log: a proxy in front keeps one, and a line per forged request would flood this one.
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        async with maybe_ops_server(ops.core, ops.metrics, _listening, host=ops.host, port=ops.port):
            await web.TCPSite(runner, host, port).start()
            log.info("crybot is listening for Slack on http://%s:%s%s", host, port, EVENTS_PATH)
            if app.oauth_flow is not None:
                log.info("the Add to Slack page is http://%s:%s%s", host, port, app.oauth_flow.install_path)
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
