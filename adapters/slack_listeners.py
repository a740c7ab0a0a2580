"""The bolt listeners: one method per Slack entry point, translating for the core and delivering its replies."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_blocks import ACTION_IDS, USAGE, parse_settings, space_of, thread_of, without_mentions
from adapters.slack_deliver import (
    INVITE_ME,
    NOT_IN_CHANNEL,
    TOKEN_GONE,
    Delivery,
    Show,
    via_ephemeral,
    via_response_url,
)
from adapters.slack_tracker import Tracker
from bot.cry_args import parse_cry
from bot.events import ButtonPress, CryRequest, Incoming, Reply

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("crybot.slack")

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
ADMINS_ONLY = "Only workspace admins and owners can change my settings for a channel."
# Message subtypes that are someone saying something; joins, topics, deletions and the rest are not.
SAID_SUBTYPES = frozenset({"", "thread_broadcast", "file_share", "me_message", "bot_message", "message_changed"})


class Listeners:
    """One method per Slack entry point; each acks first, asks the core, then delivers.

    Every request brings bolt's client for its own workspace (its bot token), so replies go out with that token.
    """

    def __init__(self, core: Core, tracker: Tracker, *, token_gone: str) -> None:
        self.core = core
        self.tracker = tracker
        self.token_gone = token_gone  # the line people see when Slack refuses the workspace's token

    def _delivery(self, client: AsyncWebClient) -> Delivery:
        """Deliveries through one workspace's client, counted in the core's metrics."""
        return Delivery(client, observer=self.core.observer)

    async def cry(
        self, ack: Any, command: dict[str, Any], respond: Any, context: Any, client: AsyncWebClient
    ) -> None:
        """`/cry [text] [mood:name]`, `/cry settings ...`, `/cry optout|optin`, `/cry help`."""
        await ack()  # Slack wants an answer within 3 s; the preview follows on response_url
        show = via_response_url(respond, replace=False)
        space, channel, user = space_of(context), command["channel_id"], command["user_id"]
        delivery = self._delivery(client)
        text = command.get("text", "").strip()
        words = text.split()
        verb = words[0].lower() if words else ""
        async with self._guard("/cry", show=show, channel=channel, user=user):
            if verb in ("optout", "optin"):
                reply = await self.core.set_opt_out(space_id=space, user_id=user, opted_out=verb == "optout")
            elif verb == "settings":
                reply = await self._settings(words[1:], space=space, channel=channel, user=user, delivery=delivery)
            elif verb == "help":
                reply = Reply(kind="notice", text=USAGE)
            else:
                reply = await self._cry(text, space=space, channel=channel, user=user)
            await delivery.private(reply, show)

    async def _cry(self, text: str, *, space: str, channel: str, user: str) -> Reply:
        """A preview for `/cry [text] [mood:name]`, or a private hint when the mood is not one crybot knows."""
        args = parse_cry(text)
        if args.mistake:
            return Reply(kind="notice", text=args.mistake)
        request = CryRequest(space_id=space, channel_id=channel, user_id=user, text=args.text, mood=args.mood)
        return await self.core.on_cry(request)

    async def press(
        self, ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        """Send, Shuffle or Cancel on a preview."""
        await ack()
        show = via_response_url(respond, replace=True)
        delivery = self._delivery(client)
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        thread = thread_of(action.get("block_id", ""))
        verb = ACTION_IDS[action["action_id"]]  # bolt routed only these ids here
        async with self._guard(f"button {verb}", show=show, channel=channel, user=user):
            press = ButtonPress(preview_id=action.get("value", ""), action=verb, user_id=user, channel_id=channel)
            reply = await self.core.on_button(press)
            if reply.kind == "meme" and not reply.is_preview:
                if await self._post(reply, delivery, channel=channel, user=user, thread_ts=thread, show=show):
                    await show(delete=True)  # as /giphy does: the preview goes once the meme is out
            else:
                await delivery.private(reply, show, thread_ts=thread)

    async def shortcut(
        self, ack: Any, shortcut: dict[str, Any], respond: Any, context: Any, client: AsyncWebClient
    ) -> None:
        """The "Cry about this" message shortcut: a preview inside the message's thread."""
        await ack()
        message, user = shortcut.get("message", {}), shortcut["user"]["id"]
        channel = shortcut["channel"]["id"]
        thread = message.get("thread_ts") or message.get("ts", "")
        delivery = self._delivery(client)
        show = via_ephemeral(
            client,
            channel=channel,
            user=user,
            thread_ts=thread,
            fallback=via_response_url(respond, replace=False),
        )
        async with self._guard("shortcut", show=show, channel=channel, user=user):
            request = CryRequest(
                space_id=space_of(context),
                channel_id=channel,
                user_id=user,
                text=message.get("text", ""),
                caption=False,
            )
            await delivery.private(await self.core.on_cry(request), show, thread_ts=thread)

    async def mention(self, body: dict[str, Any], event: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        """@crybot in a channel or thread: a meme for what was said, in the thread."""
        channel, user = event.get("channel", ""), event.get("user", "")
        async with self._guard("app_mention", channel=channel, user=user):
            if not await self._first(body):
                return
            request = CryRequest(
                space_id=space_of(context),
                channel_id=channel,
                user_id=user,
                text=without_mentions(event.get("text", "")),
            )
            reply = await self.core.on_cry(request)
            if reply.kind == "meme" and reply.is_preview:
                # A mention is a public ask: send the preview straight away, credited like Send.
                reply = await self.core.on_button(
                    ButtonPress(preview_id=reply.preview_id, action="send", user_id=user, channel_id=channel)
                )
            thread = event.get("thread_ts") or event["ts"]
            await self._post(reply, self._delivery(client), channel=channel, user=user, thread_ts=thread)

    async def message(self, body: dict[str, Any], event: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        """A channel message: the core decides on an auto-reply (meme, reaction or nothing)."""
        author = event.get("user") or event.get("message", {}).get("user", "")
        async with self._guard("message", channel=event.get("channel", ""), user=author):
            incoming = self._incoming(body, event, context)
            if incoming is None or not await self._first(body):
                return
            reply = await self.core.on_message(incoming)
            if reply.kind == "nothing":
                return
            shown = event.get("message", event)
            await self._post(
                reply,
                self._delivery(client),
                channel=incoming.channel_id,
                user=incoming.user_id,
                thread_ts=shown.get("thread_ts") or await self._auto_thread(incoming, shown.get("ts", "")),
                message_ts=shown.get("ts", ""),
            )

    async def _auto_thread(self, incoming: Incoming, message_ts: str) -> str:
        """Where an auto-reply to a top-level message goes: its thread, or the channel ("") if the channel says so."""
        settings = await self.core.channel_settings(space_id=incoming.space_id, channel_id=incoming.channel_id)
        return "" if settings.reply_in == "channel" else message_ts

    def _incoming(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> Incoming | None:
        """The message as the core sees it; None for events that are not someone saying something."""
        subtype = event.get("subtype", "")
        if subtype not in SAID_SUBTYPES or (subtype == "message_changed" and "message" not in event):
            return None
        shown = event.get("message", event) if subtype == "message_changed" else event
        text, bot_user = shown.get("text", ""), context.get("bot_user_id") or ""
        if bot_user and f"<@{bot_user}>" in text:
            return None  # app_mention answers this one
        user = shown.get("user", "")
        bot_id = shown.get("bot_id", "")
        return Incoming(
            text=text,
            space_id=space_of(context),
            channel_id=event.get("channel", ""),
            user_id=user,
            message_id=shown.get("ts", ""),
            author_is_bot=bool(bot_id) or subtype == "bot_message",
            is_self=(bool(bot_user) and user == bot_user) or (bool(bot_id) and bot_id == context.get("bot_id")),
            is_edit=subtype == "message_changed",
        )

    async def _first(self, body: dict[str, Any]) -> bool:
        """True the first time an event arrives; Slack retries ones it thinks were missed."""
        event = body.get("event", {})
        key = body.get("event_id") or f"{event.get('channel')}:{event.get('event_ts') or event.get('ts')}"
        return await self.core.first_delivery(f"slack:{key}")

    async def _post(
        self,
        reply: Reply,
        delivery: Delivery,
        *,
        channel: str,
        user: str,
        thread_ts: str = "",
        message_ts: str = "",
        show: Show | None = None,
    ) -> bool:
        """Deliver in public; tell the user privately when the bot is not allowed in the channel."""
        try:
            await delivery.public(reply, channel=channel, user=user, thread_ts=thread_ts, message_ts=message_ts)
            return True
        except SlackApiError as error:
            if show is None or error.response.get("error") not in NOT_IN_CHANNEL:
                raise
            await show(text=INVITE_ME)
            return False

    async def _settings(self, words: list[str], *, space: str, channel: str, user: str, delivery: Delivery) -> Reply:
        """`/cry settings ...` for workspace admins, as Manage Server gates it on Discord."""
        changes = parse_settings(words)
        if changes is None:
            return Reply(kind="notice", text=USAGE)
        if not await self._is_admin(user, delivery.client):
            return Reply(kind="notice", text=ADMINS_ONLY)
        # Slack has threads, so the answer also says where auto-reply memes go; a refused change gets the core's reason.
        return await self.core.update_channel(space_id=space, channel_id=channel, changes=changes, threads=True)

    async def _is_admin(self, user: str, client: AsyncWebClient) -> bool:
        """Whether Slack says this user is a workspace admin or owner (no, when it cannot say)."""
        try:
            info = await client.users_info(user=user)
        except SlackApiError as error:
            if error.response.get("error") in TOKEN_GONE:
                raise  # the guard tells the person the token is gone; "not an admin" would mislead them
            log.exception("slack users.info failed for %s; treating them as not an admin", user)
            return False
        person = info.get("user") or {}
        return bool(person.get("is_admin") or person.get("is_owner") or person.get("is_primary_owner"))

    @asynccontextmanager
    async def _guard(self, what: str, *, channel: str, user: str, show: Show | None = None) -> AsyncIterator[None]:
        """Count the work, log any failure with its context, and tell the user only a fixed kind line."""
        async with self.tracker.track():
            try:
                yield
            except SlackApiError as error:
                if error.response.get("error") not in TOKEN_GONE:
                    log.exception("slack %s failed (channel %s, user %s)", what, channel, user)
                    await _tell(show, SORRY)
                    return
                log.warning("slack %s: Slack refused this workspace's token (%s); channel %s, user %s",
                            what, error.response.get("error"), channel, user)
                await _tell(show, self.token_gone)
            except Exception:
                log.exception("slack %s failed (channel %s, user %s)", what, channel, user)
                await _tell(show, SORRY)


async def _tell(show: Show | None, text: str) -> None:
    """Say one line privately, if there is a way to; a failure here was already logged by the caller."""
    if show is not None:
        with suppress(Exception):  # the user simply gets no answer
            await show(text=text)
