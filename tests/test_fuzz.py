"""Fuzz targets: the catalogue loader (mangled memes.yaml in, a catalogue or located problems out) and the message
path (any text in, a decision out through the real core, never an error).

The test suite runs a bounded number of inputs; `make fuzz` runs many more (CRYBOT_FUZZ_EXAMPLES) and prints
how many each target ran (--hypothesis-show-statistics).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.load import load_catalogue
from bot.core import Core
from bot.errors import CatalogueError
from bot.events import Incoming
from bot.moods import MOODS
from bot.text import for_matching
from bot.triggers import CompiledTrigger, first_hit
from tests.factories import open_test_core
from tests.test_catalogue_hostile import assert_located

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("CRYBOT_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces of YAML and of chat that break parsers: indicators, anchors and tags, quotes, odd whitespace and controls.
YAML_BITS = ["\n", ": ", "- ", "  ", "\t", "&a ", "*a", "!!", "!!binary ", "{", "}", "[", "]", "'", '"', "#", "|",
             ">", "? ", "---\n", "...\n", "%YAML 1.1\n", "\x00", "\ufeff", "\u2028", "9" * 50, "1:2:3", "~", "<<: *a"]
CHAT_BITS = ["crying", "😭", "ㅠㅠ", "T_T", ":sob:", "```", "`", "<@123>", "<#C1>", "@everyone", "https://x.y/😭",
             "> quote\n", "\u200b", "\u202e", "\u0301" * 40, "Ｃｒｙｉｎｇ", "cryyyyyyyyyyyyyyyyyy", "kill myself",
             "i want to die lol", "passed away", "monday", "\ud800", "\x00", "\r\n", " " * 200, "a" * 4000]


@st.composite
def mangled_catalogues(draw: st.DrawFn) -> str:
    """The bundled memes.yaml with a few cuts, insertions, swapped lines and a possible truncation."""
    text = (REPO / "memes.yaml").read_text(encoding="utf-8")
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "swap", "indent", "truncate"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(YAML_BITS) | st.text(max_size=8)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=60)):]
        elif action == "swap":
            lines = text.split("\n")
            i, j = (draw(st.integers(min_value=0, max_value=len(lines) - 1)) for _ in range(2))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif action == "indent":
            line_start = text.rfind("\n", 0, at) + 1
            text = text[:line_start] + draw(st.sampled_from([" ", "  ", "\t", ""])) + text[line_start:].lstrip(" ")
        else:
            text = text[:at]
    return text


@FUZZ
@given(text=mangled_catalogues())
def test_fuzz_catalogue_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "memes.yaml"
    if not (tmp_path / "assets").exists():
        (tmp_path / "assets").symlink_to(REPO / "assets")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        catalogue = load_catalogue(path)
    except CatalogueError as exc:
        assert_located(exc.problems)
        return
    plain = tuple(CompiledTrigger(t.index, t.trigger) for t in catalogue.triggers)
    for sample in ("i'm crying", "happy tears", "monday again", "nothing here"):
        normalised = for_matching(sample)  # the combined pass never changes which trigger fires
        assert first_hit(catalogue.triggers, normalised) == first_hit(plain, normalised)


def chat_messages() -> st.SearchStrategy[str]:
    """Chat as people and attackers type it: any characters (lone surrogates too, as JSON escapes allow), mixed
    with triggers, crisis words, markup, mentions, invisible and combining characters, up to 40,000 characters."""
    any_text = st.text(st.characters(codec=None), max_size=60)
    pieces = st.lists(any_text | st.sampled_from(CHAT_BITS), max_size=12).map("".join)
    return pieces | st.builds(lambda piece, n: (piece * n)[:40_000], pieces, st.integers(min_value=1, max_value=800))


class _Errors(logging.Handler):
    """Collects what the core logs at ERROR: a caught exception is still a failure for a fuzz target."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def core_errors() -> Iterator[_Errors]:
    handler = _Errors()
    logging.getLogger("bot").addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger("bot").removeHandler(handler)


@dataclass
class _Running:
    """A real core on its own event loop, shared by every input of the message fuzz target."""

    loop: asyncio.AbstractEventLoop
    core: Core
    messages: Iterator[int]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Running]:
    loop = asyncio.new_event_loop()
    folder = tmp_path_factory.mktemp("fuzz-core")
    core = loop.run_until_complete(open_test_core(folder, settings={"reply_with": "reaction"}))
    try:
        yield _Running(loop, core, itertools.count())
    finally:
        loop.run_until_complete(core.close())
        loop.close()


@FUZZ
@given(text=chat_messages())
def test_fuzz_message_path(running: _Running, core_errors: _Errors, text: str) -> None:
    judged = running.core.explain(text)
    assert judged["mood"] in (*MOODS, "crisis") and judged["action"] in ("meme", "reaction", "support", "none")
    assert 0.0 <= judged["confidence"] <= 1.0
    channel = f"c{next(running.messages)}"  # a fresh channel each time: no cooldown hides a decision
    message = Incoming(text=text, space_id="s", channel_id=channel, user_id=channel, message_id="m")
    reply = running.loop.run_until_complete(running.core.on_message(message))
    assert reply.kind in ("nothing", "reaction", "support")
    assert (reply.kind == "support") == (judged["action"] == "support")
    assert not core_errors.records, core_errors.records[0].getMessage()
