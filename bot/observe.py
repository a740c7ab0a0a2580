"""What the bot tells whoever watches it (metrics), kept out of its decisions: one small interface."""

from __future__ import annotations


class Observer:
    """Told about each step worth counting; never given message text, user ids or channel ids.

    This base does nothing with what it is told, so it is the observer when nobody watches; Metrics overrides it.
    """

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
