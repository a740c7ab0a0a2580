"""Read the words after `/cry`: the caption text and an optional `mood:name`, the same on every platform."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Final

from bot.moods import REACTIVE_MOODS, Mood

SYNTAX: Final = "/cry [text] [mood:name]"
# `mood:` starts a word and is followed by a letter; "my mood:(" or "mood: grief" stay caption text.
_OPTION: Final = re.compile(r"\s*(?<!\S)mood:([^\W\d_]\S*)", re.IGNORECASE)
_TRAILING_PUNCTUATION: Final = ".,;:!?)\"'"
_SHOWN_CHARS: Final = 40  # enough of a mistyped name to recognise it, never a wall of text


@dataclass(frozen=True, slots=True, kw_only=True)
class CryArgs:
    """What `/cry` was asked for: caption text and a mood, or a mistake to explain to the user."""

    text: str = ""
    mood: Mood | None = None
    mistake: str = ""


def parse_cry(line: str, *, default_mood: str = "") -> CryArgs:
    """Split `/cry` arguments into caption text and mood; `default_mood` applies when none is typed."""
    typed = [value.rstrip(_TRAILING_PUNCTUATION).casefold() for value in _OPTION.findall(line)]
    text = _OPTION.sub("", line).strip()
    named = list(dict.fromkeys(typed))  # the same mood typed twice is still one choice
    if len(named) > 1:
        listed = " and ".join(f"'{name[:_SHOWN_CHARS]}'" for name in named[:2])
        return CryArgs(mistake=f"Choose one mood, not {listed}. Moods: {', '.join(REACTIVE_MOODS)}.")
    wanted = named[0] if named else default_mood.strip().casefold()
    if not wanted:
        return CryArgs(text=text)
    mood = _reactive(wanted)
    if mood is None:
        return CryArgs(mistake=unknown_mood(wanted))
    return CryArgs(text=text, mood=mood)


def _reactive(name: str) -> Mood | None:
    """The reactive mood with this exact name, if there is one."""
    return next((mood for mood in REACTIVE_MOODS if mood == name), None)


def unknown_mood(wanted: str) -> str:
    """Explain an unknown mood, suggesting the nearest one when a name is close."""
    near: list[str] = [mood for mood in REACTIVE_MOODS if len(wanted) >= 3 and mood.startswith(wanted)]
    near = near or difflib.get_close_matches(wanted, REACTIVE_MOODS, n=1)
    hint = f" Did you mean '{near[0]}'?" if len(near) == 1 else ""
    return f"Unknown mood '{wanted[:_SHOWN_CHARS]}'.{hint} Moods: {', '.join(REACTIVE_MOODS)}."
