"""Choosing and building the translator for a model: the one place that knows the engines."""

from __future__ import annotations

from typing import Callable

from reader.core.cache import TranslationCache
from reader.core.models import ModelHandle
from reader.core.translate import CachedTranslator, DecodingSettings, SegmentingTranslator

TRANSFORMERS = "transformers-fp32"


def translator_identity(handle: ModelHandle, backend: str, settings: DecodingSettings) -> str:
    """Everything that changes a translation, except the text and the glossary."""
    return f"{handle.id}@{handle.revision}|{backend}|{settings.key}"


def build_translator(
    handle: ModelHandle,
    cache: TranslationCache,
    *,
    settings: DecodingSettings | None = None,
    use_cache: bool = True,
    threads: int | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_load: Callable[[], None] | None = None,
) -> CachedTranslator:
    """A cached translator whose model is loaded only when a paragraph is missing."""
    settings = settings or DecodingSettings()
    identity = translator_identity(handle, TRANSFORMERS, settings)

    def make_inner() -> SegmentingTranslator:
        from reader.core.marian import MarianEngine

        engine = MarianEngine(handle.path, threads=threads)
        if on_load is not None:
            on_load()
        engine.load()
        return SegmentingTranslator(engine, settings, identity)

    return CachedTranslator(make_inner, identity, cache, use_cache=use_cache, on_warning=on_warning)
