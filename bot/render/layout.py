"""Wrap caption text into lines and find the largest size that fits a box."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from bot.render.fonts import EMOJI_EM, EMOJI_PPEM, Atom, Face, FontBook

REF_SIZE: Final = 100  # widths are measured once at this size and scaled; glyph advances scale linearly
LINE_GAP: Final = 1.08  # baseline to baseline, in ems: tight like a meme, loose enough for accents
ELLIPSIS: Final = "…"


@dataclass(frozen=True, slots=True)
class Block:
    """Caption lines laid out at one size."""

    size: int
    stroke: int
    lines: tuple[tuple[Atom, ...], ...]
    ascent: int
    descent: int
    line_height: int

    @property
    def height(self) -> int:
        """Pixel height of the whole block, outline included."""
        if not self.lines:
            return 0
        return (len(self.lines) - 1) * self.line_height + self.ascent + self.descent + 2 * self.stroke


@functools.lru_cache(maxsize=8192)
def ref_width(face: Face, text: str) -> float:
    """Advance width of a text at REF_SIZE."""
    if face.colour_bitmap:
        return face.font(REF_SIZE).getlength(text) * REF_SIZE * EMOJI_EM / EMOJI_PPEM
    return face.font(REF_SIZE).getlength(text)


def width_of(atoms: tuple[Atom, ...] | list[Atom], size: int) -> float:
    """Estimated advance width of atoms at a size."""
    return sum(ref_width(a.face, a.text) for a in atoms) * size / REF_SIZE


def words_of(atoms: list[Atom]) -> list[list[Atom]]:
    """Group atoms into words, dropping the spaces between them."""
    words: list[list[Atom]] = [[]]
    for atom in atoms:
        if atom.text.isspace():
            if words[-1]:
                words.append([])
        else:
            words[-1].append(atom)
    return [w for w in words if w]


def wrap(words: list[list[Atom]], *, size: int, width: float, space: Atom) -> list[tuple[Atom, ...]]:
    """Greedy line filling; a word wider than a line breaks between characters (CJK has no spaces)."""
    limit = width * REF_SIZE / max(1, size)  # work in REF_SIZE units: one multiply instead of one per atom
    gap = ref_width(space.face, space.text)
    lines: list[list[Atom]] = []
    current: list[Atom] = []
    used = 0.0
    for word in words:
        sizes = [ref_width(a.face, a.text) for a in word]
        total = sum(sizes)
        if current and used + gap + total <= limit:
            current += [space, *word]
            used += gap + total
            continue
        if current:
            lines.append(current)
            current, used = [], 0.0
        if total <= limit:
            current, used = list(word), total
            continue
        for atom, atom_width in zip(word, sizes):
            if current and used + atom_width > limit:
                lines.append(current)
                current, used = [], 0.0
            current.append(atom)
            used += atom_width
    if current:
        lines.append(current)
    return [tuple(line) for line in lines]


def block_at(book: FontBook, words: list[list[Atom]], *, size: int, width: int, stroke_ratio: float) -> Block:
    """Lay words out at one size inside a width."""
    stroke = max(1, round(size * stroke_ratio)) if stroke_ratio else 0
    ascent, descent = book.primary.font(size).getmetrics()
    space = Atom(book.primary, " ")
    lines = wrap(words, size=size, width=width - 2 * stroke, space=space)
    return Block(size, stroke, tuple(lines), ascent, descent, round(size * LINE_GAP))


def fit(
    book: FontBook, text: str, *, width: int, height: int, min_size: int, max_size: int, stroke_ratio: float = 0.0
) -> Block:
    """The largest block that fits width x height; at the smallest size, extra text ends in an ellipsis."""
    words = words_of(book.atoms(text))
    lo, hi = max(1, min_size), max(1, min_size, max_size)
    best: Block | None = None
    while lo <= hi:  # bounded: halves the range each turn
        mid = (lo + hi) // 2
        block = block_at(book, words, size=mid, width=width, stroke_ratio=stroke_ratio)
        if block.height <= height and all(width_of(ln, mid) <= width - 2 * block.stroke for ln in block.lines):
            best, lo = block, mid + 1
        else:
            hi = mid - 1
    if best is not None:
        return balance(book, words, best, width=width)
    return truncate(book, block_at(book, words, size=max(1, min_size), width=width, stroke_ratio=stroke_ratio),
                    width=width, height=height)


def balance(book: FontBook, words: list[list[Atom]], block: Block, *, width: int) -> Block:
    """Rewrap at the narrowest width that keeps the line count, so lines come out even (no lone last word)."""
    if len(block.lines) < 2:
        return block
    stroke, space = block.stroke, Atom(book.primary, " ")
    lo, hi, best = width // 2, width, block.lines
    while lo <= hi:  # bounded: halves the range each turn
        mid = (lo + hi) // 2
        lines = wrap(words, size=block.size, width=mid - 2 * stroke, space=space)
        if len(lines) <= len(block.lines):
            best, hi = tuple(lines), mid - 1
        else:
            lo = mid + 1
    return Block(block.size, stroke, best, block.ascent, block.descent, block.line_height)


def truncate(book: FontBook, block: Block, *, width: int, height: int) -> Block:
    """Keep the lines that fit the height and end the last one with an ellipsis."""
    room = height - block.ascent - block.descent - 2 * block.stroke
    keep = 0 if room < 0 else 1 + room // max(1, block.line_height)
    lines = list(block.lines[:keep])
    if lines and len(block.lines) > keep:
        last = list(lines[-1])
        dots = Atom(book.primary, ELLIPSIS)
        while last and (last[-1].text.isspace() or width_of([*last, dots], block.size) > width - 2 * block.stroke):
            last.pop()
        lines[-1] = (*last, dots)
    return Block(block.size, block.stroke, tuple(lines), block.ascent, block.descent, block.line_height)
