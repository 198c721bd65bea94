"""Random-weight Marian models with the exact shapes of the real ones, for speed work.

Weights do not change speed; shapes and output length do. Tokenizer files come
from the tiny test model, with the vocabulary padded to the real size.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"

SHAPES = {
    # Helsinki-NLP/opus-mt-ar-en: transformer-base
    "opus-mt-ar-en": dict(vocab_size=62834, d_model=512, encoder_layers=6, decoder_layers=6,
                          encoder_attention_heads=8, decoder_attention_heads=8,
                          encoder_ffn_dim=2048, decoder_ffn_dim=2048),
    # Helsinki-NLP/opus-mt-tc-big-ar-en: transformer-big
    "opus-mt-tc-big-ar-en": dict(vocab_size=61247, d_model=1024, encoder_layers=6, decoder_layers=6,
                                 encoder_attention_heads=16, decoder_attention_heads=16,
                                 encoder_ffn_dim=4096, decoder_ffn_dim=4096),
}


def build_random_model(shape: str, folder: Path) -> Path:
    import torch
    from transformers import MarianConfig, MarianMTModel

    dims = SHAPES[shape]
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("source.spm", "target.spm"):
        shutil.copy(TINY / name, folder / name)
    tokenizer_config = json.loads((TINY / "tokenizer_config.json").read_text(encoding="utf-8"))
    tokenizer_config["model_max_length"] = 512
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config), encoding="utf-8")
    vocab = json.loads((TINY / "vocab.json").read_text(encoding="utf-8"))
    del vocab["<pad>"]
    for i in range(len(vocab), dims["vocab_size"] - 1):
        vocab[f"<unused{i}>"] = i
    vocab["<pad>"] = dims["vocab_size"] - 1
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    config = MarianConfig(**dims, max_position_embeddings=512, pad_token_id=vocab["<pad>"],
                          eos_token_id=vocab["</s>"], decoder_start_token_id=vocab["<pad>"],
                          forced_eos_token_id=vocab["</s>"], scale_embedding=True,
                          share_encoder_decoder_embeddings=True, activation_function="swish")
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(folder, safe_serialization=True)
    return folder


if __name__ == "__main__":
    import sys

    build_random_model(sys.argv[1], Path(sys.argv[2]))
