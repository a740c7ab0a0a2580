"""The discord.py client for crybot: messages in, the core's decision out, plus presses on preview buttons."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters import discord_replies as replies
from adapters.discord_commands import add_commands
from bot.core import Core
from bot.events import Incoming, PreviewAction, Reply

log = logging.getLogger(__name__)


class Crybot(discord.AutoShardedClient):
    """Holds the core (never inherits from it) and translates in both directions.

    After each message it dispatches "crybot_handled" (message, reply), so a waiter knows the answer is out.
    """

    def __init__(self, core: Core, *, dev_guild: int | None = None, read_content: bool = True,
                 shard_count: int = 1, shard_ids: list[int] | None = None, answer_within: float = 2.0,
                 **options: Any) -> None:
        intents = discord.Intents(guilds=True, guild_messages=True, message_content=read_content)
        super().__init__(intents=intents, shard_count=shard_count, shard_ids=shard_ids, max_messages=None,
                         chunk_guilds_at_startup=False, allowed_mentions=discord.AllowedMentions.none(), **options)
        self.core = core
        self.dev_guild = dev_guild
        self.answer_within = answer_within  # seconds before deferring; Discord drops answers after 3 s
        self.tree = app_commands.CommandTree(self)
        add_commands(self.tree, core, within=answer_within)
        self._connected_shards: set[int] = set()

    async def connected(self) -> bool:
        """Whether every shard this process runs is connected and ready (what /readyz reports)."""
        shards = self.shards.values()
        return self.is_ready() and not self.is_closed() and bool(shards) and not any(s.is_closed() for s in shards)

    async def on_shard_connect(self, shard_id: int) -> None:
        """Count a shard's new sessions after its first as reconnections (discord.py dispatches this on READY)."""
        if shard_id in self._connected_shards:
            self.core.observer.reconnected()
        self._connected_shards.add(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        """Count a resumed session as a reconnection."""
        self.core.observer.reconnected()

    async def setup_hook(self) -> None:
        """Route preview buttons by custom_id and register the slash commands."""
        self.add_dynamic_items(replies.PreviewButton)
        try:
            if self.dev_guild is not None:  # a guild sync shows at once; a global one can take an hour
                guild = discord.Object(self.dev_guild)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            else:
                synced = await self.tree.sync()
        except discord.HTTPException as exc:
            log.error("could not register slash commands (%s %s); was the bot invited with the "
                      "applications.commands scope? `crybot invite-url` prints the right link", exc.status, exc.text)
        else:
            log.info("registered %d commands %s", len(synced),
                     f"in guild {self.dev_guild}" if self.dev_guild else "globally")

    async def on_message(self, message: discord.Message) -> None:
        """Offer a guild message to the core and deliver its decision."""
        if message.guild is None:
            return
        incoming = Incoming(
            text=message.content, space_id=str(message.guild.id), channel_id=str(message.channel.id),
            user_id=str(message.author.id), message_id=str(message.id),
            author_is_bot=message.author.bot or message.webhook_id is not None, is_self=message.author == self.user,
            user_scope="discord",  # Discord user ids are global: one person's cooldown spans every server
        )
        reply = await self.core.on_message(incoming)
        await self.deliver(message, reply)
        self.dispatch("crybot_handled", message, reply)

    async def deliver(self, message: discord.Message, reply: Reply) -> None:
        """Reply to a message with a meme or support text (never pinging), or react; log a refusal and go on."""
        reference = message.to_reference(fail_if_not_exists=False)  # the message may be gone by now
        try:
            if reply.kind == "meme" and reply.picture is not None:
                await message.channel.send(file=replies.picture_file(reply), reference=reference,
                                           mention_author=False)
            elif reply.kind == "support" and reply.text:
                await replies.support(message, reply, reference=reference)
            elif reply.kind == "reaction" and reply.emoji:
                await message.add_reaction(reply.emoji)
            else:
                return
            self.core.observer.delivered(reply.kind, ok=True)
        except discord.HTTPException as exc:
            self.core.observer.delivered(reply.kind, ok=False)
            log.warning("could not deliver a %s to message %s in guild %s channel %s: %s %s", reply.kind,
                        message.id, message.guild.id if message.guild else "-", message.channel.id,
                        exc.status, exc.text)

    async def press(self, interaction: discord.Interaction[Any], action: PreviewAction, preview_id: str) -> None:
        """Carry out a preview button; any failure becomes a short private message."""
        try:
            work = self.core.on_button(replies.button_press(interaction, action, preview_id))
            await replies.press(interaction, work, within=self.answer_within)
        except Exception:
            log.exception("the %s button failed in guild %s channel %s", action, interaction.guild_id,
                          interaction.channel_id)
            await replies.tell(interaction, replies.SORRY)
