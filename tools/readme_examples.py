"""The README's mood table, read out of README.md: each example, its mood, and what crybot answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE_HEAD = "| mood | what it is | example | crybot answers |"


@dataclass(frozen=True)
class Example:
    """One example of the mood table: the text, the mood it is read as, and what crybot answers."""

    text: str
    mood: str
    action: str  # meme or none
    meme: str | None  # the meme the README names, if it names one


def readme_examples(readme: Path = README) -> list[Example]:
    """Every example of the mood table, in order; raises ValueError when a row says something unreadable."""
    text = readme.read_text(encoding="utf-8")
    table = text[text.index(TABLE_HEAD) :].split("\n\n", 1)[0]
    examples = []
    for row in table.splitlines()[2:]:
        mood, _what, example, answer = (cell.strip() for cell in row.strip("|").split("|"))
        quoted = re.findall(r'"([^"]+)"', example)
        named = re.search(r"`([a-z0-9-]+)`", answer)
        action = "none" if answer == "nothing" else "meme"
        if not quoted or (action == "meme" and not re.match(rf"an? {mood} meme\b", answer)):
            raise ValueError(f"README mood table: cannot read the row {row!r}")
        examples += [Example(text=q, mood=mood, action=action, meme=named.group(1) if named else None) for q in quoted]
    return examples
