"""The one interface every store implements (SQLite, Redis). It never holds message text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.events import ChannelSettings


@dataclass(frozen=True, slots=True)
class Cooldown:
    """One cooldown to check and start: where it lives, its name there, and how long it runs."""

    space_id: str
    key: str
    seconds: float


class Store(Protocol):
    """State behind the core's decisions, every piece of it kept per workspace or guild (space).

    Stores raise StoreUnavailable when their server cannot be reached, and nothing else for that.
    """

    async def start_cooldowns(self, cooldowns: Sequence[Cooldown], *, at: float) -> list[float]:
        """In one atomic step: if none is running at `at`, start them all and return zeros; else change nothing
        and return the seconds left on each (a cooldown stamped after `at` counts as stamped at `at`)."""

    async def used_memes(self, space_id: str, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""

    async def mark_used(self, space_id: str, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool, first emptying it when every meme in it had been shown."""

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides."""

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""

    async def add_counts(self, space_id: str, counts: Sequence[tuple[str, str]]) -> None:
        """Add one to each (kind, key) counter of a space; kind is mood, meme or action."""

    async def counts(self, kind: str, *, space_id: str | None = None) -> dict[str, int]:
        """Every counter of one kind, for one space, or summed over all of them."""

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds (deduplicates retried events)."""

    async def save_preview(self, space_id: str, preview_id: str, data: str, *, at: float, ttl: float) -> None:
        """Keep a /cry preview (opaque text) until `at + ttl`."""

    async def load_preview(self, preview_id: str, *, at: float) -> str | None:
        """A live preview, or None when unknown, expired or taken."""

    async def take_preview(self, preview_id: str, *, at: float) -> str | None:
        """Load and delete a preview in one atomic step: of two replicas pressing Send, one gets it."""

    async def forget_space(self, space_id: str) -> None:
        """Delete everything kept for one workspace or guild (an uninstall): nothing of it remains."""

    async def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable when it does not."""

    async def close(self) -> None:
        """Flush and release."""


def seconds_left(last: float | None, cooldown: float, now: float) -> float:
    """Seconds left on a cooldown, or 0; a reply stamped after `now` counts as stamped now."""
    if last is None or cooldown <= 0:
        return 0.0
    return max(0.0, min(last, now) + cooldown - now)
