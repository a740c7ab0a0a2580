"""The core's decisions as a channel would see them: auto-replies, previews, settings, safety."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.core import Core
from bot.events import ButtonPress, ChannelSettings
from tests.factories import CRISIS_REPLY, make_cry, make_message, open_test_core

SAD = "nobody came to my party, I'm crying 😢"
CRISIS = "I want to kill myself"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def core_with(tmp_path: Path, clock: Clock, **overrides: Any) -> Core:
    return await open_test_core(tmp_path, clock=clock, **overrides)


@pytest.fixture
async def core(tmp_path: Path, clock: Clock) -> AsyncIterator[Core]:
    core = await core_with(tmp_path, clock)
    yield core
    await core.close()


# -- auto-replies -------------------------------------------------------------------


async def test_a_sad_triggered_message_gets_a_sad_meme(core: Core) -> None:
    reply = await core.on_message(make_message(SAD))
    assert reply.kind == "meme" and reply.picture is not None
    assert reply.why.mood == "sad"
    assert "sad" in core.catalogue.meme(reply.picture.meme_id).moods  # type: ignore[union-attr]
    assert reply.picture.path.is_file() and reply.picture.alt
    with Image.open(reply.picture.path) as image:
        assert image.size[0] > 0
    assert reply.why.trigger and "crying" in reply.why.trigger


async def test_grief_gets_a_gentle_meme_and_joy_a_happy_one(core: Core, clock: Clock) -> None:
    grief = await core.on_message(make_message("my grandma passed away this morning, I can't stop crying"))
    assert grief.kind == "meme" and grief.why.mood == "grief"
    assert grief.picture is not None and grief.picture.meme_id.startswith("grief")
    joy = await core.on_message(make_message("she said yes!!! I'm crying happy tears 😭😭", channel_id="chan-2"))
    assert joy.kind == "meme" and joy.why.mood == "joy"
    assert "joy" in core.catalogue.meme(joy.picture.meme_id).moods  # type: ignore[union-attr]


async def test_untriggered_and_neutral_messages_get_nothing(core: Core) -> None:
    for text in ("deploy is on thursday", "I love crystals", "```cry```", "> crying\nok"):
        reply = await core.on_message(make_message(text))
        assert reply.kind == "nothing", text
        assert reply.why.stopped_by == "no trigger matched"


async def test_never_answers_bots_itself_or_edits(core: Core) -> None:
    for flags in ({"author_is_bot": True}, {"is_self": True}, {"is_edit": True}):
        assert (await core.on_message(make_message(SAD, **flags))).kind == "nothing"


async def test_channel_cooldown_holds_replies_and_says_how_long(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock, settings={"channel_cooldown": 60})
    assert (await core.on_message(make_message(SAD, user_id="a"))).kind == "meme"
    clock.now += 18
    held = await core.on_message(make_message(SAD, user_id="b"))
    assert held.kind == "nothing" and held.why.stopped_by == "channel cooldown"
    assert held.why.cooldown_left == pytest.approx(42)
    assert (await core.on_message(make_message(SAD, user_id="b", channel_id="other"))).kind == "meme"
    clock.now += 43
    assert (await core.on_message(make_message(SAD, user_id="b"))).kind == "meme"
    await core.close()


async def test_user_cooldown_spans_channels(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock, settings={"user_cooldown": 300})
    assert (await core.on_message(make_message(SAD, channel_id="c1"))).kind == "meme"
    held = await core.on_message(make_message(SAD, channel_id="c2"))
    assert held.kind == "nothing" and held.why.stopped_by == "user cooldown"
    clock.now += 301
    assert (await core.on_message(make_message(SAD, channel_id="c2"))).kind == "meme"
    await core.close()


async def test_reply_with_reaction_and_low_confidence_react(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock, settings={"reply_with": "reaction"}, moods={"sad": {"emoji": "🫠"}})
    reply = await core.on_message(make_message(SAD))
    assert reply.kind == "reaction" and reply.emoji == "🫠"
    await core.close()
    core = await core_with(tmp_path / "b", clock, settings={"min_confidence": 1.0})
    reply = await core.on_message(make_message(SAD))
    assert reply.kind == "reaction" and reply.emoji == "😢"
    await core.close()


async def test_chance_answers_only_a_share_of_matches(tmp_path: Path, clock: Clock) -> None:
    triggers = [{"regex": r"\bmonday\b", "mood": "frustrated", "chance": 0.3}]
    core = await core_with(tmp_path, clock, triggers=triggers)
    kinds = [(await core.on_message(make_message("ugh monday", channel_id=f"c{i}"))).kind for i in range(200)]
    share = kinds.count("meme") / len(kinds)
    assert 0.15 < share < 0.45
    assert set(kinds) == {"meme", "nothing"}
    await core.close()


async def test_no_repeats_in_a_channel_until_the_pool_is_spent(core: Core) -> None:
    seen = [(await core.on_message(make_message("I'm so sad, crying"))).picture.meme_id for _ in range(3)]  # type: ignore[union-attr]
    assert len(set(seen)) == 3  # the sad pool holds three memes
    fourth = await core.on_message(make_message("I'm so sad, crying"))
    assert fourth.picture is not None and fourth.picture.meme_id != seen[-1]


async def test_channel_off_and_opt_out_persist_across_restarts(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock)
    notice = await core.update_channel(space_id="space-1", channel_id="quiet", changes=ChannelSettings(autoreply=False))
    assert notice.kind == "notice" and "off" in notice.text
    opted = await core.set_opt_out(space_id="space-1", user_id="shy", opted_out=True)
    assert opted.kind == "notice"
    await core.close()

    core = await core_with(tmp_path, clock)
    off = await core.on_message(make_message(SAD, channel_id="quiet"))
    assert off.kind == "nothing" and off.why.stopped_by == "auto-replies are off in this channel"
    shy = await core.on_message(make_message(SAD, user_id="shy"))
    assert shy.kind == "nothing" and "opted out" in (shy.why.stopped_by or "")
    await core.set_opt_out(space_id="space-1", user_id="shy", opted_out=False)
    assert (await core.on_message(make_message(SAD, user_id="shy"))).kind == "meme"
    await core.close()


async def test_channel_settings_reject_nonsense(core: Core) -> None:
    reply = await core.update_channel(space_id="s", channel_id="c", changes=ChannelSettings(channel_cooldown=-5))
    assert reply.kind == "notice" and "between 0 seconds and 7 days" in reply.text
    reply = await core.update_channel(space_id="s", channel_id="c", changes=ChannelSettings(reply_with="reaction"))
    assert "reaction" in reply.text
    effective = await core.channel_settings(space_id="s", channel_id="c")
    assert effective.reply_with == "reaction" and effective.channel_cooldown == 0


async def test_reply_in_follows_the_catalogue_until_a_channel_chooses_and_survives_a_restart(
    tmp_path: Path, clock: Clock
) -> None:
    core = await core_with(tmp_path, clock, settings={"reply_in": "channel"})
    assert (await core.channel_settings(space_id="s", channel_id="c")).reply_in == "channel"
    await core.update_channel(space_id="s", channel_id="c", changes=ChannelSettings(reply_in="thread"))
    await core.update_channel(space_id="s", channel_id="c", changes=ChannelSettings(autoreply=False))
    await core.close()

    core = await core_with(tmp_path, clock, settings={"reply_in": "channel"})
    chosen = await core.channel_settings(space_id="s", channel_id="c")
    assert (chosen.reply_in, chosen.autoreply) == ("thread", False), "a later change keeps the earlier choice"
    assert (await core.channel_settings(space_id="s", channel_id="other")).reply_in == "channel"
    await core.close()


# -- safety -------------------------------------------------------------------------


async def test_crisis_gets_support_on_every_path_never_a_meme(core: Core) -> None:
    auto = await core.on_message(make_message(CRISIS))
    assert auto.kind == "support" and auto.text == CRISIS_REPLY and auto.picture is None
    cry = await core.on_cry(make_cry(CRISIS))
    assert cry.kind == "support" and cry.picture is None and not cry.preview_id
    forced = await core.on_cry(make_cry(CRISIS, mood="joy"))
    assert forced.kind == "support"


async def test_support_is_not_held_by_cooldowns_but_not_repeated_at_once(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock, settings={"channel_cooldown": 600})
    assert (await core.on_message(make_message(SAD, user_id="x"))).kind == "meme"
    assert (await core.on_message(make_message(CRISIS))).kind == "support"
    again = await core.on_message(make_message(CRISIS))
    assert again.kind == "nothing" and again.why.stopped_by == "support was given moments ago"
    await core.close()


# -- /cry previews ------------------------------------------------------------------


async def test_cry_previews_shuffles_sends_and_cancels(core: Core) -> None:
    preview = await core.on_cry(make_cry("my code finally compiled", mood="joy"))
    assert preview.kind == "meme" and preview.is_preview and preview.picture is not None
    assert 'Caption: "my code finally compiled"' in preview.picture.alt
    first = preview.picture.meme_id
    shuffled = await core.on_button(ButtonPress(preview_id=preview.preview_id, action="shuffle", user_id="user-1"))
    assert shuffled.kind == "meme" and shuffled.preview_id == preview.preview_id
    assert shuffled.picture is not None and shuffled.picture.meme_id != first
    sent = await core.on_button(ButtonPress(preview_id=preview.preview_id, action="send", user_id="user-1"))
    assert sent.kind == "meme" and not sent.is_preview and sent.on_behalf_of == "user-1"
    assert sent.picture is not None and sent.picture.meme_id == shuffled.picture.meme_id
    gone = await core.on_button(ButtonPress(preview_id=preview.preview_id, action="send", user_id="user-1"))
    assert gone.kind == "notice" and "expired" in gone.text

    other = await core.on_cry(make_cry())
    assert other.why.mood == "sad"  # no text: a plain sad meme
    cancelled = await core.on_button(ButtonPress(preview_id=other.preview_id, action="cancel", user_id="user-1"))
    assert cancelled.kind == "dismiss"


async def test_only_the_person_who_cried_can_press_the_buttons(core: Core) -> None:
    preview = await core.on_cry(make_cry("ugh"))
    reply = await core.on_button(ButtonPress(preview_id=preview.preview_id, action="send", user_id="someone-else"))
    assert reply.kind == "notice" and "Only the person" in reply.text


async def test_previews_expire(core: Core, clock: Clock) -> None:
    preview = await core.on_cry(make_cry("sad"))
    clock.now += 16 * 60
    reply = await core.on_button(ButtonPress(preview_id=preview.preview_id, action="shuffle", user_id="user-1"))
    assert reply.kind == "notice" and "expired" in reply.text


async def test_cry_text_sets_the_mood(core: Core) -> None:
    reply = await core.on_cry(make_cry("we had to put our dog down today"))
    assert reply.why.mood == "grief" and reply.picture is not None
    assert reply.picture.meme_id.startswith("grief")


# -- bad input ----------------------------------------------------------------------


async def test_a_missing_image_never_crashes_a_reply(tmp_path: Path, clock: Clock) -> None:
    core = await core_with(tmp_path, clock)
    (tmp_path / "assets" / "happy-tears.png").unlink()
    replies = [await core.on_message(make_message("happy tears!! so proud 😭", channel_id=f"c{i}")) for i in range(6)]
    assert all(r.kind in ("meme", "reaction") for r in replies)
    assert all(r.picture is None or r.picture.meme_id == "kdrama-joy" for r in replies)
    (tmp_path / "assets" / "kdrama-joy.png").unlink()
    last = await core.on_message(make_message("happy tears!! so proud 😭", channel_id="c-last"))
    assert last.kind == "reaction"  # no picture could be made: a reaction, not silence or a crash
    await core.close()


@pytest.mark.timeout(30)
async def test_hostile_messages_get_an_answer_in_bounded_time(core: Core) -> None:
    hostile = [
        "😭" * 10_000,
        "crying " + "a" * 100_000,
        "\u202e\u200bcry\u200d",
        "\ud800 cry \udfff",
        "cry\x00\x00",
        "`" * 30_000 + " cry",
    ]
    for text in hostile:
        reply = await core.on_message(make_message(text, channel_id=str(len(text))))
        assert reply.kind in ("meme", "reaction", "nothing", "support")
        preview = await core.on_cry(make_cry(text[:2000]))
        assert preview.kind in ("meme", "support", "notice")


async def test_concurrent_messages_in_one_channel_respect_its_cooldown(tmp_path: Path, clock: Clock) -> None:
    import asyncio

    core = await core_with(tmp_path, clock, settings={"channel_cooldown": 60})
    replies = await asyncio.gather(*(core.on_message(make_message(SAD, user_id=f"u{i}")) for i in range(10)))
    assert [r.kind for r in replies].count("meme") == 1
    held = [r for r in replies if r.kind == "nothing"]
    assert len(held) == 9 and all(r.why.stopped_by == "channel cooldown" for r in held)
    await core.close()


async def test_zero_cooldowns_never_hold_concurrent_replies(core: Core) -> None:
    import asyncio

    replies = await asyncio.gather(*(core.on_message(make_message(SAD, channel_id=f"c{i % 3}")) for i in range(12)))
    assert all(r.kind == "meme" for r in replies)


async def test_forgetting_a_space_closes_its_previews_and_its_cooldowns_but_no_one_elses(
    tmp_path: Path, clock: Clock
) -> None:
    core = await core_with(tmp_path, clock, settings={"channel_cooldown": 600})
    try:
        for space in ("T1", "T2"):
            assert (await core.on_message(make_message(SAD, space_id=space))).kind == "meme"
            assert (await core.on_message(make_message(SAD, space_id=space))).why.stopped_by == "channel cooldown"
        leaving, staying = await core.on_cry(make_cry(space_id="T1")), await core.on_cry(make_cry(space_id="T2"))
        await core.forget_space("T1")
        gone = await core.on_button(ButtonPress(preview_id=leaving.preview_id, action="shuffle", user_id="user-1"))
        assert gone.kind == "notice" and "expired" in gone.text
        kept = await core.on_button(ButtonPress(preview_id=staying.preview_id, action="shuffle", user_id="user-1"))
        assert kept.kind == "meme"
        assert (await core.on_message(make_message(SAD, space_id="T1"))).kind == "meme"  # a fresh start
        assert (await core.on_message(make_message(SAD, space_id="T2"))).why.stopped_by == "channel cooldown"
    finally:
        await core.close()
