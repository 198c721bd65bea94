"""File ▸ Export: where and how (remembered), then what the user sees, written in the background.

The choices are the same as the command line's (`reader export`): format,
layout, paper, the names appendix and flag marks, with the same defaults.
The document as seen is assembled by reader.core.reading, as the command line
does, off the GUI thread, with progress and Cancel; afterwards the file can
be opened or shown in its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QProgressDialog, QPushButton, QWidget)

from reader.core.export import LAYOUTS, WRITERS, Writer, check_output, export
from reader.core.reading import as_seen, glossary_lines
from reader.gui.windowstate import WindowState

LAYOUT_LABELS = {"side-by-side": "Side by side (Arabic on the right)", "interleaved": "Interleaved (Arabic, then English)"}
PAPER_LABELS = {"a4": "A4", "letter": "Letter"}


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    writer: Writer
    layout: str = "side-by-side"
    paper: str = "a4"
    glossary: bool = False
    mark_flags: bool = False


def default_paper() -> str:
    return "letter" if QLocale().territory() in (QLocale.Country.UnitedStates, QLocale.Country.Canada) else "a4"


class ExportDialog(QDialog):
    """The export options in one dialog; `ask` is what the window calls (tests replace it)."""

    def __init__(self, parent: QWidget, state: WindowState, stem: str, layout: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the bilingual text")
        self.state = state
        self.stem = stem
        self.format = QComboBox()
        for writer in WRITERS:
            self.format.addItem(writer.file_filter, writer.name)
        chosen = state.export_choice("format", "pdf")
        self.format.setCurrentIndex(max(0, self.format.findData(chosen)))
        self.path = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.layout_box = QComboBox()
        for name in LAYOUTS:
            self.layout_box.addItem(LAYOUT_LABELS[name], name)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(state.export_choice("layout", layout))))
        self.paper = QComboBox()
        for name, label in PAPER_LABELS.items():
            self.paper.addItem(label, name)
        self.paper.setCurrentIndex(max(0, self.paper.findData(state.export_choice("paper", default_paper()))))
        self.glossary = QCheckBox("Add the names (people, places, organisations) as an appendix")
        self.glossary.setChecked(state.export_flag("glossary", False))
        self.flags = QCheckBox("Mark paragraphs whose translation may need checking")
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("File", where)
        form.addRow("Layout", self.layout_box)
        form.addRow("Paper", self.paper)
        form.addRow("", self.glossary)
        form.addRow("", self.flags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    @property
    def writer(self) -> Writer:
        return next(w for w in WRITERS if w.name == self.format.currentData())

    def _format_changed(self) -> None:
        writer = self.writer
        current = Path(self.path.text()) if self.path.text() else Path(self.state.export_folder) / self.stem
        name = current.name.split(".bilingual")[0] if ".bilingual" in current.name else current.stem
        self.path.setText(str(current.with_name(f"{name}.bilingual{writer.extension}")))
        self.layout_box.setEnabled(writer.layout)
        self.paper.setEnabled(writer.paper)
        self.glossary.setEnabled(writer.glossary)
        self.flags.setEnabled(writer.flags)
        self.flags.setChecked(self.state.export_flag(f"flags-{writer.name}", writer.name != "pdf"))

    def _browse(self) -> None:
        writer = self.writer
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), writer.file_filter)
        if path:
            self.path.setText(path if Path(path).suffix else path + writer.extension)

    def choice(self) -> ExportChoice:
        writer = self.writer
        return ExportChoice(Path(self.path.text()).expanduser(), writer, self.layout_box.currentData(),
                            self.paper.currentData(), self.glossary.isChecked() and writer.glossary,
                            self.flags.isChecked() and writer.flags)

    @classmethod
    def ask(cls, parent: QWidget, state: WindowState, stem: str, layout: str) -> ExportChoice | None:
        dialog = cls(parent, state, stem, layout)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


class ExportController(QObject):
    """Runs one export at a time; says where it went and offers to open it."""

    finished = Signal(str)   # the file written

    def __init__(self, window, session, state: WindowState) -> None:
        super().__init__(window)
        self.window, self.session, self.state = window, session, state
        self.job = None

    def start(self, choice: ExportChoice) -> bool:
        """Check the target first (a folder, a read-only file, a wrong extension), then export."""
        from reader.core.errors import ReaderError

        if self.job is not None and not self.job.finished:
            self.window.show_error("An export is already running.")
            return False
        try:
            check_output(choice.path, choice.writer.name)
        except ReaderError as exc:
            self.window.show_error(str(exc))
            return False
        self.state.save_export(choice.path.parent, format=choice.writer.name, layout=choice.layout,
                               paper=choice.paper, glossary=choice.glossary,
                               **{f"flags-{choice.writer.name}": choice.mark_flags})
        session = self.session
        document = session.document
        rows = session.rows.rows()
        translations = {i: r.translation for i, r in enumerate(rows) if r.translation is not None}
        edits = {i: r.edit for i, r in enumerate(rows) if r.edit is not None}
        glossary = session.names.glossary
        model = session.handle.label if session.handle else "no model"
        backend = session.backend
        progress = QProgressDialog(f"Exporting {choice.path.name}…", "Cancel", 0, len(rows), self.window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def work(job):
            def step(done: int, total: int) -> None:
                job.check()
                job.progress(done, total)

            bilingual = as_seen(document, translations, edits, glossary, model=model, backend=backend)
            job.check()
            export(bilingual, choice.path, choice.writer.name, layout=choice.layout, paper=choice.paper,
                   glossary=glossary_lines(glossary) if choice.glossary else None, progress=step,
                   mark_flags=choice.mark_flags)
            return choice.path

        self.job = session.ops.run(f"Exporting {choice.path.name}", work, on_success=self._done,
                                   on_progress=lambda done, total: progress.setValue(done),
                                   on_done=progress.reset)
        progress.canceled.connect(self.job.stop)
        if session.busy:
            self.window.show_notice("Exporting what is translated so far; untranslated paragraphs are left blank.")
        return True

    def _done(self, path: Path) -> None:
        self.finished.emit(str(path))
        self.window.banner.show_message(f"Exported to {path}", actions=[
            ("Open", lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))),
            ("Show in folder", lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))),
        ])
