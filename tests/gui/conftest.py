"""Window fixtures: a real MainWindow over a private reader home, and no leaked threads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThread

from conftest import TINY_MODEL


@pytest.fixture(autouse=True)
def no_leaked_threads(qapp):
    """Fail a test that leaves a QThread running (napari's habit)."""
    from reader.gui import worker

    before = set(worker.WorkerThread.live)
    yield
    leaked = [t for t in worker.WorkerThread.live if t not in before and isinstance(t, QThread) and t.isRunning()]
    assert not leaked, f"threads left running: {[t.objectName() for t in leaked]}"


@pytest.fixture
def make_window(qtbot, paths):
    """Build windows the way the app does; closing each one at teardown stops its worker."""
    from reader.gui.application import build_window, register_fonts

    register_fonts()
    windows = []

    def make(model: str | None = str(TINY_MODEL)):
        window = build_window(paths, model)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.session.services.close()


@pytest.fixture
def window(make_window):
    return make_window()
