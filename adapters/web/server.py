"""The playground's aiohttp app: the page, a JSON API onto the core, live catalogue events, and pictures."""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from aiohttp import web

from adapters.web.commands import CHANNEL_ID, SPACE_ID, USER_ID, read_line
from adapters.web.files import Shelf
from adapters.web.hosts import allowed_host, same_origin
from adapters.web.live import Live
from adapters.web.views import catalogue_view, reply_view
from bot.contained import read_inside
from bot.events import ButtonPress, ChannelSettings, PreviewAction, Reply
from bot.render.fonts import FONT_DIR
from bot.render.model import MAX_SOURCE_BYTES

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
MAX_TEXT = 4000
MAX_BODY = 64 * 1024
ACTIONS: tuple[str, ...] = get_args(PreviewAction)
SORRY = "Something went wrong in the playground; try again."

# Only this page's own files: no CDN, no inline script, no framing by other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

CORE_KEY: web.AppKey[Core] = web.AppKey("core")
SHELF_KEY: web.AppKey[Shelf] = web.AppKey("shelf")
LIVE_KEY: web.AppKey[Live] = web.AppKey("live")
SWITCHES_KEY: web.AppKey[Switches] = web.AppKey("switches")
HOST_KEY: web.AppKey[str] = web.AppKey("host")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
COOLDOWNS = ("channel_cooldown", "user_cooldown")


@dataclass
class Switches:
    """The playground's own switches, shared by every open page."""

    cooldowns: bool = False  # off: each message is answered, as a newcomer trying the README expects

    def view(self) -> dict[str, Any]:
        """The switches as the page shows them."""
        return {"cooldowns": self.cooldowns}


class BadRequest(Exception):
    """A request the page would never send; answered with a fixed 400."""


def build_app(core: Core, *, host: str = "127.0.0.1", cooldowns: bool = False) -> web.Application:
    """The playground for one core, answering at `host` (and loopback names): serve it with aiohttp's runner.

    `cooldowns` is where the page's cooldown switch starts.
    """
    app = web.Application(middlewares=[_own_address, _guard], client_max_size=MAX_BODY)
    app[HOST_KEY] = host
    shelf = Shelf()
    switches = Switches(cooldowns=cooldowns)
    live = Live(lambda: _snapshot(core, switches))
    app[CORE_KEY] = core
    app[SHELF_KEY] = shelf
    app[LIVE_KEY] = live
    app[SWITCHES_KEY] = switches
    unsubscribe = core.subscribe(live.changed)

    async def apply_switches(_app: web.Application) -> None:
        await _apply_cooldowns(core, on=switches.cooldowns)

    async def stop_listening(_app: web.Application) -> None:
        unsubscribe()  # the core outlives this app (tests, restarts): drop our listener with it

    app.on_startup.append(apply_switches)
    app.on_shutdown.append(live.close)
    app.on_cleanup.append(stop_listening)
    app.router.add_get("/", _index)
    app.router.add_static("/static/", STATIC, follow_symlinks=False, append_version=False)
    # The caption fonts double as the page's fallback for Hangul, kana and colour emoji: a bare machine has none,
    # and its browser would draw empty boxes. style.css asks for them by unicode-range, so they load only if needed.
    app.router.add_static("/fonts/", FONT_DIR, follow_symlinks=False, append_version=False)
    app.router.add_post("/api/message", _message)
    app.router.add_post("/api/button", _button)
    app.router.add_post("/api/cooldowns", _cooldowns)
    app.router.add_get("/api/catalogue", _catalogue)
    app.router.add_get("/api/events", live.stream)
    app.router.add_get("/pictures/{token}/{name}", _picture)
    app.router.add_get("/memes/{meme_id}", _meme_image)
    return app


@asynccontextmanager
async def listening(
    core: Core, *, host: str = "127.0.0.1", port: int = 8080, cooldowns: bool = False
) -> AsyncIterator[str]:
    """Run the playground while the block runs; yields its URL (port 0 picks a free one)."""
    runner = web.AppRunner(build_app(core, host=host, cooldowns=cooldowns), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}/"
    finally:
        await runner.cleanup()


async def serve(
    core: Core,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    cooldowns: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the playground until cancelled, announcing its URL (just the URL) once it listens."""
    async with listening(core, host=host, port=port, cooldowns=cooldowns) as url:
        announce(url)
        await asyncio.Event().wait()  # until the caller cancels us


@web.middleware
async def _own_address(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answer only requests sent to this playground's own address, and changes only from its own page."""
    host = request.headers.get("Host", "")
    if not allowed_host(host, served=request.app[HOST_KEY]):
        return _refused("This playground answers only at its own address.")
    origin = request.headers.get("Origin")
    if request.method not in SAFE_METHODS and origin is not None and not same_origin(origin, host_header=host):
        return _refused("The playground accepts changes only from its own page.")
    return await handler(request)


def _refused(text: str) -> web.Response:
    """A fixed 403 that tells the other site nothing."""
    return web.json_response({"error": text}, status=403, headers=SECURITY_HEADERS)


@web.middleware
async def _guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Add the security headers; turn mistakes into fixed answers that never echo exception text."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        raise
    except BadRequest:
        response = web.json_response({"error": "The playground did not understand that request."}, status=400)
    except Exception:
        log.exception("playground request %s %s failed", request.method, request.path)
        response = web.json_response({"error": SORRY}, status=500)
    if not response.prepared:
        response.headers.update(SECURITY_HEADERS)
    return response


async def _index(_request: web.Request) -> web.FileResponse:
    """The page itself."""
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})


async def _json_body(request: web.Request) -> dict[str, Any]:
    """The JSON object a page sent; JSON only, which other sites cannot post without asking first."""
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="JSON only")
    try:
        body = json.loads(await request.text())
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: thousands of nested brackets
        raise BadRequest from None
    if not isinstance(body, dict):
        raise BadRequest
    return body


def _field(body: dict[str, Any], name: str, *, limit: int) -> str:
    """A string field of the body, bounded in length."""
    value = body.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise BadRequest
    return value


def _answer(request: web.Request, reply: Reply) -> web.Response:
    """Send a core reply to the page."""
    return web.json_response({"reply": reply_view(reply, shelf=request.app[SHELF_KEY])})


async def _message(request: web.Request) -> web.Response:
    """A line typed in the chat: a channel message, or a /cry command."""
    body = await _json_body(request)
    text = _field(body, "text", limit=MAX_TEXT)
    if not text.strip():
        raise BadRequest
    message_id = f"web-{uuid.uuid4().hex[:12]}"
    typed = read_line(text, picked_mood=_field(body, "mood", limit=40), message_id=message_id)
    core = request.app[CORE_KEY]
    if typed.message is not None:
        return _answer(request, await core.on_message(typed.message))
    if typed.cry is not None:
        return _answer(request, await core.on_cry(typed.cry))
    return _answer(request, Reply(kind="notice", text=typed.mistake))


async def _button(request: web.Request) -> web.Response:
    """Send, Shuffle or Cancel pressed on a preview."""
    body = await _json_body(request)
    action = _field(body, "action", limit=20)
    preview_id = _field(body, "preview_id", limit=200)
    if action not in ACTIONS or not preview_id:
        raise BadRequest
    press = ButtonPress(preview_id=preview_id, action=action, user_id=USER_ID, channel_id=CHANNEL_ID)  # type: ignore[arg-type]
    core = request.app[CORE_KEY]
    return _answer(request, await core.on_button(press))


async def _catalogue(request: web.Request) -> web.Response:
    """The catalogue view as JSON (the page gets the same through /api/events)."""
    snapshot = _snapshot(request.app[CORE_KEY], request.app[SWITCHES_KEY])
    return web.json_response(snapshot | {"version": request.app[LIVE_KEY].version})


def _snapshot(core: Core, switches: Switches) -> dict[str, Any]:
    """What every page is sent: the catalogue, its latest changes and problems, and the playground's switches."""
    return catalogue_view(core.catalogue, core.problems) | {"changes": core.changes, "switches": switches.view()}


async def _cooldowns(request: web.Request) -> web.Response:
    """Turn cooldowns on (the catalogue's, as on a server) or off (every message answered) for the playground."""
    body = await _json_body(request)
    on = body.get("on")
    if not isinstance(on, bool):
        raise BadRequest
    switches = request.app[SWITCHES_KEY]
    switches.cooldowns = on
    await _apply_cooldowns(request.app[CORE_KEY], on=on)
    request.app[LIVE_KEY].changed()
    return web.json_response({"switches": switches.view()})


async def _apply_cooldowns(core: Core, *, on: bool) -> None:
    """On: the playground channel follows the catalogue's cooldowns. Off: it overrides them with zero."""
    if on:
        await core.forget_channel_settings(space_id=SPACE_ID, channel_id=CHANNEL_ID, names=COOLDOWNS)
    else:
        zero = ChannelSettings(channel_cooldown=0.0, user_cooldown=0.0)
        await core.update_channel(space_id=SPACE_ID, channel_id=CHANNEL_ID, changes=zero)


async def _picture(request: web.Request) -> web.FileResponse:
    """A picture the core rendered for this page; nothing else on disk is reachable."""
    path = request.app[SHELF_KEY].lookup(request.match_info["token"])
    if path is None:
        raise web.HTTPNotFound()
    return web.FileResponse(path, headers={"Cache-Control": "private, max-age=3600"})


async def _meme_image(request: web.Request) -> web.Response:
    """A catalogue meme's own image, found by id in the good catalogue, never by a path from the URL."""
    core = request.app[CORE_KEY]
    catalogue = core.catalogue
    meme = catalogue.meme(request.match_info["meme_id"])
    source = catalogue.source(meme) if meme is not None else None
    if source is None:
        raise web.HTTPNotFound()
    try:  # inside the catalogue's folder as it is opened, not only when the catalogue loaded
        data, _ = await asyncio.to_thread(read_inside, source, root=catalogue.base, max_bytes=MAX_SOURCE_BYTES)
    except (OSError, OverflowError):
        raise web.HTTPNotFound() from None
    kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    return web.Response(body=data, content_type=kind, headers={"Cache-Control": "no-cache"})
