"""The renderer's public value types, its user-safe error, and its fixed limits (pixel limits: bot.picture_limits)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final, Literal

Position = Literal["top", "bottom"]
POSITIONS: Final[tuple[Position, ...]] = ("top", "bottom")

RENDER_VERSION: Final = "1"  # bump when output changes, so stale cache entries are never served
MAX_SOURCE_BYTES: Final = 50 * 2**20
MAX_CAPTION_CHARS: Final = 200


class CaptionStyle(StrEnum):
    """Where and how the caption is drawn."""

    CLASSIC = "classic"  # white letters with a black outline, on the picture
    BAR = "bar"  # dark letters on a white band above or below the picture


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished image on disk, ready to upload."""

    path: Path
    mime: str
    width: int
    height: int
    size: int
    filename: str


class RenderError(Exception):
    """A picture that cannot be rendered; the message is safe to show a chat user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
