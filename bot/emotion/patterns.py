"""One linear-time pass over a message for every phrase pattern at once (RE2 set), confirmed by `re` when needed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Generic, TypeVar

import re2

T = TypeVar("T")

# RE2 has no look-around; patterns that use it are matched without it first (a
# superset, since the remaining pattern is looser) and then confirmed by `re`.
_LOOKAROUND: Final = re.compile(r"\(\?<?[!=](?:[^()]|\([^()]*\))*\)")
# RE2's \s is ASCII-only while Python's is not; widen it so the set never misses.
_SPACES: Final = r"\s\x0b\x1c-\x1f\x{85}\x{2028}\x{2029}"


def _for_re2(pattern: str) -> str:
    """Drop look-arounds and widen \\s, inside character classes and out."""
    out: list[str] = []
    in_class = False
    i = 0
    pattern = _LOOKAROUND.sub("", pattern)
    while i < len(pattern):
        two = pattern[i:i + 2]
        if two == r"\s":
            out.append(_SPACES if in_class else f"[{_SPACES}]")
        elif two[0] == "\\":
            out.append(two)
        else:
            in_class = (in_class and two[0] != "]") or (not in_class and two[0] == "[")
            out.append(two[0])
            i += 1
            continue
        i += 2
    return "".join(out)


class PatternSet(Generic[T]):
    """Find which of many patterns occur in a text, each mapped to a payload."""

    def __init__(self, patterns: Sequence[tuple[str, T]]) -> None:
        """Compile all patterns into one RE2 set; raise re2.error on a pattern RE2 cannot take."""
        options = re2.Options()
        options.never_capture = True
        options.max_mem = 64 << 20  # room for the DFA on long messages
        self._set = re2.Set.SearchSet(options)
        self._payloads: list[T] = []
        self._confirm: list[re.Pattern[str] | None] = []
        for pattern, payload in patterns:
            self._set.Add(_for_re2(pattern))
            self._payloads.append(payload)
            self._confirm.append(re.compile(pattern) if _LOOKAROUND.search(pattern) else None)
        self._empty = not patterns
        if not self._empty:
            self._set.Compile()

    def find(self, text: str) -> list[T]:
        """Payloads of the patterns found in text, in the order they were given."""
        if self._empty:
            return []
        found = self._set.Match(text)
        if not found:
            return []
        confirm = self._confirm
        return [self._payloads[i] for i in sorted(found) if confirm[i] is None or confirm[i].search(text)]
