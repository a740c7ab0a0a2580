"""Read what the playground user typed: a channel message, or a `/cry [text] [mood:xxx]` command."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bot.events import CryRequest, Incoming
from bot.moods import MOODS, REACTIVE_MOODS, Mood

SPACE_ID = "web"
CHANNEL_ID = "playground"
USER_ID = "you"

_COMMAND = re.compile(r"^/(\S+)\s*(.*)$", re.DOTALL)
_MOOD_OPTION = re.compile(r"(?:^|\s)mood:(\S*)", re.IGNORECASE)


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
        return Typed(mistake=f"Unknown command /{name}. Here you can use /cry [text] [mood:{REACTIVE_MOODS[0]}].")
    typed_moods = _MOOD_OPTION.findall(rest)
    caption = _MOOD_OPTION.sub(" ", rest).strip()
    wanted = (typed_moods[-1] if typed_moods else picked_mood).strip().lower()
    if not wanted:
        return Typed(cry=_cry(caption, None))
    if wanted in MOODS:
        return Typed(cry=_cry(caption, wanted))  # type: ignore[arg-type]  # checked against the moods above
    return Typed(mistake=_unknown_mood(wanted))


def _cry(text: str, mood: Mood | None) -> CryRequest:
    """A /cry from the playground user in the playground channel."""
    return CryRequest(space_id=SPACE_ID, channel_id=CHANNEL_ID, user_id=USER_ID, text=text, mood=mood)


def _unknown_mood(wanted: str) -> str:
    """Explain an unknown mood, suggesting the nearest one."""
    near = difflib.get_close_matches(wanted, REACTIVE_MOODS, n=1)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    return f"Unknown mood '{wanted[:40]}'.{hint} Moods: {', '.join(REACTIVE_MOODS)}."
