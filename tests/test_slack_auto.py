"""Auto-replies to channel messages, exactly once, and every case where crybot must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.events import MAX_COOLDOWN
from tests.factories import CRISIS_REPLY, DEFAULT_MEMES
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call
from tests.fakes.slack_harness import Rig, slack_rig

SAD = "nobody came to my party, crying"
WEEK = MAX_COOLDOWN  # the core's bound; Discord's /cry-settings declares the same range


def shared(call: Call) -> bool:
    """An upload completed into a channel (not a private preview file)."""
    return "channel_id" in call.params


async def test_triggered_message_gets_a_meme_file_with_alt_text_in_its_thread(rig: Rig) -> None:
    message = p.message(SAD, channel="C7")
    await rig.send(message, "events_api")
    done = await rig.fake.wait_for("files.completeUploadExternal", shared)
    assert done.params["channel_id"] == "C7" and done.params["thread_ts"] == message["event"]["ts"]
    file = rig.fake.files[done.params["files"][0]["id"]]
    assert file["alt_txt"] in {f"{meme} alt text" for meme in DEFAULT_MEMES}
    assert file["uploaded"] == file["length"] > 0
    assert "initial_comment" not in done.params, "an auto-reply credits nobody"


async def test_a_message_already_in_a_thread_is_answered_in_that_thread(rig: Rig) -> None:
    await rig.send(p.message(SAD, thread_ts="1700000000.000001"), "events_api")
    done = await rig.fake.wait_for("files.completeUploadExternal", shared)
    assert done.params["thread_ts"] == "1700000000.000001"


async def test_a_catalogue_set_to_channel_posts_memes_in_the_channel(tmp_path: Path) -> None:
    async with slack_rig(tmp_path, settings={"reply_in": "channel"}) as rig:
        await rig.send(p.message(SAD), "events_api")
        done = await rig.fake.wait_for("files.completeUploadExternal", shared)
        assert done.params["channel_id"] == "C1" and "thread_ts" not in done.params


async def test_reaction_mode_adds_a_reaction_by_its_slack_name(tmp_path: Path) -> None:
    async with slack_rig(tmp_path, settings={"reply_with": "reaction"}) as rig:
        message = p.message("build failed again 😭")
        await rig.send(message, "events_api")
        reaction = await rig.fake.wait_for("reactions.add")
        assert reaction.params["timestamp"] == message["event"]["ts"] and reaction.params["channel"] == "C1"
        assert reaction.params["name"] == "sob", "😭 is called sob on Slack"
        await rig.settle()
        assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_crisis_message_gets_private_support_never_a_meme(rig: Rig) -> None:
    await rig.send(p.message("I want to kill myself, crying", user="U5"), "events_api")
    support = await rig.fake.wait_for("chat.postEphemeral")
    assert support.params["text"] == CRISIS_REPLY and support.params["user"] == "U5"
    await rig.settle()
    assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_a_retried_event_is_answered_once(rig: Rig) -> None:
    message = p.message(SAD, event_id="Ev0RETRY1")
    await rig.send(message, "events_api")
    await rig.send(message, "events_api", retry=1)
    await rig.send(message, "events_api", retry=2)
    await rig.settle()
    assert len(rig.fake.calls_to("files.completeUploadExternal", shared)) == 1


async def test_untriggered_message_gets_nothing(rig: Rig) -> None:
    await rig.send(p.message("deploy is on thursday"), "events_api")
    await rig.settle()
    assert rig.fake.posts() == []


@pytest.mark.parametrize(
    "payload",
    [
        p.message(SAD, bot_id="B0OTHER", user="U9"),
        p.message(SAD, user="UCRYBOT"),
        p.edited(SAD),
        p.deleted(),
    ],
    ids=["another-bot", "itself", "edited", "deleted"],
)
async def test_bots_itself_edits_and_deletions_get_nothing(tmp_path: Path, payload: dict[str, object]) -> None:
    async with slack_rig(tmp_path) as rig:
        await rig.send(payload, "events_api")  # type: ignore[arg-type]
        await rig.settle()
        assert rig.fake.posts() == []


async def test_channel_cooldown_allows_one_reply_even_to_messages_arriving_together(tmp_path: Path) -> None:
    async with slack_rig(tmp_path, settings={"channel_cooldown": 600}) as rig:
        await rig.send(p.message(SAD, user="U1"), "events_api")
        await rig.send(p.message("build failed again 😭", user="U2"), "events_api")
        await rig.settle()
        assert len(rig.fake.calls_to("files.completeUploadExternal", shared)) == 1


async def test_user_cooldown_follows_a_person_across_channels_but_not_others(tmp_path: Path) -> None:
    async with slack_rig(tmp_path, settings={"channel_cooldown": 0, "user_cooldown": 600}) as rig:
        await rig.send(p.message(SAD, channel="C1", user="U1"), "events_api")
        await rig.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C1")
        again = p.message("build failed again 😭", channel="C2", user="U1")
        other = p.message("build failed again 😭", channel="C2", user="U2")
        await rig.send(again, "events_api")
        await rig.send(other, "events_api")
        await rig.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2")
        await rig.settle()
        in_c2 = rig.fake.calls_to("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2")
        assert [c.params["thread_ts"] for c in in_c2] == [other["event"]["ts"]], "only the other person is answered"


async def test_opted_out_user_is_left_alone_until_opting_back_in(rig: Rig) -> None:
    await rig.send(p.slash("optout", response_url=rig.fake.response_url("out")), "slash_commands")
    assert "won't auto-reply" in (await rig.fake.wait_for("response_url")).params["text"]
    await rig.send(p.message(SAD), "events_api")
    await rig.settle()
    assert rig.fake.calls_to("files.completeUploadExternal", shared) == []
    await rig.send(p.slash("optin", response_url=rig.fake.response_url("in")), "slash_commands")
    await rig.fake.wait_for("response_url", lambda c: c.params["token"] == "in")
    await rig.send(p.message(SAD), "events_api")
    await rig.fake.wait_for("files.completeUploadExternal", shared)


async def test_admin_turns_a_channel_off_and_it_stays_quiet(rig: Rig) -> None:
    rig.fake.admins.add("U1")
    await rig.send(p.slash("settings autoreply off", response_url=rig.fake.response_url()), "slash_commands")
    assert "off" in (await rig.fake.wait_for("response_url")).params["text"]
    await rig.send(p.message(SAD, channel="C1", user="U3"), "events_api")
    await rig.settle()
    assert rig.fake.calls_to("files.completeUploadExternal", shared) == []
    await rig.send(p.message(SAD, channel="C2", user="U3"), "events_api")
    done = await rig.fake.wait_for("files.completeUploadExternal", shared)
    assert done.params["channel_id"] == "C2", "other channels keep their replies"


async def test_settings_from_a_non_admin_are_refused_and_change_nothing(rig: Rig) -> None:
    await rig.send(p.slash("settings autoreply off", response_url=rig.fake.response_url()), "slash_commands")
    assert "Only workspace admins" in (await rig.fake.wait_for("response_url")).params["text"]
    await rig.send(p.message(SAD), "events_api")
    await rig.fake.wait_for("files.completeUploadExternal", shared)


async def test_a_message_mentioning_the_bot_is_answered_once_by_the_mention(rig: Rig) -> None:
    as_message = p.message(f"<@UCRYBOT> {SAD}")
    as_mention = p.mention(SAD)
    await rig.send(as_message, "events_api")
    await rig.send(as_mention, "events_api")
    await rig.settle()
    posted = rig.fake.calls_to("files.completeUploadExternal", shared)
    assert [c.params["thread_ts"] for c in posted] == [as_mention["event"]["ts"]]


async def test_an_admin_can_send_one_channel_s_memes_to_the_channel_while_others_keep_threads(rig: Rig) -> None:
    rig.fake.admins.add("U1")
    await rig.send(p.slash("settings reply-in channel", response_url=rig.fake.response_url("set")), "slash_commands")
    told = (await rig.fake.wait_for("response_url", lambda c: c.params["token"] == "set")).params["text"]
    assert "go in the channel itself" in told
    await rig.send(p.message(SAD, channel="C1", user="U3"), "events_api")
    in_channel = await rig.fake.wait_for("files.completeUploadExternal", shared)
    assert in_channel.params["channel_id"] == "C1" and "thread_ts" not in in_channel.params
    other = p.message(SAD, channel="C2", user="U3")
    await rig.send(other, "events_api")
    threaded = await rig.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C2")
    assert threaded.params["thread_ts"] == other["event"]["ts"]


async def test_listing_settings_says_where_memes_go(rig: Rig) -> None:
    rig.fake.admins.add("U1")
    await rig.send(p.slash("settings", response_url=rig.fake.response_url()), "slash_commands")
    told = (await rig.fake.wait_for("response_url")).params["text"]
    assert "Auto-replies are on" in told and "go in the thread of the message" in told


@pytest.mark.parametrize(("seconds", "kept"), [(WEEK - 1, True), (WEEK, True), (WEEK + 1, False)],
                         ids=["just-under-a-week", "a-week", "just-over-a-week"])
async def test_cooldowns_up_to_the_core_s_limit_of_a_week_are_kept_and_longer_ones_refused(
    tmp_path: Path, seconds: int, kept: bool
) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.admins.add("U1")
        words = f"settings cooldown {seconds} user-cooldown {seconds}"
        await rig.send(p.slash(words, response_url=rig.fake.response_url()), "slash_commands")
        told = (await rig.fake.wait_for("response_url")).params["text"]
        now = await rig.core.channel_settings(space_id=p.TEAM, channel_id="C1")
        if kept:
            assert (now.channel_cooldown, now.user_cooldown) == (seconds, seconds)
        else:
            assert told == "channel cooldown must be between 0 seconds and 7 days."
            assert (now.channel_cooldown, now.user_cooldown) == (0, 0), "the catalogue's values stay"


@pytest.mark.parametrize("seconds", ["1.5", "-1", "²", "ten"])
async def test_a_cooldown_that_is_not_whole_seconds_gets_the_usage(tmp_path: Path, seconds: str) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.admins.add("U1")
        await rig.send(p.slash(f"settings cooldown {seconds}", response_url=rig.fake.response_url()), "slash_commands")
        assert "/cry settings autoreply on|off" in (await rig.fake.wait_for("response_url")).params["text"]
