"""Watch a platform client's HTTP traffic through aiohttp's tracing: 429s, and Socket Mode reconnections."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import aiohttp

from bot.observe import Observer


def platform_trace(observer: Observer, *, reconnect_path: str | None = None) -> aiohttp.TraceConfig:
    """A trace that tells the observer of every 429, and of each call to `reconnect_path` after the first."""
    trace = aiohttp.TraceConfig()
    calls = {"reconnect": 0}

    async def on_request_end(_session: aiohttp.ClientSession, _context: SimpleNamespace, params: Any) -> None:
        if params.response.status == 429:
            observer.rate_limited()
        if reconnect_path and params.url.path.endswith(reconnect_path):
            calls["reconnect"] += 1
            if calls["reconnect"] > 1:  # the first opens the connection; every later one replaces a lost one
                observer.reconnected()

    trace.on_request_end.append(on_request_end)
    return trace
