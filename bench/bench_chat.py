"""How often crybot misreads chat messages that GoEmotions' Reddit comments do not cover; prints one table.

Run: .venv/bin/python bench/bench_chat.py [--show]
Each set is read three ways: stage 1 alone, both stages as the bot reads a message whose mood decides what it posts,
and the model on every message (no gate), which shows what the gate keeps from the model.
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
from bot.emotion.stage_gate import trust_model
from bot.emotion.two_stage import SecondStage, open_model
from tools.emotion_data import CHAT_SETS, load_chat_set


def _script(text: str) -> str:
    """The kind of writing: Latin letters, another script, or no letters at all."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "no letters (emoji, emoticons)"
    return "mostly Latin letters" if trust_model(text) else "mostly another script"


def main() -> None:
    """Read every set with stage 1 alone, with both stages, and with the model on every message; print misreads."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="also list every message both stages misread")
    args = parser.parse_args()
    reader = EmotionReader()
    model = open_model()
    ways = {"stage 1 alone": SecondStage(None), "two stages (shipped)": SecondStage(model),
            "model on every message (no gate)": SecondStage(model, gate=lambda _: True)}
    missed: dict[str, Counter[str]] = {way: Counter() for way in ways}
    by_script: dict[str, Counter[str]] = {way: Counter() for way in ways}
    wanted: Counter[str] = Counter()
    scripts: Counter[str] = Counter()
    print("| set | messages | " + " | ".join(ways) + " |\n|" + " --- |" * (len(ways) + 2))
    shown: list[str] = []
    for path in sorted(CHAT_SETS.glob("set*.txt")):
        cases = load_chat_set(path)
        wanted.update(mood for mood, _ in cases)
        scripts.update(_script(text) for _, text in cases)
        counts = []
        for way, second in ways.items():
            readings = second.read_many(reader, [text for _, text in cases])
            wrong = [(mood, text, r) for (mood, text), r in zip(cases, readings, strict=True) if r.mood != mood]
            missed[way].update(mood for mood, _, _ in wrong)
            by_script[way].update(_script(text) for _, text, _ in wrong)
            counts.append(str(len(wrong)))
            if way == "two stages (shipped)":
                shown += [f"|   | want {mood}, read {r.mood} {r.confidence:.2f} | {text} | {'; '.join(r.cues)} |"
                          for mood, text, r in wrong]
        print(f"| {path.stem} | {len(cases)} | " + " | ".join(counts) + " |")
        if args.show:
            print("\n".join(shown))
            shown.clear()
    total = sum(wanted.values())
    print(f"| all | {total} | " + " | ".join(str(sum(missed[way].values())) for way in ways) + " |")
    print("\n| wanted mood | messages | " + " | ".join(ways) + " |\n|" + " --- |" * (len(ways) + 2))
    for mood in sorted(wanted):
        print(f"| {mood} | {wanted[mood]} | " + " | ".join(str(missed[way][mood]) for way in ways) + " |")
    print("\nWhich stage to trust per message (bot/emotion/stage_gate.py), by how the message is written:\n")
    print("| written in | messages | " + " | ".join(ways) + " |\n|" + " --- |" * (len(ways) + 2))
    for script in sorted(scripts):
        print(f"| {script} | {scripts[script]} | " + " | ".join(str(by_script[way][script]) for way in ways) + " |")


if __name__ == "__main__":
    main()
