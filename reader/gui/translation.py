"""The translation model's one home in the window: a service whose work runs on the "model" lane.

Every call below runs on the same background thread (see operations.py), so
one thread owns the model; it is loaded lazily there, the first time a
paragraph is missing from the cache. Results go back through the job as
small messages, which the session turns into rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from reader.core.errors import ModelError, ReaderError
from reader.core.models import ModelHandle
from reader.core.translate import Translation
from reader.gui.operations import Job

MODEL_LANE = "model"

# (handle, key_context, on_warning, on_load) -> a Translator with .translate(...) and .backend
TranslatorFactory = Callable[..., object]


@dataclass(frozen=True)
class Translated:
    index: int              # position in the texts of the request
    translation: Translation


@dataclass(frozen=True)
class ModelLoading:
    label: str
    preparing: bool = False   # its fast copy is being made first (once per model)


@dataclass(frozen=True)
class Warned:
    message: str


@dataclass(frozen=True)
class Compared:
    label: str
    result: Translation | str   # the translation, or why there is none


class TranslationService:
    """Owns the translator of the model in use; the GUI thread only configures it."""

    def __init__(self, make_translator: TranslatorFactory) -> None:
        self._make = make_translator
        self._lock = threading.Lock()
        self._handle: ModelHandle | None = None
        self._key_context = None
        self._translator = None
        self._built_for: tuple | None = None
        self._job: Job | None = None

    def configure(self, handle: ModelHandle | None, key_context=None) -> None:
        """The model and the glossary's cache-key context the next request uses (GUI thread)."""
        with self._lock:
            self._handle, self._key_context = handle, key_context

    # -- on the model lane ------------------------------------------------------------------
    def translate(self, job: Job, texts: list[str], refresh: bool = False) -> None:
        translator = self._translator_for(job)
        translator.translate(texts, cancel=job.cancel, refresh=refresh,
                             on_done=lambda i, t: job.report(Translated(i, t)))

    def compare(self, job: Job, text: str, handles: list[ModelHandle]) -> None:
        """The paragraph from each of the other models, one after another."""
        for handle in handles:
            job.check()
            try:
                translator = self._make(handle, key_context=None, on_warning=self._warn,
                                        on_load=lambda preparing=False, h=handle: job.report(
                                            ModelLoading(h.label, preparing)))
                result = translator.translate([text], cancel=job.cancel)[0]
            except ReaderError as exc:
                if job.cancel.is_set():
                    raise
                result = str(exc)
            job.report(Compared(handle.label, result))

    @property
    def backend(self) -> str:
        return getattr(self._translator, "backend", "")

    def _translator_for(self, job: Job):
        with self._lock:
            handle, key_context = self._handle, self._key_context
        if handle is None:
            raise ModelError("No translation model is installed.")
        self._job = job
        if self._built_for is None or self._built_for[0] != handle:
            self._translator = self._make(handle, key_context=key_context, on_warning=self._warn,
                                          on_load=lambda preparing=False: self._job.report(
                                              ModelLoading(handle.label, preparing)))
            self._built_for = (handle, key_context)
        elif self._built_for[1] is not key_context:
            self._translator.set_key_context(key_context)
            self._built_for = (handle, key_context)
        return self._translator

    def _warn(self, message: str) -> None:
        if self._job is not None:
            self._job.report(Warned(message))
