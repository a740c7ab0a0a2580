"""A fake Slack on loopback: the Web API, file uploads, response_url, a Socket Mode websocket, and app installs."""

from __future__ import annotations

import asyncio
import base64
import functools
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

JSON_FIELDS = ("blocks", "files", "attachments")  # sent as JSON strings in form bodies
APP_ID = "ACRY"


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received: the API method (or "upload" / "response_url") and its merged arguments."""

    method: str
    params: dict[str, Any]
    token: str = ""
    status: int = 200
    at: float = field(default_factory=time.monotonic)
    size: int = 0  # bytes received, for uploads


Where = Callable[[Call], bool]


@dataclass(frozen=True, slots=True)
class Grant:
    """What one bot token speaks for: a workspace, or a whole Enterprise Grid org (team_id None)."""

    team_id: str | None
    enterprise_id: str | None = None
    name: str = "Crybot Test"

    @property
    def is_enterprise_install(self) -> bool:
        """Whether the token was granted org-wide."""
        return self.team_id is None

    @property
    def key(self) -> str:
        """The id an install link names (`team=`): the workspace's, or the org's."""
        return self.team_id or self.enterprise_id or ""


class FakeSlack:
    """Slack's side of every conversation a bot has, on 127.0.0.1 with a free port."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        team_id: str = "T0CRY",
        bot_user_id: str = "UCRYBOT",
        bot_id: str = "BCRYBOT",
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.calls: list[Call] = []  # answered requests, recorded once answered
        self.held: list[Call] = []  # requests to a held method, recorded on arrival while they wait
        self.files: dict[str, dict[str, Any]] = {}
        self.acks: dict[str, dict[str, Any]] = {}
        self.connections = 0  # websocket connections ever accepted
        self.admins: set[str] = set()  # users.info says these users are workspace admins
        self.client_id = "4242.1717"
        self.client_secret = "fake-client-secret"
        self.grants: dict[str, Grant] = {bot_token: Grant(team_id)}  # every bot token the fake accepts
        self.revoked: set[str] = set()  # tokens whose workspace removed the app
        self.installable: dict[str, Grant] = {}  # what an install link may name, by `team=`
        self.deny_installs = False  # the next installer presses Cancel instead of Allow
        self.redirect_url = ""  # the app's Redirect URL (OAuth & Permissions); install links may name no other
        self._codes: dict[str, tuple[Grant, str]] = {}  # install codes not yet exchanged, with the scopes asked
        self._gates: dict[str, asyncio.Event] = {}
        self._limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[str]] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._stack = AsyncExitStack()
        self.url = ""

    # -- life cycle -------------------------------------------------------

    async def start(self) -> Self:
        """Listen on a free loopback port."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{token}", self._respond)
        app.router.add_get("/link", self._socket)
        app.router.add_get("/oauth/v2/authorize", self._authorize)
        self.url = await self._stack.enter_async_context(served(app))
        return self

    async def stop(self) -> None:
        """Close every socket and stop listening."""
        for ws in list(self._sockets):
            await ws.close()
        await self._stack.aclose()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """The base URL to give AsyncWebClient (trailing slash included)."""
        return f"{self.url}/api/"

    @property
    def authorize_url(self) -> str:
        """Where an install link sends the browser (Slack's is https://slack.com/oauth/v2/authorize)."""
        return f"{self.url}/oauth/v2/authorize"

    def response_url(self, name: str = "r1") -> str:
        """A response_url whose posts are recorded as method "response_url" with params["token"] = name."""
        return f"{self.url}/respond/{name}"

    # -- test controls ----------------------------------------------------

    def add_workspace(self, team_id: str, *, name: str = "", enterprise_id: str | None = None) -> Grant:
        """A workspace (in an Enterprise Grid org when enterprise_id is given) where the app can be installed."""
        grant = Grant(team_id, enterprise_id, name or f"Workspace {team_id}")
        self.installable[team_id] = grant
        return grant

    def add_org(self, enterprise_id: str, *, name: str = "") -> Grant:
        """An Enterprise Grid org where the app can be installed org-wide."""
        grant = Grant(None, enterprise_id, name or f"Org {enterprise_id}")
        self.installable[enterprise_id] = grant
        return grant

    def token_of(self, key: str) -> str:
        """The newest bot token issued for a workspace or org (by its id)."""
        issued = [token for token, grant in self.grants.items() if grant.key == key]
        if not issued:
            raise AssertionError(f"no bot token was issued for {key}")
        return issued[-1]

    def revoke(self, key: str) -> None:
        """Revoke every token of a workspace or org: Slack then answers token_revoked."""
        self.revoked |= {token for token, grant in self.grants.items() if grant.key == key}

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls to `method` with 429 and Retry-After."""
        self._limits.setdefault(method, []).extend([retry_after] * times)

    def fail(self, method: str, *, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next `times` calls to `method` with ok=false and `error` ("response_url": a 400)."""
        self._failures.setdefault(method, []).extend([error] * times)

    def hold(self, method: str) -> asyncio.Event:
        """Make calls to `method` wait until the returned event is set (to prove what happens first).

        A held call shows in `held` as soon as it arrives, and in `calls` only once it was let through.
        """
        return self._gates.setdefault(method, asyncio.Event())

    async def wait_held(self, method: str, *, timeout: float = 5.0) -> Call:
        """Wait until a call to the held `method` has arrived and is waiting; return it."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: any(c.method == method for c in self.held)), timeout)
        return next(c for c in self.held if c.method == method)

    def calls_to(self, method: str, where: Where | None = None) -> list[Call]:
        """Recorded successful calls to `method` matching `where`."""
        return [c for c in self.calls if c.method == method and c.status == 200 and (where is None or where(c))]

    def posts(self) -> list[Call]:
        """Everything that put something in front of a user: messages, ephemerals, uploads, reactions, responses."""
        shown = {
            "chat.postMessage",
            "chat.postEphemeral",
            "chat.update",
            "files.completeUploadExternal",
            "reactions.add",
            "response_url",
        }
        return [c for c in self.calls if c.method in shown and c.status == 200]

    async def wait_for(self, method: str, where: Where | None = None, *, count: int = 1, timeout: float = 5.0) -> Call:
        """Wait until `count` matching calls were recorded; return the last of them."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.calls_to(method, where)) >= count), timeout)
        return self.calls_to(method, where)[count - 1]

    # -- Socket Mode --------------------------------------------------------

    async def wait_connected(self, *, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until `count` websocket connections were accepted and one is open."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.connections >= count and self._open()), timeout)

    async def send_envelope(
        self, kind: str, payload: Mapping[str, Any], *, retry_attempt: int = 0, timeout: float = 5.0
    ) -> str:
        """Send an envelope on the newest open socket; return its envelope_id."""
        await self.wait_connected(timeout=timeout)
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": dict(payload),
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self._open()[-1].send_str(json.dumps(envelope))
        return envelope_id

    async def wait_ack(self, envelope_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the app's acknowledgement of an envelope; return it."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: envelope_id in self.acks), timeout)
        return self.acks[envelope_id]

    async def drop_socket(self, *, graceful: bool = False) -> None:
        """Drop the open sockets, abruptly or with Slack's own "disconnect" message first."""
        for ws in self._open():
            if graceful:
                await ws.send_str(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))
            await ws.close(code=aiohttp.WSCloseCode.GOING_AWAY)

    def _open(self) -> list[web.WebSocketResponse]:
        return [ws for ws in self._sockets if not ws.closed]

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)  # aiohttp answers the client's pings for us
        await ws.prepare(request)
        await ws.send_str(
            json.dumps(
                {"type": "hello", "num_connections": len(self._open()) + 1, "connection_info": {"app_id": "ACRY"}}
            )
        )
        self._sockets.append(ws)
        await self._notify(lambda: setattr(self, "connections", self.connections + 1))
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                ack = json.loads(msg.data)
                if "envelope_id" in ack:
                    await self._notify(functools.partial(self.acks.__setitem__, ack["envelope_id"], ack))
        finally:
            self._sockets.remove(ws)
        return ws

    # -- Web API ----------------------------------------------------------

    async def _record(self, call: Call) -> None:
        await self._notify(lambda: self.calls.append(call))

    async def _notify(self, change: Callable[[], object]) -> None:
        async with self._changed:
            change()
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _merged(request)
        if method == "oauth.v2.access":
            answer = self._exchange(params, request.headers.get("Authorization", ""))
            await self._record(Call(method, params, status=200 if answer["ok"] else 400))
            return web.json_response(answer)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or str(params.get("token", ""))
        if self._limits.get(method):
            retry_after = self._limits[method].pop(0)
            await self._record(Call(method, params, token, status=429))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
            )
        if token in self.revoked:
            await self._record(Call(method, params, token, status=401))
            return web.json_response({"ok": False, "error": "token_revoked"})
        accepted = token == self.app_token if method == "apps.connections.open" else token in self.grants
        if not accepted:
            await self._record(Call(method, params, token, status=401))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self._failures.get(method):
            error = self._failures[method].pop(0)
            await self._record(Call(method, params, token, status=400))
            return web.json_response({"ok": False, "error": error})
        refusal = _over_limit(method, params)
        if refusal:  # Slack checks these before anything else happens
            await self._record(Call(method, params, token, status=400))
            return web.json_response({"ok": False, "error": refusal})
        if method in self._gates:
            await self._notify(functools.partial(self.held.append, Call(method, params, token)))
            await asyncio.wait_for(self._gates[method].wait(), 30)
        await self._record(Call(method, params, token))
        return web.json_response({"ok": True, **self._answer(method, params, token)})

    def _answer(self, method: str, params: dict[str, Any], token: str) -> dict[str, Any]:
        """The body Slack would return for a successful call."""
        ts = f"{time.time():.6f}"
        if method == "auth.test":
            grant = self.grants.get(token, Grant(self.team_id))
            return {
                "url": "https://crybot-test.slack.com/",
                "team": grant.name,
                "user": "crybot",
                "team_id": grant.team_id,
                "enterprise_id": grant.enterprise_id,
                "is_enterprise_install": grant.is_enterprise_install,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
            }
        if method == "apps.connections.open":
            return {"url": self.url.replace("http://", "ws://") + "/link"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):06d}"
            self.files[file_id] = {
                "id": file_id,
                "name": params.get("filename"),
                "alt_txt": params.get("alt_txt"),
                "length": int(params.get("length", 0)),
                "uploaded": 0,
            }
            return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            done = [
                self.files.get(f["id"], {"id": f["id"]}) | {"title": f.get("title")} for f in params.get("files", [])
            ]
            return {"files": done}
        if method in ("chat.postMessage", "chat.update", "chat.delete"):
            return {
                "channel": params.get("channel"),
                "ts": params.get("ts", ts),
                "message": {"text": params.get("text", ""), "ts": ts, "bot_id": self.bot_id},
            }
        if method == "chat.postEphemeral":
            return {"message_ts": ts}
        if method == "users.info":
            user = str(params.get("user", ""))
            return {"user": {"id": user, "name": user.lower(), "is_admin": user in self.admins, "is_owner": False}}
        if method.startswith("views."):
            return {"view": {"id": f"V{next(self._ids)}", **params.get("view", {})}}
        return {}

    # -- installing the app -------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.Response:
        """The page an install link opens: the installer allows (or cancels), and the browser goes back to the app."""
        query = dict(request.query)
        await self._record(Call("oauth.authorize", query))
        grant = self.installable.get(query.get("team", ""))
        redirect = query.get("redirect_uri") or self.redirect_url  # Slack falls back on the app's Redirect URL
        known = redirect.startswith(self.redirect_url or "http")
        if query.get("client_id") != self.client_id or grant is None or not known:
            return web.Response(status=400, text="invalid_client_id, unknown team or bad_redirect_uri")
        if self.deny_installs:
            self.deny_installs = False
            answer = {"error": "access_denied", "state": query.get("state", "")}
        else:
            code = f"code-{next(self._ids)}"
            self._codes[code] = (grant, query.get("scope", ""))
            answer = {"code": code, "state": query.get("state", "")}
        raise web.HTTPFound(f"{redirect}?{urlencode(answer)}")

    def _exchange(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        """oauth.v2.access: trade an install code for a new bot token, given the app's id and secret."""
        client_id, client_secret = str(params.get("client_id", "")), str(params.get("client_secret", ""))
        if authorization.startswith("Basic "):  # slack_sdk sends them as HTTP Basic auth
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        granted = self._codes.pop(str(params.get("code", "")), None)
        if granted is None:
            return {"ok": False, "error": "invalid_code"}
        grant, scopes = granted
        token = f"xoxb-{grant.key}-{next(self._ids)}"
        self.grants[token] = grant
        org_name = grant.name if grant.is_enterprise_install else f"Org {grant.enterprise_id}"
        enterprise = {"id": grant.enterprise_id, "name": org_name} if grant.enterprise_id else None
        return {
            "ok": True,
            "app_id": APP_ID,
            "access_token": token,
            "token_type": "bot",
            "scope": scopes,
            "bot_user_id": self.bot_user_id,
            "team": {"id": grant.team_id, "name": grant.name} if grant.team_id else None,
            "enterprise": enterprise,
            "is_enterprise_install": grant.is_enterprise_install,
            "authed_user": {"id": "UADMIN"},
        }

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        body = await request.read()
        if file_id in self.files:
            self.files[file_id]["uploaded"] = len(body)
        await self._record(Call("upload", {"file_id": file_id}, size=len(body)))
        return web.Response(text=f"OK - {len(body)}")

    async def _respond(self, request: web.Request) -> web.Response:
        params = await _merged(request)
        params["token"] = request.match_info["token"]
        if self._failures.get("response_url") or _over_limit("response_url", params):
            error = self._failures["response_url"].pop(0) if self._failures.get("response_url") else "invalid_blocks"
            await self._record(Call("response_url", params, status=400))
            return web.Response(status=400, text=error)
        await self._record(Call("response_url", params))
        return web.Response(text="ok")

    # -- Slack calling the app over HTTP -------------------------------------

    async def deliver(
        self,
        url: str,
        body: str,
        *,
        secret: str,
        content_type: str = "application/json",
        timestamp: int | str | None = None,
        retry_num: int | None = None,
        tamper: Callable[[str], str] | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> tuple[int, str]:
        """POST a signed request to the app as Slack does; return the HTTP status and body."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body) or "",
        }
        if retry_num:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        own = session is None
        session = session or aiohttp.ClientSession()
        try:
            sent = tamper(body) if tamper else body  # signed as `body`, sent as changed on the way
            async with session.post(url, data=sent.encode(), headers=headers) as resp:
                return resp.status, await resp.text()
        finally:
            if own:
                await session.close()


# Slack's documented limits that crybot's messages could reach: files.getUploadURLExternal refuses alt_txt over
# 1,000 characters; Block Kit refuses an image block's alt_text over 2,000 and a section's text over 3,000.
ALT_TXT_LIMIT, IMAGE_ALT_LIMIT, SECTION_TEXT_LIMIT = 1000, 2000, 3000


def _over_limit(method: str, params: dict[str, Any]) -> str | None:
    """The error Slack answers when a call's text is over one of its limits, or None."""
    if method == "files.getUploadURLExternal" and len(str(params.get("alt_txt") or "")) > ALT_TXT_LIMIT:
        return "alt_txt_too_large"
    for block in params.get("blocks") or []:
        too_long = (block.get("type") == "image" and len(block.get("alt_text", "")) > IMAGE_ALT_LIMIT) or (
            block.get("type") == "section" and len((block.get("text") or {}).get("text", "")) > SECTION_TEXT_LIMIT)
        if too_long:
            return "invalid_blocks"
    return None


async def _merged(request: web.Request) -> dict[str, Any]:
    """Query, form and JSON arguments in one dict, JSON-in-form fields decoded."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params |= await request.json()
    elif request.can_read_body:
        params |= dict(await request.post())
    for key in JSON_FIELDS:
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass  # left as sent: a test will see the raw string
    return params


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """Serve an aiohttp app on a free loopback port; yield its base URL."""
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
