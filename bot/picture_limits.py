"""How large a picture crybot agrees to decode: checked from the header, before any pixel is read."""

from __future__ import annotations

from typing import Final

# 4096 x 4096: a meme goes out at most 1024 px a side, so this leaves 4x to scale down from and takes any phone
# photo (12 MP, 4032 x 3024) or 4K screenshot (3840 x 2160), while one decoded RGBA frame stays at 64 MiB.
MAX_PIXELS: Final = 4096 * 4096
MAX_SIDE_IN: Final = 8192  # a long panorama is fine, as long as its pixels stay within MAX_PIXELS
MAX_ASPECT: Final = 25  # thinner than 25:1 is a banner or an attack, not a meme
MAX_ANIMATION_PIXELS: Final = 200_000_000  # frames x width x height, decoded one frame at a time


def size_problem(width: int, height: int, frames: int = 1) -> str | None:
    """Why a picture of this size is refused (safe to show a user), or None when crybot will decode it."""
    if width < 1 or height < 1 or width * height > MAX_PIXELS or max(width, height) > MAX_SIDE_IN:
        return f"this picture is too large to read safely ({width}x{height} px; the limit is 4096x4096 or 16.7 MP)"
    if max(width, height) > MAX_ASPECT * min(width, height):
        return f"this picture is too thin to caption ({width}x{height} px)"
    if frames * width * height > MAX_ANIMATION_PIXELS:
        return f"this animation is too large to read safely ({frames} frames of {width}x{height} px)"
    return None
