"""The one small interface every store implements. It never holds message text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.events import ChannelSettings

# The shapes of the keys the core builds for one space (cooldowns, support cooldowns, no-repeat pools), so a store
# can find everything of a space when it is forgotten.
_SPACE_KEY_PREFIXES = ("cd:channel:{}:", "cd:user:{}:", "support:{}:", "pool:{}:")


def space_key_prefixes(space_id: str) -> tuple[str, ...]:
    """Every prefix a key the core built for this space starts with."""
    return tuple(prefix.format(space_id) for prefix in _SPACE_KEY_PREFIXES)


class Store(Protocol):
    """State behind the core's decisions; keys are opaque strings the core builds."""

    async def last_reply(self, key: str) -> float | None:
        """When the bot last auto-replied under a cooldown key, if ever."""

    async def mark_replies(self, keys: list[str], at: float, *, counts: Sequence[tuple[str, str]] = ()) -> None:
        """Record an auto-reply under each cooldown key, and count it (kind, key), in one write."""

    async def used_memes(self, pool: str) -> set[str]:
        """Meme ids already shown from a no-repeat pool."""

    async def mark_used(self, pool: str, meme_id: str, *, reset: bool = False) -> None:
        """Add a meme to a no-repeat pool, first emptying it when every meme in it had been shown."""

    async def channel_settings(self, space_id: str, channel_id: str) -> ChannelSettings:
        """A channel's overrides (all None when it has none)."""

    async def save_channel_settings(self, space_id: str, channel_id: str, settings: ChannelSettings) -> None:
        """Replace a channel's overrides."""

    async def is_opted_out(self, space_id: str, user_id: str) -> bool:
        """Whether a user asked for no auto-replies."""

    async def set_opted_out(self, space_id: str, user_id: str, opted_out: bool) -> None:
        """Record a user's choice."""

    async def add_counts(self, counts: Sequence[tuple[str, str]]) -> None:
        """Add one to each aggregate counter (kind is mood, meme or action)."""

    async def counts(self, kind: str) -> dict[str, int]:
        """Every counter of one kind."""

    async def claim(self, key: str, *, at: float, ttl: float) -> bool:
        """True the first time a key is claimed within ttl seconds (deduplicates retried events)."""

    async def forget_space(self, space_id: str) -> None:
        """Delete everything stored for one workspace or guild (it removed the app)."""

    async def close(self) -> None:
        """Flush and release."""
