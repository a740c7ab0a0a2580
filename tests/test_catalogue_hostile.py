"""Every mistake in memes.yaml is a located problem line: never a traceback, at check, start-up or reload."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue import yamlmap
from bot.catalogue.live import LiveCatalogue
from bot.catalogue.load import load_catalogue
from bot.catalogue.problems import MAX_PROBLEM_CHARS
from bot.errors import CatalogueError
from tests.factories import write_catalogue
from tests.hostile import RAW, RAW_SCALARS, dump, hostile_values, schema_paths, with_value

REPO = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"memes\.yaml(:\d+)?: \S")
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

# The three mistakes that used to end in a traceback, as the text an admin would type.
NAMED = {
    "a NUL in a file name": ('file: "assets/sad\\0cat.png"', "memes[0].file: holds the control character U+0000"),
    "a file name of 300 bytes": ("file: assets/" + "a" * 300 + ".png",
                                 "memes[0].file: a name in the file path is 304 bytes long"),
    "a 5,000-digit integer": ("weight: " + "9" * 5_000, "a number 5,000 characters long"),
    # Found by tests/test_fuzz.py: PyYAML's reader refused it before the loader's error handling began.
    "a raw control character": ("credit: ring\a", "not valid YAML: the character U+0007 is not allowed in YAML"),
}


def assert_located(problems: list[str]) -> None:
    """Each problem is one printable line that names the file and, when known, the line."""
    assert problems
    for problem in problems:
        assert LOCATED.match(problem), problem
        assert "\n" not in problem and len(problem) <= MAX_PROBLEM_CHARS, problem
        assert not UNSAFE.search(problem), problem  # nothing that moves a terminal's cursor or reorders its text
        problem.encode("utf-8")  # a lone surrogate would fail here, and in print()
        assert "internal error" not in problem


def _with_mistake(path: Path, line: str) -> None:
    """Replace the first meme's file line (or add a line to it) with an admin's mistake."""
    text = path.read_text(encoding="utf-8")
    first_file = "file: assets/sad-cat.png"
    path.write_text(text.replace(first_file, line if line.startswith("file:") else f"{first_file}\n  {line}", 1))


@pytest.mark.parametrize("mistake", NAMED, ids=list(NAMED))
def test_crybot_check_lists_the_mistake_by_line_and_exits_1(tmp_path: Path, mistake: str) -> None:
    line, expected = NAMED[mistake]
    path = write_catalogue(tmp_path)
    _with_mistake(path, line)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "check", str(path)], check=False, capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert expected in done.stdout
    assert_located(done.stdout.splitlines())


@pytest.mark.parametrize("mistake", NAMED, ids=list(NAMED))
async def test_start_up_serves_the_saved_copy_and_a_reload_lists_the_mistake(tmp_path: Path, mistake: str) -> None:
    line, expected = NAMED[mistake]
    path = write_catalogue(tmp_path)
    saved = tmp_path / "data" / "catalogue.last-good.yaml"
    good = path.read_text(encoding="utf-8")
    LiveCatalogue.open(path, last_good=saved)
    _with_mistake(path, line)
    restarted = LiveCatalogue.open(path, last_good=saved)  # used to exit without trying the saved copy
    assert restarted.current.meme("sad-cat") is not None and expected in "\n".join(restarted.problems)
    path.write_text(good, encoding="utf-8")
    assert await restarted.reload() and restarted.problems == []
    _with_mistake(path, line)
    assert not await restarted.reload()  # used to say only "internal error"
    assert expected in "\n".join(restarted.problems)
    assert_located(restarted.problems)


@st.composite
def hostile_catalogues(draw: st.DrawFn) -> str:
    """The test catalogue with one to three fields (or field names) replaced by hostile values or raw YAML."""
    doc: dict[str, Any] | None = None
    raws: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(schema_paths()))
        if isinstance(path[-1], str) and draw(st.booleans()):
            path = (*path[:-1], draw(st.text(max_size=300) | st.sampled_from(["wieght", "\x00", "a" * 2_000, "<<"])))
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            value: Any = RAW.format(len(raws))
            raws.append(draw(st.sampled_from(RAW_SCALARS)))
        else:
            value = draw(hostile_values())
        doc = with_value(path, value, data=doc)
    assert doc is not None
    return dump(doc, raws)


@settings(max_examples=int(os.environ.get("CRYBOT_FUZZ_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=hostile_catalogues())
def test_hostile_values_in_any_field_give_located_problems_never_a_traceback(tmp_path: Path, text: str) -> None:
    path = write_catalogue(tmp_path)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_catalogue(path)
    except CatalogueError as exc:
        assert_located(exc.problems)


@settings(max_examples=100, deadline=None)
@given(text=hostile_catalogues())
def test_the_fast_parser_reads_every_document_as_the_pure_python_one_does(text: str) -> None:
    slow = _parsed_by(yamlmap._BoundedLoader, text)
    if yamlmap.WITH_LIBYAML:
        assert _parsed_by(yamlmap._FastLoader, text) in (slow, "refused")  # refused: the slow one says why


def _parsed_by(loader: type, text: str) -> object:
    """What one loader makes of a text (data, lines, duplicates) as comparable text, or why it refused it."""
    fast = loader is not yamlmap._BoundedLoader
    try:
        parsed = yamlmap._parse(text, loader, fast=fast)
    except yamlmap.YamlProblem as exc:
        return f"problem at {exc.line}: {exc.message}"
    except Exception:
        if fast:
            return "refused"
        raise
    return repr((parsed.data, sorted(parsed.lines.items(), key=repr), parsed.duplicates))
