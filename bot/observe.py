"""What the bot tells whoever watches it (metrics), kept out of its decisions: one small interface, no-op by default."""

from __future__ import annotations

from typing import Protocol


class Observer(Protocol):
    """Told about each step worth counting; never given message text, user ids or channel ids."""

    def message_seen(self) -> None:
        """A message reached the core as an auto-reply candidate."""

    def decided(self, *, action: str, mood: str) -> None:
        """The core answered a message: action is the reply's kind, mood what the reader saw."""

    def read_time(self, seconds: float) -> None:
        """The emotion reader took this long on one message."""

    def render_time(self, seconds: float) -> None:
        """Rendering one picture took this long."""

    def store_call(self, op: str, seconds: float, *, ok: bool) -> None:
        """A store operation finished (ok) or found the store unreachable."""

    def store_up(self, up: bool) -> None:
        """The store became reachable, or was lost."""

    def repeated(self) -> None:
        """An event arrived again (a platform retry, or another replica had it) and was left to its first delivery."""

    def delivered(self, kind: str, *, ok: bool) -> None:
        """An adapter put a public reply (meme, reaction, support) in front of people, or failed to."""

    def rate_limited(self) -> None:
        """The platform answered a request with 429."""

    def reconnected(self) -> None:
        """The platform connection (a gateway shard, a Socket Mode socket) was made again."""


class Quiet:
    """The observer when nobody watches."""

    def message_seen(self) -> None:
        """Nothing to do."""

    def decided(self, *, action: str, mood: str) -> None:
        """Nothing to do."""

    def read_time(self, seconds: float) -> None:
        """Nothing to do."""

    def render_time(self, seconds: float) -> None:
        """Nothing to do."""

    def store_call(self, op: str, seconds: float, *, ok: bool) -> None:
        """Nothing to do."""

    def store_up(self, up: bool) -> None:
        """Nothing to do."""

    def repeated(self) -> None:
        """Nothing to do."""

    def delivered(self, kind: str, *, ok: bool) -> None:
        """Nothing to do."""

    def rate_limited(self) -> None:
        """Nothing to do."""

    def reconnected(self) -> None:
        """Nothing to do."""
