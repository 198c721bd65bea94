"""Window fixtures: a real MainWindow over a private reader home, a fast stand-in translator, no leaks."""

from __future__ import annotations

import pytest

from conftest import TINY_MODEL, fake_translators


@pytest.fixture(autouse=True)
def no_leaked_work(qapp, qtbot):
    """Fail a test that leaves background work running: jobs, their threads or a helper process."""
    from reader.core.childprocess import ChildWorker
    from reader.gui.operations import Operations

    before_ops, before_children = set(Operations.live), set(ChildWorker.live)
    yield
    ops = [o for o in Operations.live if o not in before_ops]
    children = [c for c in ChildWorker.live if c not in before_children]
    try:
        qtbot.waitUntil(lambda: not any(o.threads_alive() for o in ops), timeout=15_000)
    except AssertionError:
        pass
    leaked = [name for o in ops for name in o.threads_alive()]
    leaked += [f"helper process {c.name}" for c in children if c.alive]
    assert not leaked, f"background work left running: {leaked}"


@pytest.fixture
def make_window(qtbot, paths):
    """Build windows the way the app does (with the stand-in translator unless `real=True`).

    Closing each one at teardown cancels its work and stops its helpers.
    """
    from reader.gui.application import build_window, register_fonts

    register_fonts()
    windows = []

    def make(model: str | None = str(TINY_MODEL), *, real: bool = False, engine=None, loads=None):
        translators = None if real else fake_translators(paths.cache_db, engine, loads)
        window = build_window(paths, model, make_translator=translators)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        windows.append((window, translators))
        return window

    yield make
    for window, translators in windows:
        window.close()
        window.session.services.close()
        if translators is not None:
            translators.cache.close()


@pytest.fixture
def window(make_window):
    return make_window()
