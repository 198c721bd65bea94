"""The item model behind the reading view: one row per paragraph.

Rows carry the Arabic, the English shown (the user's edit, else the machine
translation), and where that English stands. Views ask for what they paint;
nothing here knows about widgets or threads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.document import Document, Paragraph
from reader.core.translate import Translation


class RowState(str, enum.Enum):
    WAITING = "waiting"
    TRANSLATING = "translating"
    CACHED = "cached"
    DONE = "done"
    EDITED = "edited"
    FAILED = "failed"


STATE_HELP = {
    RowState.WAITING: "Waiting to be translated",
    RowState.TRANSLATING: "Translating…",
    RowState.CACHED: "Translation from the cache",
    RowState.DONE: "Translated",
    RowState.EDITED: "Your edit (kept across restarts; Revert in the compare panel)",
    RowState.FAILED: "Translation failed",
}


@dataclass
class Row:
    paragraph: Paragraph
    translation: Translation | None = None
    edit: str | None = None
    glossary_text: str | None = None  # the machine translation held to the glossary, when it changed
    state: RowState = RowState.WAITING
    error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def english(self) -> str:
        if self.edit is not None:
            return self.edit
        if self.glossary_text is not None:
            return self.glossary_text
        return self.translation.text if self.translation is not None else ""


class Roles(enum.IntEnum):
    SOURCE = Qt.ItemDataRole.UserRole + 1
    ENGLISH = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    PARAGRAPH = Qt.ItemDataRole.UserRole + 4
    TRANSLATION = Qt.ItemDataRole.UserRole + 5
    ERROR = Qt.ItemDataRole.UserRole + 6


class ParagraphModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self._rows: list[Row] = []

    # -- Qt model interface --------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Roles.SOURCE):
            return row.paragraph.text
        if role == Roles.ENGLISH:
            return row.english
        if role == Roles.STATE:
            return row.state
        if role == Roles.PARAGRAPH:
            return row.paragraph
        if role == Roles.TRANSLATION:
            return row.translation
        if role == Roles.ERROR:
            return row.error
        if role == Qt.ItemDataRole.ToolTipRole:
            help_text = STATE_HELP[row.state]
            if row.glossary_text is not None and row.edit is None:
                help_text += " (names adjusted to your glossary)"
            return f"{help_text}: {row.error}" if row.error else help_text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.paragraph.text}\n{row.english}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- what the session changes ----------------------------------------------------
    def set_document(self, document: Document | None, edits: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.document = document
        self._rows = [Row(p) for p in document.paragraphs] if document else []
        for i, text in (edits or {}).items():
            self._rows[i].edit = text
            self._rows[i].state = RowState.EDITED
        self.endResetModel()

    def row(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_translation(self, row: int, translation: Translation, glossary_text: str | None = None) -> None:
        item = self._rows[row]
        item.translation = translation
        item.glossary_text = glossary_text
        item.error = ""
        if item.edit is None:
            item.state = RowState.CACHED if translation.cached else RowState.DONE
        self._changed(row)

    def set_state(self, rows: list[int], state: RowState, error: str = "") -> None:
        for row in rows:
            item = self._rows[row]
            if item.edit is not None and state is not RowState.FAILED:
                continue  # an edit stays an edit while the machine works underneath
            if item.edit is not None:
                item.error = error
                continue
            item.state, item.error = state, error
            self._changed(row)

    def set_edit(self, row: int, text: str | None) -> None:
        item = self._rows[row]
        item.edit = text
        if text is not None:
            item.state = RowState.EDITED
        elif item.translation is not None:
            item.state = RowState.CACHED if item.translation.cached else RowState.DONE
        else:
            item.state = RowState.WAITING
        self._changed(row)

    def set_glossary_text(self, row: int, text: str | None) -> None:
        item = self._rows[row]
        if item.glossary_text != text:
            item.glossary_text = text
            self._changed(row)

    def rows_in_state(self, *states: RowState) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.state in states]

    def untranslated(self) -> list[int]:
        """Rows with no machine translation yet (edited ones included: they still get one)."""
        return [i for i, r in enumerate(self._rows) if r.translation is None and r.state is not RowState.TRANSLATING]

    def _changed(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)
