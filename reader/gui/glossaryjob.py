"""Finding a document's names off the GUI thread (the recogniser takes a moment to load)."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.userdata import UserStore


class GlossaryJob(QThread):
    done = Signal(int, object)    # epoch, DocumentGlossary
    failed = Signal(int, str)

    def __init__(self, epoch: int, document: Document, store: UserStore, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("glossary")
        self.epoch, self.document, self.store = epoch, document, store

    def run(self) -> None:
        from reader.core.glossary import DocumentGlossary

        try:
            glossary = DocumentGlossary.build(self.document, self.store)
        except (ReaderError, OSError) as exc:
            self.failed.emit(self.epoch, f"The names in this document could not be listed: {exc}")
            return
        self.done.emit(self.epoch, glossary)
