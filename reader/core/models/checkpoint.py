"""A pickle checkpoint (pytorch_model.bin) becomes safetensors, once, at install.

Some models (CAMeLBERT NER, older OPUS-MT uploads) ship only a pickle. It is
read with `torch.load(weights_only=True)`, which refuses anything but tensors,
so no code in the file ever runs; a file it refuses is a one-line ModelError.
"""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

from reader.core.errors import ModelError
from reader.core.models.catalogue import NER
from reader.core.models.folders import PICKLE, SAFETENSORS


def convert_to_safetensors(folder: Path, kind: str) -> None:
    """Replace `folder/pytorch_model.bin` with `folder/model.safetensors`."""
    import torch
    from safetensors.torch import save_model

    from reader.core.hf import transformers_names

    source = folder / PICKLE
    try:
        with warnings.catch_warnings():  # torch warns about the pickle protocol; the error below says it all
            warnings.simplefilter("ignore")
            state = torch.load(source, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, TypeError, AttributeError,
            ImportError, IndexError, KeyError, MemoryError, OSError) as exc:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ModelError(f"{folder.name}: {PICKLE} is not a plain weights checkpoint reader can read safely "
                         f"({reason}).") from None
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ModelError(f"{folder.name}: {PICKLE} does not hold a table of weights.")
    AutoConfig, AutoModelForTokenClassification, MarianConfig, MarianMTModel = transformers_names(
        "AutoConfig", "AutoModelForTokenClassification", "MarianConfig", "MarianMTModel")
    try:
        if kind == NER:
            model = AutoModelForTokenClassification.from_config(AutoConfig.from_pretrained(folder))
        else:
            model = MarianMTModel(MarianConfig.from_pretrained(folder))
        loaded = model.load_state_dict(state, strict=False)
    except (RuntimeError, ValueError, OSError, TypeError, KeyError) as exc:
        raise ModelError(f"{folder.name}: the checkpoint does not fit config.json "
                         f"({str(exc).splitlines()[0][:160]}).") from None
    expected = {name for name, _ in model.named_parameters()}
    if kind == NER and loaded.missing_keys:
        raise ModelError(f"{folder.name}: the checkpoint lacks {', '.join(loaded.missing_keys[:3])}…")
    if len(set(loaded.missing_keys) & expected) > len(expected) // 2:
        raise ModelError(f"{folder.name}: the checkpoint holds few of the weights config.json describes.")
    save_model(model, str(folder / SAFETENSORS))
    source.unlink()
