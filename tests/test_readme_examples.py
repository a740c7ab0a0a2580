"""Every example in the README's mood table gets the answer the README says, from the bundled memes.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import open_core
from tests.factories import make_message
from tools.readme_examples import Example, readme_examples

BUNDLED = Path(__file__).resolve().parents[1] / "memes.yaml"


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
