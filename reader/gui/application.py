"""Starting the window: QApplication, fonts, settings, the session, the first document, and the end.

Quitting never waits for background work: the window closes at once, and if
a model is still loading or a batch translating, the process ends without
waiting for it (nothing it holds needs saving; edits are saved as they are
made). A bug anywhere on the GUI thread is written to the log and shown as
one plain sentence.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.core.paths import AppPaths

GIL_SWITCH_SECONDS = 0.0005


def register_fonts() -> list[str]:
    """Add the bundled fonts (Noto Naskh Arabic, Noto Sans; OFL) so every machine renders the same."""
    from PySide6.QtGui import QFontDatabase

    from reader.core.resources import resource_path

    families: list[str] = []
    for name in ("fonts/NotoNaskhArabic-Regular.ttf", "fonts/NotoNaskhArabic-Bold.ttf",
                 "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"):
        path = resource_path(name, required=False)
        if path is not None:
            font_id = QFontDatabase.addApplicationFont(str(path))
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def make_state(paths: AppPaths):
    from PySide6.QtCore import QSettings

    from reader.gui.windowstate import WindowState

    try:
        paths.config_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # settings are then not remembered; the window works all the same
    return WindowState(QSettings(str(paths.config_dir / "reader.ini"), QSettings.Format.IniFormat))


def build_window(paths: AppPaths, model: str | None = None, make_translator=None):
    """The window and its session, wired; the caller shows it and opens a file.

    `make_translator` replaces the real engines (the tests pass a fast fake).
    """
    from reader.gui.mainwindow import MainWindow
    from reader.gui.operations import Operations
    from reader.gui.services import Services
    from reader.gui.session import ReadingSession

    from reader.core.reading import model_store

    # Background threads run Python too (names, the glossary, exports): every paint and slot of the GUI
    # thread needs the interpreter, and waiting the default 5 ms for it each time adds up to visible
    # stalls. Half a millisecond keeps the window responsive while they work.
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    services = Services.create(paths, model_store(paths), make_translator)
    ops = Operations(paths.log_file)
    session = ReadingSession(services, ops)
    window = MainWindow(session, make_state(paths))
    ops.setParent(window)
    session.setParent(window)
    if not session.select_model(model) and model is None:
        pass  # the banner offers Download, Import and Choose
    return window


def install_excepthook(window) -> None:
    """A bug in a slot: written to the log, shown as a sentence; the window carries on."""
    def hook(kind, error, traceback) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        error.__traceback__ = traceback
        window.session.ops.report_bug(error, "on the GUI thread")

    sys.excepthook = hook


def run(file: Path | None, model: str | None, paths: AppPaths | None = None) -> int:
    from reader.gui.system import window_can_start

    problem = window_can_start()  # before Qt, which would abort with a misleading message
    if problem is not None:
        print(f"reader: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("reader")
    app.setOrganizationName("reader")
    app.setApplicationDisplayName("reader")
    register_fonts()
    paths = paths or AppPaths.default()
    window = build_window(paths, model)
    install_excepthook(window)
    window.show()
    if file is not None:
        # Opened after the first paint, so the window appears at once.
        QTimer.singleShot(0, lambda: window.open_path(file))
    code = app.exec()
    busy = bool(window.session.ops.running)
    window.session.services.close()
    if busy:
        # A model import or a batch cannot be interrupted; nothing it holds needs saving.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
