"""What a catalogue may hold: memes, triggers, their cost per message, and how many problems are reported."""

from __future__ import annotations

import random
from pathlib import Path

from bot.catalogue.live import LiveCatalogue
from bot.catalogue.load import MAX_MEMES, MAX_TRIGGERS, load_catalogue
from bot.catalogue.model import Trigger
from bot.catalogue.problems import MAX_REPORTED_PROBLEMS
from bot.catalogue.yamlmap import MAX_ITEMS
from bot.text import for_matching
from bot.triggers import TRIGGERS_MAX_PROGRAM, CompiledTrigger, compile_triggers, first_hit
from tests.factories import catalogue_data, write_catalogue
from tests.test_catalogue import problems_of  # load a catalogue that must fail, return its problems


def _broken_memes(count: int) -> str:
    """`count` memes written as compactly as YAML allows, each with four mistakes."""
    return "".join(f"- {{id: 'Bad {i}', moods: [sadd], wieght: 2}}\n" for i in range(count))


def test_twenty_five_thousand_broken_memes_stop_the_parser_at_the_first_entry_too_many(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("memes:\n", 1)[0] + "memes:\n" + _broken_memes(25_000) + "safety: {crisis_reply: hi}\n")
    (problem,) = problems_of(path)
    line = 1 + path.read_text().splitlines().index("memes:") + MAX_ITEMS + 1  # the parser stops at the first too many
    assert problem == f"memes.yaml:{line}: more than {MAX_ITEMS:,} entries in one list or mapping; no catalogue " \
                      "needs that many"


def test_a_few_memes_too_many_are_one_problem_naming_the_limit(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8")
    head = text.split("memes:\n", 1)[0]
    path.write_text(head + "memes:\n" + _broken_memes(MAX_MEMES + 1) + "safety: {crisis_reply: hi}\n")
    (problem,) = problems_of(path)
    assert problem.endswith(f": memes: {MAX_MEMES + 1:,} memes; a catalogue holds at most {MAX_MEMES:,} (split it, or "
                            "remove some)")


async def test_a_reload_with_thousands_of_problems_lists_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    live = LiveCatalogue.open(path)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.split("memes:\n", 1)[0] + "memes:\n" + _broken_memes(1_000) + "safety: {crisis_reply: hi}\n")
    assert not await live.reload()
    assert len(live.problems) == MAX_REPORTED_PROBLEMS + 1
    assert live.problems[-1].startswith("memes.yaml: and ") and "more problems" in live.problems[-1]
    hidden = int(live.problems[-1].split("and ")[1].split(" more")[0].replace(",", ""))
    assert hidden + MAX_REPORTED_PROBLEMS >= 4_000  # four mistakes in each of 1,000 memes
    assert live.current.meme("sad-cat") is not None  # the last good catalogue keeps serving


def test_more_triggers_than_the_limit_are_refused_by_line(tmp_path: Path) -> None:
    triggers = [{"regex": rf"\bword{i}\b"} for i in range(MAX_TRIGGERS + 1)]
    path = write_catalogue(tmp_path, triggers=triggers)
    (problem,) = problems_of(path)
    assert f": triggers: {MAX_TRIGGERS + 1:,} triggers; a catalogue holds at most {MAX_TRIGGERS:,}" in problem


def test_triggers_that_together_cost_too_much_per_message_are_refused(tmp_path: Path) -> None:
    rng = random.Random(5)
    lists = [{"words": ["".join(rng.choice("bcdfghjklmnp") for _ in range(8)) for _ in range(900)]} for _ in range(6)]
    path = write_catalogue(tmp_path, triggers=lists)
    (problem,) = problems_of(path)
    assert problem.startswith("memes.yaml:") and ": triggers: together the triggers compile to " in problem
    assert f"the limit is {TRIGGERS_MAX_PROGRAM:,}" in problem


def test_the_combined_regex_pass_never_changes_which_trigger_fires() -> None:
    rng = random.Random(11)
    words = ["monday", "build", "tears", "rain", "exam", "deploy", "coffee", "cat"]
    triggers = tuple(
        Trigger(regex=rf"\b{rng.choice(words)}s?\b") if i % 3 else Trigger(words=(rng.choice(words) + "y",))
        for i in range(60)
    )
    combined = compile_triggers(triggers)
    one_by_one = tuple(CompiledTrigger(i, t) for i, t in enumerate(triggers))
    for _ in range(300):
        text = for_matching(" ".join(rng.choice(words + ["zzz", "rainy", "caty", "(", "\\"]) for _ in range(6)))
        assert first_hit(combined, text) == first_hit(one_by_one, text), text


def test_a_catalogue_with_as_many_triggers_as_allowed_loads(tmp_path: Path) -> None:
    # (test_catalogue.py loads one with as many memes as allowed)
    triggers = [{"regex": rf"\bword{i}\b"} for i in range(MAX_TRIGGERS)]
    catalogue = load_catalogue(write_catalogue(tmp_path, data=catalogue_data(triggers=triggers)))
    assert len(catalogue.triggers) == MAX_TRIGGERS
    hit = first_hit(catalogue.triggers, for_matching(f"oh no, word{MAX_TRIGGERS - 1} again"))
    assert hit is not None and hit.index == MAX_TRIGGERS - 1
