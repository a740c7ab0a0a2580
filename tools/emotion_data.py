"""Load the GoEmotions splits mapped onto crybot's five moods."""

from __future__ import annotations

from pathlib import Path
from typing import Final

# Copies of the splits live in the repository, with their licence, so a fresh clone can build and bench.
DATA_DIR: Final = Path(__file__).resolve().parent / "data" / "goemotions"
FIVE: Final[tuple[str, ...]] = ("sad", "frustrated", "anxious", "joy", "neutral")

# The mapping fixed by the data folder's README; labels not listed are dropped.
_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "sad": ("sadness", "grief", "disappointment", "remorse"),
    "frustrated": ("annoyance", "anger", "disgust"),
    "anxious": ("nervousness", "fear"),
    "joy": ("joy", "gratitude", "love", "admiration", "excitement", "amusement", "relief", "pride", "optimism"),
    "neutral": ("neutral",),
}
_MOOD_OF: Final[dict[str, str]] = {label: mood for mood, labels in _GROUPS.items() for label in labels}


def _names(data_dir: Path) -> list[str]:
    """Read the label names in id order."""
    return (data_dir / "emotions.txt").read_text(encoding="utf-8").split()


def load_split(split: str, *, data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """Return the texts and moods of a split, keeping rows whose labels all map to one mood."""
    names = _names(data_dir)
    texts: list[str] = []
    moods: list[str] = []
    with (data_dir / f"{split}.tsv").open(encoding="utf-8") as rows:
        for row in rows:
            text, ids, _ = row.rstrip("\n").split("\t")
            mapped = {_MOOD_OF.get(names[int(i)]) for i in ids.split(",")}
            if len(mapped) == 1 and None not in mapped:
                texts.append(text)
                moods.append(mapped.pop())  # type: ignore[arg-type]
    return texts, moods


def score_mood(label: str) -> str:
    """Fold crybot's labels onto the five scored moods (grief and crisis count as sad)."""
    return "sad" if label in ("grief", "crisis") else label


OTHER: Final = "other"  # labels outside the five moods (approval, curiosity, surprise, ...)


def load_targets(split: str, *, data_dir: Path = DATA_DIR) -> tuple[list[str], list[tuple[str, ...]], list[bool]]:
    """Return every text of a split with the moods its labels map to, and whether load_split would keep it.

    A row whose labels span two moods teaches both (the trainer splits its weight); labels outside
    the moods become OTHER, kept only when nothing else is, so the model learns what is none of the five.
    """
    names = _names(data_dir)
    texts: list[str] = []
    targets: list[tuple[str, ...]] = []
    scored: list[bool] = []
    with (data_dir / f"{split}.tsv").open(encoding="utf-8") as rows:
        for row in rows:
            text, ids, _ = row.rstrip("\n").split("\t")
            mapped = sorted({_MOOD_OF.get(names[int(i)], OTHER) for i in ids.split(",")})
            scored.append(len(mapped) == 1 and mapped[0] != OTHER)
            if len(mapped) > 1 and OTHER in mapped:
                mapped.remove(OTHER)
            texts.append(text)
            targets.append(tuple(mapped))
    return texts, targets, scored


CHAT_SETS: Final = Path(__file__).resolve().parents[1] / "bench" / "chat"


def load_chat_set(path: Path) -> list[tuple[str, str]]:
    """The (mood, text) pairs of one chat set: lines of "mood | text"."""
    rows = [line.split(" | ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(mood.strip(), text) for mood, text in rows]


def load_chat_sets(folder: Path = CHAT_SETS) -> list[tuple[str, str]]:
    """Every chat set's (mood, text) pairs, set by set."""
    return [case for path in sorted(folder.glob("set*.txt")) for case in load_chat_set(path)]
