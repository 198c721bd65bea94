"""Moved to `reader.core.engines.choice` (kept so older imports keep working)."""

from reader.core.engines.choice import (CT2, TRANSFORMERS, ModelTranslator, build_translator, choose_backend,
                                        fast_path_note, translator_identity)
from reader.core.engines.threads import threads

__all__ = ["CT2", "TRANSFORMERS", "ModelTranslator", "build_translator", "choose_backend", "fast_path_note",
           "threads", "translator_identity"]
