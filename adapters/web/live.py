"""Push the catalogue to every open page as server-sent events, whenever the core reloads it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

# A stream lives at most KEEPALIVE * MAX_ROUNDS (an hour); EventSource then reconnects by itself.
KEEPALIVE_SECONDS = 15.0
MAX_ROUNDS = 240


class Live:
    """The open event streams, and the latest catalogue view to send them."""

    def __init__(self, snapshot: Callable[[], dict[str, Any]], *, keepalive: float = KEEPALIVE_SECONDS) -> None:
        self._snapshot = snapshot
        self._keepalive = keepalive
        self._streams: set[asyncio.Queue[bool]] = set()
        self.version = 0

    def changed(self, *_ignored: object) -> None:
        """Note a reload attempt and wake every stream (a core subscriber: must not block)."""
        self.version += 1
        for queue in self._streams:
            if queue.empty():  # one pending wake-up is enough: each sends the latest view
                queue.put_nowait(True)

    async def close(self, _app: web.Application | None = None) -> None:
        """End every stream so the server can shut down."""
        for queue in self._streams:
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(False)

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """Serve one page's event stream: the catalogue now, then after every reload."""
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",
            }
        )
        await response.prepare(request)
        queue: asyncio.Queue[bool] = asyncio.Queue(maxsize=1)
        self._streams.add(queue)
        try:
            await self._send(response)
            for _ in range(MAX_ROUNDS):
                try:
                    keep_going = await asyncio.wait_for(queue.get(), timeout=self._keepalive)
                except TimeoutError:
                    await response.write(b": still here\n\n")  # keeps proxies and the browser from giving up
                    continue
                if not keep_going:
                    break
                await self._send(response)
        except ConnectionResetError:
            pass  # the page went away
        finally:
            self._streams.discard(queue)
        return response

    async def _send(self, response: web.StreamResponse) -> None:
        """Write the current catalogue view as one `catalogue` event."""
        view = self._snapshot() | {"version": self.version}
        data = json.dumps(view, ensure_ascii=False)
        await response.write(f"event: catalogue\ndata: {data}\n\n".encode())
