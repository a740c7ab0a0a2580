"""Parse YAML safely and remember the line of every key and item, for located error messages."""

from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 50_000  # counted with aliases expanded: stops "billion laughs" documents
MAX_DEPTH = 40


class YamlProblem(Exception):
    """The text is not a YAML document we are willing to read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document; return the data and a map from each path to its 1-based line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, budget=[MAX_NODES])
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], *, budget: list[int]) -> None:
    """Record lines below a node, refusing documents too large or too deep once aliases expand."""
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(node.start_mark.line + 1, "document too large once its aliases are expanded")
    if len(path) > MAX_DEPTH:
        raise YamlProblem(node.start_mark.line + 1, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark.line)
            lines.setdefault(path + (name,), key.start_mark.line + 1)
            _walk(value, path + (name,), lines, budget=budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(path + (index,), item.start_mark.line + 1)
            _walk(item, path + (index,), lines, budget=budget)


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
