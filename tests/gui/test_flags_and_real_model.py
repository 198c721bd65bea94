"""Flagged translations in the reading view, and a few journeys on the real tiny model (no stand-in)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import MemorisedEngine, SAMPLE
from gui.driving import TITLE_EN, open_with_dialog, shown, wait_all_translated, wait_idle
from reader.gui.paragraphmodel import RowState


class CopiesTwoParagraphs(MemorisedEngine):
    """Leaves the Arabic of two sentences untranslated: what a failing model does."""

    def translate_batch(self, sentences, settings, cancel=None):
        from reader.core.translate import Hypothesis

        results = super().translate_batch(sentences, settings, cancel)
        return [(Hypothesis(s, -0.05),) if s.startswith(("وأضاف", "ورحب")) else r for s, r in zip(sentences, results)]


def test_f8_goes_from_flagged_paragraph_to_flagged_paragraph(qtbot, make_window, monkeypatch):
    window = make_window(engine=CopiesTwoParagraphs())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    rows = window.session.rows
    flagged = rows.flagged()
    assert len(flagged) == 2 and all(rows.row(r).flags[0].kind == "copy" for r in flagged)
    assert "2 paragraphs flagged for checking" in window.status.label.text()
    window.view.setCurrentIndex(rows.index(0))
    window.actions["next_flagged"].trigger()
    assert window.view.currentIndex().row() == flagged[0]
    assert "copied" in window.status.label.text()
    window.actions["next_flagged"].trigger()
    assert window.view.currentIndex().row() == flagged[1]
    window.actions["next_flagged"].trigger()  # round the end
    assert window.view.currentIndex().row() == flagged[0]
    window.actions["previous_flagged"].trigger()
    assert window.view.currentIndex().row() == flagged[1]


def test_show_flagged_only_hides_the_rest_and_an_edit_clears_the_flag(qtbot, make_window, monkeypatch):
    window = make_window(engine=CopiesTwoParagraphs())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    rows, view = window.session.rows, window.view
    flagged = rows.flagged()
    window.actions["toggle_flagged_only"].trigger()
    hidden = [r for r in range(rows.rowCount()) if view.isRowHidden(r)]
    assert hidden == [r for r in range(rows.rowCount()) if r not in flagged]
    assert "Check this translation" in rows.data(rows.index(flagged[0]), Qt.ItemDataRole.ToolTipRole)
    window.session.set_edit(flagged[0], "My own translation.")
    assert not rows.row(flagged[0]).flagged and view.isRowHidden(flagged[0])
    window.actions["toggle_flagged_only"].trigger()
    assert not any(view.isRowHidden(r) for r in range(rows.rowCount()))


def test_clean_translations_carry_no_flag(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_idle(qtbot, window)
    assert window.session.rows.flagged() == []
    window.actions["next_flagged"].trigger()
    assert window.status.label.text() == "No paragraph is flagged."


# -- the real tiny model ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_model_streams_english_and_a_reopened_article_never_loads_it(qtbot, make_window, monkeypatch):
    window = make_window(real=True)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    assert window.session.rows.rowCount() == 20  # the Arabic is there before any English
    wait_all_translated(qtbot, window, timeout=240_000)
    assert shown(window, 0) == TITLE_EN and shown(window, 19) == "Editor: Chen Luyi"
    assert window.session.backend == "ct2-int8"  # the fast engine, for a folder given by path too
    assert "CTranslate2" in window.models.status.text()
    window.close()

    loads = []
    again = make_window(real=True)
    again.session.translation._make = _recording(again.session.translation._make, loads)
    open_with_dialog(qtbot, again, SAMPLE, monkeypatch)
    qtbot.waitUntil(lambda: all(r.state is RowState.CACHED for r in again.session.rows.rows()), timeout=30_000)
    wait_idle(qtbot, again)
    assert loads == []  # the cache answered: no model was even built


def _recording(make, loads):
    def recorded(*args, **kwargs):
        loads.append(args)
        return make(*args, **kwargs)
    return recorded
