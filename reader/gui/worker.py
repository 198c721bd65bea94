"""The one long-lived worker that owns the translation model.

It lives in its own QThread. Requests arrive by queued signals carrying an
epoch number; when the window moves on (a new document, a cancel) it bumps the
epoch and the worker skips whatever is stale. Results and failures go back by
signal, never into the void. torch is imported here, in this thread, the first
time a paragraph is missing from the cache.
"""

from __future__ import annotations

import threading
import weakref
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.core.errors import Cancelled, ModelError, ReaderError
from reader.core.translate import CachedTranslator, Translation

TranslatorFactory = Callable[[Callable[[str], None], Callable[[], None]], CachedTranslator]


class TranslationWorker(QObject):
    """Translates chunks of (row, text) pairs; lives in a worker thread."""

    translated = Signal(int, int, object)       # epoch, row, Translation
    failed = Signal(int, object, str, bool)     # epoch, [rows], message, the model itself is unusable
    chunk_done = Signal(int)                    # epoch
    model_loading = Signal()
    warning = Signal(str)
    compared = Signal(int, int, str, object)    # epoch, row, model label, Translation | str (error)

    def __init__(self) -> None:
        super().__init__()
        self._factory: TranslatorFactory | None = None
        self._translator: CachedTranslator | None = None
        self._epoch = 0
        self._epoch_lock = threading.Lock()
        self.cancel_event = threading.Event()

    # -- called from the GUI thread (thread-safe) -----------------------------------
    def set_epoch(self, epoch: int) -> None:
        with self._epoch_lock:
            self._epoch = epoch

    def current_epoch(self) -> int:
        with self._epoch_lock:
            return self._epoch

    @property
    def model_loaded(self) -> bool:
        return self._translator is not None and self._translator.model_loaded

    # -- slots, run in the worker thread --------------------------------------------
    @Slot(object)
    def set_factory(self, factory: TranslatorFactory | None) -> None:
        """A new model (or none): drop the old translator, build the new one lazily."""
        self._factory = factory
        self._translator = None

    @Slot(object)
    def set_key_context(self, key_context) -> None:
        """New glossary choices: same model, new cache keys for the paragraphs they touch."""
        self._key_context = key_context
        if self._translator is not None:
            self._translator.set_key_context(key_context)

    @Slot(int, object, bool)
    def translate(self, epoch: int, items: list, refresh: bool = False) -> None:
        rows = [row for row, _ in items]
        if epoch != self.current_epoch():
            self.chunk_done.emit(epoch)
            return
        finished: set[int] = set()

        def on_done(i: int, translation: Translation) -> None:
            finished.add(i)
            if epoch == self.current_epoch():
                self.translated.emit(epoch, rows[i], translation)

        try:
            translator = self._get_translator()
            translator.translate([text for _, text in items], cancel=self.cancel_event,
                                 on_done=on_done, refresh=refresh)
        except Cancelled:
            pass
        except ReaderError as exc:
            self.failed.emit(epoch, [r for i, r in enumerate(rows) if i not in finished], str(exc),
                             isinstance(exc, ModelError))
        except Exception as exc:  # noqa: BLE001 - the worker must report, never die silently
            self.failed.emit(epoch, [r for i, r in enumerate(rows) if i not in finished],
                             f"Translation failed unexpectedly: {type(exc).__name__}: {exc}", False)
        self.chunk_done.emit(epoch)

    @Slot(int, int, str, object)
    def compare(self, epoch: int, row: int, text: str, factories: list) -> None:
        """Translate one paragraph with each of the other models, one after another."""
        for label, factory in factories:
            if epoch != self.current_epoch():
                return
            try:
                translator = factory(self.warning.emit, self.model_loading.emit)
                result = translator.translate([text], cancel=self.cancel_event)[0]
                self.compared.emit(epoch, row, label, result)
            except Cancelled:
                return
            except ReaderError as exc:
                self.compared.emit(epoch, row, label, str(exc))

    def _get_translator(self) -> CachedTranslator:
        if self._translator is None:
            if self._factory is None:
                raise ModelError("No translation model is installed.")
            self._translator = self._factory(self.warning.emit, self.model_loading.emit)
            if getattr(self, "_key_context", None) is not None:
                self._translator.set_key_context(self._key_context)
        return self._translator


class WorkerThread(QThread):
    """The thread the worker lives in; stopping it cancels running work first."""

    live: "weakref.WeakSet[WorkerThread]" = weakref.WeakSet()  # for the tests' leak check

    def __init__(self, worker: TranslationWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        WorkerThread.live.add(self)
        self.setObjectName("translation-worker")
        self.worker = worker
        worker.moveToThread(self)

    def stop(self) -> None:
        self.worker.cancel_event.set()
        self.quit()
        self.wait()
