"""Slack over HTTP at its edges: broken or forged requests are 4xx and hardly logged; long alt text fits Slack."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from adapters.slack_http import RefusalLog
from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import ALT_TXT_LIMIT, IMAGE_ALT_LIMIT
from tests.fakes.slack_harness import SECRET, slack_rig

TRIGGERED = "nobody came to my party, crying"
LONG_CAPTION = "my code review got forty comments and every one of them was about tabs " * 20  # 1,440 characters


def errors_and_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_timestamps_that_are_not_seconds_get_400_and_one_log_line(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with slack_rig(tmp_path) as rig:
        body, ctype = p.http_body(p.message(TRIGGERED), "events_api")
        stamps = ["abc", "9" * 5_000, "1e9", "-1", "١٧٠٠٠٠٠٠٠٠", "", "9" * 40] * 3
        for stamp in stamps:
            status, _ = await rig.fake.deliver(rig.url, body, secret=SECRET, content_type=ctype, timestamp=stamp)
            assert status == 400, stamp
        await rig.send(p.message("deploy is on thursday"), "events_api")  # a good one still gets through
        await rig.settle()
        assert rig.tracker.finished == 1 and rig.fake.posts() == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors_and_warnings(caplog)) == 1, [r.getMessage() for r in errors_and_warnings(caplog)]


async def test_signed_bodies_that_are_not_what_slack_sends_get_400(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    bodies = [
        ("{not json", "application/json"), ("[1, 2]", "application/json"), ('"text"', "application/json"),
        ("[" * 20_000 + "]" * 20_000, "application/json"), ("payload=%7Bnot", "application/x-www-form-urlencoded"),
        ("payload=%5B%5D", "application/x-www-form-urlencoded"),
    ]
    async with slack_rig(tmp_path) as rig:
        for body, ctype in bodies * 3:
            status, answer = await rig.fake.deliver(rig.url, body, secret=SECRET, content_type=ctype)
            assert status == 400 and answer == '{"error": "invalid request"}', body[:20]
        await rig.settle()
        assert rig.tracker.finished == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors_and_warnings(caplog)) == 1


def test_the_refusal_log_writes_one_line_a_minute_however_many_requests() -> None:
    now = [0.0]
    refusals = RefusalLog(clock=lambda: now[0])
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("crybot.slack")
    logger.addHandler(handler)
    try:
        for second in range(300):  # five minutes, ten refusals a second
            now[0] = float(second)
            for _ in range(10):
                refusals.note("a bad signature or a stale timestamp")
    finally:
        logger.removeHandler(handler)
    assert len(lines) == 5 and lines[0].startswith("refused 1 Slack request") and "refused 600 " in lines[1]


async def test_a_long_caption_still_uploads_with_alt_text_cut_to_slacks_limits(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        await rig.send(p.slash(LONG_CAPTION, response_url=rig.fake.response_url("long")), "slash_commands")
        shown = await rig.fake.wait_for("response_url", lambda c: c.params["token"] == "long")
        image = shown.params["blocks"][0]
        assert image["type"] == "image", "the picture was uploaded and shown, not replaced by its alt text"
        uploaded = rig.fake.files[image["slack_file"]["id"]]
        assert len(uploaded["alt_txt"]) <= ALT_TXT_LIMIT and uploaded["alt_txt"].endswith("…")
        assert len(image["alt_text"]) <= IMAGE_ALT_LIMIT and image["alt_text"].startswith(uploaded["alt_txt"][:-1])
        assert [c.status for c in rig.fake.calls if c.method == "files.getUploadURLExternal"] == [200]


async def test_a_well_signed_request_with_a_fresh_timestamp_is_still_served(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        body, ctype = p.http_body(p.message(TRIGGERED, channel="C7"), "events_api")
        status, _ = await rig.fake.deliver(rig.url, body, secret=SECRET, content_type=ctype, timestamp=int(time.time()))
        assert status == 200
        await rig.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C7")
