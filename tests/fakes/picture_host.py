"""A real image host on loopback that counts every request, and a resolver that names it as tests please."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from PIL import Image


def png(colour: tuple[int, int, int] = (70, 110, 200), size: tuple[int, int] = (96, 96), mode: str = "RGB") -> bytes:
    """A small solid PNG."""
    out = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 255)).save(out, "PNG", compress_level=1)
    return out.getvalue()


@dataclass
class PictureHost:
    """What the host served: every request path, in order; `release` lets a held request finish."""

    address: str
    port: int = 0
    hits: list[str] = field(default_factory=list)
    holding: asyncio.Event = field(default_factory=asyncio.Event)  # set once a request is being held
    release: asyncio.Event = field(default_factory=asyncio.Event)
    pictures: dict[str, bytes] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    hold: bool = False  # keep every request waiting until `release` is set (a slow host)
    status: int = 200  # answer every request with this status (503: a dead host)

    def url(self, path: str, *, host: str | None = None) -> str:
        """A url on this host, by its address or by a name a test resolver gives it."""
        name = host or (f"[{self.address}]" if ":" in self.address else self.address)
        return f"http://{name}:{self.port}{path}"

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        self.hits.append(request.path)
        if self.hold:
            self.holding.set()
            await self.release.wait()
        if self.status != 200:
            return web.Response(status=self.status)
        if request.path in self.redirects:
            raise web.HTTPFound(self.redirects[request.path])
        body = self.pictures.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="image/png")


@asynccontextmanager
async def picture_host(address: str = "127.0.0.1", *, port: int = 0, **options: object) -> AsyncIterator[PictureHost]:
    """Serve a PictureHost on a loopback address until the block ends."""
    host = PictureHost(address=address, **options)  # type: ignore[arg-type]
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", host._serve)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, address, port)
    await site.start()
    host.port = runner.addresses[0][1]
    try:
        yield host
    finally:
        host.release.set()
        await runner.cleanup()


class StaticResolver(AbstractResolver):
    """Names to addresses from a table, as a hosts file or a DNS server would give them; each answer in turn."""

    def __init__(self, table: Mapping[str, str | Sequence[str]]) -> None:
        self._answers = {name: [value] if isinstance(value, str) else list(value) for name, value in table.items()}
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        answers = self._answers.get(host)
        if not answers:
            raise OSError(f"{host} does not resolve")
        address = answers.pop(0) if len(answers) > 1 else answers[0]  # the last answer stays
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [{"hostname": host, "host": address, "port": port, "family": family, "proto": 0, "flags": 0}]

    async def close(self) -> None:
        return None
