"""The playground in a real headless Chromium: chat, /cry previews, the live catalogue, and no console errors."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from adapters.web.server import listening
from bot.app import open_core
from bot.catalogue.model import Meme
from bot.core import Core
from tests.browser import launch_page
from tests.factories import DEFAULT_MEMES, catalogue_data, draw_image, open_test_core, shipped_model, write_catalogue

pytest.importorskip("playwright", reason="playwright (python) is not installed: .venv/bin/pip install playwright")
from playwright.async_api import ConsoleMessage, Locator, Page, expect

expect.set_options(timeout=10_000)  # a busy CI machine may take a while to reload or render

SAD_ALTS = [f"{meme_id} alt text" for meme_id, (moods, _) in DEFAULT_MEMES.items() if "sad" in moods]
BUNDLED = Path(__file__).resolve().parents[1] / "memes.yaml"


@dataclass
class Playground:
    """A running playground and the page looking at it."""

    core: Core
    url: str
    page: Page
    errors: list[str] = field(default_factory=list)

    @property
    def catalogue(self) -> Path:
        """The memes.yaml the core watches."""
        return self.core.catalogue.path

    async def say(self, text: str) -> None:
        """Type a line and press Enter, then wait until the page has the core's answer."""
        box = self.page.get_by_label("Message", exact=True)
        await box.fill(text)
        await box.press("Enter")
        await expect(self.page.locator("#log li.mine[data-replied=pending]")).to_have_count(0)
        await expect(self.page.locator("#log li.mine").last).to_contain_text(text)


@asynccontextmanager
async def open_playground(
    tmp_path: Path,
    *,
    width: int = 1100,
    height: int = 780,
    config: Path | None = None,
    first_script: str | None = None,
    **catalogue: Any,
) -> AsyncIterator[Playground]:
    """Start a core watching its catalogue, serve it on a free loopback port, and open it in Chromium."""
    if config is None:
        core = await open_test_core(tmp_path, watch=True, **catalogue)
    else:
        core = await open_core(config=config, data_dir=tmp_path / "data", watch=False, seed=7, model=shipped_model())
    try:
        async with (
            listening(core, port=0) as url,
            launch_page(tmp_path / "profile", width=width, height=height) as page,
        ):
            playground = Playground(core=core, url=url, page=page)
            page.on("console", lambda message: _note_error(playground, message))
            page.on("pageerror", lambda error: playground.errors.append(f"page error: {error}"))
            if first_script is not None:
                await page.add_init_script(first_script)  # runs before the page's own scripts
            await page.goto(playground.url)
            await expect(page.locator("body[data-live=yes]")).to_have_count(1)  # the event stream is open
            await expect(page.locator("body[data-fonts]")).to_have_count(1)  # the page's faces have loaded
            yield playground
            assert playground.errors == [], "the page logged errors"
    finally:
        await core.close()


def _note_error(playground: Playground, message: ConsoleMessage) -> None:
    """Keep console errors and warnings for the end-of-test check."""
    if message.type in ("error", "warning"):
        playground.errors.append(f"console {message.type}: {message.text}")


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    """The playground on a desktop-sized window."""
    async with open_playground(tmp_path) as running:
        yield running


async def test_a_sad_message_gets_a_meme_image_with_its_alt_text(playground: Playground) -> None:
    await playground.say("nobody came to my party, I'm crying 😢")
    reply = playground.page.locator("#log li.bot").last
    image = reply.locator("figure.meme img")
    await expect(image).to_be_visible()
    alt = await image.get_attribute("alt")
    assert alt in SAD_ALTS
    assert await image.evaluate("img => img.complete && img.naturalWidth > 0")  # the picture really loaded
    await reply.get_by_text("Why?").click()
    await expect(reply.locator(".why dl")).to_contain_text("sad")
    await expect(reply.locator(".why dl")).to_contain_text("trigger")
    # The crying emoji decides here, as a chat cue: the panel names it (the model is not asked where a cue decides).
    await expect(reply.locator(".why dl")).to_contain_text("😢 crying emoji")


async def test_hangul_and_emoji_are_drawn_with_the_playgrounds_own_fonts(playground: Playground) -> None:
    # The browser here has no CJK or colour-emoji system font (launched without the bundled fontconfig), so
    # only the page's own @font-face fallbacks can draw these; each must have been fetched and loaded.
    await playground.say("아무도 안 왔어 ㅠㅠ 😭")
    loaded = await playground.page.evaluate(
        """async () => { await document.fonts.ready;
           return [...document.fonts].filter(f => f.status === "loaded").map(f => f.family.replaceAll('"', '')); }"""
    )
    assert {"crybot CJK", "crybot emoji"} <= set(loaded)


async def test_a_neutral_message_gets_no_reply_and_says_why(playground: Playground) -> None:
    await playground.say("deploy is on thursday")
    mine = playground.page.locator("#log li.mine").last
    await expect(mine).to_have_attribute("data-replied", "nothing")
    await expect(mine.locator(".note")).to_contain_text("No reply: no trigger matched")
    await expect(playground.page.locator("#log li.bot")).to_have_count(0)
    await expect(mine.locator(".reaction")).to_have_count(0)


async def test_reactions_land_on_the_message_and_cooldowns_are_visible(tmp_path: Path) -> None:
    settings = {"reply_with": "reaction", "channel_cooldown": 90}
    async with open_playground(tmp_path, settings=settings) as playground:
        switch = playground.page.get_by_label(re.compile("Cooldowns as on a server"))
        await expect(switch).not_to_be_checked()  # off in the playground until asked for
        await switch.check()
        await expect(playground.page.locator("body[data-cooldowns=on]")).to_have_count(1)
        await expect(playground.page.locator("#cooldowns-label")).to_contain_text("90 s a channel")
        await playground.say("nobody came to my party, crying")
        first = playground.page.locator("#log li.mine").last
        await expect(first.get_by_role("img", name=re.compile("crybot reacted"))).to_be_visible()
        await playground.say("still crying about it")
        second = playground.page.locator("#log li.mine").last
        await expect(second.locator(".note")).to_contain_text(re.compile(r"cooling down, \d+ s"))
        await expect(playground.page.locator("#log li.bot")).to_have_count(0)


async def test_a_message_in_crisis_gets_support_and_never_a_meme(playground: Playground) -> None:
    await playground.say("I want to kill myself, I can't stop crying")
    reply = playground.page.locator("#log li.bot").last
    await expect(reply.locator(".support")).to_contain_text("988")
    await expect(reply).not_to_contain_text("only you")
    await playground.say("/cry I want to end my life")
    private = playground.page.locator("#log li.bot").last
    await expect(private.locator(".support")).to_contain_text("988")
    await expect(private).to_contain_text("only you can see this")
    await expect(playground.page.locator("#log figure.meme")).to_have_count(0)


async def test_cry_previews_privately_shuffles_from_the_keyboard_and_sends(playground: Playground) -> None:
    page = playground.page
    await page.get_by_label("Mood for Cry").select_option("joy")
    await playground.say("/cry she said yes")
    preview = page.locator("#log li.preview")
    await expect(preview).to_contain_text("only you can see this")
    first = await preview.locator("figure.meme").get_attribute("data-meme-id")
    assert first in ("happy-tears", "kdrama-joy")

    await expect(preview.get_by_role("button", name="Send")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(preview.get_by_role("button", name="Shuffle")).to_be_focused()
    await page.keyboard.press("Enter")
    shuffled = preview.locator(f"figure.meme:not([data-meme-id='{first}'])")
    await expect(shuffled).to_be_visible()
    second = await shuffled.get_attribute("data-meme-id")

    await preview.get_by_role("button", name="Send").click()
    await expect(preview).to_have_count(0)
    posted = page.locator("#log li.bot").last
    await expect(posted.locator(f"figure.meme[data-meme-id='{second}'] img")).to_be_visible()
    await expect(posted).to_contain_text("for you")
    await expect(posted).not_to_contain_text("only you")


async def test_cancel_or_escape_removes_the_preview(playground: Playground) -> None:
    preview = playground.page.locator("#log li.preview")
    await playground.say("/cry mood:grief")
    await expect(preview.locator("figure.meme img")).to_be_visible()
    await preview.get_by_role("button", name="Cancel").click()
    await expect(preview).to_have_count(0)
    await playground.say("/cry mood:sad")
    await expect(preview.get_by_role("button", name="Send")).to_be_focused()
    await playground.page.keyboard.press("Escape")
    await expect(preview).to_have_count(0)
    await expect(playground.page.get_by_label("Message", exact=True)).to_be_focused()
    await expect(playground.page.locator("#log li.bot")).to_have_count(0)


async def _expect_card_says(card: Locator, meme: Meme) -> None:
    """A catalogue card shows the meme's alt text (on its picture too), weight, rating and credit as loaded."""
    await expect(card).to_have_count(1)
    await expect(card.locator(".alt")).to_have_text(meme.alt)
    await expect(card.locator("img")).to_have_attribute("alt", meme.alt)
    # The page prints the weight as a JavaScript number: 1.0 reads "1", 2.5 reads "2.5", as :g formats them.
    facts = f"weight {meme.weight:g} · {meme.rating}" + (f" · {meme.credit}" if meme.credit else "")
    await expect(card.locator(".facts")).to_have_text(facts)


async def test_catalogue_edits_show_up_and_a_broken_edit_shows_a_banner_while_replies_continue(
    playground: Playground,
) -> None:
    page = playground.page
    catalogue = page.locator("#catalogue")
    await expect(catalogue.locator(".card[data-meme-id='sad-cat']").first).to_be_visible()
    await expect(page.locator("#banner")).to_be_hidden()
    sad_cat = playground.core.catalogue.meme("sad-cat")
    assert sad_cat is not None
    await _expect_card_says(catalogue.locator(".group[data-mood='sad'] .card[data-meme-id='sad-cat']"), sad_cat)

    folder = playground.catalogue.parent
    draw_image(folder / "assets" / "fresh-tears.png", (10, 200, 200))
    # Values unlike the defaults, so the card can only show them by reading this entry.
    fresh = {
        "id": "fresh-tears", "file": "assets/fresh-tears.png", "moods": ["grief"], "alt": "Fresh tears on a cheek",
        "weight": 2.5, "credit": "drawn by hand for this test", "rating": "mild",
    }
    write_catalogue(folder, memes=[*catalogue_data()["memes"], fresh])
    card = catalogue.locator(".group[data-mood='grief'] .card[data-meme-id='fresh-tears']")
    await expect(card).to_contain_text("Fresh tears on a cheek")
    await expect(card.locator(".facts")).to_have_text("weight 2.5 · mild · drawn by hand for this test")
    fresh_meme = playground.core.catalogue.meme("fresh-tears")
    assert fresh_meme is not None and (fresh_meme.weight, fresh_meme.rating) == (2.5, "mild")
    await _expect_card_says(card, fresh_meme)

    text = playground.catalogue.read_text(encoding="utf-8")
    playground.catalogue.write_text(text.replace("- joy", "- joyy", 1), encoding="utf-8")
    banner = page.get_by_role("alert")
    await expect(banner).to_be_visible()
    await expect(banner).to_contain_text(re.compile(r"memes\.yaml:\d+: .*joyy"))
    await expect(card).to_be_visible()  # the last good catalogue is still shown

    await playground.say("my dog passed away, I can't stop crying")
    await expect(page.locator("#log li.bot figure.meme img").last).to_be_visible()

    playground.catalogue.write_text(text, encoding="utf-8")
    await expect(banner).to_be_hidden()


async def test_a_phone_sized_window_fits_and_switches_to_the_catalogue(tmp_path: Path) -> None:
    async with open_playground(tmp_path, width=390, height=844) as playground:
        page = playground.page
        await playground.say("build failed AGAIN, crying 😭")
        await expect(page.locator("#log li.bot figure.meme img").last).to_be_visible()
        await expect(page.get_by_label("Message", exact=True)).to_be_in_viewport()
        assert await page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        await page.get_by_role("button", name="Catalogue").click()
        await expect(page.locator("#catalogue .card").first).to_be_visible()
        await expect(page.locator("#chat")).to_be_hidden()
        assert await page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


async def test_a_conversation_shows_a_reply_its_why_and_a_preview_at_once(tmp_path: Path) -> None:
    config = BUNDLED if BUNDLED.is_file() else None  # the real memes when the repo has them, read-only
    async with open_playground(tmp_path, config=config, width=1280, height=940) as playground:
        page = playground.page
        await playground.say("deploy is on thursday")
        await playground.say("nobody came to my party 😢 crying")
        reply = page.locator("#log li.bot").first  # the neutral line got none
        await reply.get_by_text("Why?").click()
        await expect(reply.locator(".why dl")).to_contain_text(re.compile(r"trigger #\d+ .* matched"))
        await page.get_by_label("Mood for Cry").select_option("joy")
        await playground.say("/cry she said yes!!!")
        await expect(page.locator("#log li.preview figure.meme img")).to_be_visible()
        for visible in ("#log li.preview .actions", "#catalogue .card", "#composer", "#log li.bot .why dl"):
            await expect(page.locator(visible).first).to_be_in_viewport()
