"""Turn pydantic's validation errors into lines an admin can act on: file, line, path, a suggestion."""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from bot.catalogue.yamlmap import Path_, format_path, line_of

# What an admin can read: a problem line is cut to this length, and a file with more problems lists this many
# (25,000 broken memes once made 100,000 lines, logged and pushed to every open playground page).
MAX_PROBLEM_CHARS: Final = 300
MAX_REPORTED_PROBLEMS: Final = 100
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode's Cc, less tab, newline, return
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def suggest(value: object, choices: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest choice, or nothing when none is near."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.casefold(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_LINE = re.compile(r"^[^\n]*?:(\d+): ")


def by_line(problems: list[str]) -> list[str]:
    """Problems in file order: by the line each names (those naming none first), ties kept in their order."""
    return sorted(problems, key=lambda problem: int(found.group(1)) if (found := _LINE.match(problem)) else 0)


def located(name: str, lines: dict[Path_, int], path: Path_, message: str) -> str:
    """One problem line: `memes.yaml:42: memes[3].moods[0]: message`."""
    where = format_path(path)
    return printable(f"{name}:{line_of(lines, path)}: {where + ': ' if where else ''}{message}")


def printable(line: str, *, limit: int = MAX_PROBLEM_CHARS) -> str:
    """A problem line safe for a terminal or a log: control, surrogate and bidi characters escaped, cut if long."""
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return "".join(_escaped(char) for char in line)


def _escaped(char: str) -> str:
    """A character as itself, or as an escape when it could move a cursor, reorder text or fail to encode."""
    if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
        return char.encode("unicode_escape", "backslashreplace").decode("ascii")
    return char


def reported(problems: list[str], *, name: str) -> list[str]:
    """Every problem made printable, the list cut to what an admin can act on, saying how many more there are."""
    shown = [printable(problem) for problem in problems[:MAX_REPORTED_PROBLEMS]]
    hidden = len(problems) - len(shown)
    if hidden > 0:
        shown.append(f"{printable(name)}: and {hidden:,} more problems (fix these first; crybot lists {len(shown)})")
    return shown


def control_characters(data: Any, lines: dict[Path_, int], *, name: str, path: Path_ = ()) -> list[str]:
    """Every key and value of the document that holds a control character (tab and newline are fine)."""
    found: list[str] = []
    items: typing.Iterable[tuple[Any, Any]] = (
        data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    )
    for key, value in items:
        here = (*path, key if isinstance(key, (str, int)) else str(key))
        for text in (key, value):
            bad = control_character(text)
            if bad:
                found.append(located(name, lines, here, f"holds the control character U+{ord(bad):04X}; remove it"))
                break
        else:
            found += control_characters(value, lines, name=name, path=here)
    return found


def control_character(value: object) -> str | None:
    """The first control character in a string (other than tab, newline and carriage return), if any."""
    found = _CONTROL.search(value) if isinstance(value, str) else None
    return found.group(0) if found else None


def _inner(annotation: Any) -> Any:
    """Unwrap Optional, tuple[X, ...], list[X] and dict[K, V] down to the item type."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        elif origin in (tuple, list) and args:
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        else:
            return annotation


def _model_at(root: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that describes the mapping found at a path, if any."""
    current: Any = root
    for part in path:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _literal_choices(ctx: dict[str, Any]) -> list[str]:
    """The allowed values named in a literal_error's context."""
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _message(root: type[BaseModel], err: dict[str, Any], path: Path_) -> str:
    """Explain one pydantic error in the words of the catalogue."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{path[-1]}'"
    if kind == "extra_forbidden":
        model = _model_at(root, path[:-1])
        return f"unknown field '{path[-1]}'" + suggest(path[-1], model.model_fields if model else ())
    if kind == "literal_error":
        is_mood = any(isinstance(p, str) and "mood" in p for p in path) or "[key]" in err["loc"]
        noun = "mood" if is_mood else "value"
        choices = _literal_choices(ctx)
        hint = suggest(value, choices) or (f" (one of: {', '.join(choices)})" if choices else "")
        return f"unknown {noun} {value!r}{hint}"
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "string_type" and isinstance(value, bool):
        # YAML 1.1 reads an unquoted yes, no, on or off as true or false.
        message += f" (YAML read an unquoted word as {str(value).lower()}: put it in quotes, e.g. \"yes\")"
    return message


def explain_validation(root: type[BaseModel], exc: ValidationError, *, name: str, lines: dict[Path_, int]) -> list[str]:
    """Every validation error as a located line, in file order."""
    errors = exc.errors()
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    found: list[tuple[int, str]] = []
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in deeper:
            continue  # an item was invalid; "too few items" would only repeat that
        path: Path_ = tuple(p for p in err["loc"] if p != "[key]")
        text = located(name, lines, path, _message(root, err, path))
        found.append((line_of(lines, path), text))
    return [text for _, text in sorted(found, key=lambda item: item[0])]
