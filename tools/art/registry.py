"""What an art piece is: its id, moods, alt text, caption room and how to draw it."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from art.canvas import Canvas

# A drawing gets the canvas, the loop phase in [0, 1) and a random source seeded by the art's id.
Drawer = Callable[[Canvas, float, random.Random], None]
CaptionStyle = Literal["classic", "bar"]
CaptionPosition = Literal["top", "bottom"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Art:
    """One picture in the set and everything the catalogue says about it."""

    id: str
    moods: tuple[str, ...]
    alt: str
    draw: Drawer
    frames: int = 1
    duration: int = 90  # milliseconds per frame
    size: tuple[int, int] = (512, 512)
    caption: tuple[CaptionStyle, CaptionPosition] = ("classic", "bottom")
    weight: int = 1
    words: tuple[str, ...] = ()  # memes.yaml `words`: chosen before the others when the message mentions one
    needs: tuple[str, ...] = ()  # memes.yaml `needs`: never chosen unless the message mentions one
    smooth: bool = False  # dither the GIF palette: soft gradients band without it, flat cartoons do not need it

    @property
    def animated(self) -> bool:
        """Whether the picture is a looping GIF."""
        return self.frames > 1

    @property
    def filename(self) -> str:
        """The file the picture is saved as."""
        return f"{self.id}.{'gif' if self.animated else 'png'}"
