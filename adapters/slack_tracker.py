"""Count the Slack requests in hand, so a shutdown (or a test) can wait until they are done."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Tracker:
    """How many requests are being handled and how many have finished."""

    def __init__(self) -> None:
        self.active = 0
        self.finished = 0
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count one request for as long as the block runs."""
        async with self._changed:
            self.active += 1
        try:
            yield
        finally:
            async with self._changed:
                self.active -= 1
                self.finished += 1
                self._changed.notify_all()

    async def wait_finished(self, count: int, *, timeout: float) -> None:
        """Wait until `count` requests have finished (TimeoutError after `timeout` seconds)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.finished >= count), timeout)

    async def drain(self, *, timeout: float) -> bool:
        """Wait for the requests in hand to finish; False when some were still running at the timeout."""
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: self.active == 0), timeout)
        except TimeoutError:
            return False
        return True
