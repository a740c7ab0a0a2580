"""Neutral, frozen events the adapters hand to the core, and the replies it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from bot.moods import Label, Mood

PreviewAction = Literal["send", "shuffle", "cancel"]
ReplyKind = Literal["meme", "reaction", "support", "notice", "nothing", "dismiss"]
ReplyWith = Literal["meme", "reaction"]
ReplyIn = Literal["thread", "channel"]
MAX_COOLDOWN: Final = 7 * 86400  # seconds: the longest channel or user cooldown, on every platform and in memes.yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class Incoming:
    """A chat message seen in a channel, as an auto-reply candidate."""

    text: str
    space_id: str  # Discord guild, Slack team, or the playground
    channel_id: str
    user_id: str
    message_id: str = ""
    author_is_bot: bool = False
    is_self: bool = False
    is_edit: bool = False
    # Where user ids are unique, for the per-person cooldown: "" for the space; a platform whose ids are global
    # (Discord) names itself, so one person's cooldown holds across every server the bot shares with them.
    user_scope: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CryRequest:
    """`/cry [text] [mood]` or "Cry about this" on a message: asks for a private preview."""

    space_id: str
    channel_id: str
    user_id: str
    text: str = ""
    mood: Mood | None = None
    caption: bool = True  # False when the text is someone's message, not a caption


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonPress:
    """A press of Send, Shuffle or Cancel on a preview."""

    preview_id: str
    action: PreviewAction
    user_id: str
    channel_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture:
    """A rendered image ready to upload."""

    path: Path
    filename: str
    mime: str
    alt: str
    meme_id: str
    width: int = 0
    height: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Why:
    """Why the core answered as it did: shown by `crybot try` and the playground."""

    mood: Label = "neutral"
    confidence: float = 0.0
    cues: tuple[str, ...] = ()
    trigger: str | None = None
    meme_reason: str = ""
    stopped_by: str | None = None  # the rule that held a reply back, if one did
    cooldown_left: float = 0.0  # seconds, when a cooldown stopped it
    reply_mood: Mood | None = None  # the mood of the meme or reaction given, after any fallback


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What the adapter should do; `kind` says which of the fields matter.

    - meme: post `picture` (a preview with buttons when `preview_id` is set;
      public otherwise, crediting `on_behalf_of` when set).
    - reaction: react to the message with `emoji`.
    - support: give the person the catalogue's crisis reply `text` privately (a DM on Discord, an ephemeral
      message on Slack), or, when `in_channel`, in the channel mentioning only them.
    - notice: tell the user `text` privately (settings changed, a user mistake).
    - nothing: do nothing.
    - dismiss: remove the preview.
    """

    kind: ReplyKind
    text: str = ""
    emoji: str = ""
    picture: Picture | None = None
    preview_id: str = ""
    on_behalf_of: str = ""
    in_channel: bool = False
    why: Why = field(default_factory=Why)

    @property
    def is_preview(self) -> bool:
        """Tell whether this reply is a private preview with Send/Shuffle/Cancel."""
        return bool(self.preview_id) and self.kind in ("meme", "support")


NOTHING = Reply(kind="nothing")


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelSettings:
    """Per-channel overrides; None means "use the catalogue's setting"."""

    autoreply: bool | None = None
    channel_cooldown: float | None = None
    user_cooldown: float | None = None
    reply_with: ReplyWith | None = None
    reply_in: ReplyIn | None = None  # where auto-reply memes go, on platforms with threads
