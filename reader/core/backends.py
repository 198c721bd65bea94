"""Choosing and building the translator for a model: the one place that knows the engines.

CTranslate2 int8 (`reader[fast]`) is used when it is installed and the model
has a converted copy; transformers is the reference and the fallback. Both sit
behind the same `SegmentingTranslator`, so sentence splitting, batching,
n-best and cancel behave the same, and the backend is part of the cache key.
"""

from __future__ import annotations

import os
from typing import Callable

from reader.core import ct2
from reader.core.cache import TranslationCache
from reader.core.models import ModelHandle
from reader.core.translate import CachedTranslator, DecodingSettings, SegmentingTranslator

TRANSFORMERS = "transformers-fp32"
CT2 = ct2.CT2Engine.backend


def choose_backend(handle: ModelHandle, prefer: str | None = None) -> str:
    """"ct2-int8" when possible (or asked for), else "transformers-fp32".

    `prefer` (or $READER_BACKEND): "auto", "ct2" or "transformers".
    """
    prefer = (prefer or os.environ.get("READER_BACKEND") or "auto").lower()
    if prefer.startswith("transformers"):
        return TRANSFORMERS
    if ct2.available() and ct2.converted(handle.path) is not None:
        return CT2
    return TRANSFORMERS


def fast_path_note(handle: ModelHandle) -> str | None:
    """Why the fast backend is not in use, in one sentence; None when it is."""
    if choose_backend(handle) == CT2:
        return None
    if not ct2.available():
        return ("The fast CTranslate2 backend is not installed (pip install 'reader[fast]'); "
                "translating with transformers, which is slower.")
    if os.environ.get("READER_BACKEND", "auto").lower().startswith("transformers"):
        return None
    return (f"{handle.label} has no fast (CTranslate2) copy yet; `reader models convert {handle.id}` "
            "makes one. Translating with transformers meanwhile.")


def translator_identity(handle: ModelHandle, backend: str, settings: DecodingSettings) -> str:
    """Everything that changes a translation, except the text and the glossary."""
    return f"{handle.id}@{handle.revision}|{backend}|{settings.key}"


def threads() -> int | None:
    value = os.environ.get("READER_THREADS")
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def build_translator(
    handle: ModelHandle,
    cache: TranslationCache,
    *,
    settings: DecodingSettings | None = None,
    use_cache: bool = True,
    backend: str | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_load: Callable[[], None] | None = None,
    key_context: Callable[[str], str] | None = None,
) -> CachedTranslator:
    """A cached translator whose model is loaded only when a paragraph is missing."""
    settings = settings or DecodingSettings()
    backend = choose_backend(handle, backend)
    identity = translator_identity(handle, backend, settings)

    def make_inner() -> SegmentingTranslator:
        if backend == CT2:
            engine = ct2.CT2Engine(handle.path, threads=threads())
        else:
            from reader.core.marian import MarianEngine

            engine = MarianEngine(handle.path, threads=threads())
        if on_load is not None:
            on_load()
        engine.load()
        return SegmentingTranslator(engine, settings, identity)

    return CachedTranslator(make_inner, identity, cache, use_cache=use_cache, on_warning=on_warning,
                            key_context=key_context)
