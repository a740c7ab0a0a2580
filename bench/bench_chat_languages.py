"""How well crybot reads chat in languages other than English and Korean; prints one table per language set.

Run: .venv/bin/python bench/bench_chat_languages.py [--show]
bench/chat/languages/<code>.txt hold chat messages as "mood | text | English gloss", written before the reader was
tuned on them; bench/chat/languages/heldout/<code>.txt were written after tuning and read once (56 of 64 moods
right), then used to fill the gaps they showed, so today's held-out counts are no longer held-out measures. A message is
understood when its mood is right and its action with the bundled memes.yaml (meme, reaction, support or none) is the
one its English gloss gets, as an auto-reply would judge each on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue.load import Catalogue, load_catalogue
from bot.emotion import EmotionReader
from bot.emotion.languages.guess import guess_language
from bot.explain import explain
from tools.emotion_data import load_split

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
        got, english = explain(catalogue, reader.read(text), text), explain(catalogue, reader.read(gloss), gloss)
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


def _guesses(label: str, code: str, texts: list[str]) -> str:
    """One row of the language-guess table: right, unsure (None) and wrong, for texts all in one language."""
    counts = Counter("right" if g == code else "unsure" if g is None else "wrong" for g in map(guess_language, texts))
    n = len(texts)
    right, unsure, wrong = (_share(counts[k], n) for k in ("right", "unsure", "wrong"))
    return f"| {label} | {n} | {right} | {unsure} | {wrong} |"


def _guess_table(sets: list[tuple[str, list[tuple[str, str, str]]]], reader: EmotionReader) -> None:
    """How often guess_language names each set's language, says None, or names another; and what it costs."""
    chat = [line.split(" | ", 1)[1] for path in sorted((ROOT / "bench" / "chat").glob("set*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    korean = [t for t in chat if any("\uac00" <= c <= "\ud7af" or "\u3130" <= c <= "\u318f" for c in t)]
    dev, _ = load_split("dev")
    print("\n| language guess | messages | right | unsure (None) | wrong |\n| --- | --- | --- | --- | --- |")
    for code, rows in sets:
        print(_guesses(f"{NAMES.get(code, code)} set", code, [text for _, text, _ in rows]))
    print(_guesses("English chat sets (bench/chat/set*.txt)", "en", [t for t in chat if t not in korean]))
    print(_guesses("Korean lines of the chat sets", "ko", korean))
    print(_guesses("GoEmotions dev (English Reddit comments)", "en", dev))
    spent = [0.0, 0.0]  # the guess and the reader take turns, so load on the machine slows both alike
    for at in range(0, len(dev), 50):
        for k, read in enumerate((guess_language, reader.read)):
            started = time.perf_counter()
            for text in dev[at:at + 50]:
                read(text)
            spent[k] += time.perf_counter() - started
    print(f"\nguess_language on GoEmotions dev: {spent[0] / len(dev) * 1e6:.1f} µs a message, "
          f"{spent[0] / spent[1]:.2f}x the reader's time in the same turns")


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
    sets = []
    for path in sorted(SETS.glob("*.txt")):
        code = path.stem
        rows = cases(path)
        sets.append((code, rows))
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
    _guess_table(sets, reader)


if __name__ == "__main__":
    main()
