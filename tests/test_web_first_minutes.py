"""A newcomer's first minutes in the playground, in real Chromium: the README's examples answered one after another,
cooldowns behind a switch, notes in view, the right emoji, the catalogue's story words and its latest changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import catalogue_data, write_catalogue
from tests.test_readme_examples import EXAMPLES
from tests.test_web_e2e import BUNDLED, open_playground

pytest.importorskip("playwright", reason="playwright (python) is not installed: .venv/bin/pip install playwright")
from playwright.async_api import expect


async def test_the_readme_examples_typed_one_after_another_are_each_answered(tmp_path: Path) -> None:
    async with open_playground(tmp_path, config=BUNDLED, width=1280, height=900) as playground:
        page = playground.page
        for example in EXAMPLES:
            await playground.say(example.text)
            mine = page.locator("#log li.mine").last
            if example.action == "none":
                await expect(mine).to_have_attribute("data-replied", "nothing")
                await expect(mine.locator(".note")).to_contain_text("No reply: no trigger matched")
                continue
            await expect(mine).to_have_attribute("data-replied", "meme")  # never "cooling down"
            reply = page.locator("#log li.bot").last
            figure = reply.locator("figure.meme")
            await expect(figure.locator("img")).to_be_visible()
            if example.meme is not None:
                await expect(figure).to_have_attribute("data-meme-id", example.meme)
        await expect(page.locator("#log .note", has_text="cooling down")).to_have_count(0)


async def test_the_cooldown_switch_shows_what_a_server_would_do(tmp_path: Path) -> None:
    async with open_playground(tmp_path, settings={"channel_cooldown": 60, "user_cooldown": 300}) as playground:
        page = playground.page
        await playground.say("nobody came to my party 😢 crying")
        await playground.say("nobody came again 😢 so lonely, crying")
        await expect(page.locator("#log li.mine").last).to_have_attribute("data-replied", "meme")
        await page.get_by_label(re.compile("Cooldowns as on a server")).check()
        await expect(page.locator("body[data-cooldowns=on]")).to_have_count(1)
        # Replies made with cooldowns off started none; the first reply now starts them, as on a server.
        await playground.say("still so lonely 😢 crying")
        await expect(page.locator("#log li.mine").last).to_have_attribute("data-replied", "meme")
        await playground.say("so lonely 😢 crying again")
        note = page.locator("#log li.mine").last.locator(".note")
        await expect(note).to_contain_text(re.compile(r"No reply: cooling down, \d+ s"))
        await expect(note).to_be_in_viewport(ratio=1)  # the chat scrolled to the note under the last message
        await page.get_by_label(re.compile("Cooldowns as on a server")).uncheck()
        await expect(page.locator("body[data-cooldowns=off]")).to_have_count(1)
        await playground.say("I feel so alone 😢 crying")
        await expect(page.locator("#log li.mine").last).to_have_attribute("data-replied", "meme")


async def test_a_no_reply_note_under_a_long_chat_is_scrolled_into_view(tmp_path: Path) -> None:
    async with open_playground(tmp_path, height=600) as playground:
        for number in range(6):
            await playground.say(f"crying, part {number}")
        await playground.say("deploy is on thursday")
        note = playground.page.locator("#log li.mine").last.locator(".note")
        await expect(note).to_contain_text("No reply: no trigger matched")
        await expect(note).to_be_in_viewport(ratio=1)


async def test_a_sent_joy_meme_is_labelled_with_the_joy_emoji(tmp_path: Path) -> None:
    async with open_playground(tmp_path, moods={"joy": {"emoji": "🥹"}}) as playground:
        page = playground.page
        await playground.say("/cry she said yes mood:joy")
        await page.locator("#log li.preview").get_by_role("button", name="Send").click()
        byline = page.locator("#log li.bot .byline").last
        await expect(byline).to_have_text("for you 🥹")


async def test_the_why_panel_shows_what_the_person_typed(tmp_path: Path) -> None:
    async with open_playground(tmp_path) as playground:
        await playground.say("CRYYYYY 너무 슬퍼ㅠㅠ")
        reply = playground.page.locator("#log li.bot").last
        await reply.get_by_text("Why?").click()
        await expect(reply.locator(".why dl")).to_contain_text("matched 'CRYYYYY'")


async def test_story_words_show_on_cards_and_an_edit_shows_what_changed(tmp_path: Path) -> None:
    memes = catalogue_data()["memes"]
    memes[2]["needs"] = ["dog", "cat"]
    async with open_playground(tmp_path, memes=memes) as playground:
        page = playground.page
        card = page.locator("#catalogue .card[data-meme-id='grief-candle']").first
        await expect(card.locator(".story.needs")).to_have_text("needs: dog cat")
        memes[0]["weight"] = 5
        memes[1]["words"] = ["heartbroken"]
        write_catalogue(playground.catalogue.parent, memes=memes)
        changes = page.locator("#changes")
        await expect(changes).to_contain_text("memes[sad-cat].weight: 1 → 5")
        await expect(changes).to_contain_text("memes[sad-man].words: + heartbroken")
        await expect(page.locator("#log li.bot")).to_have_count(0)
