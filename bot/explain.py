"""Judge one text the way an auto-reply would, with no state: what `crybot classify` prints."""

from __future__ import annotations

import random
from typing import Any

from bot.catalogue.load import Catalogue
from bot.emotion import Reading
from bot.events import ChannelSettings, Incoming
from bot.picker import choose_meme
from bot.policy import ChannelState, apply_state, assess
from bot.story import Story

_NO_STATE = ChannelState(channel=ChannelSettings(), opted_out=False, channel_wait=0.0, user_wait=0.0)


def explain(catalogue: Catalogue, reading: Reading, text: str) -> dict[str, Any]:
    """Mood, confidence, action, meme and trigger for one text read as `reading`; the meme is stable for the text."""
    msg = Incoming(text=text, space_id="", channel_id="", user_id="")
    decision = apply_state(assess(catalogue, msg, reading), catalogue, _NO_STATE)
    meme = None
    if decision.action == "meme":
        pick = choose_meme(catalogue, decision.mood, rng=random.Random(text), story=Story(text))
        meme = pick.meme.id if pick else None
    replying = decision.action in ("meme", "reaction")
    return {
        "mood": reading.mood,
        "confidence": round(reading.confidence, 3),
        "action": decision.action,
        "meme": meme,
        "trigger": decision.hit.describe() if decision.hit else None,
        "reply_mood": decision.mood if replying else None,
        "emoji": catalogue.emoji_for(decision.mood) if decision.action == "reaction" else None,
        "chance": decision.chance,
        "cues": list(reading.cues),
        "stopped_by": decision.stopped_by,
    }
