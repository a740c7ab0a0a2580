"""Every example in the README's mood table gets the answer the README says, from the bundled memes.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import open_core
from tests.factories import make_message

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BUNDLED = REPO / "memes.yaml"


@dataclass(frozen=True)
class Example:
    """One row of the mood table: the text, the mood it is read as, and what crybot answers."""

    text: str
    mood: str
    action: str  # meme or none
    meme: str | None  # the meme the README names, if it names one


def readme_examples() -> list[Example]:
    """The mood table's rows, read out of README.md."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| mood | what it is | example | crybot answers |") :].split("\n\n", 1)[0]
    examples = []
    for row in table.splitlines()[2:]:
        mood, _what, example, answer = (cell.strip() for cell in row.strip("|").split("|"))
        quoted = re.findall(r'"([^"]+)"', example)
        assert quoted, f"no quoted example in {row!r}"
        named = re.search(r"`([a-z0-9-]+)`", answer)
        action = "none" if answer == "nothing" else "meme"
        if action == "meme":
            assert re.match(rf"an? {mood} meme\b", answer), f"the answer {answer!r} does not name the mood {mood}"
        examples += [Example(text=q, mood=mood, action=action, meme=named.group(1) if named else None) for q in quoted]
    return examples


EXAMPLES = readme_examples()


def test_the_table_has_an_example_for_every_mood() -> None:
    assert {e.mood for e in EXAMPLES} == {"sad", "grief", "frustrated", "anxious", "joy", "neutral"}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.text for e in EXAMPLES])
async def test_each_readme_example_gets_the_answer_the_readme_gives(example: Example, tmp_path: Path) -> None:
    core = await open_core(config=BUNDLED, data_dir=tmp_path / "data", watch=False, seed=1)
    try:
        reply = await core.on_message(make_message(example.text, channel_id="readme"))
    finally:
        await core.close()
    assert reply.why.mood == example.mood
    if example.action == "none":
        assert reply.kind == "nothing" and reply.picture is None
        return
    assert reply.kind == "meme" and reply.picture is not None, reply.why
    assert reply.why.reply_mood == example.mood
    if example.meme is not None:
        assert reply.picture.meme_id == example.meme, reply.why.meme_reason
