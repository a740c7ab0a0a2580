"""Encode the finished picture, shrinking it (size, colours, frames) until it fits the upload limit."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Final

from PIL import Image

from bot.render.model import RenderError

TRIES: Final = 8
PNG_LEVEL: Final = 1  # zlib-ng level 1: several times faster than the default 6, and no bigger on photos
JPEG_QUALITIES: Final = (90, 80, 70)
PHOTO_QUALITY: Final = 92  # a photo stays a photo: JPEG at a quality where outlined text shows no ringing
WEBP_QUALITIES: Final = (80, 65, 50)
MIN_SIDE: Final = 32
TRANSPARENT: Final = 255  # the GIF palette slot kept for transparency
CAPTION_COLOURS: Final = ((255, 255, 255), (0, 0, 0), (17, 17, 17))  # always in the palette, so text stays crisp
TOO_BIG: Final = "this picture cannot be made small enough to send"


@dataclass(frozen=True, slots=True)
class Encoded:
    """Encoded bytes and what they are."""

    data: bytes
    mime: str
    ext: str
    width: int
    height: int


def encode_still(image: Image.Image, *, max_bytes: int, photo: bool = False) -> Encoded:
    """PNG (JPEG for a photo); for an opaque picture JPEG when PNG is too big; then smaller until it fits."""
    if photo and image.mode == "RGB":
        # Full-resolution colour (4:4:4) keeps the caption's edges sharp; PNG would be ten times slower and bigger.
        data = _save(image, "JPEG", quality=PHOTO_QUALITY, subsampling=0)
        if len(data) <= max_bytes:
            return Encoded(data, "image/jpeg", "jpg", *image.size)
    for _ in range(TRIES):
        data = _save(image, "PNG", compress_level=PNG_LEVEL)
        if len(data) <= max_bytes:
            return Encoded(data, "image/png", "png", *image.size)
        if image.mode == "RGB":
            for quality in JPEG_QUALITIES:
                data = _save(image, "JPEG", quality=quality, optimize=True)
                if len(data) <= max_bytes:
                    return Encoded(data, "image/jpeg", "jpg", *image.size)
        image = _shrink(image, max_bytes / len(data))
    raise RenderError(TOO_BIG)


def encode_animation(
    frames: list[Image.Image], durations: list[int], *, loop: int | None, webp: bool, transparent: bool,
    max_bytes: int,
) -> Encoded:
    """GIF (or animated WebP for WebP sources); fewer colours, then smaller and fewer frames until it fits."""
    colours, quality = 256, 0
    for _ in range(TRIES):
        if webp:
            data = _webp(frames, durations, loop=loop, quality=WEBP_QUALITIES[quality])
        else:
            data = _gif(frames, durations, loop=loop, colours=colours, transparent=transparent)
        if len(data) <= max_bytes:
            return Encoded(data, "image/webp" if webp else "image/gif", "webp" if webp else "gif", *frames[0].size)
        ratio = max_bytes / len(data)
        if ratio > 0.7 and colours > 64 and not webp:
            colours //= 2  # a small overshoot: dropping colours costs less than dropping pixels
            continue
        if ratio > 0.7 and quality + 1 < len(WEBP_QUALITIES) and webp:
            quality += 1
            continue
        if ratio < 0.35 and len(frames) >= 16:
            frames, durations = frames[1::2], [a + b for a, b in zip(durations[::2], durations[1::2])]
            ratio *= 2
        frames = [_shrink(f, ratio) for f in frames]
    raise RenderError(TOO_BIG)


def _shrink(image: Image.Image, ratio: float) -> Image.Image:
    """Scale down so the byte count should drop by about ratio (bytes go with area)."""
    factor = min(0.9, max(0.3, math.sqrt(max(ratio, 0.0)) * 0.95))
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    if min(size) < MIN_SIDE:
        raise RenderError(TOO_BIG)
    return image.resize(size, Image.Resampling.LANCZOS)


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    """Encode one image into bytes."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _palette(frames: list[Image.Image], colours: int) -> Image.Image:
    """One palette for every frame (no flicker, no local tables), drawn from a sample of frames."""
    step = max(1, len(frames) // 8)
    sample = [f.reduce(max(1, max(f.size) // 128)).convert("RGB") for f in frames[::step][:8]]
    strip = Image.new("RGB", (sum(s.width for s in sample), max(s.height for s in sample)))
    x = 0
    for s in sample:
        strip.paste(s, (x, 0))
        x += s.width
    found = strip.quantize(colors=colours - len(CAPTION_COLOURS) - 1, method=Image.Quantize.FASTOCTREE)
    flat = found.getpalette() or []
    used = len(found.getcolors() or [])
    entries: list[tuple[int, ...]] = [*CAPTION_COLOURS, *(tuple(flat[i:i + 3]) for i in range(0, 3 * used, 3))]
    # Pad with copies of the first colour: ties resolve to the lowest index, so the pad is never chosen.
    entries += [entries[0]] * (256 - len(entries))
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in entries for channel in colour])
    return palette


def _gif(
    frames: list[Image.Image], durations: list[int], *, loop: int | None, colours: int, transparent: bool
) -> bytes:
    """Quantize every frame to one palette, keep holes transparent, and write the GIF."""
    palette = _palette(frames, colours)
    hole = [255 if a < 128 else 0 for a in range(256)]
    indexed = []
    for frame in frames:
        rgb = frame if frame.mode == "RGB" else frame.convert("RGB")
        mapped = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
        if transparent:
            mapped.paste(TRANSPARENT, mask=frame.getchannel("A").point(hole))
        indexed.append(mapped)
    options: dict[str, object] = {"save_all": True, "append_images": indexed[1:], "duration": durations,
                                  "disposal": 2 if transparent else 1, "optimize": False}
    if transparent:
        options["transparency"] = TRANSPARENT
    if loop is not None:
        options["loop"] = loop
    return _save(indexed[0], "GIF", **options)


def _webp(frames: list[Image.Image], durations: list[int], *, loop: int | None, quality: int) -> bytes:
    """Animated WebP at a quality."""
    return _save(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=durations,
                 loop=0 if loop is None else loop, quality=quality, method=4)
