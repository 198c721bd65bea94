"""The reading view: a list view over the paragraph model, painted by the bilingual delegate.

A list view with batched layout handles documents of many thousands of
paragraphs: it measures rows lazily and paints only what is on screen. It
reports which rows are visible so the session can translate those first.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView

from reader.gui.delegate import BilingualDelegate
from reader.gui.paragraphmodel import ParagraphModel


class ReadingView(QListView):
    current_row_changed = Signal(int)
    row_activated = Signal(int)
    visible_rows_changed = Signal(int, int)

    def __init__(self, model: ParagraphModel, parent=None) -> None:
        super().__init__(parent)
        self.delegate = BilingualDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(64)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(False)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setAccessibleName("Arabic paragraphs and their English translations")
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(120)
        self._visible_timer.timeout.connect(self.report_visible_rows)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._visible_timer.start())
        self.selectionModel().currentChanged.connect(lambda current, _: self.current_row_changed.emit(current.row()))
        self.activated.connect(lambda index: self.row_activated.emit(index.row()))
        self.clicked.connect(lambda index: self.current_row_changed.emit(index.row()))

    def reset_layout(self) -> None:
        """After zoom, layout or document changes: measure every row again."""
        self.delegate.reset_cache()
        self.scheduleDelayedItemsLayout()
        self.viewport().update()
        self._visible_timer.start()

    def row_changed(self, row: int) -> None:
        """A row's English changed: its height may have too."""
        self.delegate.sizeHintChanged.emit(self.model().index(row))

    def visible_rows(self) -> tuple[int, int]:
        rect = self.viewport().rect()
        top = self.indexAt(QPoint(10, 1))
        bottom = self.indexAt(QPoint(10, rect.height() - 2))
        rows = self.model().rowCount()
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else rows - 1
        return first, last

    def report_visible_rows(self) -> None:
        self.visible_rows_changed.emit(*self.visible_rows())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._visible_timer.start()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)
