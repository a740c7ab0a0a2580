"""Slack-shaped pieces with no I/O: Block Kit for previews, emoji names, and /cry's words."""

from __future__ import annotations

import re
from typing import Any

import emoji

from adapters.text_fit import fit
from bot.events import ChannelSettings, PreviewAction
from bot.moods import REACTIVE_MOODS

ACTION_PREFIX = "crybot_"
ACTIONS: tuple[PreviewAction, ...] = ("send", "shuffle", "cancel")
ACTION_IDS: dict[str, PreviewAction] = {f"{ACTION_PREFIX}{action}": action for action in ACTIONS}
ACTION_PATTERN = re.compile(f"^(?:{'|'.join(ACTION_IDS)})$")
SHORTCUT_ID = "cry_about_this"
BLOCK_PREFIX = "crybot|"  # the actions block id carries the thread the preview belongs to
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
FALLBACK_EMOJI = "cry"
IMAGE_ALT_LIMIT = 2000  # Block Kit: an image block's alt_text
SECTION_TEXT_LIMIT = 3000  # Block Kit: a section's text
USAGE = (
    "Try `/cry` or `/cry your words` for a meme preview only you see; add `mood:grief` to choose the mood "
    f"yourself ({', '.join(REACTIVE_MOODS)}).\n"
    "`/cry optout` / `/cry optin`: stop or restart my replies to your messages.\n"
    "`/cry settings autoreply on|off`, `reply meme|reaction`, `reply-in thread|channel`, `cooldown SECONDS`, "
    "`user-cooldown SECONDS`: this channel's settings (workspace admins); `/cry settings` alone shows them."
)


def preview_blocks(*, preview_id: str, alt: str, file_id: str | None, thread_ts: str = "") -> list[dict[str, Any]]:
    """The ephemeral preview: the image (or its alt text when it could not be uploaded) and three buttons."""
    shown: dict[str, Any] = (
        {"type": "image", "slack_file": {"id": file_id}, "alt_text": fit(alt, IMAGE_ALT_LIMIT)}
        if file_id
        else {"type": "section", "text": {"type": "plain_text", "text": fit(f"(picture: {alt})", SECTION_TEXT_LIMIT)}}
    )
    buttons = [
        _button("Send", "send", preview_id, style="primary"),
        _button("Shuffle", "shuffle", preview_id),
        _button("Cancel", "cancel", preview_id),
    ]
    return [shown, {"type": "actions", "block_id": f"{BLOCK_PREFIX}{thread_ts}", "elements": buttons}]


def _button(label: str, action: PreviewAction, preview_id: str, *, style: str = "") -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": f"{ACTION_PREFIX}{action}",
        "value": preview_id,
    }
    if style:
        button["style"] = style
    return button


def thread_of(block_id: str) -> str:
    """The thread a preview's actions block belongs to ("" for the channel itself)."""
    return block_id.removeprefix(BLOCK_PREFIX) if block_id.startswith(BLOCK_PREFIX) else ""


def credit(user_id: str) -> str:
    """The line a sent meme carries, so the channel sees who cried."""
    return f"<@{user_id}> cried" if user_id else ""


def emoji_name(symbol: str) -> str:
    """The Slack short name for an emoji character (reactions.add wants "sob", not "😭")."""
    symbol = symbol.strip()
    if symbol.startswith(":") and symbol.endswith(":") and len(symbol) > 2:
        return symbol.strip(":")
    named = emoji.demojize(symbol, language="alias")
    # Slack's short names follow the GitHub-style aliases (😭 sob, 😢 cry), which `emoji` calls "alias".
    if named.startswith(":") and named.endswith(":") and named.count(":") == 2:
        return named.strip(":")
    return FALLBACK_EMOJI


def without_mentions(text: str) -> str:
    """A message's text with every @mention removed."""
    return " ".join(MENTION.sub(" ", text).split())


def parse_settings(words: list[str]) -> ChannelSettings | None:
    """Read `/cry settings ...` words into a change; None when they do not parse."""
    changes: dict[str, Any] = {}
    pairs = list(zip(words[::2], words[1::2]))
    if len(words) % 2:
        return None
    for key, value in pairs:
        key, value = key.lower().replace("_", "-"), value.lower()
        if key == "autoreply" and value in ("on", "off"):
            changes["autoreply"] = value == "on"
        elif key == "reply" and value in ("meme", "reaction"):
            changes["reply_with"] = value
        elif key == "reply-in" and value in ("thread", "channel"):
            changes["reply_in"] = value
        elif key in ("cooldown", "user-cooldown") and value.isascii() and value.isdigit():
            # Whole seconds only; how long a cooldown may be is the core's rule (update_channel), as on Discord.
            changes["channel_cooldown" if key == "cooldown" else "user_cooldown"] = float(value)
        else:
            return None
    return ChannelSettings(**changes)


def space_of(context: Any) -> str:
    """Whose state a request uses: the org's for an org-wide (Enterprise Grid) install, else the workspace's.

    `context` is bolt's request context; with an org-wide install its team can be missing, and channel and user
    ids are unique across the org, so the org is the one space its settings, opt-outs and cooldowns live in.
    """
    if context.is_enterprise_install and context.enterprise_id:
        return str(context.enterprise_id)
    return str(context.team_id or context.enterprise_id or "")
