"""Parse YAML safely and remember the line of every key and item, for located error messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# Nodes that aliases add on top of the document's own: stops "billion laughs" documents.
# A document's own nodes are bounded by the file-size limit, so a large honest catalogue
# (thousands of memes, no aliases) costs nothing against this budget.
MAX_ALIAS_NODES = 50_000
MAX_DEPTH = 40


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


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that refuses deep nesting while composing, before Python's recursion limit is reached."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting how deep the document nests."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(self.peek_event().start_mark.line + 1, f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def parse_with_lines(text: str) -> Parsed:
    """Parse one YAML document; return the data, a map from each path to its 1-based line, and duplicate keys."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None, {})
        _measure(node)
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        duplicates: list[DuplicateKey] = []
        _walk(node, (), lines, duplicates, seen=set())
        return Parsed(loader.construct_document(node), lines, tuple(duplicates))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"not valid YAML: {exc}") from None
    except RecursionError:
        # The guards above keep nesting shallow; this is the last line of defence, not the plan.
        raise YamlProblem(loader.line + 1, f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
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
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
