"""Take the README's playground screenshot: the README's examples typed one after another in a fresh playground.

`python tools/playground_screenshot.py [--out assets/screenshots/playground.png]` serves the bundled memes.yaml on a
free loopback port (state in memory, cooldowns off, as `make run` does), types each example of the README's mood
table and then `/cry my code finally compiled`, opens the why of the grief answer, and saves a 256-colour PNG.
It uses Debian's Chromium with only the machine's fonts: what it shows is drawn with the page's own faces.
It prints what each example got.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from adapters.web.server import listening
from bot.app import open_core
from tools.chromium import CHROMIUM_ARGS, INSTALL_HINT, find_chromium
from tools.readme_examples import readme_examples

PREVIEW = "/cry my code finally compiled"
WIDTH, HEIGHT = 1280, 2900  # tall enough for every example and its answer without scrolling


async def take(out: Path) -> None:
    """Serve, type, shoot."""
    from playwright.async_api import async_playwright, expect

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(f"no Chromium: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory() as data:
        core = await open_core(config=REPO / "memes.yaml", data_dir=Path(data), state=":memory:", watch=False, seed=1)
        try:
            async with listening(core, port=0) as url, async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
                page = await browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                await page.goto(url)
                await expect(page.locator("body[data-fonts=ready]")).to_have_count(1, timeout=30_000)
                box = page.get_by_label("Message", exact=True)
                for text in [e.text for e in readme_examples()] + [PREVIEW]:
                    await box.fill(text)
                    await box.press("Enter")
                    await expect(page.locator("#log li.mine[data-replied=pending]")).to_have_count(0, timeout=30_000)
                    print(f"{text!r}: {await _answer(page)}")
                await expect(page.locator("#log figure.meme img")).to_have_count(6, timeout=30_000)
                for image in await page.locator("#log figure.meme img").all():
                    await expect(image).to_have_js_property("complete", True)
                grief = page.locator("#log li.bot", has=page.locator("[data-meme-id=grief-paw-glow]"))
                await grief.get_by_text("Why?").click()
                await page.locator("#log li.preview").get_by_role("button", name="Send").blur()
                shot = Path(data) / "playground.png"
                await page.screenshot(path=shot)
                await browser.close()
            _save_small_png(shot, out)
        finally:
            await core.close()
    print(f"wrote {out}")


async def _answer(page: object) -> str:
    """What the last line typed got: a meme's id, a reaction, or the note under it."""
    from playwright.async_api import Page

    assert isinstance(page, Page)
    mine = page.locator("#log li.mine").last
    replied = await mine.get_attribute("data-replied")
    if replied in ("meme", "support"):
        figure = page.locator("#log li.bot figure.meme").last
        return f"{replied}: {await figure.get_attribute('data-meme-id')} ({await figure.locator('img').get_attribute('alt')})"
    note = await mine.locator(".note").text_content() if await mine.locator(".note").count() else None
    return f"{replied}: {(note or '').split('Why?')[0].strip()}"


def _save_small_png(shot: Path, target: Path) -> None:
    """Keep a screenshot as a small PNG: a page is mostly flat colour, so 256 colours hold it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(shot) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(target, format="PNG", optimize=True)


def main() -> None:
    """Take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "assets" / "screenshots" / "playground.png")
    asyncio.run(take(parser.parse_args().out))


if __name__ == "__main__":
    main()
