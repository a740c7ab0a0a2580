"""Hostile catalogue values for property tests and fuzzing: every field of the schema, and what to put in it."""

from __future__ import annotations

import copy
import itertools
import types
import typing
from typing import Any

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.catalogue.model import CatalogueModel
from tests.factories import catalogue_data

Path_ = tuple[str | int, ...]
RAW = "@@raw{}@@"  # stands in for YAML text that no Python value dumps to

# YAML that PyYAML's safe loader reads into values no dumper writes: long and odd numbers, tags, aliases.
RAW_SCALARS = (
    "9" * 5_000, "-" + "9" * 5_000, "0x" + "f" * 4_000, "0b" + "1" * 5_000, "1" + ":59" * 5_000, "0o777",
    "1e400", "-.inf", ".nan", "!!float 1e999", '!!int "12"', "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]",
    "!!timestamp 2001-12-14", "2001-12-14 21:59:43.10 -5", "*nowhere", "&loop [*loop]", '"\\0"', '"\\uD800"',
    '"\\x1b[2J\\x1b[31mred"', '"\\u202Egnp.exe"', "!!python/object/apply:os.system [true]", "? [a, b] : c",
    "{a: 1, a: 2}", "[" * 60 + "]" * 60, "|\n  multi\n  line", "!!str", "~", "''", "!!null ''",
)

_FILE_NAMES = (
    "a" * 300, "é" * 200, "../../../etc/passwd", "/etc/passwd", "assets", "assets/../memes.yaml", "/dev/zero",
    "assets/sad-cat.png/..", "C:\\Windows\\win.ini", "assets/" + "b/" * 300 + "x.png", "~/x.png", "\\\\host\\share",
)
_CHARACTERS = st.characters(codec="utf-8") | st.sampled_from("\x00\x1b\x7f\x85\u202e\u2028\ufeff\U0001f62d")


def _long(text: str) -> Any:
    return st.integers(min_value=1, max_value=5_000).map(lambda n: (text * n)[: max(n, 1)])


def hostile_values() -> st.SearchStrategy[Any]:
    """Python values an admin (or an attacker with write access to the file) could put in any field."""
    scalars = (
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(_CHARACTERS, max_size=80)
        | st.sampled_from(_FILE_NAMES) | _long("x") | _long("😭") | st.binary(max_size=20)
        | st.sampled_from(["sad", "sadd", "auto", "meme", "classic", "bar", "top", "safe", "spicy", "https://x"])
    )
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(_CHARACTERS, max_size=12) | st.integers() | st.none() | st.booleans(), inner, max_size=4), max_leaves=8)


def schema_paths(model: type[BaseModel] = CatalogueModel, prefix: Path_ = ()) -> list[Path_]:
    """Every place in a catalogue a value can go: each field, each nested model, and the containers themselves."""
    paths: list[Path_] = []
    for name, field in model.model_fields.items():
        here = (*prefix, name)
        paths.append(here)
        annotation, step = _unwrap(field.annotation)
        if step is not None:
            paths.append((*here, step))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += schema_paths(annotation, here if step is None else (*here, step))
    return paths


def _unwrap(annotation: Any) -> tuple[Any, str | int | None]:
    """The model inside Optional, tuple[X, ...] or dict[K, X], and the step into it (an index or a key)."""
    while True:
        origin, args = typing.get_origin(annotation), [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        elif origin in (tuple, list) and args:
            return args[0], 0
        elif origin is dict and len(args) == 2:
            return args[1], "sad"
        else:
            return annotation, None


def with_value(path: Path_, value: Any, *, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of the test catalogue (with a `moods` section) with `value` put at `path`, making room as needed."""
    doc = copy.deepcopy(data if data is not None else catalogue_data(moods={"sad": {"emoji": "😢", "words": ["x"]}}))
    node: Any = doc
    for step, following in itertools.pairwise(path):
        kind = list if isinstance(following, int) else dict
        _put(node, step, default=kind)
        if not isinstance(node[step], kind):
            node[step] = kind()
        node = node[step]
    _put(node, path[-1], default=type(None))
    node[path[-1]] = value
    return doc


def _put(node: Any, step: str | int, *, default: type) -> None:
    """Make sure `node[step]` exists (a list grows to the index)."""
    if isinstance(node, list):
        while len(node) <= int(step):
            node.append(default())
    elif step not in node:
        node[step] = default()


def dump(doc: dict[str, Any], raws: list[str] = ()) -> str:  # type: ignore[assignment]
    """The document as YAML text, with each RAW placeholder replaced by its raw YAML."""
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    for index, raw in enumerate(raws):
        marker = RAW.format(index)
        text = text.replace(f"'{marker}'", raw).replace(marker, raw)
    return text
