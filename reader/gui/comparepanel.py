"""The compare panel: one paragraph examined closely, always as the reading view shows it.

Everything here is read from the paragraph's row (the one source of truth):
its sentences as shown (held to the glossary, or the alternative in use),
the translation the user can edit, the model's alternatives with what
differs from the chosen one highlighted and the one in use marked, the flags
of each sentence with the alternatives that do not have them, and the same
paragraph from every other installed model.
"""

from __future__ import annotations

import html
import math
from difflib import SequenceMatcher

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from reader.core.translate import Hypothesis, Translation
from reader.gui.delegate import ARABIC_FAMILY
from reader.gui.paragraphmodel import STATE_HELP, Row, RowState

TEXT_ROLE = Qt.ItemDataRole.UserRole
SCORE_HELP = ("How sure the model was of this wording: the average probability it gave each word piece "
              "(100% is certain). Alternatives within a few points of the chosen one are about as likely; "
              "the highlighted words are where they differ from it.")


def confidence(score: float) -> str:
    """A length-normalised log-probability as a percentage people can read."""
    return f"{100 * math.exp(min(score, 0.0)):.0f}%"


def differences(chosen: str, other: str) -> str:
    """`other` as HTML with the words that differ from `chosen` highlighted."""
    mine, theirs = chosen.split(), other.split()
    out = []
    for op, _i1, _i2, j1, j2 in SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        words = html.escape(" ".join(theirs[j1:j2]))
        if not words:
            continue
        out.append(words if op == "equal" else f"<span style='background:#ffe58a'>{words}</span>")
    return " ".join(out)


class ComparePanel(QWidget):
    save_edit = Signal(int, str)       # row, text
    revert_edit = Signal(int)
    retranslate = Signal(int)
    compare_models = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row_index: int | None = None
        self._row: Row | None = None
        self._others_available = 0
        self.heading = QLabel("Click a paragraph (or press Enter) to compare its translations.")
        self.heading.setWordWrap(True)

        self.sentences = QTableWidget(0, 3)
        self.sentences.setHorizontalHeaderLabels(["English", "Arabic", "⚠"])
        self.sentences.horizontalHeaderItem(2).setToolTip("A sentence whose translation may need checking "
                                                          "(hover the mark for why)")
        header = self.sentences.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.sentences.verticalHeader().setVisible(False)
        self.sentences.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sentences.setWordWrap(True)
        self.sentences.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.sentences.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sentences.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sentences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sentences.setToolTip("Each row pairs an Arabic sentence with its English as shown.")
        self.sentences.currentCellChanged.connect(lambda row, *_: self._fill_clean(row))

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
        self.alternatives.setToolTip(SCORE_HELP)
        self.alternatives.itemActivated.connect(self._on_alternative_chosen)
        self.use_button = QPushButton("Use this alternative")
        self.use_button.clicked.connect(lambda: self._on_alternative_chosen(self.alternatives.currentItem()))

        self.clean_label = QLabel()
        self.clean_label.setWordWrap(True)
        self.clean = QListWidget()
        self.clean.setWordWrap(True)
        self.clean.itemActivated.connect(self._on_clean_chosen)

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
        layout.addWidget(self.clean_label)
        layout.addWidget(self.clean, 1)
        layout.addWidget(QLabel("<b>Translation</b>"))
        layout.addWidget(self.editor, 2)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.save_button)
        edit_row.addWidget(self.revert_button)
        layout.addLayout(edit_row)
        alternatives = QLabel("<b>Alternatives</b> (the model's other wordings; double-click to use one)")
        alternatives.setToolTip(SCORE_HELP)
        layout.addWidget(alternatives)
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

    def set_other_models(self, count: int) -> None:
        """How many other installed models there are: none disables the button and says how to add one."""
        self._others_available = count
        self._explain_others()

    def _explain_others(self) -> None:
        self.others_button.setEnabled(self._row is not None and self._others_available > 0)
        if self._others_available == 0 and self.others.count() == 0:
            item = QListWidgetItem("No other translation model is installed. To compare, add one with "
                                   "Translation ▸ Download Translation Model or Import Model Folder.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.others.addItem(item)

    # -- showing a paragraph -------------------------------------------------------------
    def show_row(self, index: int | None, row: Row | None) -> None:
        changed = index != self.row_index
        self.row_index, self._row = index, row
        enabled = row is not None
        for widget in (self.editor, self.save_button, self.alternatives, self.use_button,
                       self.copy_source, self.copy_translation, self.retranslate_button):
            widget.setEnabled(enabled)
        if changed:
            self.others.clear()
        if row is None:
            self.heading.setText("Click a paragraph (or press Enter) to compare its translations.")
            self.sentences.setRowCount(0)
            self.alternatives.clear()
            self.clean.clear()
            self.clean_label.hide()
            self.clean.hide()
            self.editor.clear()
            self.revert_button.setEnabled(False)
            self._explain_others()
            return
        state = STATE_HELP[row.state] + (f": {row.error}" if row.error else "")
        self.heading.setText(f"<b>Paragraph {index + 1}</b> · {row.paragraph.role.value} · {html.escape(state)}")
        self.revert_button.setEnabled(row.state is RowState.EDITED)
        if changed or not self.editor.hasFocus():
            self.editor.setPlainText(row.english)
        self._fill_sentences(row)
        self._fill_alternatives(row)
        self._explain_others()

    def select_sentence(self, sentence: int) -> None:
        if 0 <= sentence < self.sentences.rowCount():
            self.sentences.selectRow(sentence)
            self.sentences.scrollToItem(self.sentences.item(sentence, 0))

    def _fill_sentences(self, row: Row) -> None:
        self.sentences.setRowCount(0)
        pairs = row.sentences
        if not pairs:
            if row.edit is not None and row.translation is not None:
                self.heading.setText(self.heading.text() + " · your edit replaces the machine's sentences")
            return
        arabic_font = QFont(ARABIC_FAMILY)
        arabic_font.setPointSizeF(self.font().pointSizeF() * 1.25)
        flags = {}
        for flag in row.flags if row.flagged else ():
            flags.setdefault(flag.sentence, []).append(flag)
        self.sentences.setRowCount(len(pairs))
        top = Qt.AlignmentFlag.AlignTop
        for i, (source, english) in enumerate(pairs):
            english_item = QTableWidgetItem(english)
            english_item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | top)
            arabic_item = QTableWidgetItem(source)
            arabic_item.setFont(arabic_font)
            arabic_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | top)
            check = QTableWidgetItem("⚠" if i in flags else "")
            check.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | top)
            check.setToolTip("; ".join(f.detail for f in flags.get(i, ())))
            self.sentences.setItem(i, 0, english_item)
            self.sentences.setItem(i, 1, arabic_item)
            self.sentences.setItem(i, 2, check)
        self.sentences.resizeRowsToContents()
        flagged = sorted(flags)
        self._fill_clean(flagged[0] if flagged else -1)

    def _fill_clean(self, sentence: int) -> None:
        """For a flagged sentence: the model's other wordings of it that have no flag."""
        self.clean.clear()
        row = self._row
        flagged = row is not None and row.flagged and any(f.sentence == sentence for f in row.flags)
        self.clean_label.setVisible(flagged)
        self.clean.setVisible(flagged)
        if not flagged:
            return
        from reader.core.quality import clean_hypotheses

        current = row.translation.sentences[sentence].best
        options = [h for h in clean_hypotheses(row.translation, sentence) if h.text != current]
        problems = "; ".join(f.detail for f in row.flags if f.sentence == sentence)
        self.clean_label.setText(f"<b>Sentence {sentence + 1}</b>: ⚠ {html.escape(problems)}. " + (
            "The model's wordings of it without the problem (double-click to use one):" if options
            else "The model has no wording of it without the problem; check it, and edit it by hand."))
        for hypothesis in options:
            item = QListWidgetItem(f"{confidence(hypothesis.score)}  {hypothesis.text}")
            item.setData(TEXT_ROLE, (sentence, hypothesis.text))
            item.setToolTip(SCORE_HELP)
            self.clean.addItem(item)

    def _fill_alternatives(self, row: Row) -> None:
        self.alternatives.clear()
        translation = row.translation
        if translation is None or translation.as_written:
            return
        chosen = translation.nbest[0].text if translation.nbest else ""
        for rank, hypothesis in enumerate(translation.nbest, 1):
            self._add_alternative(hypothesis, chosen, machine=rank == 1, in_use=row.english == hypothesis.text)

    def _add_alternative(self, hypothesis: Hypothesis, chosen: str, *, machine: bool, in_use: bool) -> None:
        marks = [m for m, on in (("machine's choice", machine), ("in use", in_use)) if on]
        label = QLabel(f"<b>{confidence(hypothesis.score)}</b>&nbsp; "
                       + (html.escape(hypothesis.text) if machine else differences(chosen, hypothesis.text))
                       + (f" &nbsp;<i>({', '.join(marks)})</i>" if marks else ""))
        label.setWordWrap(True)
        label.setToolTip(SCORE_HELP)
        label.setContentsMargins(4, 3, 4, 3)
        item = QListWidgetItem()
        item.setData(TEXT_ROLE, hypothesis.text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, hypothesis.text)
        self.alternatives.addItem(item)
        self.alternatives.setItemWidget(item, label)
        self._fit(item, label)

    def _fit(self, item: QListWidgetItem, label: QLabel) -> None:
        """As tall as the wrapped text at the list's width (a label's own size hint assumes another width)."""
        width = max(self.alternatives.viewport().width() - 6, 120)
        item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        for i in range(self.alternatives.count()):
            item = self.alternatives.item(i)
            label = self.alternatives.itemWidget(item)
            if label is not None:
                self._fit(item, label)

    @Slot(int, str, object)
    def add_comparison(self, row: int, label: str, result) -> None:
        if row != self.row_index:
            return
        if self.others.count() and not self.others.item(0).flags() & Qt.ItemFlag.ItemIsEnabled:
            self.others.clear()
        if isinstance(result, Translation):
            item = QListWidgetItem(f"{label}: {result.text}")
            item.setData(TEXT_ROLE, result.text)
        else:
            item = QListWidgetItem(f"{label} could not translate it: {result}")
        self.others.addItem(item)

    # -- user actions ----------------------------------------------------------------------
    def _on_save(self) -> None:
        if self.row_index is not None:
            self.save_edit.emit(self.row_index, self.editor.toPlainText().strip())

    def _on_alternative_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None or self.row_index is None:
            return
        text = item.data(TEXT_ROLE)
        if text:
            self.editor.setPlainText(text)
            self.save_edit.emit(self.row_index, text)

    def _on_clean_chosen(self, item: QListWidgetItem | None) -> None:
        """Use another wording of one sentence: the paragraph with that sentence replaced, as an edit."""
        if item is None or self.row_index is None or self._row is None:
            return
        sentence, text = item.data(TEXT_ROLE)
        parts = [english for _, english in self._row.sentences]
        parts[sentence] = text
        joined = " ".join(p for p in parts if p)
        self.editor.setPlainText(joined)
        self.save_edit.emit(self.row_index, joined)

    def _on_compare_models(self) -> None:
        if self.row_index is not None:
            self.others.clear()
            self.compare_models.emit(self.row_index)

    @staticmethod
    def _copy(text: str) -> None:
        QGuiApplication.clipboard().setText(text)
