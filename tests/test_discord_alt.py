"""Alt text on Discord fits its attachment description limit, however long the meme's alt and the caption are."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.discord_api import ATTACHMENT_DESCRIPTION_LIMIT
from tests.fakes.discord_harness import running_bot

LONG_ALT = "A white cat with huge teary eyes looking up at a grey sky, " * 16  # 960 characters, under the 1,000 allowed


async def test_a_long_alt_and_a_long_caption_still_post_with_a_description_discord_accepts(tmp_path: Path) -> None:
    memes = [{"id": "wordy-cat", "file": "assets/sad-cat.png", "moods": ["sad", "frustrated", "grief", "anxious",
                                                                          "joy"], "alt": LONG_ALT.strip()}]
    async with running_bot(tmp_path, memes=memes) as live:
        interaction = await live.fake.slash("cry", text="😭" * 150 + " my build failed again")
        await live.answered(interaction)
        preview = live.fake.original(interaction)
        assert preview is not None
        (attachment,) = preview["attachments"]
        description = attachment["description"]
        assert len(description.encode("utf-16-le")) // 2 <= ATTACHMENT_DESCRIPTION_LIMIT and description.endswith("…")
        assert description.startswith(LONG_ALT.strip()[:900]) and 'Caption: "😭😭' in description
        assert not live.fake.calls.find(lambda c: c.status == 400), "Discord refused nothing"
