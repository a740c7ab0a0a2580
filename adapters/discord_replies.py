"""Turning the core's replies into Discord messages: previews with buttons, public posts, private notices."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import discord

from adapters.text_fit import fit
from bot.events import ButtonPress, PreviewAction, Reply

if TYPE_CHECKING:
    from adapters.discord_client import Crybot

log = logging.getLogger(__name__)

SORRY: Final = "Something went wrong on my side. Please try again in a moment."
CANNOT_POST: Final = "I couldn't post in this channel. Ask an admin to let me send messages and attach files here."
# Where crybot came along as someone's app (not a member), Discord decides what its answers may do.
CANNOT_POST_AS_APP: Final = ("I couldn't post here. This server or chat may not allow apps its members added; "
                             "ask an admin to allow external apps, or use /cry where crybot is a member.")
CREDIT: Final = "<@{user}> cried with /cry"
PREVIEW_NOTE: Final = "Only you can see this preview. Send it to the channel, shuffle for another, or cancel."
ALT_LIMIT: Final = 1024  # Discord's longest attachment description
DMS_CLOSED: Final = 50007  # "Cannot send messages to this user": they turned off DMs from server members
BUTTONS: Final[dict[PreviewAction, tuple[str, discord.ButtonStyle]]] = {
    "send": ("Send", discord.ButtonStyle.primary),
    "shuffle": ("Shuffle", discord.ButtonStyle.secondary),
    "cancel": ("Cancel", discord.ButtonStyle.secondary),
}


class PreviewButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"cry:(?P<action>send|shuffle|cancel):(?P<preview>[\w-]{1,80})"):
    """A Send, Shuffle or Cancel button; its custom_id carries the preview id, so no view has to be kept."""

    def __init__(self, action: PreviewAction, preview_id: str) -> None:
        label, style = BUTTONS[action]
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"cry:{action}:{preview_id}"))
        self.action: PreviewAction = action
        self.preview_id = preview_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: Any, /) -> PreviewButton:
        """Rebuild the button from a pressed custom_id."""
        return cls(match["action"], match["preview"])

    async def callback(self, interaction: discord.Interaction[Crybot]) -> None:  # type: ignore[override]
        """Hand the press to the client that owns the core."""
        await interaction.client.press(interaction, self.action, self.preview_id)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a preview message shows for a reply: text, at most one picture, and the buttons."""

    content: str
    files: list[discord.File]
    view: discord.ui.View | None


def picture_file(reply: Reply) -> discord.File:
    """The reply's picture as an upload, its alt text as the attachment description."""
    picture = reply.picture
    assert picture is not None
    return discord.File(picture.path, filename=picture.filename, description=fit(picture.alt, ALT_LIMIT))


@contextlib.contextmanager
def shown(reply: Reply) -> Iterator[Shown]:
    """A preview with buttons for a meme preview, plain text for support and notices; closes the upload after."""
    if reply.kind == "meme" and reply.picture is not None and reply.preview_id:
        view = discord.ui.View(timeout=None)
        for action in BUTTONS:
            view.add_item(PreviewButton(action, reply.preview_id))
        screen = Shown(PREVIEW_NOTE, [picture_file(reply)], view)
    else:
        screen = Shown(reply.text or SORRY, [], None)
    try:
        yield screen
    finally:  # 2026-05, discord.py 2.7: interaction responses leave uploaded files open
        for file in screen.files:
            file.close()


async def in_time(work: Awaitable[Reply], *, within: float,
                  defer: Callable[[], Awaitable[object]]) -> tuple[Reply, bool]:
    """Wait up to `within` seconds for the core; past that, acknowledge Discord (it allows 3 s), then wait on."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=within)
        if done:
            return task.result(), False
        await defer()
        return await task, True
    except asyncio.CancelledError:
        task.cancel()
        raise


async def open_preview(interaction: discord.Interaction[Any], work: Awaitable[Reply], *, within: float) -> None:
    """Answer /cry or "Cry about this" with a private preview (or the support or notice text)."""
    reply, deferred = await in_time(work, within=within,
                                    defer=lambda: interaction.response.defer(ephemeral=True, thinking=True))
    with shown(reply) as screen:
        if deferred:
            await interaction.edit_original_response(content=screen.content, attachments=screen.files,
                                                     view=screen.view)
        elif screen.view is not None:
            await interaction.response.send_message(screen.content, files=screen.files, view=screen.view,
                                                    ephemeral=True)
        else:
            await interaction.response.send_message(screen.content, ephemeral=True)


async def press(interaction: discord.Interaction[Any], work: Awaitable[Reply], *, within: float) -> None:
    """Carry out Send, Shuffle or Cancel on the preview the button sits on."""
    reply, deferred = await in_time(work, within=within, defer=interaction.response.defer)
    if reply.kind == "dismiss" or (reply.kind == "meme" and not reply.preview_id):  # cancelled, or sent
        if not deferred:
            await interaction.response.defer()
        if reply.kind == "meme" and not await post_for(interaction, reply):
            refused = CANNOT_POST if is_member_here(interaction) else CANNOT_POST_AS_APP
            await interaction.followup.send(refused, ephemeral=True)
            return
        await interaction.delete_original_response()
        return
    with shown(reply) as screen:  # a new meme, or the support or notice text, replaces the preview
        if deferred:
            await interaction.edit_original_response(content=screen.content, attachments=screen.files,
                                                     view=screen.view)
        else:
            await interaction.response.edit_message(content=screen.content, attachments=screen.files,
                                                    view=screen.view)


def is_member_here(interaction: discord.Interaction[Any]) -> bool:
    """Whether the bot is in the place of an interaction: a server that added it, not a user's install elsewhere.

    Discord names who authorised an interaction in authorizing_integration_owners: the server (key 0) for a server
    install, the person (key 1) for a user install. Only a server install brings the bot user into the server; in
    DMs and group DMs it is never a member, so there it may only answer through the interaction.
    """
    return interaction.is_guild_integration()


async def support(message: discord.Message, reply: Reply, *, reference: discord.MessageReference) -> None:
    """Give someone the support message by DM; in the channel, mentioning only them, if asked or if DMs are closed."""
    if not reply.in_channel:
        try:
            await message.author.send(reply.text)
            return
        except discord.Forbidden as exc:
            if exc.code != DMS_CLOSED:
                raise
            log.info("DMs are closed for user %s in guild %s; giving support in channel %s instead",
                     message.author.id, message.guild.id if message.guild else "-", message.channel.id)
    only_them = discord.AllowedMentions(everyone=False, roles=False, users=[message.author], replied_user=False)
    await message.channel.send(f"{message.author.mention} {reply.text}", reference=reference,
                               allowed_mentions=only_them)


async def post_for(interaction: discord.Interaction[Any], reply: Reply) -> bool:
    """Post a sent meme, crediting who cried without pinging them; False (logged) if refused.

    In a server that added the bot it is a channel message; elsewhere (user installs, DMs) it is the interaction's
    follow-up, the only way Discord lets an app that is not a member post there.
    """
    content, mentions = CREDIT.format(user=reply.on_behalf_of), discord.AllowedMentions.none()
    observer = interaction.client.core.observer
    try:
        if is_member_here(interaction):
            channel = interaction.client.get_partial_messageable(interaction.channel_id or 0,
                                                                 guild_id=interaction.guild_id)
            await channel.send(content, file=picture_file(reply), allowed_mentions=mentions)
        else:
            await interaction.followup.send(content, file=picture_file(reply), allowed_mentions=mentions)
        observer.delivered(reply.kind, ok=True)
    except discord.HTTPException as exc:
        observer.delivered(reply.kind, ok=False)
        log.warning("could not post a sent meme in guild %s channel %s for user %s: %s %s",
                    interaction.guild_id, interaction.channel_id, reply.on_behalf_of, exc.status, exc.text)
        return False
    return True


async def tell(interaction: discord.Interaction[Any], text: str) -> None:
    """Say something privately to whoever used a command or button, whether or not it was answered yet."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:  # the interaction expired or was answered elsewhere
        log.warning("could not answer interaction %s in channel %s: %s %s", interaction.id,
                    interaction.channel_id, exc.status, exc.text)


def button_press(interaction: discord.Interaction[Any], action: PreviewAction,
                 preview_id: str) -> ButtonPress:
    """Translate a press into the core's terms."""
    return ButtonPress(preview_id=preview_id, action=action, user_id=str(interaction.user.id),
                       channel_id=str(interaction.channel_id or ""))
