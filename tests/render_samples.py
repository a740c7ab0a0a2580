"""Pictures the renderer tests draw for themselves: busy, flat, animated, rotated and hostile."""

from __future__ import annotations

import functools
import io
import struct
import zlib
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from bot.render.caption import Box

GREY = (128, 128, 128)


def busy(size: tuple[int, int] = (512, 512), *, seed: int = 0) -> Image.Image:
    """A picture with detail everywhere: stripes of every shade plus noise, worst case for legibility."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(seed % 7, width, 7):
        draw.line((x, 0, x, height), fill=(255, 255, 255) if (x // 7) % 2 else (0, 0, 0), width=2)
    noise = Image.effect_noise(size, 90).convert("RGB")
    return Image.blend(image, noise, 0.4)


def save(image: Image.Image, path: Path, **options: Any) -> Path:
    """Save and return the path."""
    image.save(path, **options)
    return path


def flat(path: Path, colour: tuple[int, int, int] = GREY, size: tuple[int, int] = (512, 512)) -> Path:
    """A one-colour PNG."""
    return save(Image.new("RGB", size, colour), path)


def animation(
    path: Path, *, frames: int = 8, size: int = 160, durations: list[int] | None = None, loop: int | None = 0,
    transparent: bool = False,
) -> Path:
    """A GIF (or WebP, by suffix) with a square moving left to right over a changing background."""
    images = []
    for i in range(frames):
        background = (0, 0, 0, 0) if transparent else (40 + (i * 20) % 200, 80, 160, 255)
        frame = Image.new("RGBA", (size, size), background)
        ImageDraw.Draw(frame).rectangle(square(i, size), fill=(230, 60, 40, 255))
        images.append(frame if transparent or path.suffix == ".webp" else frame.convert("RGB"))
    options: dict[str, object] = {"save_all": True, "append_images": images[1:],
                                  "duration": durations or [50 + 10 * i for i in range(frames)]}
    if loop is not None:
        options["loop"] = loop
    if transparent and path.suffix == ".gif":
        options["disposal"] = 2
    return save(images[0], path, **options)


def square(index: int, size: int) -> tuple[int, int, int, int]:
    """Where the moving square is in a frame."""
    step = max(1, size // 10)
    left = (index * step) % (size - step * 2)
    return left, size // 3, left + step * 2 - 1, size // 3 + step * 2 - 1


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims any size: what a decompression bomb looks like from outside."""

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width // 8 + 1) * min(height, 64), 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


@functools.cache
def solid_png(size: tuple[int, int], colour: tuple[int, int, int, int] = (90, 120, 200, 255)) -> bytes:
    """A real RGBA PNG of one colour: tens of kilobytes that decode to width x height x 4 bytes."""
    width, height = size
    row = b"\0" + bytes(colour) * width
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and checksum."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    """Bytes of an image in a format."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def changed(before: Image.Image, after: Image.Image, *, threshold: int = 24) -> Image.Image:
    """Mask of pixels where any channel differs noticeably between two same-size pictures."""
    red, green, blue = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return strongest.point(lambda v: 255 if v > threshold else 0)


def inside(bbox: tuple[int, int, int, int] | None, box: Box) -> bool:
    """Whether a bounding box lies within a caption box."""
    return bbox is None or (bbox[0] >= box.left and bbox[1] >= box.top and bbox[2] <= box.right
                            and bbox[3] <= box.bottom)
