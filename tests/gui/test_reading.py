"""Reading in the window: opening files, the rows, find, the view, and what the status bar says."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from conftest import DOCUMENTS, SAMPLE
from gui.driving import (TITLE_EN, click_row, open_with_dialog, shown, wait_all_translated, wait_idle,
                         wait_opened)
from reader.core.document import Direction
from reader.gui.delegate import Layout, find_ranges
from reader.gui.paragraphmodel import ParagraphModel, RowState


def test_the_paragraph_model_is_a_well_behaved_qt_model(qtmodeltester):
    from reader.core.formats import load_document

    model = ParagraphModel()
    model.set_document(load_document(SAMPLE))
    qtmodeltester.check(model)


def test_open_shows_the_arabic_at_once_and_the_english_streams_in(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    rows = window.session.rows
    assert rows.rowCount() == 20 and rows.row(0).paragraph.text.startswith("وزيرا الخارجية")
    wait_all_translated(qtbot, window)
    assert shown(window, 0) == TITLE_EN and shown(window, 19) == "Editor: Chen Luyi"
    assert window.windowTitle().startswith("وزيرا الخارجية")
    assert window.status.label.text() == "All 20 paragraphs translated."
    assert not window.status.cancel_button.isVisible()


@pytest.fixture
def slow_file(tmp_path, window):
    """A copy of the sample that is read only once its NAME.go file exists (helper process)."""
    from gui.slowloading import slow_load

    window.session.loader = slow_load
    copy = tmp_path / "slow.txt"
    shutil.copy(SAMPLE, copy)
    return copy


def test_cancel_stops_reading_at_once_and_keeps_the_open_document(qtbot, window, monkeypatch, slow_file):
    open_with_dialog(qtbot, window, DOCUMENTS / "article.docx", monkeypatch)
    before = window.session.document
    window.open_path(slow_file)
    assert window.session.loading and window.status.cancel_button.isVisible()
    assert "Opening slow.txt" in window.status.label.text()
    qtbot.wait(200)  # the event loop runs meanwhile
    window.status.cancel_button.click()
    assert not window.session.loading
    qtbot.waitUntil(lambda: not window.session.services.documents.alive, timeout=5_000)  # the parse was killed
    assert window.session.document is before
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)  # a fresh helper reads the next file
    assert window.session.rows.rowCount() == 20


def test_only_the_last_file_asked_for_is_shown(qtbot, window, slow_file):
    window.open_path(slow_file)
    window.open_path(DOCUMENTS / "article.docx")
    (slow_file.parent / "slow.txt.go").touch()
    wait_opened(qtbot, window)
    wait_idle(qtbot, window)
    assert window.session.document.source.name == "article.docx"
    assert window.recent_files() == [str((DOCUMENTS / "article.docx").resolve())]


def test_a_bad_file_shows_an_error_and_keeps_the_open_document(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    open_with_dialog(qtbot, window, DOCUMENTS / "scanned.pdf", monkeypatch)
    assert window.error_banner.isVisible() and "OCR" in window.error_banner.label.text()
    assert window.session.rows.rowCount() == 20 and window.stack.currentWidget() is window.view


def test_after_a_failed_first_open_the_window_says_what_to_do(qtbot, window, monkeypatch):
    assert window.stack.currentWidget() is window.welcome  # nothing open yet: not a blank page
    open_with_dialog(qtbot, window, DOCUMENTS / "scanned.pdf", monkeypatch)
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.open_button.isVisible() and "Drag a file here" in window.welcome.findChildren(
        type(window.status.label))[1].text()
    monkeypatch.setattr(window, "ask_open_path", lambda: SAMPLE)
    window.welcome.open_button.click()
    wait_opened(qtbot, window)
    assert window.stack.currentWidget() is window.view


def test_arabic_is_right_to_left_and_on_the_right(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    delegate = window.view.delegate
    assert all(r.paragraph.direction is Direction.RTL for r in window.session.rows.rows())
    option = delegate.text_option(Direction.RTL)
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & Qt.AlignmentFlag.AlignRight
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 100))
    assert arabic.left() > english.right()  # default: Arabic on the right
    window.actions["layout_arabic_left"].trigger()
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 100))
    assert arabic.right() < english.left()
    window.actions["layout_interleaved"].trigger()
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 300), source_height=80)
    assert english.top() > arabic.bottom() - 1


def test_rows_grow_to_the_taller_side(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    view = window.view
    short = view.visualRect(window.session.rows.index(19)).height()   # "تحرير: تشن لو يي"
    long = view.visualRect(window.session.rows.index(5)).height()     # a long body paragraph
    assert long > 2 * short


def test_a_line_break_the_author_made_is_a_line_in_both_columns(qtbot, window, tmp_path):
    bullets = tmp_path / "list.txt"
    bullets.write_text("اتفق الوزيران على ما يلي.\n\nبنود الاتفاق:\nالتعاون الاقتصادي\nالتعاون الأمني\n"
                       "التبادل الثقافي\n", encoding="utf-8")
    window.open_path(bullets)
    wait_opened(qtbot, window)
    wait_all_translated(qtbot, window)
    row = window.session.rows.row(1)
    assert row.paragraph.text.count("\n") == 3 and row.english.count("\n") == 3
    index = window.session.rows.index(1)
    arabic, _, english, _ = window.view.delegate.layouts(QRectF(0, 0, 1600, 2000), index)
    assert arabic.lineCount() == 4 and english.lineCount() == 4


def test_a_paragraph_without_arabic_is_shown_as_written_and_never_translated(qtbot, make_window, tmp_path):
    loads = []
    window = make_window(loads=loads)
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("وزيرا الخارجية الصيني والقازاقي يجريان محادثات حول تعزيز التعاون الثنائي\n\n"
                     "This paragraph was written in English.\n", encoding="utf-8")
    window.open_path(mixed)
    wait_opened(qtbot, window)
    rows = window.session.rows
    assert rows.row(1).state is RowState.AS_WRITTEN and rows.row(1).paragraph.direction is Direction.LTR
    assert shown(window, 1) == "This paragraph was written in English."
    assert "Not Arabic" in rows.data(rows.index(1), Qt.ItemDataRole.ToolTipRole)
    wait_all_translated(qtbot, window)
    assert window.status.label.text() == "All 1 paragraph translated."  # the English one is not counted
    english_only = tmp_path / "english.txt"
    english_only.write_text("Only English here.\n\nAnd here.\n", encoding="utf-8")
    loads.clear()
    window.open_path(english_only)
    wait_opened(qtbot, window)
    wait_idle(qtbot, window)
    assert "no Arabic" in window.status.label.text() and loads == []


def test_with_no_model_the_rows_say_nothing_will_come(qtbot, make_window, monkeypatch):
    window = make_window(model=None)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    rows = window.session.rows
    assert all(r.state is RowState.NO_MODEL for r in rows.rows())
    assert "no translation model is installed" in rows.data(rows.index(0), Qt.ItemDataRole.ToolTipRole)
    assert window.banner.isVisible() and "nothing will be translated" in window.banner.label.text()
    assert not window.status.cancel_button.isVisible()


def test_counts_are_per_document_and_right_after_a_retranslation(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 19)
    window.compare.retranslate_button.click()
    assert window.session.rows.translated_count == 19  # the paragraph being translated again is not done
    qtbot.waitUntil(lambda: window.session.rows.row(19).state is RowState.DONE and not window.session.busy,
                    timeout=30_000)
    assert window.session.rows.row(19).translation.cached is False  # the cache was ignored
    assert window.status.label.text() == "All 20 paragraphs translated."
    assert window.status.progress.format() == "20 / 20"


def test_cancel_mid_document_keeps_what_is_done(qtbot, make_window, monkeypatch):
    from conftest import MemorisedEngine

    class Slow(MemorisedEngine):
        def translate_batch(self, sentences, settings, cancel=None):
            import time
            time.sleep(0.15)
            return super().translate_batch(sentences, settings, cancel)

    window = make_window(engine=Slow())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    session = window.session
    qtbot.waitUntil(lambda: session.rows.translated_count >= 2, timeout=30_000)
    window.status.cancel_button.click()
    wait_idle(qtbot, window)
    states = [r.state for r in session.rows.rows()]
    assert RowState.DONE in states and RowState.WAITING in states and RowState.TRANSLATING not in states
    assert "F5" in window.status.label.text()
    done = {i: r.english for i, r in enumerate(session.rows.rows()) if r.state is RowState.DONE}
    window.actions["translate_remaining"].trigger()
    wait_all_translated(qtbot, window)
    assert all(shown(window, i) == text for i, text in done.items())


def test_find_highlights_matches_in_both_languages(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    window.actions["open_find"].trigger()
    window.find_bar.edit.setText("قازاقستان")
    arabic_rows = set(window.view.delegate.highlights)
    assert 2 in arabic_rows and window.view.currentIndex().row() == min(arabic_rows)
    window.find_bar.edit.setText("xinhua")
    highlights = window.view.delegate.highlights
    assert list(highlights) == [1, 2]  # only the English says Xinhua; the Arabic says شينخوا
    assert highlights[1] == ([], [(34, 6)])  # "Time: 2022-06-08 09:37:57 Source: Xinhua"
    assert window.find_bar.count.text() == "2 paragraphs"


def test_find_ignores_diacritics_tatweel_and_alef_forms():
    assert find_ranges("زار عُمانَ أمس", "عمان") == [(4, 6)]
    assert find_ranges("في امريكا", "أمريكا") == [(3, 6)]
    assert find_ranges("كتـــاب", "كتاب") == [(0, 7)]
    assert find_ranges("Xinhua said", "XINHUA") == [(0, 6)]


def test_drag_and_drop_opens_the_file(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_opened(qtbot, window)
    assert window.session.rows.rowCount() == 20


def test_recent_files_zoom_layout_and_side_panel_are_remembered(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    window.set_zoom(1.5)
    window.actions["layout_interleaved"].trigger()
    window.close()
    again = make_window()
    assert again.recent_files() == [str(SAMPLE.resolve())]
    assert again.recent_menu.actions()[0].toolTip() == str(SAMPLE.resolve())
    assert again.welcome.recent.count() == 1
    assert again.view.delegate.zoom == pytest.approx(1.5)
    assert again.view.delegate.layout_mode is Layout.INTERLEAVED
    assert again.actions["layout_interleaved"].isChecked()
    again.recent_menu.actions()[0].trigger()
    wait_opened(qtbot, again)
    assert again.session.rows.rowCount() == 20


def test_the_side_panel_action_tells_the_truth(qtbot, make_window):
    window = make_window()
    action = window.actions["toggle_side_panel"]
    assert action.isChecked() and not window.side.isHidden()  # checked on launch, since it is shown
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.side.isHidden() and not action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not window.side.isHidden() and action.isChecked()
    action.trigger()
    window.close()
    again = make_window()
    assert again.side.isHidden() and not again.actions["toggle_side_panel"].isChecked()


def test_keyboard_moves_between_paragraphs_and_enter_opens_compare(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert window.view.currentIndex().row() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.compare.row_index == 2 and window.side.isVisible()


def test_zoom_keys_change_the_text_size(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    before = window.view.visualRect(window.session.rows.index(0)).height()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.delegate.zoom == pytest.approx(1.1)
    qtbot.waitUntil(lambda: window.view.visualRect(window.session.rows.index(0)).height() > before, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.delegate.zoom == pytest.approx(1.0)


def test_visible_rows_are_reported_for_scheduling(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    with qtbot.waitSignal(window.view.visible_rows_changed, timeout=5000) as blocker:
        window.view.scrollTo(window.session.rows.index(15))
    first, last = blocker.args
    assert first <= 15 <= last
    assert window.view.indexAt(QPoint(5, 5)).row() == first


def test_help_covers_names_export_models_and_every_key(window):
    from reader.gui.actions import help_html, keys_help

    text = help_html()
    for section in ("Names", "Export", "Models", "Keys"):
        assert f"<h3>{section}</h3>" in text
    assert ("F8", "Next paragraph whose translation to check") in keys_help()


def test_the_readme_lists_every_shortcut_the_window_has():
    from conftest import ROOT
    from reader.gui.actions import COMMANDS, key_text

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key_text(c) for c in COMMANDS if c.help and key_text(c) and key_text(c).split(",")[0] not in readme]
    assert not missing, f"README's key list lacks {missing}"
