"""One render from source bytes to encoded output; synchronous, meant to run in a worker thread."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Final

from PIL import Image

from bot.render.caption import Plan, plan
from bot.render.decode import Source, frames, open_source, still
from bot.render.encode import Encoded, encode_animation, encode_still
from bot.render.model import MAX_CAPTION_CHARS, CaptionStyle, Position

PLAN_TRIES: Final = 3
MIN_ANIMATION_SIDE: Final = 320  # below this a meme GIF is too small to read; drop frames instead


def clean_text(text: str) -> str:
    """One line, single spaces, no control characters, at most MAX_CAPTION_CHARS (ending in an ellipsis)."""
    kept = "".join(ch for ch in text if ch in "\u200d" or unicodedata.category(ch)[0] != "C")
    line = " ".join(kept.split())
    if len(line) > MAX_CAPTION_CHARS:
        line = line[: MAX_CAPTION_CHARS - 1].rstrip() + "…"
    return line


@dataclass(frozen=True, slots=True)
class Prepared:
    """A still decoded once: upright, scaled down to fit the largest canvas; every caption starts from it."""

    image: Image.Image  # never drawn on: each render works on its own copy
    photo: bool  # a JPEG source: encode the result as a photo

    @property
    def nbytes(self) -> int:
        """Memory the decoded pixels hold."""
        return self.image.width * self.image.height * len(self.image.getbands())


def render_bytes(
    data: bytes, *, text: str, style: CaptionStyle, position: Position, max_bytes: int, max_side: int,
    frame_budget: int,
) -> Encoded:
    """Decode, caption, and encode one picture within the size limits."""
    source = open_source(data)
    if not source.animated:
        return render_prepared(prepare_still(source, max_side=max_side), text=text, style=style, position=position,
                               max_bytes=max_bytes, max_side=max_side)
    text = clean_text(text)  # idempotent; callers below the Renderer get the same layout as through it
    max_side = _animation_side(source, max_side=max_side, frame_budget=frame_budget)
    layout = _layout(source.size, text=text, style=style, position=position, max_side=max_side)
    # Still over budget at the smallest useful size: keep every stride-th frame.
    per_frame = layout.canvas[0] * layout.canvas[1] * 4
    stride = max(1, math.ceil(source.frames * per_frame / max(1, frame_budget)))
    finished, durations = [], []
    for frame, duration in frames(source, target=layout.picture, stride=stride):
        finished.append(compose(frame, layout))
        durations.append(duration)
    return encode_animation(finished, durations, loop=source.loop, webp=source.format == "WEBP",
                            transparent=source.transparent, max_bytes=max_bytes)


def prepare(data: bytes, *, max_side: int) -> Prepared | None:
    """The prepared form of a still, for every caption to start from; None for an animation."""
    source = open_source(data)
    return None if source.animated else prepare_still(source, max_side=max_side)


def prepare_still(source: Source, *, max_side: int) -> Prepared:
    """Decode a still once, at the largest size any caption layout within max_side can use."""
    return Prepared(still(source, target=_scaled(source.size, min(1.0, max_side / max(source.size)))),
                    photo=source.format == "JPEG")


def render_prepared(
    prepared: Prepared, *, text: str, style: CaptionStyle, position: Position, max_bytes: int, max_side: int
) -> Encoded:
    """Caption and encode a prepared still: no decoding, at most one resize of an image within max_side."""
    layout = _layout(prepared.image.size, text=clean_text(text), style=style, position=position, max_side=max_side)
    picture = prepared.image
    if picture.size != layout.picture:
        picture = picture.resize(layout.picture, Image.Resampling.LANCZOS, reducing_gap=3.0)
    elif layout.canvas == picture.size:
        picture = picture.copy()  # the caption is drawn in place: keep the prepared pixels clean
    return encode_still(compose(picture, layout), max_bytes=max_bytes, photo=prepared.photo)


def _animation_side(source: Source, *, max_side: int, frame_budget: int) -> int:
    """A smaller max_side when every frame at full size would not fit the frame budget (not below 320 px)."""
    width, height = source.size
    fits = math.sqrt(frame_budget / (4 * source.frames * width * height)) * max(width, height)
    return max(min(max_side, MIN_ANIMATION_SIDE), min(max_side, int(fits)))


def _layout(size: tuple[int, int], *, text: str, style: CaptionStyle, position: Position, max_side: int) -> Plan:
    """Plan the caption for the largest picture whose finished canvas fits max_side."""
    scale = min(1.0, max_side / max(size))
    layout = plan(text, style=style, position=position, picture=_scaled(size, scale))
    for _ in range(PLAN_TRIES):  # a caption bar adds height; shrink the picture to make room for it
        if max(layout.canvas) <= max_side:
            break
        scale *= max_side / max(layout.canvas)
        layout = plan(text, style=style, position=position, picture=_scaled(size, scale))
    return layout


def _scaled(size: tuple[int, int], scale: float) -> tuple[int, int]:
    """A size times a factor, at least one pixel each way."""
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def compose(picture: Image.Image, layout: Plan) -> Image.Image:
    """Put the picture on its canvas and the caption layers over it."""
    canvas = picture
    if layout.canvas != picture.size:
        canvas = Image.new(picture.mode, layout.canvas, (255, 255, 255, 0) if picture.mode == "RGBA" else "white")
        canvas.paste(picture, layout.picture_at)
    for layer, box in layout.layers:
        if canvas.mode == "RGBA":
            canvas.alpha_composite(layer, (box.left, box.top))
        else:
            canvas.paste(layer, (box.left, box.top), layer)
    return canvas
