"""Parse YAML safely and remember the line of every key and item, for located error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml.cyaml import CParser

    WITH_LIBYAML = True
except ImportError:  # PyYAML built without libyaml: every document takes the slower, pure-Python path
    WITH_LIBYAML = False

Path_ = tuple[str | int, ...]

# Nodes that aliases add on top of the document's own: stops "billion laughs" documents.
# A document's own nodes are bounded by the file-size limit, so a large honest catalogue
# (thousands of memes, no aliases) costs nothing against this budget.
MAX_ALIAS_NODES = 50_000
MAX_DEPTH = 40
# Entries in one list or mapping, twice what any part of a catalogue may hold: composing 25,000 memes only to
# refuse them took 14 s; counting while composing stops at the first entry past this.
MAX_ITEMS = 10_000
# No setting needs a longer number; a longer one is a mistake or an attack (a 5,000-digit integer passes Python's
# int-str limit, and a YAML 1.1 sexagesimal one like 1:59:59:... costs time quadratic in its length).
MAX_NUMBER_CHARS = 40


class YamlProblem(Exception):
    """The text is not a YAML document we are willing to read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A mapping key given twice: YAML would silently keep the last one."""

    line: int
    path: Path_
    first_line: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed document, the line of every path in it, and the duplicate keys found."""

    data: Any
    lines: dict[Path_, int]
    duplicates: tuple[DuplicateKey, ...] = ()


class _Bounded:
    """Refuse deep nesting while composing (before Python's recursion limit), and numbers no setting needs."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting how deep the document nests."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(self.peek_event().start_mark.line + 1, f"nested deeper than {MAX_DEPTH} levels")  # type: ignore[attr-defined]
            # A sequence item comes with its index; a mapping key with None, its pairs so far already in its parent.
            count = index if isinstance(index, int) else len(parent.value) if index is None and parent else 0
            if count >= MAX_ITEMS:
                message = f"more than {MAX_ITEMS:,} entries in one list or mapping; no catalogue needs that many"
                raise YamlProblem(self.peek_event().start_mark.line + 1, message)  # type: ignore[attr-defined]
            return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]
        finally:
            self._depth -= 1

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        """Construct an integer no longer than any setting needs."""
        if len(node.value) > MAX_NUMBER_CHARS:
            message = f"a number {len(node.value):,} characters long; the longest allowed is {MAX_NUMBER_CHARS}"
            raise YamlProblem(node.start_mark.line + 1, message)
        return int(yaml.constructor.SafeConstructor.construct_yaml_int(self, node))  # type: ignore[arg-type]


class _BoundedLoader(_Bounded, yaml.SafeLoader):
    """PyYAML's safe loader, all in Python: its messages for broken YAML are the ones admins see."""


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _Bounded.construct_bounded_int)

if WITH_LIBYAML:

    class _FastLoader(_Bounded, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """The same loader reading events from libyaml: five times faster (0.44 s, not 2.3 s, for 250 KB of YAML).

        Nodes are still composed and constructed in Python, so the bounds above hold for it too.
        """

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader.add_constructor("tag:yaml.org,2002:int", _Bounded.construct_bounded_int)


def parse_with_lines(text: str) -> Parsed:
    """Parse one YAML document; return the data, a map from each path to its 1-based line, and duplicate keys."""
    if WITH_LIBYAML:
        try:
            return _parse(text, _FastLoader, fast=True)
        except (yaml.YAMLError, RecursionError):
            pass  # broken YAML: read it again the slow way, whose messages (and their lines) admins know
    return _parse(text, _BoundedLoader, fast=False)


def _parse(text: str, make_loader: Any, *, fast: bool) -> Parsed:
    """Parse with one kind of loader, turning its errors into located problems."""
    loader = None
    try:
        loader = make_loader(text)  # PyYAML's reader refuses some characters here, before parsing starts
        node = loader.get_single_node()
        if node is None:
            return Parsed(None, {})
        _measure(node)
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        duplicates: list[DuplicateKey] = []
        _walk(node, (), lines, duplicates, seen=set())
        return Parsed(loader.construct_document(node), lines, tuple(duplicates))
    except yaml.MarkedYAMLError as exc:
        if fast:
            raise
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        if fast:
            raise
        line = text[: exc.position].count("\n") + 1
        raise YamlProblem(line, f"not valid YAML: the character U+{exc.character:04X} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        if fast:
            raise
        raise YamlProblem(1, f"not valid YAML: {exc}") from None
    except RecursionError:
        if fast:
            raise
        # The guards above keep nesting shallow; this is the last line of defence, not the plan.
        raise YamlProblem(getattr(loader, "line", 0) + 1, f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly below a node: keys and values of a mapping, items of a sequence."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand too far, nest too deep, or refer to themselves."""
    # Per node: (nodes below it with aliases expanded, height). Each node is measured once,
    # so a bomb is priced without being expanded.
    sizes: dict[int, tuple[int, int]] = {}
    expanded = 0

    def measure(node: yaml.Node, depth: int, open_: set[int]) -> tuple[int, int]:
        nonlocal expanded
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"nested deeper than {MAX_DEPTH} levels")
        key = id(node)
        if key in open_:
            raise YamlProblem(line, "an alias refers to a node that contains it")
        open_.add(key)
        size, height = 1, 1
        for child in _children(node):
            known = sizes.get(id(child))
            if known is None:
                child_size, child_height = measure(child, depth + 1, open_)
            else:
                child_size, child_height = known  # met again through an alias: its nodes count once more
                expanded += child_size
                if expanded > MAX_ALIAS_NODES:
                    raise YamlProblem(line, "document too large once its aliases are expanded")
            if depth + child_height > MAX_DEPTH:
                raise YamlProblem(line, f"nested deeper than {MAX_DEPTH} levels")
            size += child_size
            height = max(height, child_height + 1)
        open_.discard(key)
        sizes[key] = (size, height)
        return size, height

    measure(root, 1, set())


def _walk(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[DuplicateKey], *, seen: set[int]
) -> None:
    """Record the line of every path below a node, and every key given twice in one mapping."""
    if id(node) in seen:
        return  # reached again through an alias: its paths fall back to the alias's own line
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark.line)
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                ident = (key.tag, key.value)
                if ident in first:
                    duplicates.append(DuplicateKey(line, path + (name,), first[ident]))
                else:
                    first[ident] = line
            lines.setdefault(path + (name,), line)
            _walk(value, path + (name,), lines, duplicates, seen=seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(path + (index,), item.start_mark.line + 1)
            _walk(item, path + (index,), lines, duplicates, seen=seen)


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of a path, or of its nearest recorded ancestor."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def format_path(path: Path_) -> str:
    """Render a path the way admins read it: memes[3].moods[0]."""
    out = ""
    for part in path:
        if isinstance(part, int) or not _PLAIN_KEY.fullmatch(str(part)):
            out += f"[{part if isinstance(part, int) else repr(part)}]"  # a blank or odd key stays visible
        else:
            out += f".{part}" if out else str(part)
    return out


_PLAIN_KEY = re.compile(r"[^\W\d]\w*(?:-\w+)*")
