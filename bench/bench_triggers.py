"""Trigger matching cost per message, for the catalogues an admin can write: prints a table of ratios.

Each row times `first_hit` (what every channel message pays on the event loop) on one catalogue shape and one
message, against the bundled memes.yaml on the same message in the same process. The catalogue-wide limits
(MAX_TRIGGERS triggers, TRIGGERS_MAX_PROGRAM RE2 instructions) bound the rows marked "at the limit"; the last
rows time 20,000 regex triggers matched one by one, as crybot did before the limits and the combined screen.

    .venv/bin/python bench/bench_triggers.py [--variants 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.catalogue.load import MAX_TRIGGERS, load_catalogue
from bot.catalogue.model import Trigger
from bot.text import for_matching
from bot.triggers import REGEX_MAX_PROGRAM, TRIGGERS_MAX_PROGRAM, CompiledTrigger, _compile, compile_triggers, first_hit

ROOT = Path(__file__).resolve().parent.parent
RNG = random.Random(19)


def _word() -> str:
    """A made-up eight-letter word that no trigger or message shares by chance."""
    return "".join(RNG.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))


def _costliest_repeat() -> int:
    """The largest k for which (.*a){k} stays under the per-regex limit: the most a single regex may cost."""
    k = 1
    while _compile(f"(.*a){{{k + 1}}}").programsize <= REGEX_MAX_PROGRAM:
        k += 1
    return k


def catalogues() -> dict[str, tuple[CompiledTrigger, ...]]:
    """The trigger sets measured, by name."""
    k = _costliest_repeat()
    simple = [Trigger(regex=rf"\bzz{_word()}s?\b") for _ in range(MAX_TRIGGERS)]
    costly = [Trigger(regex=f"(.*a){{{k}}}b{i}") for i in range(MAX_TRIGGERS)]
    words: list[Trigger] = []
    while sum(t.size for t in compile_triggers(tuple(words))) < TRIGGERS_MAX_PROGRAM - 60_000:
        words.append(Trigger(words=tuple(_word() for _ in range(900))))
    legacy = tuple(CompiledTrigger(i, Trigger(regex=rf"\bzz{_word()}s?\b")) for i in range(20_000))
    return {
        "bundled memes.yaml (baseline)": load_catalogue(ROOT / "memes.yaml").triggers,
        f"{MAX_TRIGGERS} simple regexes (at the limit)": compile_triggers(tuple(simple)),
        f"{MAX_TRIGGERS} costliest regexes (at the limit)": compile_triggers(tuple(costly)),
        f"{len(words)} word lists of 900 (at the limit)": compile_triggers(tuple(words)),
        "20,000 simple regexes, one by one (before)": legacy,
    }


def messages(last: Trigger, *, variants: int) -> dict[str, list[str]]:
    """The messages measured, each in `variants` versions so no row times one text over and over.

    Chat that matches nothing at Discord's and Slack's lengths, adversarial text, and a hit on the last trigger.
    """
    def chat(length: int) -> str:
        return " ".join(_word() for _ in range(length // 8))[:length]

    return {
        "4,000 chars, no match": [chat(4_000) for _ in range(variants)],
        "40,000 chars, no match": [chat(40_000) for _ in range(variants)],
        "4,000 x 'a'": ["a" * (4_000 - i) for i in range(variants)],
        "hits only the last trigger": [chat(3_900) + " " + (last.words or ("crying",))[0] for _ in range(variants)],
    }


def per_message(triggers: tuple[CompiledTrigger, ...], texts: list[str]) -> float:
    """Mean seconds for one message, after one warm-up pass (RE2 builds its automata lazily, then keeps them)."""
    for text in texts:
        first_hit(triggers, text)
    start = time.perf_counter()
    for text in texts:
        first_hit(triggers, text)
    return (time.perf_counter() - start) / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=10, help="versions of each message")
    args = parser.parse_args()
    sets = catalogues()
    names = list(sets)
    print(f"{'catalogue':48} {'message':28} {'ms':>9} {'x baseline':>11}")
    for label, texts in messages(sets[names[3]][-1].trigger, variants=args.variants).items():
        normalised = [for_matching(text) for text in texts]
        timings = {name: per_message(triggers, normalised) for name, triggers in sets.items()}
        base = timings[names[0]]
        for name, seconds in timings.items():
            print(f"{name:48} {label:28} {seconds * 1000:9.2f} {seconds / base:10.1f}x")
        print()


if __name__ == "__main__":
    main()
