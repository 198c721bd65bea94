"""Find in both languages: a bar above the text, matches highlighted where they are.

Matching ignores case in the English and diacritics, tatweel and alef forms
in the Arabic, so "عمان" finds "عُمان" and "أمريكا" finds "امريكا".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.gui.delegate import find_ranges


class FindBar(QWidget):
    go_to_row = Signal(int)

    def __init__(self, rows, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows, self.view = rows, view
        self.matches: list[int] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in Arabic or English")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self.search)
        self.edit.returnPressed.connect(self.find_next)
        row.addWidget(QLabel("Find:"))
        row.addWidget(self.edit, 1)
        row.addWidget(self.count)
        row.addWidget(close)
        self.setVisible(False)
        rows.dataChanged.connect(self._rows_changed)

    @property
    def text(self) -> str:
        return self.edit.text()

    def open_bar(self) -> None:
        self.setVisible(True)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.edit.clear()
        self.setVisible(False)
        self.view.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def search(self, text: str) -> None:
        self.matches = self._matching_rows(text)
        self.view.delegate.highlights = {row: self._ranges(row, text) for row in self.matches}
        self.view.viewport().update()
        self.count.setText(_paragraphs(len(self.matches)) if text else "")
        if self.matches:
            self.go_to_row.emit(self.matches[0])

    def find_next(self) -> None:
        if not self.matches:
            return
        current = self.view.currentIndex().row()
        following = [r for r in self.matches if r > current]
        self.go_to_row.emit(following[0] if following else self.matches[0])

    def _matching_rows(self, text: str) -> list[int]:
        if not text:
            return []
        return [i for i, row in enumerate(self.rows.rows())
                if find_ranges(row.paragraph.text, text) or find_ranges(row.english, text)]

    def _ranges(self, row: int, text: str) -> tuple[list, list]:
        item = self.rows.row(row)
        return find_ranges(item.paragraph.text, text), find_ranges(item.english, text)

    def _rows_changed(self, top, bottom) -> None:
        text = self.text
        if not text:
            return
        for row in range(top.row(), bottom.row() + 1):
            ranges = self._ranges(row, text)
            if ranges[0] or ranges[1]:
                self.view.delegate.highlights[row] = ranges
            else:
                self.view.delegate.highlights.pop(row, None)


def _paragraphs(count: int) -> str:
    return "no paragraph" if count == 0 else f"{count} paragraph{'s' if count != 1 else ''}"

