"""Which writing systems put spaces between words: whole-word matching needs them, the others match by substring."""

from __future__ import annotations

# Scripts that write words without spaces between them: Thai, Lao, Myanmar, Khmer; CJK ideographs, kana and their
# punctuation and width forms; Hangul, whose jamo attach to their neighbours ("슬퍼ㅠㅠ"). Korean puts spaces between
# words, but chat glues its crying marks to them, so it is matched by substring too.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1100, 0x11FF), (0x1780, 0x17FF), (0x2E80, 0xD7FF),
             (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))


def spaced_letter(char: str) -> bool:
    """Whether a character is a letter or digit of a script that puts spaces between words."""
    code = ord(char)
    return char.isalnum() and not any(low <= code <= high for low, high in _UNSPACED)


def unspaced(text: str) -> bool:
    """Whether any character of the text belongs to a script written without spaces between words."""
    return any(not spaced_letter(c) for c in text if c.isalnum())


# The same ranges as an RE2 character class, for patterns that end a word at a letter of such a script.
UNSPACED_CLASS = "[" + "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in _UNSPACED) + "]"
