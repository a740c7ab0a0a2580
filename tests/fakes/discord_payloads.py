"""Discord API objects as the fake gateway and REST API hand them out (users, guilds, messages, interactions)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any, Final

# Permission bits, as Discord documents them.
VIEW_CHANNEL: Final = 1 << 10
SEND_MESSAGES: Final = 1 << 11
ADD_REACTIONS: Final = 1 << 6
MANAGE_GUILD: Final = 1 << 5
EMBED_LINKS: Final = 1 << 14
ATTACH_FILES: Final = 1 << 15
READ_MESSAGE_HISTORY: Final = 1 << 16
USE_APPLICATION_COMMANDS: Final = 1 << 31
MEMBER_PERMISSIONS: Final = (
    VIEW_CHANNEL | SEND_MESSAGES | ADD_REACTIONS | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)

# Gateway intents and application flags that gate the message-content intent.
MESSAGE_CONTENT_INTENT: Final = 1 << 15
PRIVILEGED_INTENTS: Final = (1 << 1) | (1 << 8) | MESSAGE_CONTENT_INTENT
FLAG_MESSAGE_CONTENT_LIMITED: Final = 1 << 19

EPHEMERAL: Final = 1 << 6
LOADING: Final = 1 << 7

# Who authorised an app command (authorizing_integration_owners keys) and where it was used (context).
GUILD_INSTALL: Final = "0"
USER_INSTALL: Final = "1"
IN_GUILD, IN_BOT_DM, IN_PRIVATE_CHANNEL = 0, 1, 2
DM, GROUP_DM = 1, 3  # channel types

# A fixed time base keeps snowflakes, and so the guild-to-shard mapping, the same on every run.
_BASE_MS: Final = 300_000_000_000
_NOW: Final = datetime(2026, 5, 1, tzinfo=UTC).isoformat()


class Snowflakes:
    """Hands out increasing snowflake ids as strings."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> str:
        """Return a fresh id."""
        n = next(self._counter)
        return str(((_BASE_MS + n) << 22) | (n & 0xFFF))


def shard_of(guild_id: str, shard_count: int) -> int:
    """Return the shard that carries a guild's events, by Discord's formula."""
    return (int(guild_id) >> 22) % shard_count


def user(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    """Build a user object."""
    return {
        "id": user_id, "username": name, "global_name": name.title(), "discriminator": "0",
        "avatar": None, "bot": bot, "public_flags": 0, "flags": 0,
    }


def member(of: dict[str, Any] | None, *, permissions: int | None = None) -> dict[str, Any]:
    """Build a guild member; `permissions` is only present on interactions."""
    data: dict[str, Any] = {
        "roles": [], "joined_at": _NOW, "deaf": False, "mute": False, "flags": 0,
        "pending": False, "nick": None, "avatar": None, "communication_disabled_until": None,
    }
    if of is not None:
        data["user"] = of
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def text_channel(channel_id: str, guild_id: str, name: str) -> dict[str, Any]:
    """Build a guild text channel."""
    return {
        "id": channel_id, "type": 0, "guild_id": guild_id, "name": name, "position": 0,
        "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
        "last_message_id": None, "rate_limit_per_user": 0, "flags": 0,
    }


def private_channel(channel_id: str, *, kind: int, recipients: list[dict[str, Any]]) -> dict[str, Any]:
    """A DM (kind DM) or group DM (kind GROUP_DM) as an interaction carries it."""
    data: dict[str, Any] = {"id": channel_id, "type": kind, "recipients": recipients, "last_message_id": None,
                            "flags": 0}
    if kind == GROUP_DM:
        data |= {"name": None, "icon": None, "owner_id": recipients[0]["id"]}
    return data


def guild(guild_id: str, name: str, *, channels: list[dict[str, Any]], members: list[dict[str, Any]],
          owner_id: str) -> dict[str, Any]:
    """Build the full guild object a GUILD_CREATE carries."""
    everyone = {
        "id": guild_id, "name": "@everyone", "permissions": str(MEMBER_PERMISSIONS), "position": 0,
        "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0,
    }
    return {
        "id": guild_id, "name": name, "icon": None, "splash": None, "discovery_splash": None, "banner": None,
        "description": None, "owner_id": owner_id, "roles": [everyone], "emojis": [], "stickers": [],
        "features": [], "channels": channels, "members": members, "member_count": len(members),
        "large": False, "unavailable": False, "joined_at": _NOW, "threads": [], "voice_states": [],
        "presences": [], "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
        "premium_tier": 0, "premium_subscription_count": 0, "preferred_locale": "en-US",
        "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
        "mfa_level": 0, "nsfw_level": 0, "system_channel_flags": 0, "afk_timeout": 300,
        "afk_channel_id": None, "system_channel_id": None, "rules_channel_id": None,
        "public_updates_channel_id": None, "vanity_url_code": None, "application_id": None,
        "max_members": 500_000,
    }


def message(message_id: str, *, channel_id: str, author: dict[str, Any], content: str = "",
            guild_id: str | None = None, flags: int = 0, **extra: Any) -> dict[str, Any]:
    """Build a message; `extra` carries attachments, components, message_reference and the like."""
    data: dict[str, Any] = {
        "id": message_id, "channel_id": channel_id, "author": author, "content": content,
        "timestamp": _NOW, "edited_timestamp": None, "tts": False, "mention_everyone": False,
        "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "components": [],
        "pinned": False, "type": 0, "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
        data["member"] = member(None)
    data.update({k: v for k, v in extra.items() if v is not None})
    return data


def option(name: str, value: str | int | float | bool) -> dict[str, Any]:
    """Build a slash-command option, typed from the Python value."""
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 10 if isinstance(value, float) else 3
    return {"name": name, "type": kind, "value": value}
