"""Auto-replies and settings end to end: what the bot posts, and the cases where it must post nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import Running, running_bot

REACTION = r"/channels/\d+/messages/\d+/reactions/[^/]+/@me"


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[Running]:
    async with running_bot(tmp_path) as running:
        yield running


def nothing_sent(live: Running) -> bool:
    """Tell whether the bot has posted or reacted nowhere."""
    return not live.fake.calls.find(lambda c: c.hits("POST", r"/channels/\d+/messages") or c.hits("PUT", REACTION))


async def settings(live: Running, *, permissions: int = p.MEMBER_PERMISSIONS | p.MANAGE_GUILD,
                   **options: str | int | bool) -> str:
    """Run /cry-settings and return the private answer."""
    return await private_answer(live, "cry-settings", permissions=permissions, **options)


async def private_answer(live: Running, command: str, **options: str | int | bool) -> str:
    """Run a command and return the text of its ephemeral answer."""
    interaction = await live.fake.slash(command, **options)
    await live.fake.calls.wait(lambda c: c.ok and c.route.endswith("/callback") and interaction["id"] in c.route)
    answer = live.fake.original(interaction)
    assert answer is not None and answer["flags"] & p.EPHEMERAL
    return str(answer["content"])


async def test_a_trigger_gets_a_meme_replying_without_a_ping_with_alt_text(live: Running) -> None:
    message, reply = await live.said("i'm crying, nobody came to my party")
    post = await live.reply_to(message)
    assert reply.kind == "meme" and reply.picture is not None
    assert post.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert post.body["attachments"] == [{"id": 0, "filename": reply.picture.filename,
                                         "description": reply.picture.alt}]
    assert post.files[0].data == reply.picture.path.read_bytes()


async def test_reaction_mode_reacts_with_the_moods_emoji_instead(tmp_path: Path) -> None:
    async with running_bot(tmp_path, settings={"reply_with": "reaction"}) as live:
        message, reply = await live.said("crying, i miss my grandma so much")
        call = await live.fake.calls.wait(lambda c: c.hits("PUT", REACTION))
        assert reply.kind == "reaction" and call.route == (
            f"/channels/{message['channel_id']}/messages/{message['id']}/reactions/{reply.emoji}/@me")
        assert not live.posts_replying_to(message)


async def test_messages_without_a_trigger_get_nothing(live: Running) -> None:
    _, reply = await live.said("deploy is on thursday")
    assert reply.kind == "nothing" and nothing_sent(live)


async def test_channel_cooldown_holds_the_second_reply_back(tmp_path: Path) -> None:
    async with running_bot(tmp_path, settings={"channel_cooldown": 600}) as live:
        first, _ = await live.said("crying over my exam")
        await live.reply_to(first)
        second, reply = await live.said("still crying, T_T")
        assert reply.kind == "nothing" and not live.posts_replying_to(second)


async def test_user_cooldown_follows_a_person_across_channels_but_not_others(tmp_path: Path) -> None:
    async with FakeDiscord(channels_per_guild=2) as fake, running_bot(
            tmp_path, fake=fake, settings={"channel_cooldown": 0, "user_cooldown": 600}) as live:
        first, _ = await live.said("crying over my exam", channel=0)
        await live.reply_to(first)
        again, reply = await live.said("still crying, T_T", channel=1)
        assert reply.kind == "nothing" and reply.why is not None and reply.why.stopped_by == "user cooldown"
        other, other_reply = await live.said("crying, my train got cancelled", author=fake.person("bob"), channel=1)
        assert other_reply.kind == "meme" and await live.reply_to(other)
        assert not live.posts_replying_to(again)


async def test_other_bots_and_its_own_posts_get_nothing(live: Running) -> None:
    message, reply = await live.said("crying 😭", author=live.fake.other_bot)
    assert reply.kind == "nothing" and nothing_sent(live)
    person, _ = await live.said("crying 😭")
    own = await live.reply_to(person)
    own_id = live.fake.calls.items.index(own)
    _, echo_reply = await live.handled.wait(lambda h: h[0] not in (message["id"], person["id"]))
    assert echo_reply.kind == "nothing"  # Discord echoed the bot's own meme back; it is not answered
    assert len(live.fake.calls.find(lambda c: c.hits("POST", r"/channels/\d+/messages"), since=own_id)) == 1


async def test_opt_out_stops_auto_replies_and_opt_in_brings_them_back(live: Running) -> None:
    assert "won't auto-reply" in await private_answer(live, "cry-optout")
    _, reply = await live.said("crying so hard rn")
    assert reply.kind == "nothing" and nothing_sent(live)
    assert "again" in await private_answer(live, "cry-optin")
    message, reply = await live.said("crying so hard again")
    assert reply.kind == "meme" and await live.reply_to(message)


async def test_a_turned_off_channel_gets_nothing(live: Running) -> None:
    assert "off" in await settings(live, autoreply=False)
    _, reply = await live.said("crying in the club")
    assert reply.kind == "nothing" and nothing_sent(live)


async def test_settings_switch_a_channel_to_reactions(live: Running) -> None:
    answer = await settings(live, reply_with="reaction", channel_cooldown=0, user_cooldown=0)
    assert "reaction" in answer
    _, reply = await live.said("crying at this sad movie")
    assert reply.kind == "reaction" and await live.fake.calls.wait(lambda c: c.hits("PUT", REACTION))


async def test_settings_are_refused_without_manage_server(live: Running) -> None:
    answer = await settings(live, permissions=p.MEMBER_PERMISSIONS, autoreply=False)
    assert answer == "You need the Manage Server permission to do that."
    message, reply = await live.said("crying in the rain 😢")
    assert reply.kind == "meme" and await live.reply_to(message)  # nothing was changed


async def test_the_crisis_reply_answers_a_crisis_message_kindly_and_privately(live: Running) -> None:
    message, reply = await live.said("crying, i want to end my life")
    (dm,) = live.fake.dms_to(live.fake.alice)  # tests/test_crisis_support.py covers closed DMs and the setting
    assert reply.kind == "support" and dm["content"] == reply.text and not dm["attachments"]
    assert not live.posts_replying_to(message)
