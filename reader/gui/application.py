"""Starting the window: QApplication, fonts, settings, the session, the first document."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.core.paths import AppPaths


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


def make_settings(paths: AppPaths):
    from PySide6.QtCore import QSettings

    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "reader.ini"), QSettings.Format.IniFormat)


def build_window(paths: AppPaths, model: str | None = None):
    """The window and its session, wired; the caller shows it and opens a file."""
    from reader.cli import open_store
    from reader.gui.mainwindow import MainWindow
    from reader.gui.session import ReadingSession, Services

    services = Services.create(paths, open_store(paths))
    session = ReadingSession(services)
    window = MainWindow(session, make_settings(paths))
    session.select_model(model)
    return window


def run(file: Path | None, model: str | None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("reader")
    app.setOrganizationName("reader")
    app.setApplicationDisplayName("reader")
    register_fonts()
    paths = AppPaths.default()
    window = build_window(paths, model)
    window.show()
    if file is not None:
        # Opened after the first paint, so the window appears at once.
        QTimer.singleShot(0, lambda: window.open_path(file))
    code = app.exec()
    window.session.services.close()
    return code
