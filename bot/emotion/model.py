"""Load the shipped linear model: fixed-point mood weights per word, word pair and character n-gram."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

MODEL_PATH: Final = Path(__file__).with_name("model.json.gz")
MODEL_MOODS: Final = ("sad", "frustrated", "anxious", "joy", "neutral")
FORMAT: Final = 2
FIXED: Final = 1024  # weights are stored as round(w * FIXED), the packing's own scale

# Four integers per key: sad, frustrated, anxious and joy logits relative to neutral, times FIXED.
Fixed = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity
class LinearModel:
    """Bias, folded weights of every word and pair the model knows, n-gram weights for the words it does not."""

    bias: tuple[float, float, float, float, float]
    words: dict[str, Fixed]
    grams: dict[str, Fixed]
    about: str


def to_fixed(weights: Sequence[float]) -> Fixed:
    """Five mood weights as four fixed-point integers relative to neutral."""
    return tuple(round((weights[k] - weights[4]) * FIXED) for k in range(4))  # type: ignore[return-value]


def save_model(path: Path, *, bias: Sequence[float], words: Mapping[str, Fixed], grams: Mapping[str, Fixed],
               about: str) -> None:
    """Write a model in the shipped format, byte-identical for the same weights."""
    payload = {
        "format": FORMAT,
        "moods": list(MODEL_MOODS),
        "about": about,
        "bias": [round(b, 4) for b in bias],
        "words": {k: list(w) for k, w in sorted(words.items())},
        "grams": {k: list(w) for k, w in sorted(grams.items())},
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> LinearModel:
    """Read a shipped model once per process; the result is never mutated."""
    payload = json.loads(gzip.decompress(path.read_bytes()))
    if payload.get("format") != FORMAT or payload.get("moods") != list(MODEL_MOODS):
        raise ValueError(f"{path.name}: unsupported emotion model format")
    return LinearModel(tuple(payload["bias"]), payload["words"], payload["grams"],  # type: ignore[arg-type]
                       payload.get("about", ""))
