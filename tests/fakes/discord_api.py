"""A fake Discord on loopback: the v10 REST API, interaction callbacks and webhooks, and a websocket gateway.

Point discord.py at it with `discord.http.Route.BASE = fake.api_base` and
`DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)`. Everything the client sends is recorded in
`fake.calls` (REST) and `fake.gateway.frames` (gateway), what the gateway sent back in `fake.gateway.sent`;
tests wait on them with a predicate and a timeout. The bot's DM channels open with POST /users/@me/channels;
a person in `fake.closed_dms` gets error 50007 instead of a DM, as Discord answers when DMs are closed.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from tests.fakes import discord_payloads as p
from tests.fakes import listen
from tests.fakes.discord_gateway import FakeGateway
from tests.fakes.discord_journal import Call, Journal, Upload

Answer = tuple[int, Any]  # status and JSON body (None for 204)
Handler = Callable[[re.Match[str], Call], Awaitable[Answer]]


@dataclass(slots=True)
class _Fault:
    """An injected failure for the next `times` requests matching method and route."""

    method: str
    pattern: str
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass(frozen=True, slots=True)
class Place:
    """Where an app command is used, and who let crybot be there (Discord's authorizing_integration_owners)."""

    channel: dict[str, Any]  # the channel object an interaction carries
    guild_id: str | None  # None in DMs and group DMs
    owners: dict[str, str]  # "0": the server that added the bot, "1": the person who added the app
    context: int  # IN_GUILD, IN_BOT_DM or IN_PRIVATE_CHANNEL

    @property
    def channel_id(self) -> str:
        """The channel's id."""
        return str(self.channel["id"])


@dataclass(slots=True)
class _Interaction:
    """What the fake remembers of an interaction it dispatched."""

    id: str
    channel_id: str
    guild_id: str | None
    source: str | None = None  # the message a component sits on
    original: str | None = None  # the message @original means now
    acked: int | None = None  # the callback type that answered it


class FakeDiscord:
    """Discord's side of a bot's life, on 127.0.0.1 with a free port."""

    def __init__(self, *, token: str = "fake-discord-token", guilds: int = 1, channels_per_guild: int = 1,
                 message_content: bool = True, recommended_shards: int = 1, echo_own_messages: bool = True) -> None:
        self.token = token
        self.ids = p.Snowflakes()
        self.app_id = self.ids.next()
        self.bot = p.user(self.app_id, "crybot", bot=True)
        self.alice = p.user(self.ids.next(), "alice")
        self.other_bot = p.user(self.ids.next(), "otherbot", bot=True)
        self.guild_ids = [self.ids.next() for _ in range(guilds)]
        self.channels = {self.ids.next(): gid for gid in self.guild_ids for _ in range(channels_per_guild)}
        self.guild_id, self.channel_id = self.guild_ids[0], next(iter(self.channels))
        self.messages: dict[str, dict[str, Any]] = {}
        self.dm_channels: dict[str, dict[str, Any]] = {}  # DM channel id -> the person it reaches
        self.closed_dms: set[str] = set()  # people whose DMs from server members are off: sending answers 50007
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or a guild id -> synced commands
        self.calls: Journal[Call] = Journal("REST call")
        self.recommended_shards = recommended_shards
        self.echo_own_messages = echo_own_messages
        self.app_flags = p.FLAG_MESSAGE_CONTENT_LIMITED if message_content else 0
        self.gateway = FakeGateway(
            token=token, ready=self._guilds_for, ready_data=self._ready_data,
            allowed_intents=p.MESSAGE_CONTENT_INTENT if message_content else 0,
        )
        self._interactions: dict[str, _Interaction] = {}  # by token
        self._elsewhere: dict[str, Place] = {}  # channels of places the bot is not a member of, by id
        self._extra_people: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        self._routes = self._route_table()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- life cycle -------------------------------------------------------

    async def start(self) -> FakeDiscord:
        """Listen on a free loopback port."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway/", self.gateway.handle)
        app.router.add_get("/resume/", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._serve)
        self._runner, port = await listen(app)
        self.url = f"http://127.0.0.1:{port}"
        self.gateway.resume_url = f"ws://127.0.0.1:{port}/resume/"
        return self

    async def close(self) -> None:
        """Close sockets and stop listening."""
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @property
    def api_base(self) -> str:
        """The value for `discord.http.Route.BASE`."""
        return f"{self.url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The value for `DiscordWebSocket.DEFAULT_GATEWAY`."""
        return self.url.replace("http://", "ws://") + "/gateway/"

    # -- what a test does as a Discord user ---------------------------------

    def person(self, name: str) -> dict[str, Any]:
        """Make up another (human) user."""
        made = p.user(self.ids.next(), name)
        self._extra_people.append(made)
        return made

    def channel_of(self, guild: int = 0, channel: int = 0) -> str:
        """The id of a guild's n-th text channel."""
        return [c for c, g in self.channels.items() if g == self.guild_ids[guild]][channel]

    async def say(self, content: str, *, author: dict[str, Any] | None = None, guild: int = 0, channel: int = 0,
                  mentions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Post a message in a guild's channel as `author` (alice by default) and dispatch MESSAGE_CREATE."""
        guild_id, channel_id = self.guild_ids[guild], self.channel_of(guild, channel)
        msg = p.message(self.ids.next(), channel_id=channel_id, guild_id=guild_id, author=author or self.alice,
                        content=content, mentions=mentions)
        self.messages[msg["id"]] = msg
        await self.gateway.dispatch("MESSAGE_CREATE", msg, guild_id=guild_id)
        return msg

    def home(self, guild: int = 0) -> Place:
        """A server that added the bot (its first channel): the bot is a member there."""
        guild_id = self.guild_ids[guild]
        channel_id = self.channel_of(guild)
        return Place(p.text_channel(channel_id, guild_id, "general"), guild_id, {p.GUILD_INSTALL: guild_id},
                     p.IN_GUILD)

    def elsewhere(self, *, user: dict[str, Any] | None = None, context: int = p.IN_GUILD) -> Place:
        """A place the bot is not in, where `user` (alice) added crybot to their own account.

        IN_GUILD: a server that never added the bot; IN_BOT_DM: their DM with crybot; IN_PRIVATE_CHANNEL: a group DM.
        """
        who = user or self.alice
        owners = {p.USER_INSTALL: who["id"]}
        channel_id = self.ids.next()
        if context == p.IN_GUILD:
            guild_id = self.ids.next()
            place = Place(p.text_channel(channel_id, guild_id, "elsewhere"), guild_id, owners, context)
        else:
            kind, others = (p.DM, [self.bot]) if context == p.IN_BOT_DM else (p.GROUP_DM, [self.person("bo")])
            place = Place(p.private_channel(channel_id, kind=kind, recipients=[who, *others]), None, owners, context)
        self._elsewhere[channel_id] = place
        return place

    def message_in(self, place: Place, content: str, *, author: dict[str, Any] | None = None) -> dict[str, Any]:
        """A message someone posted in a place the bot is not in (so no gateway event; a context menu can still
        target it)."""
        msg = p.message(self.ids.next(), channel_id=place.channel_id, guild_id=place.guild_id,
                        author=author or self.person("bo"), content=content)
        self.messages[msg["id"]] = msg
        return msg

    async def slash(self, name: str, *, user: dict[str, Any] | None = None, guild: int = 0,
                    permissions: int = p.MEMBER_PERMISSIONS, place: Place | None = None,
                    **options: str | int | float | bool) -> dict[str, Any]:
        """Invoke a chat-input command with options, as a member with `permissions` (in a server of the bot's,
        unless `place` says elsewhere)."""
        data = {"id": self.ids.next(), "name": name, "type": 1,
                "options": [p.option(k, v) for k, v in options.items()]}
        return await self._interact(2, data, user=user, place=place or self.home(guild), permissions=permissions)

    async def message_command(self, name: str, target: dict[str, Any], *,
                              user: dict[str, Any] | None = None) -> dict[str, Any]:
        """Invoke a message context-menu command on `target`."""
        data = {"id": self.ids.next(), "name": name, "type": 3, "target_id": target["id"],
                "resolved": {"messages": {target["id"]: target}}}
        return await self._interact(2, data, user=user, place=self._place_of(target["channel_id"]))

    async def press(self, message: dict[str, Any], custom_id: str, *,
                    user: dict[str, Any] | None = None) -> dict[str, Any]:
        """Press the button `custom_id` on `message`."""
        if custom_id not in self.buttons(message):
            raise AssertionError(f"no button {custom_id!r} on message {message['id']}: {self.buttons(message)}")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(3, data, user=user, place=self._place_of(message["channel_id"]), source=message)

    def _place_of(self, channel_id: str) -> Place:
        """The place a channel belongs to."""
        if channel_id in self._elsewhere:
            return self._elsewhere[channel_id]
        return self.home(self.guild_ids.index(self.channels[channel_id]))

    async def _interact(self, kind: int, data: dict[str, Any], *, user: dict[str, Any] | None, place: Place,
                        permissions: int = p.MEMBER_PERMISSIONS,
                        source: dict[str, Any] | None = None) -> dict[str, Any]:
        """Dispatch an INTERACTION_CREATE and remember it by token."""
        who = user or self.alice
        token = secrets.token_urlsafe(24)
        payload: dict[str, Any] = {
            "id": self.ids.next(), "application_id": self.app_id, "type": kind, "token": token, "version": 1,
            "data": data, "channel_id": place.channel_id, "channel": place.channel,
            "app_permissions": str(p.MEMBER_PERMISSIONS), "locale": "en-US",
            "attachment_size_limit": 10 * 1024 * 1024, "entitlements": [], "context": place.context,
            "authorizing_integration_owners": dict(place.owners),
        }
        if place.guild_id is not None:
            payload |= {"guild_id": place.guild_id, "guild": {"id": place.guild_id, "locale": "en-US", "features": []},
                        "guild_locale": "en-US", "member": p.member(who, permissions=permissions)}
        else:
            payload["user"] = who
        if source is not None:
            payload["message"] = source
        self._interactions[token] = _Interaction(
            id=payload["id"], channel_id=place.channel_id, guild_id=place.guild_id,
            source=source["id"] if source else None, original=source["id"] if source else None,
        )
        # Discord sends interactions from DMs, and from servers without the bot, on shard 0.
        await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=place.guild_id or "0")
        return payload

    def original(self, interaction: dict[str, Any]) -> dict[str, Any] | None:
        """Return the message an interaction's @original points at now (None when deleted or never sent)."""
        state = self._interactions[interaction["token"]]
        return self.messages.get(state.original or "")

    def acked(self, interaction: dict[str, Any]) -> int | None:
        """Return the callback type that answered an interaction, if any."""
        return self._interactions[interaction["token"]].acked

    @staticmethod
    def buttons(message: dict[str, Any]) -> list[str]:
        """Return the custom ids of the buttons on a message."""
        return [c["custom_id"] for row in message.get("components", []) for c in row.get("components", [])
                if c.get("type") == 2 and "custom_id" in c]

    # -- failures a test can inject -----------------------------------------

    def rate_limit(self, method: str, pattern: str, *, retry_after: float, is_global: bool = False,
                   times: int = 1) -> None:
        """Answer the next `times` matching requests with 429, a `retry_after` and the rate-limit headers."""
        headers = {
            "Retry-After": str(max(1, round(retry_after))), "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}", "X-RateLimit-Bucket": secrets.token_hex(8),
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        self._faults.append(_Fault(method, pattern, 429, body, headers, times))

    def fail(self, method: str, pattern: str, *, status: int = 403, code: int = 50013,
             message: str = "Missing Permissions", times: int = 1) -> None:
        """Answer the next `times` matching requests with an error."""
        self._faults.append(_Fault(method, pattern, status, {"message": message, "code": code}, {}, times))

    # -- serving ------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.Response:
        """Read, route, record and answer one REST request."""
        req = await _read(request)
        status, body, headers = await self._answer(req, auth=request.headers.get("Authorization", ""))
        self.calls.add(replace(req, status=status))
        if status == 204 or body is None:
            return web.Response(status=status if status != 200 else 204, headers=headers)
        # Exactly this content type: discord.py reads anything else (even with "; charset") as text.
        return web.Response(status=status, body=json.dumps(body).encode(),
                            headers={"Content-Type": "application/json", **headers})

    async def _answer(self, req: Call, *, auth: str) -> tuple[int, Any, dict[str, str]]:
        """Apply injected faults, then the token check, then the route's handler."""
        for fault in self._faults:
            if fault.times > 0 and fault.method == req.method and re.fullmatch(fault.pattern, req.route):
                fault.times -= 1
                return fault.status, fault.body, fault.headers
        if _over_limit(req.body):  # Discord validates the form body before anything else
            return 400, {"message": "Invalid Form Body", "code": 50035}, {}
        signed = not req.route.startswith(("/interactions/", "/webhooks/"))
        if signed and auth != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for method, pattern, handler in self._routes:
            match = re.fullmatch(pattern, req.route)
            if match and method == req.method:
                status, body = await handler(match, req)
                return status, body, {}
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _route_table(self) -> list[tuple[str, str, Handler]]:
        """Map REST routes to handlers."""
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        msg = r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)"
        return [
            ("GET", r"/users/@me", self._static(lambda: self.bot)),
            ("GET", r"/oauth2/applications/@me", self._static(self._application)),
            ("GET", r"/gateway", self._static(self._gateway_info)),
            ("GET", r"/gateway/bot", self._static(self._gateway_info)),
            ("PUT", r"/applications/\d+(?:/guilds/(?P<guild>\d+))?/commands", self._put_commands),
            ("GET", r"/applications/\d+(?:/guilds/(?P<guild>\d+))?/commands", self._get_commands),
            ("GET", r"/channels/(?P<channel>\d+)", self._get_channel),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message),
            ("GET", msg, self._get_message),
            ("PATCH", msg, self._edit_message),
            ("DELETE", msg, self._delete_message),
            ("PUT", msg + r"/reactions/(?P<emoji>[^/]+)/@me", self._no_content),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", hook, self._followup),
            ("GET", hook + r"/messages/(?P<message>@original|\d+)", self._get_message),
            ("PATCH", hook + r"/messages/(?P<message>@original|\d+)", self._edit_message),
            ("DELETE", hook + r"/messages/(?P<message>@original|\d+)", self._delete_message),
        ]

    @staticmethod
    def _static(make: Callable[[], Any]) -> Handler:
        """Wrap a payload maker as a handler."""
        async def handler(_: re.Match[str], __: Call) -> Answer:
            return 200, make()
        return handler

    def _application(self) -> dict[str, Any]:
        return {
            "id": self.app_id, "name": "crybot", "description": "", "icon": None, "bot_public": True,
            "bot_require_code_grant": False, "owner": self.alice, "verify_key": "0" * 64,
            "interactions_endpoint_url": None, "flags": self.app_flags, "bot": self.bot,
        }

    def _gateway_info(self) -> dict[str, Any]:
        return {"url": self.gateway_url, "shards": self.recommended_shards, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}

    def _ready_data(self) -> dict[str, Any]:
        return {"v": 10, "user": self.bot, "application": {"id": self.app_id, "flags": self.app_flags},
                "private_channels": [], "relationships": [], "presences": [], "user_settings": {},
                "session_type": "normal", "geo_ordered_rtc_regions": [], "_trace": ["fake-discord"]}

    def _guilds_for(self, shard: int, count: int) -> list[tuple[str, dict[str, Any]]]:
        """Build the GUILD_CREATE events a shard receives after READY."""
        events = []
        for gid in self.guild_ids:
            if p.shard_of(gid, count) != shard:
                continue
            channels = [p.text_channel(c, gid, "general") for c, g in self.channels.items() if g == gid]
            members = [p.member(self.bot), p.member(self.alice)]
            events.append(("GUILD_CREATE", p.guild(gid, f"guild {gid[-4:]}", channels=channels, members=members,
                                                   owner_id=self.alice["id"])))
        return events

    async def _put_commands(self, match: re.Match[str], req: Call) -> Answer:
        defaults = {"type": 1, "description": "", "options": [], "default_member_permissions": None, "nsfw": False}
        synced = [defaults | cmd | {"id": self.ids.next(), "application_id": self.app_id, "version": self.ids.next()}
                  for cmd in req.body]
        for cmd in synced:  # Discord answers with permissions as a string
            if cmd["default_member_permissions"] is not None:
                cmd["default_member_permissions"] = str(cmd["default_member_permissions"])
        self.commands[match["guild"] or "global"] = synced
        return 200, synced

    async def _get_commands(self, match: re.Match[str], _: Call) -> Answer:
        return 200, self.commands.get(match["guild"] or "global", [])

    async def _get_channel(self, match: re.Match[str], _: Call) -> Answer:
        guild_id = self.channels.get(match["channel"])
        if match["channel"] in self._elsewhere:
            return 403, {"message": "Missing Access", "code": 50001}
        if guild_id is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        return 200, p.text_channel(match["channel"], guild_id, "general")

    def dms_to(self, person: dict[str, Any]) -> list[dict[str, Any]]:
        """The messages the bot sent someone by DM."""
        channels = {c for c, user in self.dm_channels.items() if user["id"] == person["id"]}
        return [m for m in self.messages.values() if m["channel_id"] in channels]

    async def _open_dm(self, _: re.Match[str], req: Call) -> Answer:
        """Open (or reopen) the bot's DM channel with a person; Discord allows it even when their DMs are closed."""
        recipient = str((req.body or {}).get("recipient_id", ""))
        person = next((u for u in self._people() if u["id"] == recipient), None)
        if person is None:
            return 400, {"message": "Invalid Recipient(s)", "code": 50033}
        channel_id = next((c for c, u in self.dm_channels.items() if u["id"] == recipient), None) or self.ids.next()
        self.dm_channels[channel_id] = person
        return 200, {"id": channel_id, "type": 1, "recipients": [person], "last_message_id": None, "flags": 0}

    def _people(self) -> list[dict[str, Any]]:
        """Everyone the fake has made up so far: alice, the other bot, and whoever `person` added."""
        return [self.alice, self.other_bot, *self._extra_people]

    async def _create_message(self, match: re.Match[str], req: Call) -> Answer:
        channel_id = match["channel"]
        if channel_id in self.dm_channels:
            if self.dm_channels[channel_id]["id"] in self.closed_dms:
                return 403, {"message": "Cannot send messages to this user", "code": 50007}
            return 200, self._store(channel_id, req, guild_id=None)
        guild_id = self.channels.get(channel_id)
        if channel_id in self._elsewhere:  # the bot is not a member there
            return 403, {"message": "Missing Access", "code": 50001}
        if guild_id is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        msg = self._store(channel_id, req, guild_id=guild_id)
        if self.echo_own_messages:  # Discord sends a bot its own messages too
            await self.gateway.dispatch("MESSAGE_CREATE", msg, guild_id=guild_id)
        return 200, msg

    def _resolve(self, match: re.Match[str]) -> str:
        """Turn a message id or @original into a message id."""
        mid = match["message"]
        if mid == "@original":
            return self._interactions[match["token"]].original or ""
        return mid

    async def _get_message(self, match: re.Match[str], _: Call) -> Answer:
        msg = self.messages.get(self._resolve(match))
        return (200, msg) if msg else (404, {"message": "Unknown Message", "code": 10008})

    async def _edit_message(self, match: re.Match[str], req: Call) -> Answer:
        msg = self.messages.get(self._resolve(match))
        if msg is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self._apply(msg, req.body or {}, req.files)
        return 200, msg

    async def _delete_message(self, match: re.Match[str], _: Call) -> Answer:
        msg = self.messages.pop(self._resolve(match), None)
        return (204, None) if msg else (404, {"message": "Unknown Message", "code": 10008})

    async def _no_content(self, _: re.Match[str], __: Call) -> Answer:
        return 204, None

    async def _callback(self, match: re.Match[str], req: Call) -> Answer:
        """Answer an interaction: 4 message, 5 deferred message, 6 deferred update, 7 update, 9 modal."""
        state = self._interactions.get(match["token"])
        if state is None or state.id != match["id"]:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if state.acked is not None:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        kind, data = req.body["type"], req.body.get("data") or {}
        state.acked = kind
        if kind in (4, 5):
            flags = data.get("flags", 0) | (p.LOADING if kind == 5 else 0)
            state.original = self._store(state.channel_id, replace(req, body=data), guild_id=state.guild_id,
                                         flags=flags)["id"]
        elif kind == 7 and state.source in self.messages:
            self._apply(self.messages[state.source], data, req.files)
        message = self.messages.get(state.original or "") if kind in (4, 5, 7) else None
        interaction = {"id": state.id, "type": 2 if state.source is None else 3,
                       "response_message_id": state.original, "response_message_loading": kind == 5,
                       "response_message_ephemeral": bool(message and message["flags"] & p.EPHEMERAL)}
        resource = {"type": kind} | ({"message": message} if message else {})
        return 200, {"interaction": interaction, "resource": resource}

    async def _followup(self, match: re.Match[str], req: Call) -> Answer:
        """Send a followup; the first one after a deferred message fills in the "thinking" placeholder."""
        state = self._interactions.get(match["token"])
        if state is None or state.acked is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        placeholder = self.messages.get(state.original or "")
        if placeholder is not None and placeholder["flags"] & p.LOADING:
            self._apply(placeholder, req.body or {}, req.files)
            return 200, placeholder
        return 200, self._store(state.channel_id, req, guild_id=state.guild_id,
                                flags=(req.body or {}).get("flags", 0))

    # -- messages -------------------------------------------------------------

    def _store(self, channel_id: str, req: Call, *, guild_id: str | None, flags: int = 0) -> dict[str, Any]:
        """Create a message from the bot out of a request body and its files."""
        body = req.body or {}
        reference = body.get("message_reference")
        msg = p.message(self.ids.next(), channel_id=channel_id, guild_id=guild_id, author=self.bot,
                        content=body.get("content") or "",
                        message_reference={k: str(v) for k, v in reference.items()} if reference else None)
        self._apply(msg, body, req.files)
        msg["flags"] = flags  # after _apply, which clears LOADING
        self.messages[msg["id"]] = msg
        return msg

    def _apply(self, msg: dict[str, Any], body: dict[str, Any], files: tuple[Upload, ...]) -> None:
        """Apply an edit (or a creation's fields) to a stored message."""
        for key in ("content", "components", "embeds"):
            if key in body:
                msg[key] = body[key] or ([] if key != "content" else "")
        if "attachments" in body or files:
            msg["attachments"] = self._attachments(body.get("attachments"), files, msg["attachments"])
        if msg["flags"] & p.LOADING and (body or files):
            msg["flags"] &= ~p.LOADING

    def _attachments(self, specs: list[dict[str, Any]] | None, files: tuple[Upload, ...],
                     kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Build attachment objects: uploads named files[N] by spec id N, or existing ones kept by id."""
        uploads = {u.field: u for u in files}
        by_id = {a["id"]: a for a in kept}
        specs = specs if specs is not None else [{"id": i} for i in range(len(files))]
        out = []
        for spec in specs:
            upload = uploads.get(f"files[{spec['id']}]")
            if upload is None:
                if str(spec["id"]) in by_id:
                    out.append(by_id[str(spec["id"])])
                continue
            aid = self.ids.next()
            name = spec.get("filename") or upload.filename
            out.append({"id": aid, "filename": name, "description": spec.get("description"),
                        "size": len(upload.data), "content_type": upload.content_type,
                        "url": f"{self.url}/attachments/{aid}/{name}", "proxy_url": f"{self.url}/p/{aid}/{name}"})
        return out


ATTACHMENT_DESCRIPTION_LIMIT = 1024  # Discord's longest attachment description (alt text)


def _over_limit(body: Any) -> bool:
    """Whether a message body (or an interaction callback's data) has an attachment description over the limit."""
    if not isinstance(body, dict):
        return False
    message = body.get("data") if isinstance(body.get("data"), dict) else body
    return any(len(str(a.get("description") or "")) > ATTACHMENT_DESCRIPTION_LIMIT
               for a in message.get("attachments") or [] if isinstance(a, dict))


async def _read(request: web.Request) -> Call:
    """Read a request's JSON body, or its multipart payload_json and files."""
    route = unquote(request.match_info["tail"])
    route = "/" + route.rstrip("/")
    body: Any = None
    files: list[Upload] = []
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        while (part := await reader.next()) is not None:  # bounded by the body's parts
            data = await part.read()  # type: ignore[union-attr]
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(data)
            else:
                files.append(Upload(field=part.name or "", filename=part.filename or "",  # type: ignore[union-attr]
                                    content_type=part.headers.get("Content-Type", ""), data=bytes(data)))
    elif request.can_read_body:
        raw = await request.read()
        body = json.loads(raw) if raw else None
    return Call(method=request.method, route=route, query=dict(request.query), body=body, files=tuple(files))
