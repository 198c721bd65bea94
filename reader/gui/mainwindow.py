"""The reader window: a thin shell over a ReadingSession.

Widgets, wiring and remembered state live here; documents, translation,
names and edits are the session's business, background work goes through
the one `Operations` registry, and every command comes from the table in
actions.py. Every dialog goes through an `ask_*` method so tests (and
scripts) can answer it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (QFileDialog, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QTabWidget,
                               QVBoxLayout, QWidget)

from reader import __version__
from reader.core.document import Document
from reader.core.formats import SUPPORTED_EXTENSIONS
from reader.gui import actions
from reader.gui.banner import Banner
from reader.gui.comparepanel import ComparePanel
from reader.gui.delegate import Layout
from reader.gui.exporting import ExportChoice, ExportController, ExportDialog
from reader.gui.findbar import FindBar
from reader.gui.flagged import FlaggedParagraphs
from reader.gui.glossarypanel import GlossaryPanel
from reader.gui.modelsmenu import ModelsController, ask_model_folder
from reader.gui.namesui import NamesPanelController
from reader.gui.readingview import ReadingView
from reader.gui.session import ReadingSession
from reader.gui.statusbar import StatusLine
from reader.gui.wording import paragraphs
from reader.gui.welcome import WelcomePage
from reader.gui.windowstate import WindowState

OPEN_FILTER = "Articles ({});;All files (*)".format(" ".join(f"*{e}" for e in SUPPORTED_EXTENSIONS))
LAYOUT_COMMANDS = {"layout_arabic_right": Layout.ARABIC_RIGHT, "layout_arabic_left": Layout.ARABIC_LEFT,
                   "layout_interleaved": Layout.INTERLEAVED}


class MainWindow(QMainWindow):
    def __init__(self, session: ReadingSession, state: WindowState) -> None:
        super().__init__()
        self.session, self.state = session, state
        self.setWindowTitle("reader")
        self.setAcceptDrops(True)

        self.view = ReadingView(session.rows)
        self.welcome = WelcomePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.view)
        self.compare = ComparePanel()
        self.glossary_panel = GlossaryPanel()
        self.side = QTabWidget()
        self.side.addTab(self.compare, "Compare")
        self.side.addTab(self.glossary_panel, "Names")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.banner = Banner()
        self.error_banner = Banner(kind="error")
        self.find_bar = FindBar(session.rows, self.view)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.error_banner, self.banner, self.find_bar):
            layout.addWidget(widget)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        slots = {c.name: getattr(self, c.name) for c in actions.COMMANDS}
        self.actions, self.menus = actions.build(self, slots)
        self.recent_menu = self.menus["File"].addMenu("Open &Recent")
        self.menus["File"].insertMenu(self.actions["export_dialog"], self.recent_menu)
        layouts = QActionGroup(self)
        for name in LAYOUT_COMMANDS:
            layouts.addAction(self.actions[name])
        self.models = ModelsController(self, session, self.menus["Translation"],
                                       self.actions["download_default_model"])
        self.status = StatusLine(self, session, self.models.status)
        self.exports = ExportController(self, session, state)
        self.names_ui = NamesPanelController(self, session)
        self.flagged = FlaggedParagraphs(self, session.rows, self.view, self.actions["toggle_flagged_only"])
        self._connect()
        self._restore_state()

    # -- building ------------------------------------------------------------------------
    def _connect(self) -> None:
        s, names = self.session, self.session.names
        s.document_opened.connect(self._on_document_opened)
        s.open_failed.connect(self._on_open_failed)
        s.model_missing.connect(self.offer_models)
        s.model_ready.connect(lambda label: self.banner.hide())
        s.model_loading.connect(self._on_model_loading)
        s.message.connect(self.show_error)
        s.notice.connect(self.show_notice)
        s.ops.error.connect(self.show_error)
        s.compared.connect(self.compare.add_comparison)
        s.rows.dataChanged.connect(self._on_rows_changed)
        names.message.connect(self.show_error)
        names.notice.connect(self.show_notice)
        self.view.current_row_changed.connect(self._on_current_row)
        self.view.row_activated.connect(self._on_row_activated)
        self.view.visible_rows_changed.connect(s.set_visible)
        self.view.sentence_clicked.connect(self._on_sentence_clicked)
        self.find_bar.go_to_row.connect(self.go_to_row)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.recent_requested.connect(lambda path: self.open_path(Path(path)))
        self.compare.save_edit.connect(self._on_save_edit)
        self.compare.revert_edit.connect(self._on_revert_edit)
        self.compare.retranslate.connect(s.retranslate)
        self.compare.compare_models.connect(self._on_compare_models)

    def ask_glossary_path(self, saving: bool) -> Path | None:
        """Choose a CSV or TBX glossary file (replaceable in tests)."""
        filters = "Glossaries (*.csv *.tbx);;CSV (*.csv);;TBX (*.tbx)"
        if saving:
            path, _ = QFileDialog.getSaveFileName(self, "Export the glossary",
                                                  str(Path(self.state.last_folder) / "glossary.csv"), filters)
        else:
            path, _ = QFileDialog.getOpenFileName(self, "Import a glossary", self.state.last_folder, filters)
        return Path(path) if path else None

    # -- messages ------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.error_banner.show_message(message)

    def show_notice(self, message: str) -> None:
        self.status.show(message)

    def _on_model_loading(self, label: str, preparing: bool) -> None:
        self.show_notice(f"Preparing the fast engine for {label}: done once for this model, then it loads in "
                         "seconds…" if preparing else f"Loading the translation model {label}…")
        self.models.refresh()

    def offer_models(self, message: str) -> None:
        """No model to translate with: say so plainly, and how to get one."""
        text = message or "No translation model is installed, so nothing will be translated until one is."
        self.banner.show_message(text + " Download one, import a model folder copied from another computer, "
                                        "or use a model folder where it is.", actions=[
            ("Download", self.download_default_model),
            ("Import a folder…", self.import_model),
            ("Choose a folder…", self.choose_model_folder),
        ])

    # -- opening -------------------------------------------------------------------------
    def ask_open_path(self) -> Path | None:
        """The File ▸ Open dialog (replaceable in tests)."""
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", self.state.last_folder, OPEN_FILTER)
        return Path(path) if path else None

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        """The one way in: File ▸ Open, recent files, drag and drop and the command line all come here."""
        self.error_banner.hide()
        self.show_notice(f"Opening {Path(path).name}…")
        self.session.open(Path(path))

    def cancel(self) -> None:
        """Cancel stops whatever is under way: reading a file, or translating."""
        if self.session.loading:
            self.session.cancel_open()
            self.show_notice("Stopped reading the file.")
        else:
            self.session.cancel()

    @Slot(object)
    def _on_document_opened(self, document: Document) -> None:
        if document.source is not None:
            self.state.remember(Path(document.source).resolve())
            self._refresh_recent()
        name = document.source.name if document.source else document.title
        self.setWindowTitle(f"{document.title or name} — reader")
        self.stack.setCurrentWidget(self.view)
        untranslatable = len(document.paragraphs) - sum(p.needs_translation for p in document.paragraphs)
        note = (" It has no Arabic: it is shown as written." if untranslatable == len(document.paragraphs) else
                f" {paragraphs(untranslatable)} without Arabic shown as written." if untranslatable else "")
        self.show_notice(f"{name}: {paragraphs(len(document.paragraphs))}.{note}")
        self.compare.show_row(None, None)
        self.actions["toggle_flagged_only"].setChecked(False)
        self.view.show_only(None)
        self.view.reset_layout()
        if self.view.model().rowCount():
            self.view.setCurrentIndex(self.view.model().index(0))
        QTimer.singleShot(0, self.view.report_visible_rows)
        self.find_bar.edit.clear()

    @Slot(str)
    def _on_open_failed(self, message: str) -> None:
        self.show_error(message)
        self.show_notice("The file could not be opened." + (
            "" if self.session.document is None else " The document you had open is still here."))
        if self.session.document is None:
            self.stack.setCurrentWidget(self.welcome)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def recent_files(self) -> list[str]:
        return self.state.recent_files

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.state.recent_files
        for number, name in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{number % 10} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _=False, n=name: self.open_path(Path(n)))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    # -- remembered state -------------------------------------------------------------------
    def _restore_state(self) -> None:
        if self.state.geometry is not None:
            self.restoreGeometry(self.state.geometry)
        else:
            self.resize(1280, 820)
        if self.state.splitter is not None:
            self.splitter.restoreState(self.state.splitter)
        else:
            self.splitter.setSizes([900, 380])
        self.view.delegate.zoom = self.state.zoom
        try:
            self.set_layout(Layout(self.state.layout))
        except ValueError:
            self.set_layout(Layout.ARABIC_RIGHT)
        self.set_side_panel(self.state.side_panel)
        self._refresh_recent()

    def save_state(self) -> None:
        self.state.save_geometry(self.saveGeometry(), self.splitter.saveState())
        self.state.zoom = self.view.delegate.zoom
        self.state.layout = self.view.delegate.layout_mode.value
        self.state.side_panel = not self.side.isHidden()
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.session.unsaved + self.session.names.unsaved
        if unsaved and not (self.session.save_pending() and self.session.names.save_pending()):
            if not self.ask_quit_unsaved(unsaved):
                event.ignore()
                return
        self.save_state()
        self.session.shutdown()
        self.session.ops.shutdown()  # nothing waits: the window goes at once
        super().closeEvent(event)

    def ask_quit_unsaved(self, count: int) -> bool:
        """Your work could not be saved: quit anyway? (replaceable in tests)"""
        answer = QMessageBox.warning(
            self, "Quit without saving?", f"{count} of your changes could not be saved (see the message at the "
            "top). If you quit now they are lost. Free some space or fix the folder's permissions, then try again.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # -- view ------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.view.delegate.zoom = max(0.5, min(3.0, zoom))
        self.view.reset_layout()

    def zoom_in(self) -> None:
        self.set_zoom(self.view.delegate.zoom * 1.1)

    def zoom_out(self) -> None:
        self.set_zoom(self.view.delegate.zoom / 1.1)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def set_layout(self, layout: Layout) -> None:
        self.view.delegate.layout_mode = layout
        for name, mode in LAYOUT_COMMANDS.items():
            self.actions[name].setChecked(mode is layout)
        self.view.reset_layout()

    def layout_arabic_right(self) -> None:
        self.set_layout(Layout.ARABIC_RIGHT)

    def layout_arabic_left(self) -> None:
        self.set_layout(Layout.ARABIC_LEFT)

    def layout_interleaved(self) -> None:
        self.set_layout(Layout.INTERLEAVED)

    def set_side_panel(self, shown: bool) -> None:
        self.side.setHidden(not shown)
        self.actions["toggle_side_panel"].setChecked(shown)

    def toggle_side_panel(self) -> None:
        self.set_side_panel(self.side.isHidden())

    def open_find(self) -> None:
        self.find_bar.open_bar()

    def find_next(self) -> None:
        self.find_bar.find_next()

    def go_to_row(self, row: int) -> None:
        index = self.session.rows.index(row)
        if self.view.isRowHidden(row):
            self.toggle_flagged_only(False)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    # -- flagged paragraphs ------------------------------------------------------------------
    def toggle_flagged_only(self, checked: bool | None = None) -> None:
        self.flagged.show_only(checked)

    def next_flagged(self) -> None:
        self.flagged.step(1)

    def previous_flagged(self) -> None:
        self.flagged.step(-1)

    # -- rows and the compare panel ----------------------------------------------------------
    @Slot(int)
    def _on_current_row(self, row: int) -> None:
        self.compare.show_row(row if row >= 0 else None, self.session.rows.row(row) if row >= 0 else None)

    @Slot(int)
    def _on_row_activated(self, row: int) -> None:
        self.set_side_panel(True)
        self.side.setCurrentWidget(self.compare)
        self.compare.show_row(row, self.session.rows.row(row))
        self.compare.editor.setFocus()

    def _on_sentence_clicked(self, row: int, sentence: int) -> None:
        if row != self.compare.row_index:
            self._on_current_row(row)
        self.compare.select_sentence(sentence)

    def _on_rows_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        if bottom.row() - top.row() > 50:  # many rows at once (a names correction): measure them again once
            self.view.reset_heights()
        else:
            for row in range(top.row(), bottom.row() + 1):
                self.view.row_changed(row)
        current = self.compare.row_index
        if current is not None and top.row() <= current <= bottom.row():
            self.compare.show_row(current, self.session.rows.row(current))

    def _on_save_edit(self, row: int, text: str) -> None:
        if not text:
            self.show_error("An empty translation was not saved; use Revert to go back to the machine's.")
            return
        saved = self.session.set_edit(row, text)
        self.show_notice(f"Saved your edit of paragraph {row + 1}." if saved else
                         f"Your edit of paragraph {row + 1} is kept in this window (it could not be saved yet).")

    def _on_revert_edit(self, row: int) -> None:
        self.session.revert(row)
        self.show_notice(f"Paragraph {row + 1} shows the machine translation again.")

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def retranslate_current(self) -> None:
        if self.current_row() >= 0:
            self.session.retranslate(self.current_row())

    def compare_current(self) -> None:
        if self.current_row() >= 0:
            self._on_row_activated(self.current_row())

    def copy_arabic(self) -> None:
        if self.current_row() >= 0:
            QGuiApplication.clipboard().setText(self.session.rows.row(self.current_row()).paragraph.text)

    def copy_english(self) -> None:
        if self.current_row() >= 0:
            QGuiApplication.clipboard().setText(self.session.rows.row(self.current_row()).english)

    def _on_compare_models(self, row: int) -> None:
        if self.session.compare_models(row) == 0:
            self.compare.set_other_models(0)

    # -- translation and progress ---------------------------------------------------------------
    def translate_remaining(self) -> None:
        self.session.translate_remaining()

    # -- models ---------------------------------------------------------------------------------
    def ask_model_folder(self, title: str) -> Path | None:
        """Pick a folder holding a model (replaceable in tests)."""
        return ask_model_folder(self, title, self.state.last_folder)

    def choose_model_folder(self) -> None:
        self.models.choose_folder()

    def import_model(self) -> None:
        self.models.import_folder()

    def download_default_model(self) -> None:
        self.models.download()

    def download_names_model(self) -> None:
        self.models.download_names()

    # -- export and help --------------------------------------------------------------------------
    def ask_export(self) -> ExportChoice | None:
        """File ▸ Export's dialog (replaceable in tests)."""
        document = self.session.document
        stem = document.source.stem if document and document.source else "translation"
        layout = "interleaved" if self.view.delegate.layout_mode is Layout.INTERLEAVED else "side-by-side"
        return ExportDialog.ask(self, self.state, stem, layout)

    def export_dialog(self) -> None:
        if self.session.document is None:
            self.show_error("Open an article first, then export it.")
            return
        choice = self.ask_export()
        if choice is not None:
            self.exports.start(choice)

    def show_help(self) -> None:
        QMessageBox.information(self, "reader help", actions.help_html())

    def show_about(self) -> None:
        QMessageBox.about(self, "About reader",
                          f"<b>reader {__version__}</b><p>An offline Arabic–English bilingual reader. "
                          "Translation runs on this computer with MarianMT models; nothing is sent anywhere.</p>"
                          "<p>Arabic text set in Noto Naskh Arabic (SIL Open Font License).</p>"
                          f"<p>Problems are written to {self.session.services.paths.log_file}.</p>")
