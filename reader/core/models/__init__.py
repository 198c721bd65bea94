"""Models: the catalogue (models.toml), model folders and the local store.

- `catalogue`: models.toml -> `Catalogue` of `ModelSpec`; what a model id may be.
- `folders`: what a model folder holds, read as a hostile folder would be; content hashes.
- `validation`: whether a folder is a complete, loadable model (bounded checks).
- `store`: installed models (`ModelStore`, `ModelHandle`): import, download, verify, remove.
- `hub`: fetching from the Hugging Face Hub; `checkpoint`: pickle -> safetensors.

The store knows folders, not engines: nothing here imports an engine (what a
caller does with a new model is the `on_installed` hook it passes). The names
below are what the rest of reader imports from `reader.core.models`.
"""

from reader.core.models.catalogue import MARIAN, NER, Catalogue, ModelSpec, load_catalogue
from reader.core.models.folders import (MANIFEST, WEIGHT_FILES, FolderHashes, folder_fingerprint, model_files,
                                        sha256_file)
from reader.core.models.store import ModelHandle, ModelStore, OnInstalled
from reader.core.models.validation import NER_TYPES, engine_of, validate_marian_dir, validate_model_dir

__all__ = ["MANIFEST", "MARIAN", "NER", "NER_TYPES", "WEIGHT_FILES", "Catalogue", "FolderHashes", "ModelHandle",
           "ModelSpec", "ModelStore", "OnInstalled", "engine_of", "folder_fingerprint", "load_catalogue",
           "model_files", "sha256_file", "validate_marian_dir", "validate_model_dir"]
