"""The reading view: a list view over the paragraph model, painted by the bilingual delegate.

A list view with batched layout handles documents of many thousands of
paragraphs: it measures rows lazily and paints only what is on screen. It
reports which rows are visible so the session can translate those first. The
sentence under the mouse is linked to its counterpart in the other language;
← and → move that link through the current paragraph's sentences.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView

from reader.gui.delegate import BilingualDelegate, sentence_spans
from reader.gui.paragraphmodel import ParagraphModel, Roles


class ReadingView(QListView):
    current_row_changed = Signal(int)
    row_activated = Signal(int)
    visible_rows_changed = Signal(int, int)
    sentence_linked = Signal(int, int)       # row, sentence (-1: none)
    sentence_clicked = Signal(int, int)      # row, sentence

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
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.activated.connect(lambda index: self.row_activated.emit(index.row()))
        self.clicked.connect(lambda index: self.current_row_changed.emit(index.row()))

    def reset_layout(self) -> None:
        """After zoom, layout or document changes: measure every row again."""
        self.delegate.reset_cache()
        self.delegate.linked = None
        self.scheduleDelayedItemsLayout()
        self.viewport().update()
        self._visible_timer.start()

    def reset_heights(self) -> None:
        """Many rows' text changed: lay out again, once (heights are cached by text, so only
        the changed rows are measured again)."""
        self.scheduleDelayedItemsLayout()

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

    def show_only(self, rows: set[int] | None) -> None:
        """Hide every row but these (None: show all again)."""
        for row in range(self.model().rowCount()):
            self.setRowHidden(row, rows is not None and row not in rows)
        self._visible_timer.start()

    # -- linked sentences ----------------------------------------------------------------------
    def link(self, row: int, sentence: int | None) -> None:
        linked = (row, sentence) if sentence is not None and row >= 0 else None
        if linked != self.delegate.linked:
            self.delegate.linked = linked
            self.viewport().update()
            self.sentence_linked.emit(row, -1 if sentence is None else sentence)

    def _sentence_at(self, position: QPoint) -> tuple[int, int | None]:
        index = self.indexAt(position)
        if not index.isValid():
            return -1, None
        return index.row(), self.delegate.sentence_at(QRectF(self.visualRect(index)), index, QPointF(position))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        row, sentence = self._sentence_at(event.position().toPoint())
        self.link(row, sentence)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        current = self.currentIndex()
        if self.delegate.linked is not None and (not current.isValid() or self.delegate.linked[0] != current.row()):
            self.link(-1, None)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        row, sentence = self._sentence_at(event.position().toPoint())
        if sentence is not None:
            self.sentence_clicked.emit(row, sentence)

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            self.row_activated.emit(index.row())
            return
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and index.isValid():
            self._step_sentence(index, forward=event.key() == Qt.Key.Key_Left)  # Arabic reads right to left
            return
        super().keyPressEvent(event)

    def _step_sentence(self, index, *, forward: bool) -> None:
        count = len(sentence_spans(index.data(Roles.ROW)))
        if not count:
            return
        linked = self.delegate.linked
        current = linked[1] if linked is not None and linked[0] == index.row() else (-1 if forward else count)
        step = current + (1 if forward else -1)
        if 0 <= step < count:
            self.link(index.row(), step)
            self.sentence_clicked.emit(index.row(), step)

    def _on_current_changed(self, current, _previous) -> None:
        if self.delegate.linked is not None and self.delegate.linked[0] != current.row():
            self.link(-1, None)
        self.current_row_changed.emit(current.row())
