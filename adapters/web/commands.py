"""Read what the playground user typed: a channel message, or a `/cry [text] [mood:xxx]` command."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cry_args import SYNTAX, parse_cry
from bot.events import CryRequest, Incoming

SPACE_ID = "web"
CHANNEL_ID = "playground"
USER_ID = "you"

_COMMAND = re.compile(r"^/(\S+)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Typed:
    """What a line typed in the playground asks for: a message, a /cry, or a mistake to explain."""

    message: Incoming | None = None
    cry: CryRequest | None = None
    mistake: str = ""


def read_line(text: str, *, picked_mood: str = "", message_id: str = "") -> Typed:
    """Turn one typed line (and the mood picker's value) into the event a channel would see."""
    command = _COMMAND.match(text.strip())
    if command is None:
        return Typed(
            message=Incoming(
                text=text,
                space_id=SPACE_ID,
                channel_id=CHANNEL_ID,
                user_id=USER_ID,
                message_id=message_id,
            )
        )
    name, rest = command.group(1).lower(), command.group(2)
    if name != "cry":
        return Typed(mistake=f"Unknown command /{name}. Here you can use {SYNTAX}.")
    args = parse_cry(rest, default_mood=picked_mood)
    if args.mistake:
        return Typed(mistake=args.mistake)
    return Typed(
        cry=CryRequest(space_id=SPACE_ID, channel_id=CHANNEL_ID, user_id=USER_ID, text=args.text, mood=args.mood)
    )
