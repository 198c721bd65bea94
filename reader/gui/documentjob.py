"""Reading a file away from the GUI thread.

Parsing is quick for an article but not for a 5 MB text or a long PDF, and
the window must keep painting (and offer Cancel) meanwhile. A cancelled or
superseded load is not interrupted, only ignored: its answer names the ticket
it was started with.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from reader.core.errors import DocumentError
from reader.core.formats import load_document


class DocumentLoad(QThread):
    loaded = Signal(int, object)   # ticket, Document
    failed = Signal(int, str)      # ticket, message

    def __init__(self, ticket: int, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("document-load")
        self.ticket, self.path = ticket, path

    def run(self) -> None:
        try:
            document = load_document(self.path)
        except DocumentError as exc:
            self.failed.emit(self.ticket, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a parser's own failure must not end the app
            self.failed.emit(self.ticket, f"{self.path.name} could not be read ({type(exc).__name__}: {exc}).")
            return
        self.loaded.emit(self.ticket, document)
