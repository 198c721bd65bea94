"""File ▸ Export: what the user sees, written in a background thread with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from reader.core.errors import Cancelled, ReaderError
from reader.core.export import Bilingual, BilingualRow, GlossaryLine, export
from reader.gui.paragraphmodel import RowState
from reader.gui.session import ReadingSession

FILTERS = {
    "PDF, bilingual (*.pdf)": "pdf",
    "Web page (*.html)": "html",
    "Word document (*.docx)": "docx",
    "Translation memory, TMX 1.4 (*.tmx)": "tmx",
    "Markdown (*.md)": "md",
    "JSON (*.json)": "json",
}


def glossary_lines(session: ReadingSession) -> list[GlossaryLine]:
    """The names appendix: every entry of the open document with its rendering."""
    if session.glossary is None:
        return []
    return [GlossaryLine(e.arabic, e.kind, e.english) for e in session.glossary.entries]


def bilingual_from_rows(session: ReadingSession) -> Bilingual:
    rows = tuple(
        BilingualRow(row.paragraph, row.english,
                     row.translation.alternatives if row.translation else (),
                     cached=row.state is RowState.CACHED, edited=row.edit is not None,
                     patched=row.glossary_text is not None and row.edit is None)
        for row in session.rows.rows())
    model = session.handle.label if session.handle else "no model"
    return Bilingual(session.document, model, rows)


class ExportJob(QThread):
    """Renders and writes one export; PDF pages report progress and can be cancelled."""

    progressed = Signal(int, int)
    succeeded = Signal(str)
    failed = Signal(str)

    def __init__(self, bilingual: Bilingual, path: Path, fmt: str, layout: str, paper: str,
                 glossary: list | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("export")
        self.bilingual, self.path, self.fmt, self.layout, self.paper = bilingual, path, fmt, layout, paper
        self.glossary = glossary
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled("Export cancelled; nothing was written.")
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            options = {"layout": self.layout}
            if self.fmt == "pdf":
                options.update(paper=self.paper, progress=self._progress)
            if self.glossary and self.fmt in ("pdf", "html", "docx"):
                options["glossary"] = self.glossary
            export(self.bilingual, self.path, self.fmt, **options)
        except ReaderError as exc:
            self.failed.emit(str(exc))
            return
        self.succeeded.emit(str(self.path))
