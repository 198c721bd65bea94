"""The status bar: what is happening, which model translates, progress with Cancel.

Counts are read from the rows (translated of those with Arabic), never kept
alongside them, so they are right after a re-translation or a cancel.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from reader.gui.wording import paragraphs


class StatusLine(QObject):
    def __init__(self, window, session, model_status: QLabel) -> None:
        super().__init__(window)
        self.session = session
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop; what is done stays (Translation ▸ Translate Remaining resumes)")
        self.cancel_button.clicked.connect(window.cancel)
        bar = window.statusBar()
        bar.addWidget(self.label, 1)
        bar.addPermanentWidget(model_status)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.cancel_action = window.actions["cancel"]
        session.progress.connect(self._on_progress)
        session.busy_changed.connect(self.show_progress)
        session.loading_changed.connect(self._on_loading)
        self.show_progress(False)

    def show(self, message: str) -> None:
        self.label.setText(message)

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        if loading:
            self.progress.setRange(0, 0)
            self.progress.setFormat("")
        else:
            if self.label.text().startswith("Opening "):
                self.show("")
        self.show_progress(self.session.busy)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.session.loading:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        if self.session.busy:
            self.show(f"Translating… {done} of {paragraphs(total)}")

    @Slot(bool)
    def show_progress(self, busy: bool) -> None:
        loading = self.session.loading
        self.progress.setVisible(busy or loading)
        self.cancel_button.setVisible(busy or loading)
        self.cancel_action.setEnabled(busy or loading)
        rows = self.session.rows
        if busy and not loading:
            self._on_progress(rows.translated_count, rows.to_translate)
        elif not busy and not loading and self.session.document is not None:
            if rows.to_translate and rows.translated_count == rows.to_translate:
                flagged = len(rows.flagged())
                self.show(f"All {paragraphs(rows.to_translate)} translated." + (
                    f" {paragraphs(flagged)} flagged for checking (F8 goes to the next)." if flagged else ""))
