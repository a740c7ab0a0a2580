"""/cry and "Cry about this" end to end: previews, Send, Shuffle and Cancel, through real discord.py and the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord_replies import CANNOT_POST
from tests.factories import CRISIS_REPLY, DEFAULT_MEMES
from tests.fakes import discord_payloads as p
from tests.fakes.discord_harness import Running, running_bot


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[Running]:
    async with running_bot(tmp_path) as running:
        yield running


async def opened_preview(live: Running, **options: str) -> tuple[dict[str, Any], str]:
    """Run /cry and return the preview message and its preview id."""
    interaction = await live.fake.slash("cry", **options)
    await live.answered(interaction)
    preview = live.fake.original(interaction)
    assert preview is not None
    return preview, live.fake.buttons(preview)[0].split(":")[2]


def meme_of(message: dict[str, Any]) -> str:
    """Which test meme a message shows, from its attachment description (the alt text starts with the id)."""
    (attachment,) = message["attachments"]
    return next(m for m in DEFAULT_MEMES if attachment["description"].startswith(f"{m} alt text"))


async def test_login_ready_and_commands_registered_globally(live: Running) -> None:
    assert live.bot.is_ready() and str(live.bot.user.id) == live.fake.bot["id"]  # type: ignore[union-attr]
    synced = {c["name"]: c for c in live.fake.commands["global"]}
    assert set(synced) == {"cry", "Cry about this", "cry-settings", "cry-optout", "cry-optin"}
    assert synced["Cry about this"]["type"] == 3
    assert synced["cry-settings"]["default_member_permissions"] == str(p.MANAGE_GUILD)
    cry = {o["name"]: o for o in synced["cry"]["options"]}
    assert [c["value"] for c in cry["mood"]["choices"]] == ["sad", "grief", "frustrated", "anxious", "joy"]
    assert cry["text"]["max_length"] == 200 and not any(o.get("required") for o in cry.values())
    settings = {o["name"]: o for o in synced["cry-settings"]["options"]}
    assert settings["autoreply"]["type"] == 5  # boolean, so Discord validates it
    assert [c["value"] for c in settings["reply_with"]["choices"]] == ["meme", "reaction"]
    assert (settings["channel_cooldown"]["min_value"], settings["channel_cooldown"]["max_value"]) == (0, 7 * 86400)


async def test_cry_without_text_opens_a_private_preview_with_three_buttons(live: Running) -> None:
    interaction = await live.fake.slash("cry")
    call = await live.answered(interaction)
    preview = live.fake.original(interaction)
    assert call.body["type"] == 4 and preview is not None
    assert preview["flags"] & p.EPHEMERAL
    buttons = live.fake.buttons(preview)
    preview_id = buttons[0].split(":")[2]
    assert buttons == [f"cry:send:{preview_id}", f"cry:shuffle:{preview_id}", f"cry:cancel:{preview_id}"]
    assert meme_of(preview) in DEFAULT_MEMES and call.files[0].data.startswith(b"\x89PNG")


async def test_cry_with_text_and_mood_captions_a_meme_of_that_mood(live: Running) -> None:
    preview, _ = await opened_preview(live, text="my cat knocked over my coffee", mood="joy")
    assert meme_of(preview) in ("happy-tears", "kdrama-joy")
    assert preview["attachments"][0]["description"].endswith('Caption: "my cat knocked over my coffee"')


async def test_cry_with_crisis_text_gets_the_support_reply_and_no_meme(live: Running) -> None:
    interaction = await live.fake.slash("cry", text="i want to kill myself")
    await live.answered(interaction)
    reply = live.fake.original(interaction)
    assert reply is not None and reply["content"] == CRISIS_REPLY
    assert reply["flags"] & p.EPHEMERAL and not reply["attachments"] and not live.fake.buttons(reply)


async def test_send_posts_to_the_channel_crediting_who_cried_without_a_ping(live: Running) -> None:
    preview, preview_id = await opened_preview(live, text="the bus left without me")
    shown = meme_of(preview)
    await live.fake.press(preview, f"cry:send:{preview_id}")
    post = await live.fake.calls.wait(lambda c: c.ok and c.hits("POST", rf"/channels/{live.fake.channel_id}/messages"))
    assert f"<@{live.fake.alice['id']}>" in post.body["content"]
    assert post.body["allowed_mentions"]["parse"] == []
    assert post.body["attachments"][0]["description"] == f'{shown} alt text. Caption: "the bus left without me"'
    await live.fake.calls.wait(lambda c: c.method == "DELETE" and c.route.endswith("/messages/@original"))
    assert preview["id"] not in live.fake.messages  # the private preview is gone once sent


async def test_shuffle_swaps_the_meme_in_place_and_keeps_the_buttons(live: Running) -> None:
    preview, preview_id = await opened_preview(live, mood="grief")
    before = meme_of(preview)
    buttons = live.fake.buttons(preview)
    press = await live.fake.press(preview, f"cry:shuffle:{preview_id}")
    await live.answered(press, kind=7)
    assert meme_of(preview) != before and meme_of(preview) in ("grief-candle", "grief-rain")
    assert live.fake.buttons(preview) == buttons
    assert not live.fake.calls.find(lambda c: c.hits("POST", r"/channels/\d+/messages"))


async def test_cancel_removes_the_preview_and_posts_nothing(live: Running) -> None:
    preview, preview_id = await opened_preview(live)
    await live.fake.press(preview, f"cry:cancel:{preview_id}")
    await live.fake.calls.wait(lambda c: c.method == "DELETE" and c.route.endswith("/messages/@original"))
    assert preview["id"] not in live.fake.messages
    assert not live.fake.calls.find(lambda c: c.hits("POST", r"/channels/\d+/messages"))


async def test_a_pressed_button_on_an_expired_preview_says_so(live: Running) -> None:
    preview, _ = await opened_preview(live)
    stale = dict(preview, components=[{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Send", "custom_id": "cry:send:gone-for-good"}]}])
    press = await live.fake.press(stale, "cry:send:gone-for-good")
    await live.answered(press)
    assert "expired" in live.fake.messages[preview["id"]]["content"]
    assert not live.fake.buttons(live.fake.messages[preview["id"]])


async def test_cry_about_this_previews_a_meme_for_someone_elses_message(live: Running) -> None:
    target = await live.fake.say("we had to put our dog down today")
    interaction = await live.fake.message_command("Cry about this", target)
    await live.answered(interaction)
    preview = live.fake.original(interaction)
    assert preview is not None and preview["flags"] & p.EPHEMERAL
    assert meme_of(preview) in ("grief-candle", "grief-rain")
    assert "Caption" not in preview["attachments"][0]["description"]  # their words are not put on the meme


async def test_cry_about_a_crisis_message_gets_the_support_reply(live: Running) -> None:
    target = await live.fake.say("i don't want to be alive anymore")
    interaction = await live.fake.message_command("Cry about this", target)
    await live.answered(interaction)
    reply = live.fake.original(interaction)
    assert reply is not None and reply["content"] == CRISIS_REPLY and not reply["attachments"]


async def test_slow_answers_defer_first_then_fill_in_the_preview(tmp_path: Path) -> None:
    async with running_bot(tmp_path, answer_within=0.0) as live:
        interaction = await live.fake.slash("cry", text="rain on my birthday")
        deferred = await live.answered(interaction)
        assert deferred.body == {"type": 5, "data": {"flags": p.EPHEMERAL}}
        await live.fake.calls.wait(lambda c: c.hits("PATCH", r"/webhooks/\d+/[^/]+/messages/@original"))
        preview = live.fake.original(interaction)
        assert preview is not None and len(live.fake.buttons(preview)) == 3 and preview["attachments"]
        before, mark = meme_of(preview), len(live.fake.calls)
        press = await live.fake.press(preview, live.fake.buttons(preview)[1])
        assert (await live.answered(press)).body["type"] == 6
        await live.fake.calls.wait(lambda c: c.hits("PATCH", r"/webhooks/\d+/[^/]+/messages/@original"), since=mark)
        assert meme_of(preview) != before


async def test_send_refused_by_the_channel_says_so_privately_and_keeps_the_preview(live: Running) -> None:
    preview, preview_id = await opened_preview(live)
    live.fake.fail("POST", rf"/channels/{live.fake.channel_id}/messages", status=403, code=50013)
    await live.fake.press(preview, f"cry:send:{preview_id}")
    followup = await live.fake.calls.wait(lambda c: c.ok and c.hits("POST", r"/webhooks/\d+/[^/]+"))
    assert followup.body["content"] == CANNOT_POST and followup.body["flags"] == p.EPHEMERAL
    assert preview["id"] in live.fake.messages  # still there to try again or cancel
