"""The compare panel: one paragraph examined closely.

Sentence by sentence (which Arabic became which English), the translation the
user can edit, the model's n-best alternatives with their scores, and the same
paragraph from every other installed model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from reader.core.translate import Translation
from reader.gui.delegate import ARABIC_FAMILY
from reader.gui.paragraphmodel import STATE_HELP, Row, RowState


class ComparePanel(QWidget):
    save_edit = Signal(int, str)       # row, text
    revert_edit = Signal(int)
    retranslate = Signal(int)
    compare_models = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row_index: int | None = None
        self._row: Row | None = None
        self.heading = QLabel("Click a paragraph (or press Enter) to compare its translations.")
        self.heading.setWordWrap(True)

        self.sentences = QTableWidget(0, 2)
        self.sentences.setHorizontalHeaderLabels(["English", "Arabic"])
        self.sentences.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sentences.verticalHeader().setVisible(False)
        self.sentences.setWordWrap(True)
        self.sentences.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sentences.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sentences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sentences.setMouseTracking(True)
        self.sentences.cellEntered.connect(self._on_sentence_hovered)
        self.sentences.setToolTip("Each row pairs an Arabic sentence with its English; "
                                  "hover or select one to see its counterpart.")

        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("The translation of this paragraph; edit it and press Save.")
        self.editor.setTabChangesFocus(True)
        self.save_button = QPushButton("Save edit")
        self.save_button.setShortcut("Ctrl+S")
        self.revert_button = QPushButton("Revert to machine translation")
        self.save_button.clicked.connect(self._on_save)
        self.revert_button.clicked.connect(lambda: self.row_index is not None and self.revert_edit.emit(self.row_index))

        self.alternatives = QListWidget()
        self.alternatives.setWordWrap(True)
        self.alternatives.itemActivated.connect(self._on_alternative_chosen)
        self.use_button = QPushButton("Use this alternative")
        self.use_button.clicked.connect(lambda: self._on_alternative_chosen(self.alternatives.currentItem()))

        self.others = QListWidget()
        self.others.setWordWrap(True)
        self.others.itemActivated.connect(self._on_alternative_chosen)
        self.others_button = QPushButton("Translate with the other installed models")
        self.others_button.clicked.connect(self._on_compare_models)

        self.copy_source = QPushButton("Copy Arabic")
        self.copy_translation = QPushButton("Copy English")
        self.retranslate_button = QPushButton("Retranslate")
        self.retranslate_button.setToolTip("Translate this paragraph again, ignoring the cache")
        self.copy_source.clicked.connect(lambda: self._copy(self._row.paragraph.text if self._row else ""))
        self.copy_translation.clicked.connect(lambda: self._copy(self._row.english if self._row else ""))
        self.retranslate_button.clicked.connect(
            lambda: self.row_index is not None and self.retranslate.emit(self.row_index))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel("<b>Sentences</b>"))
        layout.addWidget(self.sentences, 3)
        layout.addWidget(QLabel("<b>Translation</b>"))
        layout.addWidget(self.editor, 2)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.save_button)
        edit_row.addWidget(self.revert_button)
        layout.addLayout(edit_row)
        layout.addWidget(QLabel("<b>Alternatives</b> (n-best, with scores; double-click to use)"))
        layout.addWidget(self.alternatives, 2)
        layout.addWidget(self.use_button)
        layout.addWidget(QLabel("<b>Other models</b>"))
        layout.addWidget(self.others, 1)
        layout.addWidget(self.others_button)
        tools = QHBoxLayout()
        for button in (self.copy_source, self.copy_translation, self.retranslate_button):
            tools.addWidget(button)
        layout.addLayout(tools)
        self.show_row(None, None)

    # -- showing a paragraph -------------------------------------------------------------
    def show_row(self, index: int | None, row: Row | None) -> None:
        changed = index != self.row_index
        self.row_index, self._row = index, row
        enabled = row is not None
        for widget in (self.editor, self.save_button, self.alternatives, self.use_button, self.others_button,
                       self.copy_source, self.copy_translation, self.retranslate_button):
            widget.setEnabled(enabled)
        if row is None:
            self.sentences.setRowCount(0)
            self.alternatives.clear()
            self.others.clear()
            self.editor.clear()
            self.revert_button.setEnabled(False)
            return
        state = STATE_HELP[row.state] + (f": {row.error}" if row.error else "")
        self.heading.setText(f"<b>Paragraph {index + 1}</b> · {row.paragraph.role.value} · {state}")
        self.revert_button.setEnabled(row.state is RowState.EDITED)
        if changed or not self.editor.hasFocus():
            self.editor.setPlainText(row.english)
        self._fill_sentences(row.translation)
        self._fill_alternatives(row.translation)
        if changed:
            self.others.clear()

    def _fill_sentences(self, translation: Translation | None) -> None:
        self.sentences.setRowCount(0)
        if translation is None:
            return
        arabic_font = QFont(ARABIC_FAMILY)
        arabic_font.setPointSizeF(self.font().pointSizeF() * 1.25)
        self.sentences.setRowCount(len(translation.sentences))
        for i, sentence in enumerate(translation.sentences):
            english = QTableWidgetItem(sentence.best)
            arabic = QTableWidgetItem(sentence.source.text)
            arabic.setFont(arabic_font)
            arabic.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            english.setToolTip(sentence.source.text)
            arabic.setToolTip(sentence.best)
            self.sentences.setItem(i, 0, english)
            self.sentences.setItem(i, 1, arabic)
        self.sentences.resizeRowsToContents()

    def _fill_alternatives(self, translation: Translation | None) -> None:
        self.alternatives.clear()
        if translation is None:
            return
        for rank, hypothesis in enumerate(translation.nbest, 1):
            marker = "  (machine choice)" if rank == 1 else ""
            item = QListWidgetItem(f"{hypothesis.score:+.3f}  {hypothesis.text}{marker}")
            item.setData(Qt.ItemDataRole.UserRole, hypothesis.text)
            self.alternatives.addItem(item)

    @Slot(int, str, object)
    def add_comparison(self, row: int, label: str, result) -> None:
        if row != self.row_index:
            return
        if isinstance(result, Translation):
            item = QListWidgetItem(f"{label}: {result.text}")
            item.setData(Qt.ItemDataRole.UserRole, result.text)
        else:
            item = QListWidgetItem(f"{label}: could not translate ({result})")
        self.others.addItem(item)

    # -- user actions ----------------------------------------------------------------------
    def _on_save(self) -> None:
        if self.row_index is not None:
            self.save_edit.emit(self.row_index, self.editor.toPlainText().strip())

    def _on_alternative_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None or self.row_index is None:
            return
        text = item.data(Qt.ItemDataRole.UserRole)
        if text:
            self.editor.setPlainText(text)
            self.save_edit.emit(self.row_index, text)

    def _on_compare_models(self) -> None:
        if self.row_index is not None:
            self.others.clear()
            self.compare_models.emit(self.row_index)

    def _on_sentence_hovered(self, row: int, column: int) -> None:
        self.sentences.selectRow(row)

    @staticmethod
    def _copy(text: str) -> None:
        QGuiApplication.clipboard().setText(text)
