"""Support for someone in distress goes to them alone by default, on Discord (a DM) as on Slack (ephemeral).

`settings.crisis_support: channel` answers in the channel instead, mentioning only that person; on Discord, a
person whose DMs are closed (error 50007) gets that in-channel answer rather than nothing.
"""

from __future__ import annotations

from pathlib import Path

from tests.factories import CRISIS_REPLY
from tests.fakes import slack_payloads as sp
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import Running, running_bot
from tests.fakes.slack_harness import slack_rig

CRISIS = "crying, i want to end my life"
GUILD_POST = r"/channels/\d+/messages"


def mentionable(body: dict[str, object]) -> list[str]:
    """Who a message may ping: only users listed by id, never everyone, roles or the replied-to author by default."""
    allowed = body["allowed_mentions"]
    assert isinstance(allowed, dict) and allowed["parse"] == [] and not allowed.get("replied_user")
    return [str(user) for user in allowed["users"]]


def channel_posts(live: Running) -> list[object]:
    """Messages the bot posted in the guild's channels (not in DMs)."""
    return live.fake.calls.find(lambda c: c.ok and c.hits("POST", GUILD_POST)
                                and c.route.split("/")[2] not in live.fake.dm_channels)


async def test_on_discord_support_goes_to_the_person_by_dm_and_nothing_is_posted_in_the_channel(
        tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        message, reply = await live.said(CRISIS)
        assert reply.kind == "support" and not reply.in_channel
        (dm,) = live.fake.dms_to(live.fake.alice)
        assert dm["content"] == CRISIS_REPLY
        assert not live.posts_replying_to(message) and not channel_posts(live)


async def test_on_discord_closed_dms_fall_back_to_a_reply_that_mentions_only_the_person(tmp_path: Path) -> None:
    async with FakeDiscord() as fake, running_bot(tmp_path, fake=fake) as live:
        fake.closed_dms.add(fake.alice["id"])
        message, _ = await live.said(CRISIS)
        post = await live.reply_to(message)
        assert post.body["content"] == f"<@{fake.alice['id']}> {CRISIS_REPLY}"
        assert mentionable(post.body) == [fake.alice["id"]]
        refused = fake.calls.find(lambda c: c.status == 403 and c.hits("POST", GUILD_POST))
        assert len(refused) == 1 and fake.dms_to(fake.alice) == []  # the DM was tried first, and Discord said no


async def test_on_discord_the_channel_setting_answers_in_the_channel_without_trying_a_dm(tmp_path: Path) -> None:
    async with running_bot(tmp_path, settings={"crisis_support": "channel"}) as live:
        message, reply = await live.said(CRISIS)
        post = await live.reply_to(message)
        assert reply.in_channel and post.body["content"].endswith(CRISIS_REPLY)
        assert mentionable(post.body) == [live.fake.alice["id"]]
        assert not live.fake.calls.find(lambda c: c.hits("POST", r"/users/@me/channels"))


async def test_on_slack_support_is_ephemeral_by_default_and_in_the_thread_when_the_catalogue_says_so(
        tmp_path: Path) -> None:
    async with slack_rig(tmp_path / "private") as rig:
        await rig.send(sp.message(CRISIS, user="U5"), "events_api")
        support = await rig.fake.wait_for("chat.postEphemeral")
        assert support.params["text"] == CRISIS_REPLY and support.params["user"] == "U5"
        await rig.settle()
        assert rig.fake.calls_to("chat.postMessage") == []
    async with slack_rig(tmp_path / "channel", settings={"crisis_support": "channel"}) as rig:
        said = sp.message(CRISIS, user="U5")
        await rig.send(said, "events_api")
        support = await rig.fake.wait_for("chat.postMessage")
        assert support.params["text"] == f"<@U5> {CRISIS_REPLY}"
        assert support.params["thread_ts"] == said["event"]["ts"]
        await rig.settle()
        assert rig.fake.calls_to("chat.postEphemeral") == []
