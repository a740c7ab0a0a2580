"""Load the shipped linear model: per-feature weights for the five scored moods."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

MODEL_PATH: Final = Path(__file__).with_name("model.json.gz")
MODEL_MOODS: Final = ("sad", "frustrated", "anxious", "joy", "neutral")
FORMAT: Final = 1

Weights = tuple[float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Bias and feature weights (one per mood, in MODEL_MOODS order), with where they came from."""

    bias: Weights
    weights: dict[str, Weights]
    about: str


def save_model(path: Path, *, bias: list[float], weights: dict[str, list[float]], about: str) -> None:
    """Write a model in the shipped format, weights rounded to keep it small."""
    payload = {
        "format": FORMAT,
        "moods": list(MODEL_MOODS),
        "about": about,
        "bias": [round(b, 4) for b in bias],
        "weights": {f: [round(x, 3) for x in w] for f, w in sorted(weights.items())},
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> LinearModel:
    """Read a shipped model once per process; the result is never mutated."""
    payload = json.loads(gzip.decompress(path.read_bytes()))
    if payload.get("format") != FORMAT or payload.get("moods") != list(MODEL_MOODS):
        raise ValueError(f"{path.name}: unsupported emotion model format")
    weights = {f: tuple(w) for f, w in payload["weights"].items()}
    return LinearModel(tuple(payload["bias"]), weights, payload.get("about", ""))  # type: ignore[arg-type]
