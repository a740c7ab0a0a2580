"""HTTP mode checks Slack's request signature: forged or replayed requests are refused and post nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.fakes import slack_payloads as p
from tests.fakes.slack_harness import SECRET, SETTLE_TIMEOUT, slack_rig

TRIGGERED = "nobody came to my party, crying"


async def test_a_wrong_signature_is_refused_and_posts_nothing(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        body, ctype = p.http_body(p.message(TRIGGERED), "events_api")
        status, _ = await rig.fake.deliver(rig.url, body, secret="not-the-secret", content_type=ctype)
        assert status == 401
        slash, form = p.http_body(p.slash("hi", response_url=rig.fake.response_url()), "slash_commands")
        assert (await rig.fake.deliver(rig.url, slash, secret="not-the-secret", content_type=form))[0] == 401
        await rig.send(p.message("deploy is on thursday"), "events_api")  # a signed one still gets through
        await rig.settle()
        assert rig.fake.posts() == []


async def test_a_stale_timestamp_is_refused_even_with_a_valid_signature(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        body, ctype = p.http_body(p.message(TRIGGERED), "events_api")
        ten_minutes_ago = int(time.time()) - 600
        status, _ = await rig.fake.deliver(rig.url, body, secret=SECRET, content_type=ctype, timestamp=ten_minutes_ago)
        assert status == 401
        await rig.send(p.message("deploy is on thursday"), "events_api")
        await rig.settle()
        assert rig.fake.posts() == []


async def test_a_signed_request_with_a_tampered_body_is_refused(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        body, ctype = p.http_body(p.message("deploy is on thursday"), "events_api")
        stamp = int(time.time())
        status, _ = await rig.fake.deliver(
            rig.url,
            body,
            secret=SECRET,
            content_type=ctype,
            timestamp=stamp,
            tamper=lambda sent: sent.replace("thursday", "crying"),
        )
        assert status == 401
        await rig.send(p.message(TRIGGERED, channel="C9"), "events_api")  # a correctly signed one gets through
        await rig.fake.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C9")
        await rig.settle()
        assert await rig.tracker.drain(timeout=SETTLE_TIMEOUT)  # anything that did get in has finished too
        assert rig.tracker.finished == 1, "only the signed request reached a listener"
        assert [c.params.get("channel_id") for c in rig.fake.posts()] == ["C9"], "the tampered one posted nothing"


async def test_the_request_url_challenge_is_answered_when_setting_up_http_mode(tmp_path: Path) -> None:
    async with slack_rig(tmp_path) as rig:
        body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"})
        status, answer = await rig.fake.deliver(rig.url, body, secret=SECRET)
        assert status == 200 and "3eZbrw1aBm2rZgRNFdxV" in answer
