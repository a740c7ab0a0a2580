"""Decide what an auto-reply would do: first from the message and catalogue alone, then from the channel's state."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from bot.catalogue.load import Catalogue
from bot.emotion import Reading
from bot.events import ChannelSettings, Incoming
from bot.moods import Label, Mood
from bot.text import for_matching
from bot.triggers import TriggerHit, first_hit

Action = Literal["meme", "reaction", "support", "none"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a message, and the reasons behind it."""

    action: Action
    label: Label  # what the reader saw, crisis included
    mood: Mood  # the mood a meme or reaction is chosen for
    confidence: float
    hit: TriggerHit | None = None
    chance: float = 1.0
    stopped_by: str | None = None
    wait: float = 0.0  # seconds left on the cooldown that stopped it

    def stop(self, reason: str, *, wait: float = 0.0) -> Decision:
        """The same decision, held back by a rule."""
        return replace(self, action="none", stopped_by=reason, wait=wait)


@dataclass(frozen=True, slots=True)
class ChannelState:
    """What the store knows that bears on one message."""

    channel: ChannelSettings
    opted_out: bool
    channel_wait: float
    user_wait: float


def assess(catalogue: Catalogue, msg: Incoming, reading: Reading) -> Decision:
    """What an auto-reply would do judged on this message alone: no cooldowns, no history, no dice."""
    mood: Mood = "sad" if reading.mood in ("crisis", "neutral") else reading.mood
    base = Decision(action="none", label=reading.mood, mood=mood, confidence=reading.confidence)
    if msg.is_self:
        return base.stop("the bot's own message")
    if msg.author_is_bot:
        return base.stop("the author is a bot")
    if msg.is_edit:
        return base.stop("an edited message")
    if reading.mood == "crisis":
        return replace(base, action="support")
    hit = first_hit(catalogue.triggers, for_matching(msg.text), typed_from=msg.text)
    if hit is None:
        return base.stop("no trigger matched")
    trigger = hit.trigger
    if trigger.mood != "auto":
        base = replace(base, mood=trigger.mood, confidence=1.0)
    elif reading.mood == "neutral":
        base = replace(base, confidence=0.0)  # a crying word with no feeling read: react, don't meme
    decision = replace(base, hit=hit, chance=trigger.chance)
    if catalogue.settings.reply_with == "reaction" or decision.confidence < catalogue.settings.min_confidence:
        return replace(decision, action="reaction")
    return replace(decision, action="meme")


def apply_state(decision: Decision, catalogue: Catalogue, state: ChannelState) -> Decision:
    """Hold a decision back by channel settings, opt-out and cooldowns; switch to a reaction if the channel says so."""
    if decision.action == "none":
        return decision
    autoreply = state.channel.autoreply if state.channel.autoreply is not None else catalogue.settings.autoreply
    if not autoreply:
        return decision.stop("auto-replies are off in this channel")
    if state.opted_out:
        return decision.stop("the author opted out of auto-replies")
    if decision.action == "support":
        return decision  # someone may be in danger: no cooldown holds this back
    if state.channel_wait > 0:
        return decision.stop("channel cooldown", wait=state.channel_wait)
    if state.user_wait > 0:
        return decision.stop("user cooldown", wait=state.user_wait)
    if state.channel.reply_with == "reaction" and decision.action == "meme":
        return replace(decision, action="reaction")
    return decision
