"""Downloading a model from the window: in its own thread, with progress and cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal

from reader.core.errors import ReaderError
from reader.core.models import ModelStore


class ModelDownload(QThread):
    progressed = Signal(int, int)   # bytes done, bytes total
    finished_ok = Signal(str)       # model id
    failed = Signal(str)            # message

    def __init__(self, store: ModelStore, model_id: str, parent=None) -> None:
        super().__init__(parent)
        self.store, self.model_id = store, model_id
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def stop(self) -> None:
        self._cancel.set()
        self.wait()

    def run(self) -> None:
        try:
            self.store.download(self.model_id, progress=False, cancel=self._cancel,
                                on_progress=lambda done, total: self.progressed.emit(done, total))
        except ReaderError as exc:
            self.failed.emit(str(exc))
            return
        self.finished_ok.emit(self.model_id)
