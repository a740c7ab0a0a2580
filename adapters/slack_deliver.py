"""Put the core's replies in front of Slack users: uploads, previews, thread posts, reactions."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_blocks import credit, emoji_name, preview_blocks
from adapters.text_fit import fit
from bot.events import Picture, Reply
from bot.observe import Observer

log = logging.getLogger("crybot.slack")

# Slack's limits: files.getUploadURLExternal refuses alt_txt over 1,000 characters (alt_txt_too_large); a file's
# title has no documented limit, so it keeps the 250 crybot always sent; Block Kit's are in slack_blocks.
FILE_ALT_LIMIT = 1000
FILE_TITLE_LIMIT = 250
NOT_IN_CHANNEL = ("not_in_channel", "channel_not_found", "is_archived")
# Errors that mean the workspace's token no longer works: nothing crybot sends with it will arrive.
TOKEN_GONE = frozenset({"token_revoked", "invalid_auth", "account_inactive", "not_authed", "team_access_not_granted"})
INVITE_ME = "I can't post in this channel yet. Invite me with `/invite @crybot` and try again."


class Show(Protocol):
    """Show a message only the asking user sees; True when Slack took it."""

    async def __call__(
        self, *, text: str = "", blocks: list[dict[str, Any]] | None = None, delete: bool = False
    ) -> bool: ...


def via_response_url(respond: Callable[..., Awaitable[Any]], *, replace: bool) -> Show:
    """Show privately through an interaction's response_url (replacing the message it came from when asked)."""

    async def show(*, text: str = "", blocks: list[dict[str, Any]] | None = None, delete: bool = False) -> bool:
        if delete:
            answer = await respond(delete_original=True)
        else:
            answer = await respond(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=replace or None
            )
        ok = answer.status_code == 200
        if not ok:
            log.warning(
                "slack response_url refused a message (status %s, body %.200s)", answer.status_code, answer.body
            )
        return ok

    return show


def via_ephemeral(
    client: AsyncWebClient, *, channel: str, user: str, thread_ts: str = "", fallback: Show | None = None
) -> Show:
    """Show privately with chat.postEphemeral, which, unlike response_url, can land inside a thread."""

    async def show(*, text: str = "", blocks: list[dict[str, Any]] | None = None, delete: bool = False) -> bool:
        if delete:
            return True  # a fresh ephemeral has nothing to delete yet
        try:
            await client.chat_postEphemeral(
                channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread_ts or None
            )
            return True
        except SlackApiError as error:
            if fallback is None or error.response.get("error") not in NOT_IN_CHANNEL:
                raise
            return await fallback(text=text, blocks=blocks)

    return show


class Delivery:
    """Everything crybot sends to Slack, through one Web API client."""

    def __init__(self, client: AsyncWebClient, *, observer: Observer | None = None) -> None:
        self.client = client
        self.observer = observer or Observer()

    async def upload(self, picture: Picture, *, channel: str = "", thread_ts: str = "", comment: str = "") -> str:
        """Upload a picture with its alt text (shared in `channel` when given); return the file id."""
        done = await self.client.files_upload_v2(
            file=str(picture.path),
            filename=picture.filename,
            title=fit(picture.alt, FILE_TITLE_LIMIT),
            alt_txt=fit(picture.alt, FILE_ALT_LIMIT),
            channel=channel or None,
            thread_ts=thread_ts or None,
            initial_comment=comment or None,
        )
        return str(done["file"]["id"])

    async def private(self, reply: Reply, show: Show, *, thread_ts: str = "") -> None:
        """Deliver a reply only the asking user sees: a preview with buttons, support, a notice, or removal."""
        if reply.kind == "dismiss":
            await show(delete=True)
        elif reply.kind == "meme" and reply.picture is not None:
            file_id = await self._private_file(reply.picture)
            blocks = preview_blocks(
                preview_id=reply.preview_id, alt=reply.picture.alt, file_id=file_id, thread_ts=thread_ts
            )
            if not await show(text=reply.picture.alt, blocks=blocks) and file_id:
                # Slack can refuse a slack_file block for a file it is still processing (reported 2024-06 in
                # python-slack-sdk#1521): fall back to the buttons with the alt text.
                await show(
                    text=reply.picture.alt,
                    blocks=preview_blocks(
                        preview_id=reply.preview_id, alt=reply.picture.alt, file_id=None, thread_ts=thread_ts
                    ),
                )
        elif reply.kind in ("support", "notice") and reply.text:
            await show(text=reply.text)

    async def public(self, reply: Reply, *, channel: str, user: str, thread_ts: str = "", message_ts: str = "") -> None:
        """Deliver a reply in the channel (or thread), counting it delivered or failed."""
        try:
            await self._public(reply, channel=channel, user=user, thread_ts=thread_ts, message_ts=message_ts)
        except Exception:
            self.observer.delivered(reply.kind, ok=False)
            raise
        self.observer.delivered(reply.kind, ok=True)

    async def _public(self, reply: Reply, *, channel: str, user: str, thread_ts: str, message_ts: str) -> None:
        """A meme, a reaction; support and notices stay private."""
        if reply.kind == "meme" and reply.picture is not None:
            await self.upload(reply.picture, channel=channel, thread_ts=thread_ts, comment=credit(reply.on_behalf_of))
        elif reply.kind == "reaction" and reply.emoji and message_ts:
            await self.react(channel=channel, message_ts=message_ts, symbol=reply.emoji)
        elif reply.kind == "support" and reply.in_channel and reply.text:
            # The catalogue asked for support where it was needed: in the thread, mentioning only the person.
            text = f"<@{user}> {reply.text}"
            await self.client.chat_postMessage(channel=channel, text=text, thread_ts=thread_ts or None)
        elif reply.kind in ("support", "notice") and reply.text:
            # Someone in distress should not have the bot point at them in public.
            await self.client.chat_postEphemeral(
                channel=channel, user=user, text=reply.text, thread_ts=thread_ts or None
            )

    async def react(self, *, channel: str, message_ts: str, symbol: str) -> None:
        """Add an emoji reaction; a reaction already there counts as done."""
        try:
            await self.client.reactions_add(channel=channel, timestamp=message_ts, name=emoji_name(symbol))
        except SlackApiError as error:
            if error.response.get("error") != "already_reacted":
                raise

    async def _private_file(self, picture: Picture) -> str | None:
        """Upload a picture shared nowhere, for a preview's image block; None when the upload fails."""
        try:
            return await self.upload(picture)
        except (SlackApiError, OSError) as error:
            if isinstance(error, SlackApiError) and error.response.get("error") in TOKEN_GONE:
                raise  # no preview can be shown at all; the caller says why
            log.exception("slack preview upload failed (meme %s, file %s)", picture.meme_id, picture.filename)
            return None
