"""A supersampled drawing surface: draw in output pixels, get a smooth image back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PIL import Image, ImageDraw, ImageFilter

Point = tuple[float, float]
Box = tuple[float, float, float, float]
Colour = tuple[int, ...]


class Canvas:
    """An RGB image drawn at `scale` times its output size, addressed in output pixels."""

    def __init__(self, *, size: tuple[int, int] = (512, 512), scale: int = 4, fill: Colour = (255, 255, 255)) -> None:
        self.size = size
        self.scale = scale
        self.image = Image.new("RGB", (size[0] * scale, size[1] * scale), fill[:3])
        # "RGBA" mode makes every fill with alpha blend onto the picture beneath.
        self._draw = ImageDraw.Draw(self.image, "RGBA")

    def _pts(self, points: Sequence[Point]) -> list[tuple[float, float]]:
        s = self.scale
        return [(x * s, y * s) for x, y in points]

    def _box(self, box: Box) -> tuple[float, float, float, float]:
        s = self.scale
        x0, y0, x1, y1 = box
        return (min(x0, x1) * s, min(y0, y1) * s, max(x0, x1) * s, max(y0, y1) * s)

    def _w(self, width: float) -> int:
        return max(1, round(width * self.scale)) if width else 0

    def ellipse(self, box: Box, *, fill: Colour | None = None, outline: Colour | None = None, width: float = 0) -> None:
        """Draw an ellipse inside a box."""
        self._draw.ellipse(self._box(box), fill=fill, outline=outline, width=self._w(width) if outline else 0)

    def circle(
        self, centre: Point, radius: float, *, fill: Colour | None = None, outline: Colour | None = None, width: float = 0
    ) -> None:
        """Draw a circle around a centre."""
        x, y = centre
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill, outline=outline, width=width)

    def rect(
        self,
        box: Box,
        *,
        fill: Colour | None = None,
        outline: Colour | None = None,
        width: float = 0,
        radius: float = 0,
    ) -> None:
        """Draw a rectangle, rounded when a radius is given."""
        self._draw.rounded_rectangle(
            self._box(box), radius=radius * self.scale, fill=fill, outline=outline, width=self._w(width) if outline else 0
        )

    def polygon(
        self, points: Sequence[Point], *, fill: Colour | None = None, outline: Colour | None = None, width: float = 0
    ) -> None:
        """Fill a polygon, with a round-jointed outline when asked."""
        if fill is not None:
            self._draw.polygon(self._pts(points), fill=fill)
        if outline is not None and width:
            self.line([*points, points[0]], fill=outline, width=width)

    def line(self, points: Sequence[Point], *, fill: Colour, width: float) -> None:
        """Stroke a polyline with round joints and round caps."""
        pts = self._pts(points)
        w = self._w(width)
        self._draw.line(pts, fill=fill, width=w, joint="curve")
        # Round caps: Pillow's lines end square, which looks harsh on strokes.
        r = w / 2
        for x, y in (pts[0], pts[-1]):
            self._draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def arc(self, box: Box, start: float, end: float, *, fill: Colour, width: float) -> None:
        """Stroke part of an ellipse, angles in degrees clockwise from three o'clock."""
        self._draw.arc(self._box(box), start, end, fill=fill, width=self._w(width))

    def layer(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        """Give a transparent full-resolution layer to draw on, for blurs and soft light."""
        img = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        return img, ImageDraw.Draw(img)

    def scaled(self, value: float) -> float:
        """Turn output pixels into layer pixels."""
        return value * self.scale

    def composite(self, layer: Image.Image, *, blur: float = 0) -> None:
        """Blend a layer onto the picture, softened by a blur in output pixels."""
        if blur:
            layer = layer.filter(ImageFilter.GaussianBlur(blur * self.scale))
        base = self.image.convert("RGBA")
        base.alpha_composite(layer)
        self.image.paste(base.convert("RGB"))

    def fill_gradient(
        self, stops: Sequence[Colour], *, box: Box | None = None, mask: Image.Image | None = None, angle: float = 0
    ) -> None:
        """Paint a vertical (or rotated) gradient over a box, through an optional mask."""
        x0, y0, x1, y1 = self._box(box) if box else (0, 0, *self.image.size)
        w, h = max(1, round(x1 - x0)), max(1, round(y1 - y0))
        grad = gradient((w, h), stops, angle=angle)
        self.image.paste(grad, (round(x0), round(y0)), mask)

    def shape_mask(self, kind: str, box: Box, *, radius: float = 0) -> Image.Image:
        """A mask the size of a box holding an ellipse or rounded rectangle, for gradient fills."""
        x0, y0, x1, y1 = self._box(box)
        w, h = max(1, round(x1 - x0)), max(1, round(y1 - y0))
        m = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(m)
        if kind == "ellipse":
            d.ellipse((0, 0, w - 1, h - 1), fill=255)
        else:
            d.rounded_rectangle((0, 0, w - 1, h - 1), radius=radius * self.scale, fill=255)
        return m

    def gradient_ellipse(self, box: Box, stops: Sequence[Colour], *, angle: float = 0) -> None:
        """Fill an ellipse with a gradient."""
        self.fill_gradient(stops, box=box, mask=self.shape_mask("ellipse", box), angle=angle)

    def glow(self, centre: Point, radius: float, colour: Colour, *, strength: float = 1.0) -> None:
        """Lay a soft round light over the picture, brightest at its centre."""
        s = self.scale
        r = max(2, round(radius * s))
        mask = Image.radial_gradient("L").resize((2 * r, 2 * r), Image.Resampling.BILINEAR)
        # Pillow's radial gradient is 0 at the centre, 181 at the edge midpoints and 255 in the
        # corners; invert it against the inscribed circle and ease it into a glow.
        mask = mask.point(lambda v: round(255 * strength * max(0.0, 1 - v / 181) ** 2))
        light = Image.new("RGB", mask.size, colour[:3])
        self.image.paste(light, (round(centre[0] * s) - r, round(centre[1] * s) - r), mask)

    @contextmanager
    def clip(self, points: Sequence[Point]) -> Iterator[Canvas]:
        """Draw on a copy whose strokes only land inside a polygon (an eye, a window pane)."""
        sub = Canvas.__new__(Canvas)
        sub.size, sub.scale, sub.image = self.size, self.scale, self.image.copy()
        sub._draw = ImageDraw.Draw(sub.image, "RGBA")
        yield sub
        mask = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(mask).polygon(self._pts(points), fill=255)
        self.image.paste(sub.image, (0, 0), mask)

    def result(self) -> Image.Image:
        """Downsample to the output size with Lanczos, which is what antialiases the drawing."""
        return self.image.resize(self.size, Image.Resampling.LANCZOS)


def gradient(size: tuple[int, int], stops: Sequence[Colour], *, angle: float = 0) -> Image.Image:
    """An RGB image fading through evenly spaced colour stops, top to bottom (rotated by angle)."""
    w, h = size
    n = len(stops)
    column = Image.new("RGB", (1, 256))
    px = column.load()
    assert px is not None
    for y in range(256):
        t = y / 255 * (n - 1)
        i = min(int(t), n - 2) if n > 1 else 0
        f = t - i if n > 1 else 0.0
        a, b = stops[i], stops[min(i + 1, n - 1)]
        px[0, y] = tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3))
    if not angle:
        return column.resize((w, h), Image.Resampling.BILINEAR)
    side = int((w * w + h * h) ** 0.5) + 2
    big = column.resize((side, side), Image.Resampling.BILINEAR).rotate(angle, resample=Image.Resampling.BILINEAR)
    left, top = (side - w) // 2, (side - h) // 2
    return big.crop((left, top, left + w, top + h))
