"""The fake Discord gateway: HELLO, heartbeats, IDENTIFY, RESUME, sharded dispatch, drops and forgotten sessions."""

from __future__ import annotations

import asyncio
import json
import secrets
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from aiohttp import WSMsgType, web

from tests.fakes import discord_payloads as p
from tests.fakes.discord_journal import Frame, Journal

HELLO, HEARTBEAT, IDENTIFY, RESUME, INVALID_SESSION, HEARTBEAT_ACK, DISPATCH = 10, 1, 2, 6, 9, 11, 0
BACKLOG: Final = 2_000  # events kept per session for replay on RESUME


class _Socket:
    """One client connection; sends are serialised because zlib-stream framing depends on order."""

    def __init__(self, ws: web.WebSocketResponse, *, zlib_stream: bool, sent: Journal[Frame]) -> None:
        self.ws = ws
        self.shard: int | None = None  # known once the connection identifies or resumes
        self._zlib = zlib.compressobj() if zlib_stream else None
        self._lock = asyncio.Lock()
        self._sent = sent

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one payload as a text frame, or compressed as a binary frame when zlib-stream was asked for."""
        raw = json.dumps(payload)
        async with self._lock:
            if self.ws.closed:
                return
            if self._zlib is None:
                await self.ws.send_str(raw)
            else:
                await self.ws.send_bytes(self._zlib.compress(raw.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH))
            # Recorded under the lock, once written, so the journal's order is the order on the wire.
            self._sent.add(Frame(op=payload["op"], d=payload.get("d"), shard=self.shard, t=payload.get("t")))


@dataclass(slots=True)
class _Session:
    """A gateway session: its shard, sequence, recent events (for RESUME) and the socket carrying it now."""

    id: str
    shard: int
    count: int
    seq: int = 0
    backlog: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=BACKLOG))
    socket: _Socket | None = None


def _shard_asked(op: int, d: Any) -> int | None:
    """Return the shard an IDENTIFY asks for, if any."""
    if op == IDENTIFY and isinstance(d, dict) and d.get("shard"):
        return int(d["shard"][0])
    return None


class FakeGateway:
    """Serves gateway websockets for a FakeDiscord; guilds are handed to shards by Discord's formula."""

    def __init__(self, *, token: str, ready: Callable[[int, int], list[tuple[str, dict[str, Any]]]],
                 ready_data: Callable[[], dict[str, Any]], allowed_intents: int) -> None:
        self.token = token
        self.frames: Journal[Frame] = Journal("gateway frame")  # what clients sent
        self.sent: Journal[Frame] = Journal("gateway frame sent")  # what the fake sent them
        self.resume_url = ""
        self.heartbeat_interval_ms = 41_250
        self._ready = ready  # (shard, count) -> the GUILD_CREATE events owed to that shard
        self._ready_data = ready_data
        self._allowed_intents = allowed_intents
        self._sessions: dict[str, _Session] = {}
        self._live: dict[int, _Session] = {}  # shard id -> its newest session

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Run one client connection until either side closes it."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        sock = _Socket(ws, zlib_stream=request.query.get("compress") == "zlib-stream", sent=self.sent)
        await sock.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
        session: _Session | None = None
        async for msg in ws:  # ends when the socket closes
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op, d = frame.get("op"), frame.get("d")
            self.frames.add(Frame(op=op, d=d, shard=session.shard if session else _shard_asked(op, d)))
            if op == HEARTBEAT:
                await sock.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            elif op == IDENTIFY:
                session = await self._identify(sock, d)
            elif op == RESUME:
                session = await self._resume(sock, d)
        if session is not None and session.socket is sock:
            session.socket = None
        return ws

    async def _identify(self, sock: _Socket, d: dict[str, Any]) -> _Session | None:
        """Check the token and intents, open a session, send READY and the shard's guilds."""
        if d.get("token") != self.token:
            await sock.ws.close(code=4004, message=b"Authentication failed.")
            return None
        if d.get("intents", 0) & p.PRIVILEGED_INTENTS & ~self._allowed_intents:
            await sock.ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        shard, count = d.get("shard") or [0, 1]
        if not 0 <= shard < count:
            await sock.ws.close(code=4010, message=b"Invalid shard.")
            return None
        sock.shard = shard
        session = _Session(id=secrets.token_hex(8), shard=shard, count=count, socket=sock)
        self._sessions[session.id] = session
        self._live[shard] = session
        guilds = self._ready(shard, count)
        ready = self._ready_data() | {
            "session_id": session.id, "resume_gateway_url": self.resume_url, "shard": [shard, count],
            "guilds": [{"id": g["id"], "unavailable": True} for _, g in guilds],
        }
        await self._emit(session, "READY", ready)
        for event, data in guilds:
            await self._emit(session, event, data)
        return session

    async def _resume(self, sock: _Socket, d: dict[str, Any]) -> _Session | None:
        """Reattach a known session and replay what it missed; otherwise say the session is gone."""
        session = self._sessions.get(d.get("session_id", ""))
        if session is None or d.get("token") != self.token:
            await sock.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return None
        session.socket, sock.shard = sock, session.shard
        missed = [frame for frame in session.backlog if frame["s"] > (d.get("seq") or 0)]
        for frame in missed:
            await sock.send(frame)
        await self._emit(session, "RESUMED", {})
        return session

    async def _emit(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        """Number an event, keep it for replay, and send it if the session is connected."""
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.backlog.append(frame)
        if session.socket is not None:
            await session.socket.send(frame)

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: str) -> None:
        """Send an event to the live session whose shard carries the guild (queued if its socket is down)."""
        for session in self._live.values():
            if p.shard_of(guild_id, session.count) == session.shard:
                await self._emit(session, event, data)
                return
        raise AssertionError(f"no gateway session carries guild {guild_id}; is the bot connected?")

    def shards(self) -> list[int]:
        """Return the shard ids that have identified."""
        return sorted(self._live)

    def forget_sessions(self) -> None:
        """Forget every session, as Discord does when one expires: a RESUME is then answered with op 9.

        Shards keep routing to their old sessions until they identify again, so events dispatched in between
        are lost, as they are on Discord.
        """
        self._sessions.clear()

    async def drop(self, *, shard: int = 0, code: int = 4000) -> None:
        """Close a shard's socket from the server side, as Discord does when a node restarts."""
        session = self._live.get(shard)
        if session is None or session.socket is None:
            raise AssertionError(f"shard {shard} has no open socket to drop")
        sock, session.socket = session.socket, None
        await sock.ws.close(code=code, message=b"dropped by the test")

    async def close(self) -> None:
        """Close every open socket, forgotten sessions' too."""
        for session in [*self._sessions.values(), *self._live.values()]:
            if session.socket is not None:
                await session.socket.ws.close(code=1001)
                session.socket = None
