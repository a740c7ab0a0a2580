"""Run the real crybot Discord adapter, on a real core, against the fake Discord; used by tests and the benchmark."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord.gateway import DiscordWebSocket

from adapters.discord_bot import build_bot, run
from adapters.discord_client import Crybot
from bot.core import Core
from bot.events import Reply
from tests.factories import open_test_core
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_journal import Call, Journal

READY_TIMEOUT = 10.0
CALLBACK = r"/interactions/\d+/[^/]+/callback"  # the route that answers an interaction


@dataclass(slots=True)
class Running:
    """A connected bot, its core and the fake, with what the bot has handled so far."""

    fake: FakeDiscord
    core: Core
    bot: Crybot
    env: dict[str, str]
    handled: Journal[tuple[str, Reply]]  # (message id, the core's reply), once delivered

    async def said(self, content: str, **options: Any) -> tuple[dict[str, Any], Reply]:
        """Post a message as a user; return it with the reply once the bot has finished with it."""
        message = await self.fake.say(content, **options)
        _, reply = await self.handled.wait(lambda h: h[0] == message["id"])
        return message, reply

    def posts_replying_to(self, message: dict[str, Any]) -> list[Call]:
        """The bot's successful replies to a message."""
        return self.fake.calls.find(lambda c: c.ok and c.method == "POST" and replies_to(c, message))

    async def reply_to(self, message: dict[str, Any]) -> Call:
        """Wait for the bot's reply to a message."""
        return await self.fake.calls.wait(lambda c: c.ok and c.method == "POST" and replies_to(c, message))

    async def answered(self, interaction: dict[str, Any], *, kind: int | None = None) -> Call:
        """Wait for the callback that answers an interaction (of one callback type, when given)."""
        return await self.fake.calls.wait(
            lambda c: c.ok and c.hits("POST", CALLBACK) and interaction["id"] in c.route
            and (kind is None or c.body["type"] == kind))


def replies_to(call: Call, message: dict[str, Any]) -> bool:
    """Tell whether a call posts a reply to the message."""
    reference = (call.body or {}).get("message_reference") or {}
    return str(reference.get("message_id")) == message["id"]


def discord_env(fake: FakeDiscord, **extra: str) -> dict[str, str]:
    """The environment `crybot run discord` would see, pointed at the fake."""
    return {"DISCORD_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url} | extra


@contextlib.contextmanager
def endpoints_restored() -> Iterator[None]:
    """Put discord.py's REST base and gateway back after the adapter pointed them at a fake."""
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def until_ready(bot: Crybot, task: asyncio.Task[None], *, timeout: float = READY_TIMEOUT) -> None:
    """Wait until the bot is ready, raising what its run raised if it stopped first."""
    ready = asyncio.ensure_future(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    ready.cancel()
    if task in done:
        task.result()
        raise AssertionError("the bot stopped before it was ready")
    if not done:
        raise AssertionError(f"the bot was not ready within {timeout}s")


async def stop(task: asyncio.Task[None], bot: Crybot | None = None) -> None:
    """Stop a bot's run task and wait for it."""
    if bot is not None:
        await bot.close()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


@contextlib.asynccontextmanager
async def running_bot(folder: Path, *, fake: FakeDiscord | None = None, env: dict[str, str] | None = None,
                      answer_within: float = 2.0, **catalogue: Any) -> AsyncIterator[Running]:
    """Start a fake Discord (unless given), a core on a test catalogue, and the adapter; stop them all after."""
    async with contextlib.AsyncExitStack() as stack:
        stack.enter_context(endpoints_restored())
        fake = fake or await stack.enter_async_context(FakeDiscord())
        core = await open_test_core(folder, **catalogue)
        stack.push_async_callback(core.close)
        full_env = discord_env(fake) | (env or {})
        bot = build_bot(core, env=full_env, answer_within=answer_within, guild_ready_timeout=0.05)
        handled: Journal[tuple[str, Reply]] = Journal("handled message")

        @bot.event
        async def on_crybot_handled(message: discord.Message, reply: Reply) -> None:
            handled.add((str(message.id), reply))

        task = asyncio.create_task(run(bot, env=full_env))
        stack.push_async_callback(stop, task, bot)
        await until_ready(bot, task)
        yield Running(fake=fake, core=core, bot=bot, env=full_env, handled=handled)
