"""Fakes of the chat platforms' APIs on loopback, for end-to-end tests with the real client libraries."""

from __future__ import annotations

from aiohttp import web


async def listen(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve an aiohttp app on 127.0.0.1 at a free port; return its runner (clean it up to stop) and the port."""
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
