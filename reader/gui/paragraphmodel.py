"""The item model behind the reading view: one row per paragraph, the one source of truth for it.

A row holds the Arabic, the machine translation, the text held to the
glossary, the user's edit, the quality flags and where it all stands. What
the reading view, the compare panel, the status bar and an export show are
all read from here, so they cannot disagree. Counts are kept as rows change
state, so the status bar never counts a paragraph twice.
"""

from __future__ import annotations

import collections
import enum
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.document import Document, Paragraph
from reader.core.translate import Translation


class RowState(str, enum.Enum):
    WAITING = "waiting"          # will be translated
    TRANSLATING = "translating"
    CACHED = "cached"
    DONE = "done"
    EDITED = "edited"
    FAILED = "failed"
    NO_MODEL = "no-model"        # nothing will translate it until a model is installed
    AS_WRITTEN = "as-written"    # no Arabic in it: shown as written, never translated


STATE_HELP = {
    RowState.WAITING: "Waiting to be translated",
    RowState.TRANSLATING: "Translating…",
    RowState.CACHED: "Translation from the cache",
    RowState.DONE: "Translated",
    RowState.EDITED: "Your edit (kept across restarts; Revert in the compare panel)",
    RowState.FAILED: "Translation failed",
    RowState.NO_MODEL: "Not translated: no translation model is installed (see the banner at the top)",
    RowState.AS_WRITTEN: "Not Arabic: shown as written, not translated",
}


@dataclass
class Row:
    paragraph: Paragraph
    translation: Translation | None = None
    edit: str | None = None
    glossary_text: str | None = None   # the machine translation held to the glossary, when that changed it
    glossary_sentences: tuple[str, ...] = ()  # the same, sentence by sentence (for the compare panel)
    flags: tuple = ()                  # quality flags of the machine translation (reader.core.quality)
    state: RowState = RowState.WAITING
    error: str = ""

    @property
    def english(self) -> str:
        """The English shown for this paragraph: the user's edit, else the glossary's, else the machine's."""
        if self.edit is not None:
            return self.edit
        if self.glossary_text is not None:
            return self.glossary_text
        return self.translation.text if self.translation is not None else ""

    @property
    def sentences(self) -> list[tuple[str, str]]:
        """(Arabic, English as shown) per sentence.

        An edit made of the model's own wordings (an alternative in use, one
        sentence replaced) is still read sentence by sentence; a free edit
        cannot be, and gives an empty list.
        """
        if self.translation is None:
            return []
        held = self.glossary_sentences if len(self.glossary_sentences) == len(self.translation.sentences) else ()
        if self.edit is None:
            return [(s.source.text, held[i] if held else s.best) for i, s in enumerate(self.translation.sentences)]
        rest, pairs = self.edit, []
        for i, sentence in enumerate(self.translation.sentences):
            options = sorted({h.text for h in sentence.hypotheses} | ({held[i]} if held else set()), key=len,
                             reverse=True)
            chosen = next((o for o in options if o and rest.startswith(o)), None)
            if chosen is None:
                return []
            pairs.append((sentence.source.text, chosen))
            rest = rest[len(chosen):].lstrip(" \n\t")
        return pairs if not rest else []

    @property
    def translated(self) -> bool:
        """Done as far as the machine is concerned (an edited row still counts once translated)."""
        return self.translation is not None and self.state is not RowState.TRANSLATING

    @property
    def flagged(self) -> bool:
        return bool(self.flags) and self.edit is None


class Roles(enum.IntEnum):
    SOURCE = Qt.ItemDataRole.UserRole + 1
    ENGLISH = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    PARAGRAPH = Qt.ItemDataRole.UserRole + 4
    TRANSLATION = Qt.ItemDataRole.UserRole + 5
    ERROR = Qt.ItemDataRole.UserRole + 6
    FLAGS = Qt.ItemDataRole.UserRole + 7
    ROW = Qt.ItemDataRole.UserRole + 8


class ParagraphModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self._rows: list[Row] = []
        self._states: collections.Counter[RowState] = collections.Counter()
        self._translated = 0

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
        if role == Roles.FLAGS:
            return row.flags if row.flagged else ()
        if role == Roles.ROW:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.paragraph.text}\n{row.english}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- what the session changes ----------------------------------------------------
    def set_document(self, document: Document | None, edits: dict[int, str] | None = None,
                     *, model_available: bool = True) -> None:
        self.beginResetModel()
        self.document = document
        self._rows = [Row(p) for p in document.paragraphs] if document else []
        for row in self._rows:
            if not row.paragraph.needs_translation:
                row.translation = Translation.as_written_text(row.paragraph.text)
                row.state = RowState.AS_WRITTEN
            elif not model_available:
                row.state = RowState.NO_MODEL
        for i, text in (edits or {}).items():
            self._rows[i].edit = text
            self._rows[i].state = RowState.EDITED
        self._recount()
        self.endResetModel()

    def row(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_translation(self, row: int, translation: Translation, glossary_text: str | None = None,
                        glossary_sentences: tuple[str, ...] = (), flags: tuple = ()) -> None:
        item = self._rows[row]
        before = self._snapshot(item)
        item.translation = translation
        item.glossary_text, item.glossary_sentences = glossary_text, glossary_sentences
        item.flags = flags
        item.error = ""
        if item.edit is None:
            item.state = RowState.CACHED if translation.cached else RowState.DONE
        self._changed(row, before)

    def set_state(self, rows: list[int], state: RowState, error: str = "") -> None:
        for row in rows:
            item = self._rows[row]
            if item.state is RowState.AS_WRITTEN:
                continue  # nothing to translate, whatever happens to the model
            before = self._snapshot(item)
            if item.edit is not None:
                item.error = error  # an edit stays an edit while the machine works underneath
            else:
                item.state, item.error = state, error
            self._changed(row, before)

    def finish_translating(self, rows: list[int]) -> None:
        """Rows whose translation ended without a result (cancelled): back to waiting, or to their edit."""
        for row in rows:
            item = self._rows[row]
            if item.state is not RowState.TRANSLATING:
                continue
            before = self._snapshot(item)
            if item.edit is not None:
                item.state = RowState.EDITED
            elif item.translation is not None:
                item.state = RowState.CACHED if item.translation.cached else RowState.DONE
            else:
                item.state = RowState.WAITING
            self._changed(row, before)

    def set_edit(self, row: int, text: str | None) -> None:
        item = self._rows[row]
        before = self._snapshot(item)
        item.edit = text
        if text is not None:
            item.state = RowState.EDITED
        elif item.translation is not None:
            item.state = (RowState.AS_WRITTEN if item.translation.as_written else
                          RowState.CACHED if item.translation.cached else RowState.DONE)
        else:
            item.state = RowState.WAITING
        self._changed(row, before)

    def set_glossary_texts(self, updates: dict[int, tuple[str | None, tuple[str, ...], tuple]]) -> None:
        """Many rows held to a changed glossary at once: one change signal for all of them.

        `updates`: row → (text held to the glossary or None, its sentences, flags).
        """
        changed = []
        for row, (text, sentences, flags) in updates.items():
            item = self._rows[row]
            if item.glossary_text != text or item.flags != flags or item.glossary_sentences != sentences:
                item.glossary_text, item.glossary_sentences, item.flags = text, sentences, flags
                changed.append(row)
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))

    def rows_in_state(self, *states: RowState) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.state in states]

    def untranslated(self) -> list[int]:
        """Rows that still need a machine translation (edited ones included: they still get one)."""
        return [i for i, r in enumerate(self._rows)
                if r.translation is None and r.state is not RowState.TRANSLATING]

    def flagged(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.flagged]

    # -- counts ------------------------------------------------------------------------
    @property
    def to_translate(self) -> int:
        """Paragraphs with Arabic in them: what the progress counts up to."""
        return len(self._rows) - self._states[RowState.AS_WRITTEN]

    @property
    def translated_count(self) -> int:
        return self._translated

    def _snapshot(self, item: Row) -> tuple[RowState, bool]:
        return item.state, item.translated and item.state is not RowState.AS_WRITTEN

    def _recount(self) -> None:
        self._states = collections.Counter(r.state for r in self._rows)
        self._translated = sum(1 for r in self._rows if r.translated and r.state is not RowState.AS_WRITTEN)

    def _changed(self, row: int, before: tuple[RowState, bool]) -> None:
        item = self._rows[row]
        state, translated = self._snapshot(item)
        self._states[before[0]] -= 1
        self._states[state] += 1
        self._translated += int(translated) - int(before[1])
        index = self.index(row)
        self.dataChanged.emit(index, index)


def tooltip(row: Row) -> str:
    text = STATE_HELP[row.state]
    if row.glossary_text is not None and row.edit is None:
        text += " (names adjusted to your glossary)"
    if row.error:
        text += f": {row.error}"
    if row.flagged:
        text += "\n\nCheck this translation:\n" + "\n".join(f"• sentence {f.sentence + 1}: {f.detail}"
                                                           for f in row.flags)
    return text
