"""Turn an art piece into image files, byte for byte the same on every run."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

from art.canvas import Canvas
from art.registry import Art

PNG_SCALE = 4
GIF_SCALE = 3  # animated frames are many; 3x still antialiases well


def frames(art: Art) -> list[Image.Image]:
    """Draw every frame of a piece at its output size."""
    out: list[Image.Image] = []
    scale = GIF_SCALE if art.animated else PNG_SCALE
    for i in range(art.frames):
        canvas = Canvas(size=art.size, scale=scale)
        # A fresh source per frame, seeded alike, keeps scattered details still while the loop moves.
        art.draw(canvas, i / art.frames, random.Random(f"crybot-art:{art.id}"))
        out.append(canvas.result())
    return out


def save(art: Art, folder: Path) -> Path:
    """Draw a piece and write it into a folder; gives the file written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / art.filename
    images = frames(art)
    if not art.animated:
        images[0].save(path, format="PNG", optimize=True)
        return path
    # One palette for the whole loop, so colours do not flicker from frame to frame.
    sheet = Image.new("RGB", (art.size[0], art.size[1] * len(images)))
    for i, im in enumerate(images):
        sheet.paste(im, (0, art.size[1] * i))
    palette = sheet.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    dither = Image.Dither.FLOYDSTEINBERG if art.smooth else Image.Dither.NONE
    paletted = [im.quantize(palette=palette, dither=dither) for im in images]
    paletted[0].save(
        path,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=art.duration,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return path
