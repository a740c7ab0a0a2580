"""Private /cry previews waiting for Send, Shuffle or Cancel: bounded in count and age, kept in memory."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from bot.emotion import Reading
from bot.events import CryRequest
from bot.moods import Mood

PREVIEW_TTL = 15 * 60  # Discord interaction tokens last 15 minutes; a preview need not outlive them
MAX_PREVIEWS = 10_000


@dataclass(frozen=True, slots=True)
class Preview:
    """One open preview: what was asked, what was read, and the memes shown so far."""

    request: CryRequest
    reading: Reading | None
    mood: Mood
    created: float
    shown: tuple[str, ...] = field(default=())

    @property
    def current(self) -> str | None:
        """The meme on screen now."""
        return self.shown[-1] if self.shown else None

    def showing(self, meme_id: str) -> Preview:
        """The same preview after showing another meme."""
        return replace(self, shown=self.shown + (meme_id,))


class Previews:
    """Open previews by id; the oldest are dropped past the limit, and any past their age."""

    def __init__(self, *, ttl: float = PREVIEW_TTL, limit: int = MAX_PREVIEWS) -> None:
        self._ttl = ttl
        self._limit = limit
        self._items: OrderedDict[str, Preview] = OrderedDict()

    def open(self, preview: Preview) -> str:
        """Store a new preview and return its id (short enough for a Discord custom_id)."""
        preview_id = secrets.token_urlsafe(12)
        self._items[preview_id] = preview
        while len(self._items) > self._limit:
            self._items.popitem(last=False)
        return preview_id

    def get(self, preview_id: str, *, now: float) -> Preview | None:
        """A live preview, or None if unknown or expired."""
        preview = self._items.get(preview_id)
        if preview is None or now - preview.created > self._ttl:
            self._items.pop(preview_id, None)
            return None
        return preview

    def update(self, preview_id: str, preview: Preview) -> None:
        """Replace a preview's state."""
        self._items[preview_id] = preview

    def close(self, preview_id: str) -> None:
        """Forget a preview once it is sent or cancelled."""
        self._items.pop(preview_id, None)

    def forget_space(self, space_id: str) -> None:
        """Forget every preview opened in a space."""
        for preview_id in [key for key, preview in self._items.items() if preview.request.space_id == space_id]:
            del self._items[preview_id]
