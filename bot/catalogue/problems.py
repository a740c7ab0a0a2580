"""Turn pydantic's validation errors into lines an admin can act on: file, line, path, a suggestion."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.catalogue.yamlmap import Path_, format_path, line_of


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
    return f"{name}:{line_of(lines, path)}: {where + ': ' if where else ''}{message}"


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
