"""The glossary panel: the people, places and organisations of the article, one rendering each.

Entries are grouped by type with their mention counts and where their English
comes from. Double-click the English to correct it (for every document, or for
this one only); the translation follows at once. Right-click for "not a name",
merging two entries or splitting a merged one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from reader.core.glossary import DocumentGlossary, Entry
from reader.gui.wording import mentions

TYPE_NAMES = {"PERS": "People", "LOC": "Places", "ORG": "Organisations", "MISC": "Other names"}
KEY_ROLE = Qt.ItemDataRole.UserRole
SOURCE_NOTES = {
    "user": "Your rendering",
    "gazetteer": "A known name (CLDR place names, or reader's list of names in the news)",
    "names": "Wikidata's English spelling of each part of the name",
    "model": "How the translation model spelled it in this article",
    "transliteration": "Spelled from the Arabic the way English news spells such names; check it",
    "as written": "Written in Latin letters in the Arabic text itself (BBC, Human Rights Watch): shown as written",
    "meaning": "Translated from the meaning of its words (a ministry, a parliament, an army), as English news "
               "names it; check it",
}


class GlossaryPanel(QWidget):
    entry_selected = Signal(object)              # Entry
    rendering_changed = Signal(str, str, bool)   # key, English ('' to forget), this document only
    not_a_name = Signal(str)                     # key
    merge_requested = Signal(str, str)           # alias key, target key
    split_requested = Signal(str)                # alias key
    import_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glossary: DocumentGlossary | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter names (Arabic or English)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.document_only = QCheckBox("Changes apply to this document only")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Arabic", "English", "Mentions", "From"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)   # long names elide, with a tooltip
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.headerItem().setToolTip(2, "How often the article names it")
        self.tree.headerItem().setToolTip(3, "Where the English comes from (hover an entry for more)")
        self.status = QLabel("Names appear here once the article is open.")
        self.status.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(self._on_current)
        self.import_button = QPushButton("Import…")
        self.export_button = QPushButton("Export…")
        self.import_button.setToolTip("Add names from a CSV or TBX glossary")
        self.export_button.setToolTip("Save your glossary as CSV or TBX")
        self.import_button.clicked.connect(self.import_requested)
        self.export_button.clicked.connect(self.export_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.document_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self._filling = False
        self._deferred: DocumentGlossary | None = None
        self.merged: set[str] = set()   # keys of entries merged with another (they can be split)
        self.tree.itemDelegate().closeEditor.connect(self._after_edit)

    def _after_edit(self, *_args) -> None:
        if self._deferred is not None:
            QTimer.singleShot(0, lambda: self._deferred is not None and self.show_glossary(self._deferred))

    def show_glossary(self, glossary: DocumentGlossary | None, merged: set[str] | None = None) -> None:
        if merged is not None:
            self.merged = merged
        if self.tree.state() == QAbstractItemView.State.EditingState:
            self._deferred = glossary  # never pull the list from under the user's typing
            return
        self._deferred = None
        self.glossary = glossary
        self._filling = True
        current = self.current_key()
        self.tree.clear()
        if glossary is not None:
            for kind, title in TYPE_NAMES.items():
                entries = [e for e in glossary.entries if e.kind == kind]
                if not entries:
                    continue
                group = QTreeWidgetItem([f"{title} ({len(entries)})"])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                for entry in entries:
                    item = QTreeWidgetItem([entry.arabic, entry.english, str(entry.count), entry.source])
                    item.setData(0, KEY_ROLE, entry.key)
                    item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(0, f"{entry.arabic} · {mentions(entry.count)}")
                    item.setToolTip(1, f"{entry.english}\nDouble-click to change how this name is rendered "
                                       "everywhere")
                    item.setToolTip(2, mentions(entry.count))
                    item.setToolTip(3, SOURCE_NOTES.get(entry.source, entry.source))
                    group.addChild(item)
                    if entry.key == current:
                        self.tree.setCurrentItem(item)
                group.setExpanded(True)
        self._filling = False
        if glossary is None:
            self.status.setText("Finding the names of the article…")
        else:
            self.status.setText(f"{len(glossary.entries)} names; double-click an English rendering to correct it."
                                if glossary.entries else "No names of people, places or organisations found.")
        self._apply_filter(self.filter.text())

    def entry(self, key: str) -> Entry | None:
        if self.glossary is None:
            return None
        return next((e for e in self.glossary.entries if e.key == key), None)

    def current_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def item_for(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, KEY_ROLE) == key:
                    return group.child(j)
        return None

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                show = not needle or needle in child.text(0).casefold() or needle in child.text(1).casefold()
                child.setHidden(not show)
                visible += show
            group.setHidden(visible == 0)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 1:
            return
        key = item.data(0, KEY_ROLE)
        if key:
            self.rendering_changed.emit(key, item.text(1).strip(), self.document_only.isChecked())

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        key = current.data(0, KEY_ROLE) if current is not None else None
        entry = self.entry(key) if key else None
        if entry is not None:
            self.entry_selected.emit(entry)

    def selected_keys(self) -> list[str]:
        return [item.data(0, KEY_ROLE) for item in self.tree.selectedItems() if item.data(0, KEY_ROLE)]

    def _menu(self, position) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        menu = self.menu_for(keys)
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(position))

    def menu_for(self, keys: list[str]) -> QMenu:
        """Only what applies: forget a rendering the user set, split what was merged."""
        menu = QMenu(self)
        if len(keys) == 1:
            entry = self.entry(keys[0])
            menu.addAction("Not a name", lambda: self.not_a_name.emit(keys[0]))
            if entry is not None and entry.source == "user":
                menu.addAction("Forget my rendering", lambda: self.rendering_changed.emit(
                    keys[0], "", self.document_only.isChecked()))
            if keys[0] in self.merged:
                menu.addAction("Split the names merged into this one", lambda: self.split_requested.emit(keys[0]))
        if len(keys) == 2:
            first, second = (self.entry(k) for k in keys)
            if first is not None and second is not None:
                menu.addAction(f"Merge “{second.arabic}” into “{first.arabic}”",
                               lambda: self.merge_requested.emit(keys[1], keys[0]))
        return menu

