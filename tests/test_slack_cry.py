"""/cry, its Send/Shuffle/Cancel preview, the "Cry about this" shortcut and @mentions, end to end on real bolt."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.factories import CRISIS_REPLY
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call
from tests.fakes.slack_harness import Rig

CRISIS = "I want to kill myself"


def preview_of(call: Call) -> tuple[dict[str, Any], dict[str, Any]]:
    """The image block and the actions block of a preview message."""
    blocks = call.params["blocks"]
    assert [b["type"] for b in blocks] == ["image", "actions"], blocks
    return blocks[0], blocks[1]


async def open_preview(rig: Rig, text: str = "", *, name: str = "cmd") -> tuple[str, dict[str, Any]]:
    """Run /cry and return the preview id and the preview's image block."""
    await rig.send(p.slash(text, response_url=rig.fake.response_url(name)), "slash_commands")
    shown = await rig.fake.wait_for("response_url", lambda c: c.params["token"] == name)
    image, actions = preview_of(shown)
    values = {b["action_id"]: b["value"] for b in actions["elements"]}
    assert list(values) == ["crybot_send", "crybot_shuffle", "crybot_cancel"]
    assert len(set(values.values())) == 1, "every button carries the same preview id"
    return values["crybot_send"], image


async def press(rig: Rig, action: str, preview_id: str, *, name: str, block_id: str = "crybot|") -> Call:
    """Press a preview button and return what came back on its response_url."""
    await rig.send(
        p.button(f"crybot_{action}", preview_id, response_url=rig.fake.response_url(name), block_id=block_id),
        "interactive",
    )
    return await rig.fake.wait_for("response_url", lambda c: c.params["token"] == name)


async def test_cry_without_text_previews_a_meme_privately_with_three_buttons(rig: Rig) -> None:
    preview_id, image = await open_preview(rig)
    assert preview_id
    file_id = image["slack_file"]["id"]
    uploaded = rig.fake.files[file_id]
    assert uploaded["alt_txt"] == image["alt_text"] and image["alt_text"].endswith("alt text")
    assert uploaded["uploaded"] > 0, "the picture's bytes reached the upload URL"
    shown = rig.fake.calls_to("response_url")[0]
    assert shown.params["response_type"] == "ephemeral"
    complete = rig.fake.calls_to("files.completeUploadExternal")[0]
    assert "channel_id" not in complete.params, "a preview's file is shared nowhere"
    assert rig.fake.calls_to("chat.postMessage") == []


async def test_cry_with_text_captions_the_meme(rig: Rig) -> None:
    _, image = await open_preview(rig, "my code review got 40 comments")
    assert 'Caption: "my code review got 40 comments"' in image["alt_text"]


async def test_the_command_is_acknowledged_before_the_meme_is_uploaded(rig: Rig) -> None:
    gate = rig.fake.hold("files.getUploadURLExternal")
    # rig.send returns once Slack has the ack; were the ack held up behind the upload, this would time out.
    await asyncio.wait_for(rig.send(p.slash("slow day", response_url=rig.fake.response_url()), "slash_commands"), 10)
    await rig.fake.wait_held("files.getUploadURLExternal")  # the upload has started and is held, unanswered
    assert not gate.is_set() and rig.fake.calls_to("files.getUploadURLExternal") == []
    assert rig.fake.calls_to("response_url") == [], "the preview waits for its picture; only the ack went out"
    gate.set()
    await rig.fake.wait_for("response_url")
    assert rig.fake.calls_to("files.getUploadURLExternal"), "the held upload went through once let go"


async def test_shuffle_replaces_the_preview_with_another_meme(rig: Rig) -> None:
    preview_id, first = await open_preview(rig, "rainy day")
    answer = await press(rig, "shuffle", preview_id, name="shuffle")
    assert answer.params["replace_original"] is True
    second, actions = preview_of(answer)
    assert second["alt_text"] != first["alt_text"]
    assert {b["value"] for b in actions["elements"]} == {preview_id}


async def test_send_posts_in_the_channel_crediting_who_cried_and_removes_the_preview(rig: Rig) -> None:
    preview_id, image = await open_preview(rig, "rainy day")
    answer = await press(rig, "send", preview_id, name="send")
    assert answer.params.get("delete_original") is True
    shared = rig.fake.calls_to("files.completeUploadExternal", lambda c: "channel_id" in c.params)
    assert len(shared) == 1
    assert shared[0].params["channel_id"] == "C1" and shared[0].params["initial_comment"] == "<@U1> cried"
    sent = rig.fake.files[shared[0].params["files"][0]["id"]]
    assert sent["alt_txt"] == image["alt_text"], "the meme sent is the one previewed, with its alt text"


async def test_cancel_deletes_the_preview_and_posts_nothing(rig: Rig) -> None:
    preview_id, _ = await open_preview(rig)
    answer = await press(rig, "cancel", preview_id, name="cancel")
    assert answer.params["delete_original"] is True and not answer.params.get("blocks")
    await rig.settle()
    assert rig.fake.calls_to("files.completeUploadExternal", lambda c: "channel_id" in c.params) == []


async def test_a_button_on_an_expired_preview_explains_itself(rig: Rig) -> None:
    answer = await press(rig, "send", "no-such-preview", name="old")
    assert "expired" in answer.params["text"]
    assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_crisis_text_gets_the_support_reply_and_no_meme(rig: Rig) -> None:
    await rig.send(p.slash(CRISIS, response_url=rig.fake.response_url()), "slash_commands")
    answer = await rig.fake.wait_for("response_url")
    assert answer.params["text"] == CRISIS_REPLY and answer.params["response_type"] == "ephemeral"
    assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_shortcut_in_a_thread_previews_there_and_send_posts_in_that_thread(rig: Rig) -> None:
    await rig.send(
        p.shortcut(
            "the build broke three times today", response_url=rig.fake.response_url("sc"), thread_ts="1700000000.000100"
        ),
        "interactive",
    )
    shown = await rig.fake.wait_for("chat.postEphemeral")
    assert shown.params["thread_ts"] == "1700000000.000100" and shown.params["user"] == "U1"
    image, actions = preview_of(shown)
    assert "Caption" not in image["alt_text"], "someone's message is read, not written on the meme"
    answer = await press(rig, "send", actions["elements"][0]["value"], name="sc-send", block_id=actions["block_id"])
    assert answer.params.get("delete_original") is True
    shared = await rig.fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
    assert shared.params["thread_ts"] == "1700000000.000100"


async def test_shortcut_on_crisis_text_answers_with_support_in_the_thread(rig: Rig) -> None:
    await rig.send(
        p.shortcut(CRISIS, response_url=rig.fake.response_url(), thread_ts="1700000000.000200"), "interactive"
    )
    shown = await rig.fake.wait_for("chat.postEphemeral")
    assert shown.params["text"] == CRISIS_REPLY and shown.params["thread_ts"] == "1700000000.000200"
    assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_shortcut_where_the_bot_is_not_a_member_falls_back_to_response_url(rig: Rig) -> None:
    rig.fake.fail("chat.postEphemeral", error="channel_not_found")
    await rig.send(p.shortcut("sob", response_url=rig.fake.response_url("sc")), "interactive")
    answer = await rig.fake.wait_for("response_url")
    preview_of(answer)


async def test_mention_in_a_thread_answers_in_the_thread(rig: Rig) -> None:
    await rig.send(p.mention("my cat knocked my coffee over", thread_ts="1700000000.000300"), "events_api")
    shared = await rig.fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
    assert shared.params["channel_id"] == "C1" and shared.params["thread_ts"] == "1700000000.000300"
    assert shared.params["initial_comment"] == "<@U1> cried"
    assert rig.fake.files[shared.params["files"][0]["id"]]["alt_txt"]


async def test_mention_in_a_channel_starts_a_thread_on_the_mention(rig: Rig) -> None:
    mention = p.mention("long week")
    await rig.send(mention, "events_api")
    shared = await rig.fake.wait_for("files.completeUploadExternal", lambda c: "channel_id" in c.params)
    assert shared.params["thread_ts"] == mention["event"]["ts"]


async def test_mention_with_crisis_text_gets_private_support_not_a_meme(rig: Rig) -> None:
    await rig.send(p.mention(CRISIS), "events_api")
    shown = await rig.fake.wait_for("chat.postEphemeral")
    assert shown.params["text"] == CRISIS_REPLY and shown.params["user"] == "U1"
    await rig.settle()
    assert rig.fake.calls_to("files.getUploadURLExternal") == []


async def test_help_and_unknown_settings_show_usage(rig: Rig) -> None:
    await rig.send(p.slash("settings loud yes", response_url=rig.fake.response_url()), "slash_commands")
    answer = await rig.fake.wait_for("response_url")
    assert "/cry settings autoreply on|off" in answer.params["text"]


async def test_cry_with_a_mood_previews_a_meme_of_that_mood_captioned_with_the_rest(rig: Rig) -> None:
    preview_id, first = await open_preview(rig, "mood:grief my cat")
    second, _ = preview_of(await press(rig, "shuffle", preview_id, name="shuffle"))
    # The test catalogue has two grief memes; read as sad, "my cat" could show at most one of them.
    shown = {image["alt_text"] for image in (first, second)}
    assert shown == {'grief-candle alt text. Caption: "my cat"', 'grief-rain alt text. Caption: "my cat"'}


async def test_cry_with_an_unknown_mood_answers_privately_with_the_nearest_name(rig: Rig) -> None:
    await rig.send(p.slash("mood:grif my cat", response_url=rig.fake.response_url()), "slash_commands")
    answer = await rig.fake.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert "Unknown mood 'grif'" in answer.params["text"] and "Did you mean 'grief'?" in answer.params["text"]
    assert rig.fake.calls_to("files.getUploadURLExternal") == [], "no meme for a mood crybot does not know"


async def test_help_shows_the_mood_option(rig: Rig) -> None:
    await rig.send(p.slash("help", response_url=rig.fake.response_url()), "slash_commands")
    text = (await rig.fake.wait_for("response_url")).params["text"]
    assert "mood:grief" in text and "reply-in thread|channel" in text
