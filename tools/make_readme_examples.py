"""Render the README's example pictures with the real core: `python tools/make_readme_examples.py`."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from bot.app import open_core
from bot.events import CryRequest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES: list[tuple[str, str, str]] = [
    # (file name, /cry text, mood)
    ("joy-compiled.png", "my code finally compiled 😭", "joy"),
    ("frustrated-monday.png", "it's only monday / and the build failed AGAIN", "frustrated"),
    ("sad-korean.png", "아무도 안 왔어 ㅠㅠ", "sad"),
]


async def main() -> None:
    """Ask the core for each example and copy the render next to the README's other pictures."""
    out = REPO / "assets" / "examples"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        core = await open_core(config=REPO / "memes.yaml", data_dir=Path(data), watch=False, seed=4)
        try:
            for name, text, mood in EXAMPLES:
                reply = await core.on_cry(CryRequest(space_id="x", channel_id="x", user_id="x", text=text, mood=mood))  # type: ignore[arg-type]
                assert reply.picture is not None, reply
                shutil.copyfile(reply.picture.path, out / name)
                print(out / name, reply.picture.meme_id)
        finally:
            await core.close()


if __name__ == "__main__":
    asyncio.run(main())
