"""Score five-mood predictions and tune per-mood biases against the neutral flag budget."""

from __future__ import annotations

import numpy as np

NEUTRAL = 4  # index of neutral in bot.emotion.model.MODEL_MOODS


def macro_f1(gold: np.ndarray, pred: np.ndarray, *, classes: int = 5) -> float:
    """Macro-averaged F1 over the moods."""
    return float(np.mean(per_class_f1(gold, pred, classes=classes)))


def per_class_f1(gold: np.ndarray, pred: np.ndarray, *, classes: int = 5) -> np.ndarray:
    """F1 of each mood."""
    out = np.zeros(classes)
    for c in range(classes):
        tp = np.sum((pred == c) & (gold == c))
        denom = np.sum(pred == c) + np.sum(gold == c)
        out[c] = 2 * tp / denom if denom else 0.0
    return out


def neutral_flag_rate(gold: np.ndarray, pred: np.ndarray) -> float:
    """Share of neutral messages given an emotion."""
    neutral = gold == NEUTRAL
    return float(np.mean(pred[neutral] != NEUTRAL)) if neutral.any() else 0.0


def _objective(gold: np.ndarray, logits: np.ndarray, offsets: np.ndarray, flag_target: float) -> float:
    """Macro-F1, heavily penalised past the flag budget."""
    pred = (logits + offsets).argmax(axis=1)
    over = max(0.0, neutral_flag_rate(gold, pred) - flag_target)
    return macro_f1(gold, pred) - 10.0 * over


def tune_offsets(logits: np.ndarray, gold: np.ndarray, *, flag_target: float, passes: int = 6) -> np.ndarray:
    """Coordinate ascent on one additive bias per emotion, plus neutral's (which moves all four at once)."""
    offsets = np.zeros(logits.shape[1])
    best = _objective(gold, logits, offsets, flag_target)
    for step in (0.2, 0.05, 0.02)[: max(1, passes // 2)]:
        grid = np.arange(-4.0, 4.0001, step)
        for _ in range(passes):
            improved = False
            for c in range(logits.shape[1]):
                centre = offsets[c]
                for value in centre + grid[np.abs(grid) <= 40 * step]:
                    trial = offsets.copy()
                    trial[c] = value
                    score = _objective(gold, logits, trial, flag_target)
                    if score > best + 1e-9:
                        best, offsets, improved = score, trial, True
            if not improved:
                break
    return offsets - offsets[NEUTRAL]
