"""GET /metrics, /healthz and /readyz for operators and load balancers, beside an adapter or on a port of their own."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from aiohttp import web

from bot.errors import StartupError
from bot.metrics import CONTENT_TYPE, Metrics

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("crybot.ops")

Connected = Callable[[], Awaitable[bool]]  # whether the adapter is connected to its platform now


def add_ops_routes(app: web.Application, *, core: Core, metrics: Metrics, connected: Connected) -> None:
    """Serve the three endpoints on an aiohttp app (the Slack Events API app, or a bare one)."""

    async def metrics_page(_request: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE})

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok\n")  # answering at all is the proof of life

    async def readyz(_request: web.Request) -> web.Response:
        platform, store = await connected(), core.store_ready
        lines = [
            "ready" if platform and store else "not ready",
            f"platform: {'connected' if platform else 'not connected'}",
            f"store: {'connected' if store else 'unreachable'}",
            f"catalogue: {core.catalogue.digest}",
        ]
        return web.Response(text="\n".join(lines) + "\n", status=200 if platform and store else 503)

    app.router.add_get("/metrics", metrics_page)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)


@asynccontextmanager
async def ops_server(
    *, core: Core, metrics: Metrics, connected: Connected, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve the endpoints on their own port while the block runs; yields the base URL."""
    app = web.Application()
    add_ops_routes(app, core=core, metrics=metrics, connected=connected)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            raise StartupError(f"cannot serve metrics on {host}:{port} ({error.strerror or error}).") from None
        bound_host, bound_port = runner.addresses[0][:2]
        url = f"http://{bound_host}:{bound_port}"
        log.info("metrics and health checks on %s/metrics, /healthz, /readyz", url)
        yield url
    finally:
        await runner.cleanup()


@asynccontextmanager
async def maybe_ops_server(
    core: Core, metrics: Metrics | None, connected: Connected, *, host: str, port: int | None
) -> AsyncIterator[None]:
    """The endpoints on their own port while the block runs, when metrics and a port were both given."""
    if metrics is None or port is None:
        yield
        return
    async with ops_server(core=core, metrics=metrics, connected=connected, host=host, port=port):
        yield
