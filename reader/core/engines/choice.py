"""Which engine translates a model, and the cached translator built on it.

CTranslate2 int8 is the engine for every model whenever it is installed: a
model without its int8 copy gets one the first time a paragraph needs the
model (a folder used in place once per content, see `fast.py`), before
anything is translated: converting the tiny test model takes seconds and a
real one about a minute, far less than transformers needs to translate an
article. transformers translates only when CTranslate2 is missing, when
$READER_BACKEND=transformers asks for it, or when the copy cannot be built
(the user is told why). The backend is part of every cache key.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from reader.core.cache import TranslationCache
from reader.core.engines import ct2, fast
from reader.core.engines.threads import threads
from reader.core.errors import ModelError
from reader.core.models.store import ModelHandle
from reader.core.translate import CachedTranslator, DecodingSettings, SegmentingTranslator

TRANSFORMERS = "transformers-fp32"
CT2 = ct2.BACKEND


def choose_backend(handle: ModelHandle, prefer: str | None = None) -> str:
    """"ct2-int8" whenever CTranslate2 is installed, else "transformers-fp32".

    `prefer` (or $READER_BACKEND): "auto", "ct2" or "transformers".
    """
    if _forced_transformers(prefer):
        return TRANSFORMERS
    return CT2 if ct2.available() else TRANSFORMERS


def _forced_transformers(prefer: str | None = None) -> bool:
    return (prefer or os.environ.get("READER_BACKEND") or "auto").lower().startswith("transformers")


def fast_path_note(handle: ModelHandle) -> str | None:
    """What the user should know about the engine, in one phrase; None when there is nothing to say."""
    if choose_backend(handle) == CT2:
        if fast.known_copy(handle) is not None:
            return None
        return "building its fast CTranslate2 int8 copy once; later runs reuse it"
    if _forced_transformers():
        return None
    return ("the fast CTranslate2 engine is not installed, so transformers translates, several times slower; "
            f"install it with: {sys.executable} -m pip install 'ctranslate2>=4.5'")


def translator_identity(handle: ModelHandle, backend: str, settings: DecodingSettings) -> str:
    """Everything that changes a translation, except the text and the glossary."""
    return f"{handle.id}@{handle.revision}|{backend}|{settings.key}"


class ModelTranslator(CachedTranslator):
    """A cached translator that knows its engine, and falls back to transformers honestly.

    When the int8 copy cannot be built or loaded, transformers translates and
    the identity (hence the cache key and `backend`) says so from then on.
    """

    def __init__(self, *args, handle: ModelHandle, settings: DecodingSettings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.handle = handle
        self.settings = settings

    @property
    def backend(self) -> str:
        """"ct2-int8" or "transformers-fp32": the engine that translates (or will)."""
        return self.identity.split("|")[1]

    def _fall_back_to_transformers(self) -> None:
        self._identity = translator_identity(self.handle, TRANSFORMERS, self.settings)


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
    on_progress: Callable[[int, int], None] | None = None,
) -> ModelTranslator:
    """A cached translator whose model is loaded only when a paragraph is missing.

    `on_load()` is called just before the model is loaded (and its int8 copy
    built, if it has none: `on_progress(done, total)` follows that).
    """
    settings = settings or DecodingSettings()
    warn = on_warning or (lambda message: None)
    translator: ModelTranslator

    def make_inner() -> SegmentingTranslator:
        if on_load is not None:
            on_load()
        engine = None
        if translator.backend == CT2:
            try:
                folder = fast.ensure_copy(handle, on_progress=on_progress)
                engine = ct2.CT2Engine(handle.path, fast_dir=folder, threads=threads())
                engine.load()
            except ModelError as exc:
                warn(f"{exc} Translating with transformers instead.")
                translator._fall_back_to_transformers()
                engine = None
        if engine is None:
            from reader.core.engines.marian import MarianEngine

            engine = MarianEngine(handle.path, threads=threads())
            engine.load()
        return SegmentingTranslator(engine, settings, translator.identity)

    identity = translator_identity(handle, choose_backend(handle, backend), settings)
    translator = ModelTranslator(make_inner, identity, cache, use_cache=use_cache, on_warning=on_warning,
                                 key_context=key_context, handle=handle, settings=settings)
    return translator
