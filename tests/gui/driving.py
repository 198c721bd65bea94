"""Driving the window as a user does: open a file, wait for it, click a row. Shared by the window tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from conftest import PAIRS
from reader.gui.paragraphmodel import RowState

TITLE = "وزيرا الخارجية الصيني والقازاقي يجريان محادثات حول تعزيز التعاون الثنائي"
TITLE_EN = PAIRS[TITLE]
FINISHED = (RowState.DONE, RowState.CACHED, RowState.EDITED, RowState.AS_WRITTEN)


def open_with_dialog(qtbot, window, path: Path, monkeypatch) -> None:
    """File ▸ Open, with the dialog answered; returns once the file is read (or refused)."""
    monkeypatch.setattr(window, "ask_open_path", lambda: path)
    window.actions["open_dialog"].trigger()
    wait_opened(qtbot, window)


def wait_opened(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.session.loading, timeout=60_000)


def wait_all_translated(qtbot, window, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: all(r.state in FINISHED for r in window.session.rows.rows())
                    and not window.session.busy, timeout=timeout)


def wait_idle(qtbot, window, timeout: int = 30_000) -> None:
    """Nothing running in the background any more (translation, names, re-application)."""
    qtbot.waitUntil(lambda: not window.session.ops.running, timeout=timeout)


def wait_names(qtbot, window) -> None:
    """The names are found and listed (the list may be empty)."""
    qtbot.waitUntil(lambda: window.session.names.glossary is not None
                    and window.glossary_panel.glossary is window.session.names.glossary, timeout=60_000)


def click_row(qtbot, window, row: int) -> None:
    """A click in the row's margin (not on a sentence)."""
    index = window.session.rows.index(row)
    window.view.scrollTo(index)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.view.visualRect(index).topLeft() + QPoint(3, 3))


def shown(window, row: int) -> str:
    return window.session.rows.row(row).english
