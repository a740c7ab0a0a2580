"""The fake Slack speaks well enough for the real slack-bolt and slack_sdk clients (no crybot involved)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import slack_payloads as p
from tests.fakes.slack_api import FakeSlack, served

SECRET = "shhh"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as running:
        yield running


def echo_app(fake: FakeSlack) -> AsyncApp:
    """A minimal bolt app that echoes messages and answers /cry through response_url."""
    client = AsyncWebClient(
        token=fake.bot_token, base_url=fake.api_url, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    )
    app = AsyncApp(client=client, signing_secret=SECRET)

    @app.event("message")
    async def on_message(event: dict[str, Any], say: Any) -> None:
        await say(text=f"echo {event['text']}")

    @app.command("/cry")
    async def on_cry(ack: Any, respond: Any, command: dict[str, Any]) -> None:
        await ack()
        await respond(text=f"preview {command['text']}", response_type="ephemeral")

    return app


async def test_signed_event_reaches_bolt_and_its_post_is_recorded(fake: FakeSlack) -> None:
    async with served(echo_app(fake).web_app(path="/slack/events")) as base:
        url = base + "/slack/events"
        body, ctype = p.http_body(p.message("hello there", channel="C9"), "events_api")
        assert (await fake.deliver(url, body, secret=SECRET, content_type=ctype))[0] == 200
        post = await fake.wait_for("chat.postMessage")
        assert post.params["channel"] == "C9" and post.params["text"] == "echo hello there"
        assert post.token == fake.bot_token
        assert fake.calls_to("auth.test"), "bolt checks who it is before its first answer"


async def test_bad_signature_is_refused(fake: FakeSlack) -> None:
    async with served(echo_app(fake).web_app(path="/slack/events")) as base:
        url = base + "/slack/events"
        body, ctype = p.http_body(p.message("hello"), "events_api")
        assert (await fake.deliver(url, body, secret="wrong", content_type=ctype))[0] == 401
        assert fake.posts() == []


async def test_slash_command_answers_on_response_url(fake: FakeSlack) -> None:
    async with served(echo_app(fake).web_app(path="/slack/events")) as base:
        url = base + "/slack/events"
        body, ctype = p.http_body(p.slash("rainy day", response_url=fake.response_url("cmd")), "slash_commands")
        assert (await fake.deliver(url, body, secret=SECRET, content_type=ctype))[0] == 200
        answer = await fake.wait_for("response_url")
        assert answer.params == {"text": "preview rainy day", "response_type": "ephemeral", "token": "cmd"}


async def test_bad_token_gets_invalid_auth(fake: FakeSlack) -> None:
    client = AsyncWebClient(token="xoxb-nope", base_url=fake.api_url)
    with pytest.raises(SlackApiError) as refused:
        await client.auth_test()
    assert refused.value.response["error"] == "invalid_auth"
    assert fake.calls[-1].status == 401


async def test_rate_limit_is_waited_out_by_the_sdk_handler(fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", retry_after=0)
    client = AsyncWebClient(
        token=fake.bot_token, base_url=fake.api_url, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)]
    )
    await client.chat_postMessage(channel="C1", text="after the wait")
    statuses = [c.status for c in fake.calls if c.method == "chat.postMessage"]
    assert statuses == [429, 200]


async def test_upload_v2_goes_through_three_calls_and_keeps_alt_text(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
    done = await client.files_upload_v2(
        content=b"GIF89a....", filename="cat.gif", alt_txt="a sad cat", channel="C1", thread_ts="1.2"
    )
    file_id = done["file"]["id"]
    assert fake.files[file_id]["uploaded"] == len(b"GIF89a....")
    assert fake.files[file_id]["alt_txt"] == "a sad cat"
    complete = fake.calls_to("files.completeUploadExternal")[0]
    assert complete.params["channel_id"] == "C1" and complete.params["thread_ts"] == "1.2"


async def test_socket_mode_envelope_acked_and_answered_then_reconnects(fake: FakeSlack) -> None:
    app = echo_app(fake)
    handler = AsyncSocketModeHandler(app, fake.app_token)
    await handler.connect_async()
    try:
        envelope = await fake.send_envelope("events_api", p.message("over the socket"))
        assert (await fake.wait_ack(envelope))["envelope_id"] == envelope
        await fake.wait_for("chat.postMessage", lambda c: c.params["text"] == "echo over the socket")
        await fake.drop_socket()
        await fake.wait_connected(count=2)
        await fake.send_envelope("events_api", p.message("after the drop"))
        await fake.wait_for("chat.postMessage", lambda c: c.params["text"] == "echo after the drop")
        assert len(fake.calls_to("apps.connections.open")) == 2
    finally:
        await handler.close_async()
