"""What the fake Discord received, recorded in order, with waits on a predicate and a timeout."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Upload:
    """One file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Call:
    """One REST request: method, route under /api/v10, its JSON (or payload_json) and files, and our answer."""

    method: str
    route: str
    query: dict[str, str]
    body: Any
    files: tuple[Upload, ...] = ()
    status: int = 200
    at: float = field(default_factory=time.monotonic)

    def hits(self, method: str, pattern: str) -> bool:
        """Tell whether this call is `method` on a route matching the regex `pattern`."""
        return self.method == method and re.fullmatch(pattern, self.route) is not None

    @property
    def ok(self) -> bool:
        """Tell whether the fake answered with success."""
        return self.status < 300


@dataclass(frozen=True, slots=True)
class Frame:
    """One gateway payload: its op code, data, the shard it belongs to and, for dispatches, the event name."""

    op: int
    d: Any
    shard: int | None = None
    at: float = field(default_factory=time.monotonic)
    t: str | None = None


class Journal(Generic[T]):
    """An append-only record that tests can wait on."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[T] = []
        self._waiters: list[tuple[Callable[[T], bool], asyncio.Future[T]]] = []
        self.listeners: list[Callable[[T], None]] = []  # called on every new item (the benchmark uses it)

    def add(self, item: T) -> None:
        """Record an item and wake whoever waits for one like it."""
        self.items.append(item)
        for listener in self.listeners:
            listener(item)
        for where, future in self._waiters:
            if not future.done() and where(item):
                future.set_result(item)

    def find(self, where: Callable[[T], bool], *, since: int = 0) -> list[T]:
        """Return the recorded items matching `where`, from index `since`."""
        return [item for item in self.items[since:] if where(item)]

    def __len__(self) -> int:
        return len(self.items)

    async def wait(self, where: Callable[[T], bool], *, timeout: float = 5.0, since: int = 0) -> T:
        """Return the first item (from index `since`) matching `where`, waiting up to `timeout` seconds."""
        found = self.find(where, since=since)
        if found:
            return found[0]
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        entry = (where, future)
        self._waiters.append(entry)
        try:
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            recent = "\n  ".join(_brief(item) for item in self.items[-8:])
            raise AssertionError(f"no matching {self.what} within {timeout}s; the last ones:\n  {recent}") from None
        finally:
            self._waiters.remove(entry)


def _brief(item: Any) -> str:
    """Summarise a recorded item for a failure message."""
    if isinstance(item, Call):
        return f"{item.method} {item.route} -> {item.status} {str(item.body)[:120]}"
    return repr(item)[:160]
