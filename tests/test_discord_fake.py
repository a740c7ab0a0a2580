"""The fake Discord speaks well enough for the real discord.py client (no crybot involved)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import discord
import pytest
import yarl
from discord import app_commands

from tests.fakes import discord_payloads as p
from tests.fakes.discord_api import FakeDiscord

Starter = Callable[..., Coroutine[Any, Any, discord.Client]]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=2) as running:
        monkeypatch.setattr(discord.http.Route, "BASE", running.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(running.gateway_url))
        yield running


@pytest.fixture
async def start(fake: FakeDiscord) -> AsyncIterator[Starter]:
    """Start a discord.py client against the fake and wait until it is ready; close it afterwards."""
    clients: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def starter(client: discord.Client | None = None, *, token: str | None = None) -> discord.Client:
        client = client or discord.Client(intents=intents(), guild_ready_timeout=0.05)
        task = asyncio.create_task(client.start(token or fake.token))
        clients.append((client, task))
        done, _ = await asyncio.wait({task, asyncio.ensure_future(client.wait_until_ready())}, timeout=10,
                                     return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises what start() raised
        assert client.is_ready()
        return client

    yield starter
    for client, task in clients:
        await client.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def intents() -> discord.Intents:
    return discord.Intents(guilds=True, guild_messages=True, message_content=True)


def uploaded(call: Any) -> bool:
    return bool(call.files)


async def test_login_ready_and_guilds(fake: FakeDiscord, start: Starter) -> None:
    client = await start()
    assert client.user is not None and str(client.user.id) == fake.bot["id"]
    assert {str(g.id) for g in client.guilds} == set(fake.guild_ids)
    assert client.application_id == int(fake.app_id)
    identify = await fake.gateway.frames.wait(lambda f: f.op == 2)
    assert identify.d["token"] == fake.token


async def test_bad_token_is_refused_at_login(fake: FakeDiscord) -> None:
    client = discord.Client(intents=intents())
    with pytest.raises(discord.LoginFailure):
        await client.start("not-the-token")
    await client.close()
    assert (await fake.calls.wait(lambda c: c.route == "/users/@me")).status == 401


async def test_disallowed_intent_closes_with_4014(monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeDiscord(message_content=False) as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
        client = discord.Client(intents=intents())
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await asyncio.wait_for(client.start(fake.token), 10)
        await client.close()


async def test_message_create_reaches_on_message_and_upload_is_recorded(fake: FakeDiscord, start: Starter) -> None:
    client = await start()
    seen: asyncio.Queue[discord.Message] = asyncio.Queue()

    @client.event
    async def on_message(message: discord.Message) -> None:
        await seen.put(message)
        if message.author.bot:
            return
        file = discord.File(io.BytesIO(b"\x89PNG fake"), filename="cat.png", description="a teary cat")
        await message.reply(file=file, mention_author=False)
        await message.add_reaction("😢")

    sent = await fake.say("i am crying")
    got = await asyncio.wait_for(seen.get(), 5)
    assert got.content == "i am crying" and str(got.guild.id) == fake.guild_id  # type: ignore[union-attr]
    post = await fake.calls.wait(uploaded)
    assert post.hits("POST", rf"/channels/{fake.channel_id}/messages")
    assert post.body["attachments"] == [{"id": 0, "filename": "cat.png", "description": "a teary cat"}]
    assert str(post.body["message_reference"]["message_id"]) == sent["id"]
    assert post.files[0].data == b"\x89PNG fake"
    reaction = await fake.calls.wait(lambda c: c.method == "PUT" and "reactions" in c.route)
    assert reaction.route.endswith("/reactions/😢/@me") and reaction.status == 204
    echoed = await asyncio.wait_for(seen.get(), 5)  # Discord sends a bot its own messages
    assert echoed.author == client.user and echoed.attachments[0].description == "a teary cat"


async def test_429_is_waited_out_then_retried(fake: FakeDiscord, start: Starter) -> None:
    client = await start()
    channel = client.get_channel(int(fake.channel_id))
    assert isinstance(channel, discord.TextChannel)
    fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=0.3)
    message = await channel.send("after the limit")
    refused, accepted = fake.calls.find(lambda c: c.hits("POST", r"/channels/\d+/messages"))
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= 0.3 * 0.9  # slept for retry_after (a lower bound, not a speed check)
    assert fake.messages[str(message.id)]["content"] == "after the limit"


async def test_dropped_socket_resumes_and_replays_missed_events(fake: FakeDiscord, start: Starter) -> None:
    client = await start()
    seen: asyncio.Queue[str] = asyncio.Queue()

    @client.event
    async def on_message(message: discord.Message) -> None:
        await seen.put(message.content)

    await fake.gateway.drop(code=4000)
    await fake.say("sent while the socket was down")
    resume = await fake.gateway.frames.wait(lambda f: f.op == 6)
    assert resume.d["session_id"] and resume.d["token"] == fake.token
    assert await asyncio.wait_for(seen.get(), 5) == "sent while the socket was down"
    await fake.say("sent after the resume")
    assert await asyncio.wait_for(seen.get(), 5) == "sent after the resume"
    assert len(fake.gateway.frames.find(lambda f: f.op == 2)) == 1  # resumed, not re-identified


async def test_slash_command_sync_respond_and_followup(fake: FakeDiscord, start: Starter) -> None:
    client = discord.Client(intents=intents(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)

    @tree.command(name="echo", description="say it back")
    async def echo(interaction: discord.Interaction, text: str, loud: bool = False) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(text.upper() if loud else text, ephemeral=True)

    await start(client)
    await tree.sync()
    guild = discord.Object(int(fake.guild_id))
    tree.copy_global_to(guild=guild)
    await tree.sync(guild=guild)
    assert [c["name"] for c in fake.commands["global"]] == [c["name"] for c in fake.commands[fake.guild_id]]
    interaction = await fake.slash("echo", text="hi", loud=True)
    await fake.calls.wait(lambda c: c.hits("POST", r"/webhooks/\d+/[^/]+"))
    original = fake.original(interaction)
    assert fake.acked(interaction) == 5 and original is not None
    assert original["content"] == "HI" and original["flags"] == p.EPHEMERAL


async def test_buttons_update_defer_and_delete(fake: FakeDiscord, start: Starter) -> None:
    client = discord.Client(intents=intents(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Again", custom_id="t:again"))
    view.add_item(discord.ui.Button(label="Bye", custom_id="t:bye"))

    @tree.command(name="show", description="a message with buttons")
    async def show(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first", view=view, ephemeral=True)

    @client.event
    async def on_interaction(interaction: discord.Interaction) -> None:
        custom_id = (interaction.data or {}).get("custom_id")
        if custom_id == "t:again":
            file = discord.File(io.BytesIO(b"png"), filename="b.png", description="second picture")
            await interaction.response.edit_message(content="second", attachments=[file])
        elif custom_id == "t:bye":
            await interaction.response.defer()
            await interaction.delete_original_response()

    await start(client)
    shown = await fake.slash("show")
    await fake.calls.wait(lambda c: c.route.endswith("/callback"))
    preview = fake.original(shown)
    assert preview is not None and fake.buttons(preview) == ["t:again", "t:bye"]
    again = await fake.press(preview, "t:again")
    await fake.calls.wait(lambda c: c.route.endswith("/callback") and c.body["type"] == 7)
    assert fake.acked(again) == 7 and preview["content"] == "second"
    assert preview["attachments"][0]["description"] == "second picture"
    await fake.press(preview, "t:bye")
    await fake.calls.wait(lambda c: c.method == "DELETE")
    assert preview["id"] not in fake.messages


async def test_sharded_client_gets_only_its_shards_guilds(fake: FakeDiscord, start: Starter) -> None:
    mine = next(i for i, g in enumerate(fake.guild_ids) if p.shard_of(g, 2) == 1)
    client = discord.AutoShardedClient(intents=intents(), shard_count=2, shard_ids=[1],
                                       guild_ready_timeout=0.05)
    await start(client)
    assert [str(g.id) for g in client.guilds] == [fake.guild_ids[mine]]
    assert fake.gateway.shards() == [1]
    identify = await fake.gateway.frames.wait(lambda f: f.op == 2)
    assert identify.d["shard"] == [1, 2]
