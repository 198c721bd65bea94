"""The reader window: a thin shell over a ReadingSession.

Widgets, menus, shortcuts, dialogs and remembered state live here; documents,
translation and edits are the session's business. Every dialog goes through
an `ask_*` method so tests (and scripts) can answer it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, QModelIndex, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QProgressBar, QProgressDialog, QPushButton, QSplitter, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from reader import __version__
from reader.core.document import Document
from reader.core.formats import SUPPORTED_EXTENSIONS
from reader.gui.banner import Banner
from reader.gui.comparepanel import ComparePanel
from reader.gui.delegate import Layout, find_ranges
from reader.gui.glossarypanel import GlossaryPanel
from reader.gui.downloads import ModelDownload
from reader.gui.readingview import ReadingView
from reader.gui.session import ReadingSession

MAX_RECENT = 10
OPEN_FILTER = "Articles ({});;All files (*)".format(" ".join(f"*{e}" for e in SUPPORTED_EXTENSIONS))


class MainWindow(QMainWindow):
    def __init__(self, session: ReadingSession, settings: QSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.download: ModelDownload | None = None
        self.export_job = None
        self.setWindowTitle("reader")
        self.setAcceptDrops(True)

        self.view = ReadingView(session.rows)
        self.compare = ComparePanel()
        self.glossary_panel = GlossaryPanel()
        self.side = QTabWidget()
        self.side.addTab(self.compare, "Compare")
        self.side.addTab(self.glossary_panel, "Names")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.banner = Banner()
        self.error_banner = Banner(kind="error")
        self.find_bar = self._make_find_bar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop translating; what is done stays (Translation ▸ Translate remaining resumes)")
        self.cancel_button.clicked.connect(self._cancel)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self._make_actions()
        self._show_progress(False)
        self._connect()
        self._restore_state()

    # -- building ------------------------------------------------------------------------
    def _make_find_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 3, 6, 3)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in Arabic or English")
        self.find_edit.setClearButtonEnabled(True)
        self.find_count = QLabel()
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_find)
        self.find_edit.textChanged.connect(self._on_find_changed)
        self.find_edit.returnPressed.connect(self.find_next)
        row.addWidget(QLabel("Find:"))
        row.addWidget(self.find_edit, 1)
        row.addWidget(self.find_count)
        row.addWidget(close)
        bar.setVisible(False)
        return bar

    def _action(self, text: str, slot, shortcut=None, menu=None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open, file_menu)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.export_action = self._action("&Export…", self.export_dialog, "Ctrl+E", file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)
        if QKeySequence(QKeySequence.StandardKey.Quit).isEmpty():
            self._action("Quit", self.close, "Ctrl+Q")

        edit_menu = bar.addMenu("&Edit")
        self._action("&Find…", self.open_find, QKeySequence.StandardKey.Find, edit_menu)
        self._action("Find &Next", self.find_next, QKeySequence.StandardKey.FindNext, edit_menu)
        self._action("Copy &Arabic", lambda: self.compare.copy_source.click(), "Ctrl+Shift+C", edit_menu)
        self._action("Copy &English", lambda: self.compare.copy_translation.click(), "Ctrl+Alt+C", edit_menu)

        view_menu = bar.addMenu("&View")
        self._action("Zoom &In", lambda: self.set_zoom(self.view.delegate.zoom * 1.1),
                     QKeySequence.StandardKey.ZoomIn, view_menu)
        self._action("Zoom In", lambda: self.set_zoom(self.view.delegate.zoom * 1.1), "Ctrl+=")
        self._action("Zoom &Out", lambda: self.set_zoom(self.view.delegate.zoom / 1.1),
                     QKeySequence.StandardKey.ZoomOut, view_menu)
        self._action("&Actual Size", lambda: self.set_zoom(1.0), "Ctrl+0", view_menu)
        view_menu.addSeparator()
        group = QActionGroup(self)
        self.layout_actions = {}
        for mode, label in ((Layout.ARABIC_RIGHT, "Arabic on the &Right"), (Layout.ARABIC_LEFT, "Arabic on the &Left"),
                            (Layout.INTERLEAVED, "&Interleaved (Arabic, then English)")):
            action = self._action(label, lambda _=False, m=mode: self.set_layout(m), menu=view_menu, checkable=True)
            group.addAction(action)
            self.layout_actions[mode] = action
        view_menu.addSeparator()
        self.panel_action = self._action("Show Side &Panel", self._toggle_panel, "F9", view_menu, checkable=True)
        self.panel_action.setChecked(True)

        tr_menu = bar.addMenu("&Translation")
        self.remaining_action = self._action("Translate &Remaining", self.session.translate_remaining, "F5", tr_menu)
        self.cancel_action = self._action("&Cancel", self.session.cancel, None, tr_menu)
        self._action("Re&translate Paragraph", self._retranslate_current, "Ctrl+R", tr_menu)
        self._action("&Compare Paragraph", self._compare_current, None, tr_menu)
        tr_menu.addSeparator()
        self._action("&Download Default Model…", self.start_download, None, tr_menu)
        self._action("Download &Names Model…", self.start_names_download, None, tr_menu)
        self._action("&Import Model Folder…", self.import_model, None, tr_menu)
        self._action("Use Model &Folder…", self.choose_model_folder, None, tr_menu)

        help_menu = bar.addMenu("&Help")
        self._action("reader &Help", self.show_help, QKeySequence.StandardKey.HelpContents, help_menu)
        self._action("&About reader", self.show_about, None, help_menu)
        self._refresh_recent()

    def _connect(self) -> None:
        s = self.session
        s.document_opened.connect(self._on_document_opened)
        s.open_failed.connect(self._on_open_failed)
        s.loading_changed.connect(self._on_loading)
        s.progress.connect(self._on_progress)
        s.busy_changed.connect(self._show_progress)
        s.model_missing.connect(self._on_model_missing)
        s.model_ready.connect(self._on_model_ready)
        s.model_loading.connect(lambda: self.status_label.setText("Loading the translation model…"))
        s.message.connect(self._on_message)
        s.compared.connect(self.compare.add_comparison)
        s.rows.dataChanged.connect(self._on_rows_changed)
        self.view.current_row_changed.connect(self._on_current_row)
        self.view.row_activated.connect(self._on_row_activated)
        self.view.visible_rows_changed.connect(s.set_visible)
        self.compare.save_edit.connect(self._on_save_edit)
        self.compare.revert_edit.connect(self._on_revert_edit)
        self.compare.retranslate.connect(s.retranslate)
        self.compare.compare_models.connect(self._on_compare_models)
        s.glossary_ready.connect(self.glossary_panel.show_glossary)
        self.glossary_panel.entry_selected.connect(self._highlight_entry)
        self.glossary_panel.rendering_changed.connect(self._on_rendering_changed)
        self.glossary_panel.not_a_name.connect(s.mark_not_a_name)
        self.glossary_panel.merge_requested.connect(s.merge_names)
        self.glossary_panel.split_requested.connect(s.split_name)
        self.glossary_panel.import_requested.connect(self.import_glossary)
        self.glossary_panel.export_requested.connect(self.export_glossary)

    # -- opening -------------------------------------------------------------------------
    def ask_open_path(self) -> Path | None:
        """The File ▸ Open dialog (replaceable in tests)."""
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", self._last_folder(), OPEN_FILTER)
        return Path(path) if path else None

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        """The one way in: File ▸ Open, recent files, drag and drop and the command line all come here.

        The file is read in a thread; the window (and the document already open) stays usable.
        """
        self.error_banner.hide()
        self.status_label.setText(f"Opening {Path(path).name}…")
        self.session.open(Path(path))

    def _cancel(self) -> None:
        """Cancel stops whatever is under way: reading a file, or translating."""
        if self.session.loading:
            self.session.cancel_open()
        else:
            self.session.cancel()

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        """While a file is read: a busy bar and Cancel, which then stops waiting for it."""
        if loading:
            self.progress.setRange(0, 0)
            self.progress.setFormat("")
            self.progress.setVisible(True)
            self.cancel_button.setVisible(True)
        else:
            self._show_progress(self.session.busy)
            if self.status_label.text().startswith("Opening "):
                self.status_label.setText("")

    @Slot(object)
    def _on_document_opened(self, document: Document) -> None:
        if document.source is not None:
            self.settings.setValue("last_folder", str(Path(document.source).resolve().parent))
            self._remember_recent(Path(document.source).resolve())
        name = document.source.name if document.source else document.title
        self.setWindowTitle(f"{document.title or name} — reader")
        self.status_label.setText(f"{name}: {len(document.paragraphs)} paragraphs")
        self.compare.show_row(None, None)
        self.view.reset_layout()
        if self.view.model().rowCount():
            self.view.setCurrentIndex(self.view.model().index(0))
        QTimer.singleShot(0, self.view.report_visible_rows)
        self.find_edit.clear()

    @Slot(str)
    def _on_open_failed(self, message: str) -> None:
        self.error_banner.show_message(message)
        self.status_label.setText("The file could not be opened.")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # -- recent files and remembered state --------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for number, name in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{number % 10} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _=False, n=name: self.open_path(Path(n)))
        self.recent_menu.setEnabled(bool(recent))

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    def _restore_state(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([900, 380])
        self.view.delegate.zoom = float(self.settings.value("zoom", 1.0))
        try:
            layout = Layout(self.settings.value("layout", Layout.ARABIC_RIGHT.value))
        except ValueError:
            layout = Layout.ARABIC_RIGHT
        self.set_layout(layout)
        panel = self.settings.value("side_panel", True)
        self.side.setVisible(panel in (True, "true"))
        self.panel_action.setChecked(self.side.isVisible())

    def save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("zoom", self.view.delegate.zoom)
        self.settings.setValue("layout", self.view.delegate.layout_mode.value)
        self.settings.setValue("side_panel", self.side.isVisible())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.download is not None:
            self.download.stop()
        if self.export_job is not None:
            self.export_job.wait()
        self.session.shutdown()
        super().closeEvent(event)

    # -- view settings ---------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.view.delegate.zoom = max(0.5, min(3.0, zoom))
        self.view.reset_layout()
        self.status_label.setText(f"Zoom {self.view.delegate.zoom:.0%}")

    def set_layout(self, layout: Layout) -> None:
        self.view.delegate.layout_mode = layout
        self.layout_actions[layout].setChecked(True)
        self.view.reset_layout()

    def _toggle_panel(self) -> None:
        self.side.setVisible(not self.side.isVisible())
        self.panel_action.setChecked(self.side.isVisible())

    # -- find ------------------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_find(self) -> None:
        self.find_edit.clear()
        self.find_bar.hide()
        self.view.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.close_find()
            return
        super().keyPressEvent(event)

    def _on_find_changed(self, text: str) -> None:
        self.find_matches = self._find_rows(text)
        highlights = {}
        model = self.session.rows
        for row in self.find_matches:
            highlights[row] = (find_ranges(model.row(row).paragraph.text, text),
                               find_ranges(model.row(row).english, text))
        self.view.delegate.highlights = highlights
        self.view.viewport().update()
        self.find_count.setText(f"{len(self.find_matches)} paragraphs" if text else "")
        if self.find_matches:
            self._go_to_row(self.find_matches[0])

    def _find_rows(self, text: str) -> list[int]:
        if not text:
            return []
        needle = text.casefold()
        return [i for i, row in enumerate(self.session.rows.rows())
                if needle in row.paragraph.text.casefold() or needle in row.english.casefold()]

    def find_next(self) -> None:
        matches = getattr(self, "find_matches", [])
        if not matches:
            return
        current = self.view.currentIndex().row()
        following = [r for r in matches if r > current]
        self._go_to_row(following[0] if following else matches[0])

    def _go_to_row(self, row: int) -> None:
        index = self.session.rows.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    # -- rows and the compare panel ----------------------------------------------------------
    @Slot(int)
    def _on_current_row(self, row: int) -> None:
        self.compare.show_row(row, self.session.rows.row(row) if row >= 0 else None)

    @Slot(int)
    def _on_row_activated(self, row: int) -> None:
        self.side.show()
        self.panel_action.setChecked(True)
        self.side.setCurrentWidget(self.compare)
        self.compare.show_row(row, self.session.rows.row(row))
        self.compare.editor.setFocus()

    def _on_rows_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        for row in range(top.row(), bottom.row() + 1):
            self.view.row_changed(row)
            if row == self.compare.row_index:
                self.compare.show_row(row, self.session.rows.row(row))
            if self.find_edit.text():
                text = self.find_edit.text()
                self.view.delegate.highlights[row] = (
                    find_ranges(self.session.rows.row(row).paragraph.text, text),
                    find_ranges(self.session.rows.row(row).english, text))

    def _on_save_edit(self, row: int, text: str) -> None:
        if not text:
            self._on_message("An empty translation was not saved; use Revert to go back to the machine's.")
            return
        if self.session.set_edit(row, text):
            self.status_label.setText(f"Saved your edit of paragraph {row + 1}.")

    def _on_revert_edit(self, row: int) -> None:
        if self.session.revert(row):
            self.status_label.setText(f"Paragraph {row + 1} shows the machine translation again.")

    def _retranslate_current(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0:
            self.session.retranslate(row)

    def _compare_current(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0:
            self._on_row_activated(row)

    def _on_compare_models(self, row: int) -> None:
        if self.session.compare_models(row) == 0:
            self.compare.add_comparison(row, "No other model", "install another model to compare "
                                        "(Translation ▸ Import Model Folder…)")

    # -- the names panel -------------------------------------------------------------------------
    def _highlight_entry(self, entry) -> None:
        """Every mention in the Arabic, and the rendering in the English."""
        highlights: dict[int, tuple[list, list]] = {}
        for mention in entry.mentions:
            arabic, _ = highlights.setdefault(mention.paragraph, ([], []))
            arabic.append((mention.start, mention.end - mention.start))
        for row, (_, english) in highlights.items():
            english.extend(find_ranges(self.session.rows.row(row).english, entry.english))
        self.view.delegate.highlights = highlights
        self.view.viewport().update()
        if entry.mentions:
            self._go_to_row(entry.mentions[0].paragraph)
        self.status_label.setText(f"{entry.arabic} → {entry.english}: {entry.count} mentions "
                                  f"(rendering from the {entry.source})")

    def _on_rendering_changed(self, key: str, english: str, document_only: bool) -> None:
        affected = self.session.set_rendering(key, english, document_only=document_only)
        self.status_label.setText(f"{len(affected)} paragraphs now use “{english}”." if english
                                  else "Your rendering was forgotten.")

    def ask_glossary_path(self, saving: bool) -> Path | None:
        """Choose a CSV or TBX glossary file (replaceable in tests)."""
        filters = "Glossaries (*.csv *.tbx);;CSV (*.csv);;TBX (*.tbx)"
        if saving:
            path, _ = QFileDialog.getSaveFileName(self, "Export the glossary",
                                                  str(Path(self._last_folder()) / "glossary.csv"), filters)
        else:
            path, _ = QFileDialog.getOpenFileName(self, "Import a glossary", self._last_folder(), filters)
        return Path(path) if path else None

    def import_glossary(self) -> None:
        from reader.core.errors import ReaderError
        from reader.core.glossary.files import read_csv, read_tbx

        path = self.ask_glossary_path(saving=False)
        if path is None:
            return
        try:
            items = (read_tbx if path.suffix.lower() == ".tbx" else read_csv)(path)
            self.session.services.user.replace_glossary(items)
        except ReaderError as exc:
            self.error_banner.show_message(str(exc))
            return
        self.session.reload_glossary()
        self.status_label.setText(f"Imported {len(items)} names from {path.name}.")

    def export_glossary(self) -> None:
        from reader.core.errors import ReaderError
        from reader.core.glossary.files import write_csv, write_tbx

        path = self.ask_glossary_path(saving=True)
        if path is None:
            return
        items = list(self.session.services.user.glossary().values())
        try:
            (write_tbx if path.suffix.lower() == ".tbx" else write_csv)(items, path)
        except ReaderError as exc:
            self.error_banner.show_message(str(exc))
            return
        self.status_label.setText(f"Saved {len(items)} names to {path.name}.")

    # -- progress and messages ---------------------------------------------------------------
    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        if total and done >= total:
            self.status_label.setText(f"All {total} paragraphs translated.")
        else:
            self.status_label.setText(f"Translating… {done} of {total} paragraphs")

    @Slot(bool)
    def _show_progress(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_action.setEnabled(busy)

    @Slot(str)
    def _on_message(self, message: str) -> None:
        self.error_banner.show_message(message)

    # -- models --------------------------------------------------------------------------------
    @Slot(str)
    def _on_model_missing(self, message: str) -> None:
        self.banner.show_message(message.replace("`", "“", 1).replace("`", "”", 1).replace("`", "“", 1)
                                 .replace("`", "”", 1), actions=[
            ("Download", self.start_download),
            ("Import a folder…", self.import_model),
            ("Choose a folder…", self.choose_model_folder),
        ])

    @Slot(str)
    def _on_model_ready(self, label: str) -> None:
        from reader.core.backends import fast_path_note

        self.banner.hide()
        note = fast_path_note(self.session.handle) if self.session.handle else None
        self.status_label.setText(f"Model: {label}" + (f" — {note}" if note else ""))

    def ask_model_folder(self, title: str) -> Path | None:
        """Pick a folder holding a Marian model (replaceable in tests)."""
        folder = QFileDialog.getExistingDirectory(self, title, self._last_folder())
        return Path(folder) if folder else None

    def choose_model_folder(self) -> None:
        folder = self.ask_model_folder("Choose a folder holding a Marian model")
        if folder is not None:
            self.session.select_model(str(folder))

    def import_model(self) -> None:
        folder = self.ask_model_folder("Import a model folder (Marian translation, or a names model)")
        if folder is None:
            return
        from reader.core.errors import ModelError

        try:
            target = self.session.services.store.import_dir(folder)
        except ModelError as exc:
            self.error_banner.show_message(str(exc))
            return
        self._use_installed(target.name)

    def _use_installed(self, model_id: str) -> None:
        """A new translation model is used at once; a names model finds the names again."""
        from reader.core.models import MARIAN

        if self.session.services.store.engine(model_id) == MARIAN:
            self.session.select_model(model_id)
        else:
            self.status_label.setText(f"Names are now found with {model_id}.")
            self.session.find_names_again()

    def start_names_download(self) -> None:
        from reader.core.models import NER

        names = [m for m, spec in self.session.services.store.catalogue.models.items() if spec.engine == NER]
        if names:
            self.start_download(names[0])

    def start_download(self, model_id: str | None = None) -> None:
        if self.download is not None and self.download.isRunning():
            return
        model_id = model_id or self.session.services.store.catalogue.default
        self.download = ModelDownload(self.session.services.store, model_id, self)
        self.download.progressed.connect(self._on_download_progress)
        self.download.finished_ok.connect(self._use_installed)
        self.download.failed.connect(self._on_download_failed)
        self.banner.show_message(f"Downloading {model_id}…", actions=[("Cancel", self.download.cancel)],
                                 progress=True)
        self.download.start()

    def _on_download_progress(self, done: int, total: int) -> None:
        self.banner.set_progress(done, total)

    def _on_download_failed(self, message: str) -> None:
        self._on_model_missing(message)

    # -- help --------------------------------------------------------------------------------
    def show_help(self) -> None:
        QMessageBox.information(self, "reader help", HELP_TEXT)

    def show_about(self) -> None:
        QMessageBox.about(self, "About reader",
                          f"<b>reader {__version__}</b><p>An offline Arabic–English bilingual reader. "
                          "Translation runs on this computer with MarianMT models; nothing is sent anywhere.</p>"
                          "<p>Arabic text set in Noto Naskh Arabic (SIL Open Font License).</p>")

    # -- export --------------------------------------------------------------------------------
    def ask_export_path(self) -> tuple[Path, str] | None:
        """The File ▸ Export dialog: a path and a format (replaceable in tests)."""
        from reader.gui.exporting import FILTERS

        document = self.session.document
        stem = document.source.stem if document and document.source else "translation"
        path, chosen = QFileDialog.getSaveFileName(self, "Export the bilingual text",
                                                   str(Path(self._last_folder()) / f"{stem}.pdf"),
                                                   ";;".join(FILTERS))
        if not path:
            return None
        fmt = FILTERS.get(chosen, "pdf")
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(f".{fmt}")
        return path, fmt

    def export_dialog(self) -> None:
        from reader.gui.exporting import ExportJob, bilingual_from_rows, glossary_lines

        if self.session.document is None:
            self._on_message("Open an article first, then export it.")
            return
        if self.export_job is not None and self.export_job.isRunning():
            return
        answer = self.ask_export_path()
        if answer is None:
            return
        path, fmt = answer
        if self.session.busy:
            self.status_label.setText("Exporting what is translated so far; untranslated paragraphs are left blank.")
        layout = "interleaved" if self.view.delegate.layout_mode is Layout.INTERLEAVED else "side-by-side"
        paper = "letter" if QLocale().territory() in (QLocale.Country.UnitedStates, QLocale.Country.Canada) else "a4"
        job = ExportJob(bilingual_from_rows(self.session), path, fmt, layout, paper,
                        glossary_lines(self.session), self)
        self.export_job = job
        progress = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, len(self.session.rows.rows()), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(lambda done, total: progress.setValue(done))
        job.succeeded.connect(lambda name: self.status_label.setText(f"Exported to {name}"))
        job.failed.connect(self.error_banner.show_message)
        job.finished.connect(progress.reset)
        job.finished.connect(progress.deleteLater)
        job.start()


HELP_TEXT = """<h3>Reading</h3>
<p>Each row is one paragraph: the Arabic and its English. Translations appear as they are made;
the dot beside the English shows the state (grey waiting, blue translating, green done or cached,
orange your edit, red failed: hover for the reason).</p>
<h3>Keys</h3>
<table>
<tr><td>Ctrl+O</td><td>Open an article (or drop a file on the window)</td></tr>
<tr><td>Ctrl+E</td><td>Export</td></tr>
<tr><td>Ctrl+F, F3</td><td>Find in Arabic or English, next match</td></tr>
<tr><td>↑ ↓ PgUp PgDn</td><td>Move between paragraphs</td></tr>
<tr><td>Enter</td><td>Compare this paragraph: sentences, alternatives, other models, your edit</td></tr>
<tr><td>Ctrl+S</td><td>Save your edit (in the compare panel)</td></tr>
<tr><td>Ctrl+R</td><td>Retranslate this paragraph, ignoring the cache</td></tr>
<tr><td>Ctrl++ Ctrl+− Ctrl+0</td><td>Zoom</td></tr>
<tr><td>F5</td><td>Translate what is left after a cancel</td></tr>
<tr><td>F9</td><td>Show or hide the side panel</td></tr>
<tr><td>Ctrl+Q</td><td>Quit</td></tr>
</table>"""
