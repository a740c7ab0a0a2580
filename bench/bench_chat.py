"""How often crybot misreads chat messages that GoEmotions' Reddit comments do not cover; prints one table.

Run: .venv/bin/python bench/bench_chat.py [--show]
bench/chat/set*.txt hold short Discord- and Slack-style messages, one per line as "mood | text", each set
written before it was first read. Each later set was held out from the cues made for the sets before it;
every set has since been used to find gaps, so today's counts are not held-out measures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.emotion import EmotionReader

SETS = Path(__file__).resolve().parent / "chat"


def _cases(path: Path) -> list[tuple[str, str]]:
    """The (mood, text) pairs of one set."""
    rows = [line.split(" | ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(mood.strip(), text) for mood, text in rows]


def main() -> None:
    """Read every set, print misreads per set and per wanted mood."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="also list every misread message")
    args = parser.parse_args()
    reader = EmotionReader()
    missed: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    print("| set | messages | misread |\n| --- | --- | --- |")
    for path in sorted(SETS.glob("set*.txt")):
        cases = _cases(path)
        wrong = [(mood, text, reader.read(text)) for mood, text in cases]
        wrong = [row for row in wrong if row[2].mood != row[0]]
        wanted.update(mood for mood, _ in cases)
        missed.update(mood for mood, _, _ in wrong)
        print(f"| {path.stem} | {len(cases)} | {len(wrong)} |")
        for mood, text, reading in wrong if args.show else []:
            print(f"|   | want {mood}, read {reading.mood} {reading.confidence:.2f} | {text} |")
    print("\n| wanted mood | messages | misread |\n| --- | --- | --- |")
    for mood in sorted(wanted):
        print(f"| {mood} | {wanted[mood]} | {missed[mood]} |")


if __name__ == "__main__":
    main()
