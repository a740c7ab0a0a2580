"""What goes wrong on Discord's side: rate limits, dropped sockets, refused sends, bad tokens, missing intents."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from adapters.discord_bot import NO_CONTENT_WARNING, build_bot, run, serve
from adapters.discord_replies import SORRY
from bot.errors import StartupError
from tests.factories import open_test_core
from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_harness import discord_env, endpoints_restored, running_bot, stop

MESSAGES = r"/channels/\d+/messages"
REIDENTIFY_WITHIN = 15.0  # covers discord.py's 5 s pause before identifying again


async def test_a_429_is_waited_out_and_the_reply_still_delivered(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        live.fake.rate_limit("POST", MESSAGES, retry_after=0.25)
        message, reply = await live.said("crying because the printer jammed")
        assert reply.kind == "meme"
        refused, delivered = live.fake.calls.find(lambda c: c.hits("POST", MESSAGES))
        assert (refused.status, delivered.status) == (429, 200)
        assert delivered.at - refused.at >= 0.25 * 0.9  # waited for retry_after, then retried (a lower bound)
        assert live.posts_replying_to(message) == [delivered]


async def test_a_dropped_gateway_is_resumed_and_later_messages_answered(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        await live.fake.gateway.drop(code=4000)
        resume = await live.fake.gateway.frames.wait(lambda f: f.op == 6)
        assert resume.d["token"] == live.fake.token
        message, reply = await live.said("crying, the wifi dropped too")
        assert reply.kind == "meme" and await live.reply_to(message)
        assert len(live.fake.gateway.frames.find(lambda f: f.op == 2)) == 1  # resumed, no new session


async def test_a_forgotten_session_is_identified_afresh_and_later_messages_answered(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        gateway = live.fake.gateway
        heard, said = len(gateway.frames), len(gateway.sent)
        gateway.forget_sessions()
        await gateway.drop(code=4000)
        await gateway.frames.wait(lambda f: f.op == 6, since=heard)  # the client tries to resume first
        invalid = await gateway.sent.wait(lambda f: f.op == 9, since=said)
        assert invalid.d is False  # "not resumable": the client must start a new session
        # discord.py waits out Discord's identify rate limit (5 s) before a second IDENTIFY.
        again = await gateway.frames.wait(lambda f: f.op == 2, since=heard, timeout=REIDENTIFY_WITHIN)
        assert again.d["token"] == live.fake.token
        assert len(gateway.frames.find(lambda f: f.op == 2)) == 2
        # Events for the guild go to the new session only once its GUILD_CREATE is out; earlier ones would be lost.
        await gateway.sent.wait(lambda f: f.t == "GUILD_CREATE", since=said)
        message, reply = await live.said("crying, the wifi dropped again")
        assert reply.kind == "meme" and await live.reply_to(message)


async def test_messages_sent_while_the_socket_is_down_are_answered_after_resume(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        await live.fake.gateway.drop(code=1001)
        message, reply = await live.said("crying, missed the whole thing")
        assert reply.kind == "meme" and await live.reply_to(message)


async def test_a_refused_send_is_logged_with_context_and_the_bot_carries_on(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with running_bot(tmp_path) as live:
        live.fake.fail("POST", MESSAGES, status=403, code=50013, message="Missing Permissions")
        with caplog.at_level(logging.WARNING, logger="adapters"):
            refused, _ = await live.said("crying at my desk")
        (record,) = [r for r in caplog.records if "could not deliver" in r.getMessage()]
        assert refused["id"] in record.getMessage() and refused["channel_id"] in record.getMessage()
        assert "403" in record.getMessage()
        message, _ = await live.said("crying at my desk again")
        assert await live.reply_to(message)


async def test_a_failing_command_answers_with_a_short_private_apology(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with running_bot(tmp_path) as live:
        live.fake.fail("POST", r"/interactions/\d+/[^/]+/callback", status=400, code=50035,
                       message="Invalid Form Body: secret internals")
        with caplog.at_level(logging.ERROR, logger="adapters"):
            interaction = await live.fake.slash("cry", text="sad day")
            await live.fake.calls.wait(lambda c: c.ok and interaction["id"] in c.route)
        answer = live.fake.original(interaction)
        assert answer is not None and answer["content"] == SORRY and answer["flags"] & p.EPHEMERAL
        assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


async def test_a_failing_button_answers_with_a_short_private_apology(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as live:
        interaction = await live.fake.slash("cry")
        await live.fake.calls.wait(lambda c: c.ok and interaction["id"] in c.route)
        preview = live.fake.original(interaction)
        assert preview is not None
        live.fake.fail("POST", r"/interactions/\d+/[^/]+/callback", status=400, code=50035, message="nope")
        press = await live.fake.press(preview, live.fake.buttons(preview)[1])
        await live.fake.calls.wait(lambda c: c.ok and press["id"] in c.route)
        assert live.fake.acked(press) == 4
        apology = live.fake.messages[max(live.fake.messages, key=int)]
        assert apology["content"] == SORRY and apology["flags"] & p.EPHEMERAL


async def test_a_rejected_token_is_one_line_startup_error(tmp_path: Path) -> None:
    core = await open_test_core(tmp_path)
    try:
        with endpoints_restored():
            async with FakeDiscord() as fake:
                env = discord_env(fake, DISCORD_TOKEN="wrong")
                with pytest.raises(StartupError) as caught:
                    await asyncio.wait_for(run(build_bot(core, env=env), env=env), 10)
    finally:
        await core.close()
    assert "DISCORD_TOKEN" in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no chained traceback


@pytest.mark.parametrize(("env", "says"), [
    ({}, "DISCORD_TOKEN is not set"),
    ({"DISCORD_TOKEN": "t", "DISCORD_SHARD_COUNT": "two"}, "DISCORD_SHARD_COUNT must be a whole number"),
    ({"DISCORD_TOKEN": "t", "DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "2"}, "from 0 to 1"),
    ({"DISCORD_TOKEN": "t", "DISCORD_SHARD_IDS": "a-b"}, "look like 0,1,4-7"),
])
async def test_bad_settings_are_one_line_startup_errors(tmp_path: Path, env: dict[str, str], says: str) -> None:
    core = await open_test_core(tmp_path)
    try:
        with pytest.raises(StartupError, match=says) as caught:
            await serve(core, env=env)
    finally:
        await core.close()
    assert "\n" not in str(caught.value)


async def test_without_message_content_it_warns_once_and_slash_commands_work(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    core = await open_test_core(tmp_path)
    with endpoints_restored():
        async with FakeDiscord(message_content=False) as fake:
            with caplog.at_level(logging.WARNING):
                task = asyncio.create_task(serve(core, env=discord_env(fake), guild_ready_timeout=0.05))
                try:
                    await fake.gateway.frames.wait(
                        lambda f: f.op == 2 and not f.d["intents"] & p.MESSAGE_CONTENT_INTENT, timeout=10)
                    interaction = await fake.slash("cry", mood="sad")
                    await fake.calls.wait(lambda c: c.ok and interaction["id"] in c.route)
                finally:
                    await stop(task)
                    await core.close()
    preview = fake.original(interaction)
    assert preview is not None and len(fake.buttons(preview)) == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings.count(NO_CONTENT_WARNING) == 1
    assert "Message Content Intent" in NO_CONTENT_WARNING and "Developer Portal" in NO_CONTENT_WARNING
