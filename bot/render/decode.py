"""Open untrusted pictures safely: check the header before decoding, then read frames upright."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from PIL import Image

from bot.picture_limits import size_problem
from bot.render.model import RenderError

log = logging.getLogger(__name__)
FORMATS: Final = ("PNG", "JPEG", "GIF", "WEBP")
# EXIF orientation -> the transpose that makes the picture upright (the EXIF spec's eight cases).
UPRIGHT: Final[dict[int, Image.Transpose]] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SIDEWAYS: Final = frozenset(UPRIGHT[k] for k in (5, 6, 7, 8))  # turns that swap width and height
NOT_A_PICTURE: Final = "this file is not a picture crybot can read (PNG, JPEG, GIF or WebP)"
DAMAGED: Final = "this picture is damaged or cut short"


@dataclass(frozen=True, slots=True)
class Source:
    """An opened, checked picture; nothing is decoded yet."""

    image: Image.Image
    format: str
    size: tuple[int, int]  # upright, after EXIF orientation
    frames: int
    turn: Image.Transpose | None
    loop: int | None  # None: play once (the source had no loop extension)
    transparent: bool  # may have see-through pixels: frames are kept as RGBA, else RGB (cheaper)

    @property
    def animated(self) -> bool:
        """More than one frame."""
        return self.frames > 1


def open_source(data: bytes) -> Source:
    """Identify and check a picture from its header; refuse bombs, absurd sizes and non-pictures."""
    if not data:
        raise RenderError("this file is empty")
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise RenderError("this picture is too large to read safely") from exc
    except Exception as exc:  # Pillow signals unreadable input with many exception types
        log.debug("unreadable picture: %r", exc)
        raise RenderError(NOT_A_PICTURE) from exc
    width, height = image.size
    problem = size_problem(width, height)
    if problem:
        raise RenderError(problem)
    try:
        frames = getattr(image, "n_frames", 1)
        orientation = image.getexif().get(0x0112, 1)
    except Exception as exc:
        log.debug("damaged picture header: %r", exc)
        raise RenderError(DAMAGED) from exc
    problem = size_problem(width, height, frames)
    if problem:
        raise RenderError(problem)
    turn = UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    upright = (height, width) if turn in SIDEWAYS else (width, height)
    loop = image.info.get("loop") if frames > 1 else None
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return Source(image, str(image.format), upright, frames, turn, loop if isinstance(loop, int) else None,
                  transparent)


def still(source: Source, *, target: tuple[int, int]) -> Image.Image:
    """Decode a still at (about) the target size: RGB, or RGBA when it has transparency."""
    image = source.image
    try:
        if source.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the target: far less work.
            image.draft("RGB", (target[1], target[0]) if source.turn in SIDEWAYS else target)
        image.load()
        mode = "RGBA" if _has_alpha(image) else "RGB"
        if image.mode in ("RGB", "RGBA"):
            # Scale first, then drop an unused alpha band: converting the full-size picture would copy all of it.
            upright = _upright(image, source, target)
            return upright if upright.mode == mode else upright.convert(mode)
        return _upright(image.convert(mode), source, target)
    except RenderError:
        raise
    except Exception as exc:
        log.debug("damaged picture: %r", exc)
        raise RenderError(DAMAGED) from exc


def frames(source: Source, *, target: tuple[int, int], stride: int = 1) -> Iterator[tuple[Image.Image, int]]:
    """Each stride-th frame upright at the target size, with its duration (skipped ones added in)."""
    image = source.image
    try:
        pending = 0
        for index in range(source.frames):
            image.seek(index)
            image.load()  # WebP only knows a frame's duration once it is decoded
            pending += int(image.info.get("duration", 100) or 0)
            if (index + 1) % stride and index + 1 < source.frames:
                continue
            yield _upright(image.convert("RGBA" if source.transparent else "RGB"), source, target), pending
            pending = 0
    except Exception as exc:
        log.debug("damaged animation: %r", exc)
        raise RenderError(DAMAGED) from exc


def _has_alpha(image: Image.Image) -> bool:
    """Whether any pixel is not fully opaque."""
    if image.mode in ("RGBA", "LA"):
        alpha = image.getextrema()[-1]  # per band, without copying the alpha band out
        return isinstance(alpha, tuple) and alpha[0] < 255
    if image.mode == "PA" or "transparency" in image.info:
        low, _high = image.convert("RGBA").getchannel("A").getextrema()
        return isinstance(low, int) and low < 255
    return False


def _upright(image: Image.Image, source: Source, target: tuple[int, int]) -> Image.Image:
    """Resize to the target, then apply the EXIF turn (turning the small picture, not the decoded one)."""
    stored = (target[1], target[0]) if source.turn in SIDEWAYS else target
    if image.size != stored:
        image = image.resize(stored, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if source.turn is not None:
        image = image.transpose(source.turn)
    return image
