"""How well crybot reads chat in languages other than English and Korean; prints one table per language set.

Run: .venv/bin/python bench/bench_chat_languages.py [--show]
bench/chat/languages/<code>.txt hold chat messages as "mood | text | English gloss", written before the reader was
tuned on them; bench/chat/languages/heldout/<code>.txt were written after tuning and never tuned on. A message is
understood when its mood is right and its action with the bundled memes.yaml (meme, reaction, support or none) is the
one its English gloss gets, as an auto-reply would judge each on its own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue.load import Catalogue, load_catalogue
from bot.emotion import EmotionReader
from bot.explain import explain

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "bench" / "chat" / "languages"
NAMES = {"es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German", "ja": "Japanese", "ru": "Russian",
         "zh": "Chinese", "pl": "Polish"}


def cases(path: Path) -> list[tuple[str, str, str]]:
    """The (mood, text, English gloss) rows of one set."""
    rows = [line.split(" | ", 2) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(mood.strip(), text, gloss) for mood, text, gloss in rows]


def _score(rows: list[tuple[str, str, str]], catalogue: Catalogue, reader: EmotionReader,
           show: bool) -> tuple[int, int, int]:
    """How many rows have the right mood, the English gloss's action, and both; misses printed when asked."""
    moods = actions = both = 0
    for mood, text, gloss in rows:
        got, english = explain(catalogue, reader, text), explain(catalogue, reader, gloss)
        mood_right, action_right = got["mood"] == mood, got["action"] == english["action"]
        moods += mood_right
        actions += action_right
        both += mood_right and action_right
        if show and not (mood_right and action_right):
            print(f"|   | want {mood}/{english['action']}, read {got['mood']} {got['confidence']:.2f}/{got['action']} "
                  f"| {text} |")
    return moods, actions, both


def _share(part: int, whole: int) -> str:
    """A count and its percentage."""
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def main() -> None:
    """Read every language set and its held-out set; print mood accuracy and actions per language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="also list every message not understood")
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "memes.yaml")
    reader = EmotionReader(extra_words=catalogue.extra_words())
    print("| language | messages | mood right | action as in English | understood | held-out mood right "
          "| held-out understood |\n| --- | --- | --- | --- | --- | --- | --- |")
    totals = [0] * 6
    for path in sorted(SETS.glob("*.txt")):
        code = path.stem
        rows = cases(path)
        held = SETS / "heldout" / path.name
        held_rows = cases(held) if held.exists() else []
        moods, actions, both = _score(rows, catalogue, reader, args.show)
        held_moods, _, held_both = _score(held_rows, catalogue, reader, args.show)
        for k, value in enumerate((len(rows), moods, actions, both, len(held_rows), held_moods)):
            totals[k] += value
        print(f"| {NAMES.get(code, code)} ({code}) | {len(rows)} | {_share(moods, len(rows))} | "
              f"{_share(actions, len(rows))} | {_share(both, len(rows))} | {_share(held_moods, len(held_rows))} | "
              f"{_share(held_both, len(held_rows))} |")
    count, moods, actions, both, held_count, held_moods = totals
    print(f"| all | {count} | {_share(moods, count)} | {_share(actions, count)} | {_share(both, count)} | "
          f"{_share(held_moods, held_count)} | |")


if __name__ == "__main__":
    main()
