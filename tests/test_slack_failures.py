"""When Slack misbehaves: 429s waited out, dropped sockets rejoined, failed posts logged, users never see errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from adapters.slack_deliver import INVITE_ME
from adapters.slack_listeners import SORRY
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import Call
from tests.fakes.slack_harness import Rig, slack_rig

SAD = "nobody came to my party, crying"


def shared(call: Call) -> bool:
    """An upload completed into a channel (not a private preview file)."""
    return "channel_id" in call.params


async def open_preview(rig: Rig) -> str:
    await rig.send(p.slash("rainy day", response_url=rig.fake.response_url("cmd")), "slash_commands")
    shown = await rig.fake.wait_for("response_url", lambda c: c.params["token"] == "cmd")
    return str(shown.params["blocks"][-1]["elements"][0]["value"])


async def test_a_429_is_waited_out_for_retry_after_and_the_meme_still_arrives(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.rate_limit("files.completeUploadExternal", retry_after=1)
        await rig.send(p.message(SAD), "events_api")
        await rig.fake.wait_for("files.completeUploadExternal", shared)
        tries = [c for c in rig.fake.calls if c.method == "files.completeUploadExternal"]
        assert [c.status for c in tries] == [429, 200]
        assert tries[1].at - tries[0].at >= 1.0, "the retry came only after Retry-After"


@pytest.mark.parametrize("graceful", [False, True], ids=["dropped", "refresh-requested"])
async def test_socket_mode_reconnects_and_keeps_answering(tmp_path: Path, graceful: bool) -> None:
    async with slack_rig(tmp_path, mode="socket") as rig:
        await rig.send(p.message(SAD, channel="C1"), "events_api")
        await rig.fake.wait_for("files.completeUploadExternal", shared)
        await rig.fake.drop_socket(graceful=graceful)
        await rig.fake.wait_connected(count=2, timeout=15)
        await rig.send(p.message(SAD, channel="C2"), "events_api")
        after = await rig.fake.wait_for("files.completeUploadExternal", shared, count=2)
        assert after.params["channel_id"] == "C2"
        assert len(rig.fake.calls_to("apps.connections.open")) >= 2, "a fresh socket URL was asked for"


async def test_a_failed_post_is_logged_with_context_and_the_app_keeps_running(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.fail("files.completeUploadExternal", error="internal_error")
        with caplog.at_level(logging.ERROR, logger="crybot.slack"):
            await rig.send(p.message(SAD, channel="C4", user="U4"), "events_api")
            await rig.settle()
        failed = [r for r in caplog.records if r.name == "crybot.slack" and r.levelno == logging.ERROR]
        assert [r.getMessage() for r in failed] == ["slack message failed (channel C4, user U4)"]
        assert failed[0].exc_info is not None, "the traceback goes to the log"
        await rig.send(p.message(SAD, channel="C5", user="U4"), "events_api")
        await rig.fake.wait_for("files.completeUploadExternal", shared)


@pytest.mark.parametrize(
    ("error", "told_text"),
    [("internal_error", SORRY), ("not_in_channel", INVITE_ME)],
    ids=["slack-error", "bot-not-in-channel"],
)
async def test_a_failed_send_tells_the_user_a_fixed_line_never_the_error(
    tmp_path: Path, error: str, told_text: str
) -> None:
    async with slack_rig(tmp_path) as rig:
        preview_id = await open_preview(rig)
        rig.fake.fail("files.completeUploadExternal", error=error)
        await rig.send(p.button("crybot_send", preview_id, response_url=rig.fake.response_url("send")), "interactive")
        told = await rig.fake.wait_for("response_url", lambda c: c.params["token"] == "send")
        assert told.params["text"] == told_text
        assert all(error not in str(c.params) for c in rig.fake.calls_to("response_url"))


async def test_a_preview_whose_upload_fails_still_offers_the_buttons_with_alt_text(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.fail("files.getUploadURLExternal", error="internal_error")
        await rig.send(p.slash("rainy day", response_url=rig.fake.response_url()), "slash_commands")
        shown = await rig.fake.wait_for("response_url")
        text_block, actions = shown.params["blocks"]
        assert text_block["type"] == "section" and "alt text" in text_block["text"]["text"]
        assert [b["action_id"] for b in actions["elements"]] == ["crybot_send", "crybot_shuffle", "crybot_cancel"]


async def test_a_refused_image_block_falls_back_to_the_alt_text_preview(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        rig.fake.fail("response_url", error="invalid_blocks")
        await rig.send(p.slash("rainy day", response_url=rig.fake.response_url()), "slash_commands")
        shown = await rig.fake.wait_for("response_url")
        assert [b["type"] for b in shown.params["blocks"]] == ["section", "actions"]
