"""crybot's application commands: /cry, "Cry about this", /cry-settings, /cry-optout and /cry-optin."""

from __future__ import annotations

import logging
from typing import Any, Literal

import discord
from discord import app_commands

from adapters import discord_replies as replies
from bot.core import Core
from bot.events import MAX_COOLDOWN, ChannelSettings, CryRequest
from bot.moods import REACTIVE_MOODS

log = logging.getLogger(__name__)

Seconds = app_commands.Range[int, 0, MAX_COOLDOWN]  # Discord refuses longer ones before they reach us
MOOD_CHOICES = [app_commands.Choice(name=mood, value=mood) for mood in REACTIVE_MOODS]
DIRECT_MESSAGES = "@me"  # the space of DMs and group DMs, which belong to no server (Discord's own URLs say @me)


def add_commands(tree: app_commands.CommandTree[Any], core: Core, *, within: float) -> None:
    """Register every command on the tree; each one only translates and hands over to the core."""

    # /cry and "Cry about this" go wherever a person takes crybot: servers that added it, and (added to their own
    # account) any server, its DMs with them, and group DMs. Settings and opt-outs are about auto-replies, which only
    # happen in servers that added the bot, so those stay server-only.
    @tree.command(name="cry", description="Preview a crying meme only you can see, then send it")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.describe(text="What you're crying about; it becomes the caption", mood="Choose the mood yourself")
    @app_commands.choices(mood=MOOD_CHOICES)
    async def cry(interaction: discord.Interaction[Any], text: app_commands.Range[str, 1, 200] | None = None,
                  mood: app_commands.Choice[str] | None = None) -> None:
        request = CryRequest(**_place(interaction), text=text or "",
                             mood=mood.value if mood else None)  # type: ignore[arg-type]  # choices are moods
        await replies.open_preview(interaction, core.on_cry(request), within=within)

    @tree.context_menu(name="Cry about this")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def cry_about(interaction: discord.Interaction[Any], message: discord.Message) -> None:
        request = CryRequest(**_place(interaction), text=message.content, caption=False)
        await replies.open_preview(interaction, core.on_cry(request), within=within)

    @tree.command(name="cry-settings", description="Change how crybot auto-replies in this channel")
    @app_commands.guild_only()
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)  # default_permissions can be overridden per server
    @app_commands.describe(
        autoreply="Answer trigger words in this channel", reply_with="Reply with a meme, or only an emoji reaction",
        channel_cooldown="Seconds between auto-replies in this channel",
        user_cooldown="Seconds between auto-replies to one person",
    )
    async def cry_settings(interaction: discord.Interaction[Any], autoreply: bool | None = None,
                           reply_with: Literal["meme", "reaction"] | None = None,
                           channel_cooldown: Seconds | None = None, user_cooldown: Seconds | None = None) -> None:
        changes = ChannelSettings(autoreply=autoreply, reply_with=reply_with, channel_cooldown=channel_cooldown,
                                  user_cooldown=user_cooldown)
        reply = await core.update_channel(space_id=str(interaction.guild_id), channel_id=str(interaction.channel_id),
                                          changes=changes)
        await replies.tell(interaction, reply.text)

    @tree.command(name="cry-optout", description="Stop crybot from auto-replying to your messages here")
    @app_commands.guild_only()
    @app_commands.allowed_installs(guilds=True, users=False)
    async def cry_optout(interaction: discord.Interaction[Any]) -> None:
        await opt(interaction, out=True)

    @tree.command(name="cry-optin", description="Let crybot auto-reply to your messages here again")
    @app_commands.guild_only()
    @app_commands.allowed_installs(guilds=True, users=False)
    async def cry_optin(interaction: discord.Interaction[Any]) -> None:
        await opt(interaction, out=False)

    async def opt(interaction: discord.Interaction[Any], *, out: bool) -> None:
        """Stop or resume auto-replies to the person asking, in this server."""
        reply = await core.set_opt_out(space_id=str(interaction.guild_id), user_id=str(interaction.user.id),
                                       opted_out=out)
        await replies.tell(interaction, reply.text)

    @tree.error
    async def on_command_error(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        """Refusals get their reason; anything else is logged and the user gets a short apology."""
        if isinstance(error, app_commands.MissingPermissions):
            needed = ", ".join(p.replace("_", " ").replace("guild", "server").title()
                               for p in error.missing_permissions)
            await replies.tell(interaction, f"You need the {needed} permission to do that.")
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("command %s failed in guild %s channel %s", command, interaction.guild_id, interaction.channel_id,
                  exc_info=error)
        await replies.tell(interaction, replies.SORRY)


def _place(interaction: discord.Interaction[Any]) -> dict[str, str]:
    """Where an interaction happened and who made it, in the core's terms."""
    space = str(interaction.guild_id) if interaction.guild_id else DIRECT_MESSAGES
    return {"space_id": space, "channel_id": str(interaction.channel_id), "user_id": str(interaction.user.id)}
