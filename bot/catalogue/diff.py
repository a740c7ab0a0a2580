"""What an edit of memes.yaml changed, field by field: "memes[sad-cat].weight: 1 → 5", "triggers[0].words: + sob"."""

from __future__ import annotations

import difflib
import json
from typing import Any

from bot.catalogue.model import CatalogueModel

SHOWN_CHARS = 60  # longer values (a crisis reply) are named as changed, not printed


def changes(old: CatalogueModel, new: CatalogueModel) -> list[str]:
    """Every change an edit made to what the bot serves, one line each, in file order."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    lines = _fields("settings", before["settings"], after["settings"])
    lines += _fields("moods", before["moods"], after["moods"])
    lines += _triggers(before["triggers"], after["triggers"])
    lines += _memes(before["memes"], after["memes"])
    lines += _fields("safety", before["safety"], after["safety"])
    return lines


def _triggers(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """Triggers are matched up by position where the edit kept them in place, so an inserted one reads as added."""
    keys = [json.dumps(t, sort_keys=True) for t in before], [json.dumps(t, sort_keys=True) for t in after]
    lines: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for old_index, new_index in zip(range(i1, i2), range(j1, j2), strict=True):
                lines += _fields(f"triggers[{new_index}]", before[old_index], after[new_index])
            continue
        lines += [f"triggers[{i}]: removed ({_trigger(before[i])})" for i in range(i1, i2)]
        lines += [f"triggers[{j}]: added ({_trigger(after[j])})" for j in range(j1, j2)]
    return lines


def _trigger(trigger: dict[str, Any]) -> str:
    """A short name for a whole trigger."""
    if trigger.get("regex") is not None:
        return f"regex {_value(trigger['regex'])}"
    return f"words {', '.join(trigger.get('words') or ())}"


def _memes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """Memes are matched up by id: an edit that moves one changes nothing."""
    old = {m["id"]: m for m in before}
    new = {m["id"]: m for m in after}
    lines = [f"memes: - {meme_id}" for meme_id in old if meme_id not in new]
    for meme_id, meme in new.items():
        if meme_id not in old:
            lines.append(f"memes: + {meme_id}")
        else:
            lines += _fields(f"memes[{meme_id}]", old[meme_id], meme)
    return lines


def _fields(where: str, before: Any, after: Any) -> list[str]:
    """The differences between two values at a path: mappings key by key, lists as items added and removed."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        lines: list[str] = []
        for key in [*before, *(k for k in after if k not in before)]:
            if key not in after:
                lines.append(f"{where}.{key}: removed")
            elif key not in before:
                lines.append(f"{where}.{key}: added {_value(after[key])}")
            else:
                lines += _fields(f"{where}.{key}", before[key], after[key])
        return lines
    if isinstance(before, list) and isinstance(after, list):
        added = [_value(v) for v in after if v not in before]
        removed = [_value(v) for v in before if v not in after]
        if not added and not removed:
            return [f"{where}: reordered"]
        return [f"{where}: {' '.join([*(f'+ {v}' for v in added), *(f'- {v}' for v in removed)])}"]
    if _long(before) or _long(after):
        return [f"{where}: changed"]
    return [f"{where}: {_value(before)} → {_value(after)}"]


def _long(value: Any) -> bool:
    """Whether a value is too long to print in a log line."""
    return isinstance(value, str) and (len(value) > SHOWN_CHARS or "\n" in value)


def _value(value: Any) -> str:
    """A value as an admin typed it."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"
    return json.dumps(value, ensure_ascii=False)
