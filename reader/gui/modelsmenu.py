"""Models in the window: which one translates (and with which engine), switching, importing, downloading.

Import and download run in the background with progress and Cancel; the
window stays usable. Messages are written for the window: no command lines,
no raw exception names.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu

from reader.core.errors import NoConnection, ReaderError
from reader.core.models import MARIAN, NER

BACKEND_NAMES = {"ct2-int8": "CTranslate2, int8 (fast)", "transformers-fp32": "transformers (slower)"}


def backend_name(backend: str) -> str:
    return BACKEND_NAMES.get(backend, backend or "not loaded yet")


def in_words(error: BaseException) -> str:
    """A model error as the window says it."""
    if isinstance(error, NoConnection):
        return error.window
    return str(error).replace("`", "")


class ModelsController(QObject):
    changed = Signal()

    def __init__(self, window, session, menu: QMenu, before: QAction) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.menu = QMenu("&Model", window)
        menu.insertMenu(before, self.menu)
        menu.insertSeparator(before)
        self.group = QActionGroup(self)
        self.status = QLabel()
        self.status.setToolTip("The model that translates, and the engine that runs it")
        self.transfer = None
        session.model_ready.connect(lambda _label: self.refresh())
        session.model_missing.connect(lambda _message: self.refresh())
        session.busy_changed.connect(lambda _busy: self.refresh())
        self.refresh()

    # -- what is in use ------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        handle = session.handle
        if handle is None:
            self.status.setText("No translation model")
        else:
            self.status.setText(f"Model: {handle.label} · {backend_name(session.backend)}")
        self.menu.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
        installed = session.services.store.installed(MARIAN)
        for model_id in installed:
            action = self.menu.addAction(model_id)
            action.setCheckable(True)
            action.setChecked(handle is not None and handle.id == model_id)
            action.triggered.connect(lambda _=False, m=model_id: self.use(m))
            self.group.addAction(action)
        if handle is not None and handle.id not in installed:
            action = self.menu.addAction(f"{handle.label} (a folder)")
            action.setCheckable(True)
            action.setChecked(True)
            self.group.addAction(action)
        if not self.menu.actions():
            none = self.menu.addAction("No model installed")
            none.setEnabled(False)
        self.window.compare.set_other_models(len(session.other_models()))

    def use(self, model_id: str) -> None:
        if self.session.select_model(model_id):
            self.window.show_notice(f"Translating with {model_id} from now on.")
        self.refresh()

    # -- getting one --------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = self.window.ask_model_folder("Choose a folder holding a Marian model")
        if folder is not None:
            self.session.select_model(str(folder))
            self.refresh()

    def import_folder(self) -> None:
        folder = self.window.ask_model_folder("Import a model folder (Marian translation, or a names model)")
        if folder is None:
            return
        self._transfer(f"Importing {folder.name}…",
                       lambda job: self.session.services.store.import_dir(folder, on_progress=job.progress,
                                                                          cancel=job.cancel))

    def download(self, model_id: str | None = None) -> None:
        store = self.session.services.store
        model_id = model_id or store.catalogue.default
        self._transfer(f"Downloading {model_id}…",
                       lambda job: store.download(model_id, progress=False, on_progress=job.progress,
                                                  cancel=job.cancel))

    def download_names(self) -> None:
        names = [m for m, spec in self.session.services.store.catalogue.models.items() if spec.engine == NER]
        if names:
            self.download(names[0])

    def _transfer(self, what: str, work) -> None:
        if self.transfer is not None and not self.transfer.finished:
            self.window.show_notice("A model is already being installed; wait for it or cancel it.")
            return
        banner = self.window.banner
        self.transfer = self.session.ops.run(what, work, on_success=self._installed, on_failure=self._failed,
                                             on_progress=banner.set_progress)
        banner.show_message(what, actions=[("Cancel", self.transfer.stop)], progress=True)

    def _installed(self, target: Path) -> None:
        store = self.session.services.store
        self.window.banner.hide()
        if store.engine(target.name) == MARIAN:
            self.use(target.name)
        else:
            self.window.show_notice(f"Names are now found with {target.name}.")
            self.session.names.find_again()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        if self.session.handle is None:
            self.window.offer_models(in_words(error) if isinstance(error, ReaderError) else "")
        else:
            self.window.banner.hide()
            if isinstance(error, ReaderError):
                self.window.show_error(in_words(error))


def ask_model_folder(parent, title: str, start: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(folder) if folder else None
