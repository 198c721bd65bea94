"""Paragraphs whose translation a reader should check: step to them (F8), or show only them."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction


class FlaggedParagraphs(QObject):
    def __init__(self, window, rows, view, only_action: QAction) -> None:
        super().__init__(window)
        self.window, self.rows, self.view, self.only_action = window, rows, view, only_action
        rows.dataChanged.connect(self._rows_changed)

    def show_only(self, checked: bool | None = None) -> None:
        """View ▸ Show Flagged Paragraphs Only (checked: set it; None: follow the action)."""
        if checked is not None:
            self.only_action.setChecked(checked)
        flagged = self.rows.flagged()
        if self.only_action.isChecked() and not flagged:
            self.only_action.setChecked(False)
            self.window.show_notice("No paragraph is flagged.")
        self.view.show_only(set(flagged) if self.only_action.isChecked() else None)

    def step(self, step: int) -> None:
        """To the next (1) or previous (-1) flagged paragraph, round the end."""
        flagged = self.rows.flagged()
        if not flagged:
            self.window.show_notice("No paragraph is flagged.")
            return
        current = self.view.currentIndex().row()
        ahead = [r for r in flagged if (r > current if step > 0 else r < current)]
        row = (ahead[0] if step > 0 else ahead[-1]) if ahead else (flagged[0] if step > 0 else flagged[-1])
        self.window.go_to_row(row)
        reasons = "; ".join(f.detail for f in self.rows.row(row).flags)
        self.window.show_notice(f"Paragraph {row + 1} ({flagged.index(row) + 1} of {len(flagged)} flagged): "
                                f"{reasons}")

    def _rows_changed(self, top, bottom) -> None:
        if not self.only_action.isChecked():
            return
        for row in range(top.row(), bottom.row() + 1):
            self.view.setRowHidden(row, not self.rows.row(row).flagged)
