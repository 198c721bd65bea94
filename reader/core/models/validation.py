"""Is this folder a model reader can use? Checked without trusting it.

Every check is bounded and cheap enough to run on each use: the config's
sizes must be whole numbers in a sane range (d_model 10^6 or 100,000 layers
would make loading hang), the weights file must hold at least the parameters
the config promises (read from the safetensors header, never the data), and
the tokenizer files must load. A broken folder is a one-line ModelError.
"""

from __future__ import annotations

import math
from pathlib import Path

from reader.core.errors import ModelError
from reader.core.models.catalogue import MARIAN, NER
from reader.core.models.folders import (PICKLE, REQUIRED, SAFETENSORS, boundary_of, model_files, open_regular,
                                        read_json, regular_file)

CONFIG_LIMIT = 1 << 20          # config.json, tokenizer_config.json
VOCABULARY_LIMIT = 64 << 20     # vocab.json, vocab.txt, *.spm, tokenizer.json
NER_TYPES = {"PERS", "PER", "LOC", "ORG", "MISC"}

# Each size a config may give: what transformers assumes when it is absent, and the largest
# value reader accepts (well above any released Marian or BERT model).
_SIZES = {
    MARIAN: {"vocab_size": (58101, 1_000_000), "d_model": (1024, 16384),
             "encoder_layers": (12, 128), "decoder_layers": (12, 128),
             "encoder_ffn_dim": (4096, 131072), "decoder_ffn_dim": (4096, 131072),
             "encoder_attention_heads": (16, 1024), "decoder_attention_heads": (16, 1024),
             "max_position_embeddings": (1024, 65536)},
    NER: {"vocab_size": (30522, 1_000_000), "hidden_size": (768, 16384), "num_hidden_layers": (12, 128),
          "intermediate_size": (3072, 131072), "num_attention_heads": (12, 1024),
          "max_position_embeddings": (512, 65536)},
}
_BYTES_PER_PARAMETER = 2  # a pickle checkpoint holds at least 16-bit weights


def _what(kind: str) -> str:
    return "Marian model" if kind == MARIAN else "named-entity (token classification) model"


def read_config(folder: Path) -> dict:
    """config.json as a dict, or a one-line ModelError."""
    path = Path(folder) / "config.json"
    target = regular_file(path, boundary_of(Path(folder)))
    if target is None:
        return {}
    config = read_json(target, CONFIG_LIMIT)
    if not isinstance(config, dict):
        raise ModelError(f"{path} does not describe a model (it holds a JSON {type(config).__name__}, "
                         "not an object).")
    return config


def engine_of(path: Path) -> str:
    """Which kind of model a folder holds, from its config."""
    config = read_config(Path(path))
    if config.get("model_type") == "marian":
        return MARIAN
    architectures = config.get("architectures")
    if isinstance(architectures, list) and any(str(a).endswith("ForTokenClassification") for a in architectures):
        return NER
    return MARIAN  # validation then says what is wrong


def sizes(config: dict, kind: str, where: Path) -> dict[str, int]:
    """The model's dimensions, each a whole number within bounds."""
    found = {}
    for key, (default, largest) in _SIZES[kind].items():
        value = config.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelError(f"{where}: '{key}' must be a whole number, not {str(value)[:40]!r}.")
        if not 1 <= value <= largest:
            raise ModelError(f"{where}: '{key}' is {value}; reader accepts 1 to {largest:,}. "
                             "This is not a model reader can load.")
        found[key] = value
    heads = ("encoder_attention_heads", "decoder_attention_heads") if kind == MARIAN else ("num_attention_heads",)
    width = found["d_model" if kind == MARIAN else "hidden_size"]
    for key in heads:
        if width % found[key]:
            raise ModelError(f"{where}: the model width {width} is not divisible by {key} ({found[key]}).")
    return found


def expected_parameters(dims: dict[str, int], kind: str) -> int:
    """A lower bound on the parameters a config describes (embeddings and weight matrices)."""
    if kind == MARIAN:
        d = dims["d_model"]
        return (dims["vocab_size"] * d
                + dims["encoder_layers"] * (4 * d * d + 2 * d * dims["encoder_ffn_dim"])
                + dims["decoder_layers"] * (8 * d * d + 2 * d * dims["decoder_ffn_dim"]))
    d = dims["hidden_size"]
    return dims["vocab_size"] * d + dims["num_hidden_layers"] * (4 * d * d + 2 * d * dims["intermediate_size"])


def stored_parameters(path: Path) -> int:
    """How many numbers a safetensors file holds, from its header (the data is not read)."""
    from safetensors import SafetensorError, safe_open

    try:
        with open_regular(path):
            pass  # a link or a FIFO is refused before the library opens it
        with safe_open(str(path), framework="numpy") as weights:
            return sum(math.prod(weights.get_slice(name).get_shape()) for name in weights.keys())
    except SafetensorError as exc:
        raise ModelError(f"{path} is not a usable safetensors file ({str(exc).splitlines()[0]}).") from None
    except OSError as exc:
        raise ModelError(f"{path} cannot be read ({exc.strerror or exc}).") from None


def validate_marian_dir(path: Path) -> str:
    """Check a folder holds a Marian model; return its weights file name."""
    return validate_model_dir(path, MARIAN)


def validate_model_dir(path: Path, kind: str) -> str:
    """Check a folder holds a complete, loadable model of this kind; return its weights file name."""
    path = Path(path)
    if not path.exists():
        raise ModelError(f"The folder {path} does not exist.")
    if not path.is_dir():
        raise ModelError(f"{path} is a file, not a model folder.")
    files = model_files(path, kind)
    missing = [name for name in REQUIRED[kind] if name not in files]
    weights = SAFETENSORS if SAFETENSORS in files else PICKLE if PICKLE in files else None
    if weights is None:
        missing.append(f"{SAFETENSORS} or {PICKLE}")
    if missing:
        raise ModelError(f"{path} is not a complete {_what(kind)} folder: missing {', '.join(missing)}.")
    config = read_config(path)
    where = path / "config.json"
    if kind == MARIAN and config.get("model_type") != "marian":
        raise ModelError(f"{path} holds a {str(config.get('model_type'))[:40]!r} model; reader needs a Marian model.")
    if kind == NER:
        _check_labels(config, path)
    dims = sizes(config, kind, where)
    _check_weights(files[weights], weights, expected_parameters(dims, kind))
    _check_tokenizer(files, kind, dims["vocab_size"], path)
    return weights


def _check_labels(config: dict, path: Path) -> None:
    labels = config.get("id2label")
    labels = labels.values() if isinstance(labels, dict) else ()
    types = {str(label).partition("-")[2] for label in labels} - {""}
    if not types or not types <= NER_TYPES:
        raise ModelError(f"{path} is not a named-entity model reader understands: its labels should be "
                         "IOB tags of PERS, LOC, ORG and MISC.")


def _check_weights(file: Path, name: str, expected: int) -> None:
    if name == SAFETENSORS:
        stored = stored_parameters(file)
        if stored < expected * 0.9:
            raise ModelError(f"{file} holds {stored:,} parameters but config.json describes at least "
                             f"{expected:,}: the weights do not belong to this config.")
    elif file.stat().st_size < expected * _BYTES_PER_PARAMETER * 0.9:
        raise ModelError(f"{file} is {file.stat().st_size:,} bytes, too small for the {expected:,} "
                         "parameters config.json describes.")


def _check_tokenizer(files: dict[str, Path], kind: str, vocab_size: int, path: Path) -> None:
    if kind == MARIAN:
        for name in ("source.spm", "target.spm"):
            _load_sentencepiece(files[name])
        vocabulary = read_json(files["vocab.json"], VOCABULARY_LIMIT)
        if (not isinstance(vocabulary, dict) or not vocabulary
                or not all(isinstance(i, int) and not isinstance(i, bool) for i in vocabulary.values())):
            raise ModelError(f"{files['vocab.json']} is not a vocabulary (token → number).")
        largest = max(vocabulary.values())
        if min(vocabulary.values()) < 0 or largest >= vocab_size:
            raise ModelError(f"{files['vocab.json']} numbers tokens up to {largest}, but the model has "
                             f"{vocab_size} (config.json vocab_size): they do not belong together.")
    else:
        try:
            with open_regular(files["vocab.txt"]) as fh:
                text = fh.read(VOCABULARY_LIMIT + 1).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise ModelError(f"{files['vocab.txt']} is not a UTF-8 vocabulary list.") from None
        count = len(text.splitlines())
        if len(text) > VOCABULARY_LIMIT or not 0 < count <= vocab_size:
            raise ModelError(f"{files['vocab.txt']} has {count} tokens; the model has {vocab_size}.")
        if "tokenizer.json" in files:
            read_json(files["tokenizer.json"], VOCABULARY_LIMIT)
        if "tokenizer_config.json" in files:
            read_json(files["tokenizer_config.json"], CONFIG_LIMIT)


def _load_sentencepiece(file: Path) -> None:
    """Load a SentencePiece model the way the tokenizer will, from bytes read without following links."""
    import sentencepiece

    with open_regular(file) as fh:
        data = fh.read(VOCABULARY_LIMIT + 1)
    if len(data) > VOCABULARY_LIMIT:
        raise ModelError(f"{file} is too large to be a SentencePiece model.")
    processor = sentencepiece.SentencePieceProcessor()
    try:
        processor.LoadFromSerializedProto(data)
    except (RuntimeError, OSError, ValueError):
        raise ModelError(f"{file} is not a SentencePiece model (the tokenizer cannot load it).") from None
    if processor.GetPieceSize() < 2:
        raise ModelError(f"{file} is an empty SentencePiece model.")
