"""Private /cry previews waiting for Send, Shuffle or Cancel, kept in the store so any replica can act on them."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field, replace
from typing import Final

from bot.emotion import Reading
from bot.events import CryRequest
from bot.moods import Mood
from bot.store.base import Store

PREVIEW_TTL: Final = 15 * 60  # Discord interaction tokens last 15 minutes; a preview need not outlive them


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

    def dumps(self) -> str:
        """The preview as JSON. It keeps a /cry caption until the preview expires, and never the text of a message
        someone cried about (read once, not needed again)."""
        request = asdict(self.request) | ({} if self.request.caption else {"text": ""})
        reading = self.reading
        read = None if reading is None else [reading.mood, reading.confidence, list(reading.cues)]
        return json.dumps({"request": request, "reading": read, "mood": self.mood,
                           "created": self.created, "shown": list(self.shown)}, ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> Preview:
        """A preview back from its JSON."""
        data = json.loads(text)
        raw = data["reading"]
        reading = None if raw is None else Reading(raw[0], float(raw[1]), tuple(raw[2]))
        return cls(request=CryRequest(**data["request"]), reading=reading, mood=data["mood"],
                   created=float(data["created"]), shown=tuple(data["shown"]))


class Previews:
    """Open previews by id, in a store; each lives PREVIEW_TTL seconds from when it was opened."""

    def __init__(self, store: Store, *, ttl: float = PREVIEW_TTL) -> None:
        self._store = store
        self._ttl = ttl

    async def open(self, preview: Preview) -> str:
        """Store a new preview and return its id (short enough for a Discord custom_id)."""
        preview_id = secrets.token_urlsafe(12)
        await self.update(preview_id, preview)
        return preview_id

    async def update(self, preview_id: str, preview: Preview) -> None:
        """Replace a preview's state; it still expires PREVIEW_TTL after it was opened."""
        await self._store.save_preview(preview.request.space_id, preview_id, preview.dumps(),
                                       at=preview.created, ttl=self._ttl)

    async def get(self, preview_id: str, *, now: float) -> Preview | None:
        """A live preview, or None if unknown, expired or already sent."""
        data = await self._store.load_preview(preview_id, at=now)
        return None if data is None else Preview.loads(data)

    async def take(self, preview_id: str, *, now: float) -> Preview | None:
        """Take a preview out for sending or cancelling; of two replicas taking it, only one gets it."""
        data = await self._store.take_preview(preview_id, at=now)
        return None if data is None else Preview.loads(data)
