"""The shipped caption fonts, and splitting text into runs that each font can draw."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import emoji
from PIL import ImageFont, features

from bot.render.cmap import covered_points
from bot.render.model import CaptionStyle

FONT_DIR: Final = Path(__file__).resolve().parents[2] / "assets" / "fonts"
EMOJI_PPEM: Final = 109  # Noto Color Emoji holds one bitmap strike; FreeType will not draw it at other sizes
EMOJI_EM: Final = 0.92  # emoji drawn a little under the text size so they sit on the line like letters
JOINERS: Final = frozenset("\u200d\ufe0e\ufe0f")  # only meaningful inside an emoji sequence
LAYOUT: Final = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
TEXT_FACES: Final[dict[CaptionStyle, tuple[str, ...]]] = {
    CaptionStyle.CLASSIC: ("InterDisplay-Black.otf", "NotoSansCJKjp-Bold-subset.otf"),
    CaptionStyle.BAR: ("InterDisplay-Bold.otf", "NotoSansCJKjp-Bold-subset.otf"),
}
EMOJI_FACE: Final = "NotoColorEmoji.ttf"


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: faces are singletons, hashing 18k points is slow
class Face:
    """One font file and the code points it has glyphs for."""

    path: Path
    points: frozenset[int]
    colour_bitmap: bool = False

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        """The face at a pixel size (colour bitmap faces only at their strike size)."""
        return _truetype(self.path, EMOJI_PPEM if self.colour_bitmap else max(1, size))


@dataclass(frozen=True, slots=True)
class Atom:
    """The smallest piece of text a line may break around: a character or a whole emoji."""

    face: Face
    text: str


@functools.lru_cache(maxsize=128)
def _truetype(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """Open a face once per size; FreeType objects are costly to create."""
    return ImageFont.truetype(str(path), size, layout_engine=LAYOUT)


@functools.lru_cache(maxsize=8)
def _face(name: str, colour_bitmap: bool = False) -> Face:
    """Load one shipped face with its coverage."""
    path = FONT_DIR / name
    return Face(path=path, points=covered_points(path), colour_bitmap=colour_bitmap)


class FontBook:
    """The faces for one caption style: text faces in fallback order, then emoji."""

    def __init__(self, *, style: CaptionStyle) -> None:
        self.text_faces = tuple(_face(name) for name in TEXT_FACES[style])
        self.emoji = _face(EMOJI_FACE, colour_bitmap=True)

    @property
    def primary(self) -> Face:
        """The face whose metrics set the line height."""
        return self.text_faces[0]

    def atoms(self, text: str) -> list[Atom]:
        """Split text into atoms, each tagged with the first face that has its glyphs."""
        out: list[Atom] = []
        at = 0
        for match in emoji.emoji_list(text):
            start, end = match["match_start"], match["match_end"]
            out.extend(self._text_atoms(text[at:start]))
            sequence = text[start:end]
            # A lone symbol such as © or ♥ without VS16 reads better in the text face.
            if len(sequence) == 1 and self._text_face(sequence) is not None:
                out.extend(self._text_atoms(sequence))
            elif ord(sequence[0]) in self.emoji.points:
                out.append(Atom(self.emoji, sequence))
            else:
                out.extend(self._text_atoms(sequence))
            at = end
        out.extend(self._text_atoms(text[at:]))
        return out

    def _text_atoms(self, text: str) -> list[Atom]:
        """One atom per character; a character no face has falls to the primary face."""
        return [Atom(self._text_face(ch) or self.primary, ch) for ch in text if ch not in JOINERS]

    def _text_face(self, ch: str) -> Face | None:
        """The first text face that covers a character."""
        return next((face for face in self.text_faces if ord(ch) in face.points), None)


@functools.lru_cache(maxsize=4)
def font_book(style: CaptionStyle) -> FontBook:
    """The shared font book for a style."""
    return FontBook(style=style)
