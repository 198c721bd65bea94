"""The reader window, driven as a user drives it, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from conftest import DOCUMENTS, PAIRS, SAMPLE, TINY_MODEL
from reader.core.document import Direction
from reader.gui.delegate import Layout
from reader.gui.paragraphmodel import ParagraphModel, RowState

TITLE_EN = PAIRS["وزيرا الخارجية الصيني والقازاقي يجريان محادثات حول تعزيز التعاون الثنائي"]
FINISHED = (RowState.DONE, RowState.CACHED, RowState.EDITED)


def open_with_dialog(window, path: Path, monkeypatch) -> None:
    """File ▸ Open, with the dialog answered; returns once the file is read (or refused)."""
    monkeypatch.setattr(window, "ask_open_path", lambda: path)
    window.open_action.trigger()
    wait_opened(window)


def wait_opened(window) -> None:
    from pytestqt.qtbot import QtBot

    QtBot(window).waitUntil(lambda: not window.session.loading, timeout=60_000)


def wait_all_translated(qtbot, window, timeout=60_000) -> None:
    qtbot.waitUntil(lambda: all(r.state in FINISHED for r in window.session.rows.rows())
                    and not window.session.busy, timeout=timeout)


def click_row(qtbot, window, row: int) -> None:
    index = window.session.rows.index(row)
    window.view.scrollTo(index)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.view.visualRect(index).center())


def test_the_paragraph_model_is_a_well_behaved_qt_model(qtmodeltester):
    from reader.core.formats import load_document

    model = ParagraphModel()
    model.set_document(load_document(SAMPLE))
    qtmodeltester.check(model)


def test_open_shows_the_arabic_at_once_and_the_english_streams_in(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    rows = window.session.rows
    assert rows.rowCount() == 20
    assert rows.row(0).paragraph.text.startswith("وزيرا الخارجية")
    wait_all_translated(qtbot, window)
    assert rows.row(0).english == TITLE_EN
    assert rows.row(19).english == "Editor: Chen Luyi"
    assert window.windowTitle().startswith("وزيرا الخارجية")
    assert "All 20 paragraphs translated" in window.status_label.text()
    assert not window.cancel_button.isVisible()


@pytest.fixture
def slow_loading(monkeypatch):
    """Files are read only when the test says so (set the event)."""
    import threading

    import reader.gui.documentjob as documentjob

    release, real = threading.Event(), documentjob.load_document

    def load(path):
        release.wait(30)
        return real(path)
    monkeypatch.setattr(documentjob, "load_document", load)
    return release


def test_a_file_is_read_while_the_window_stays_usable_and_cancel_keeps_the_open_one(
        qtbot, window, monkeypatch, slow_loading):
    slow_loading.set()
    open_with_dialog(window, SAMPLE, monkeypatch)
    slow_loading.clear()
    monkeypatch.setattr(window, "ask_open_path", lambda: DOCUMENTS / "article.docx")
    window.open_action.trigger()
    assert window.session.loading and window.cancel_button.isVisible()
    assert "Opening article.docx" in window.status_label.text()
    qtbot.wait(100)  # the event loop runs meanwhile
    window.cancel_button.click()
    assert not window.session.loading
    slow_loading.set()  # the file arrives after all, and is ignored
    qtbot.waitUntil(lambda: not window.session._load_jobs, timeout=10_000)
    assert window.session.document.source == SAMPLE and window.session.rows.rowCount() == 20


def test_only_the_last_file_asked_for_is_shown(qtbot, window, monkeypatch, slow_loading):
    window.open_path(DOCUMENTS / "article.docx")
    window.open_path(SAMPLE)
    slow_loading.set()
    wait_opened(window)
    qtbot.waitUntil(lambda: not window.session._load_jobs, timeout=10_000)
    assert window.session.document.source == SAMPLE
    assert window.recent_files() == [str(SAMPLE.resolve())]


def test_arabic_is_right_to_left_and_on_the_right(window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    delegate = window.view.delegate
    assert all(r.paragraph.direction is Direction.RTL for r in window.session.rows.rows())
    option = delegate.text_option(Direction.RTL)
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & Qt.AlignmentFlag.AlignRight
    assert delegate.text_option(Direction.LTR).textDirection() == Qt.LayoutDirection.LeftToRight
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 100))
    assert arabic.left() > english.right()  # default: Arabic on the right
    window.set_layout(Layout.ARABIC_LEFT)
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 100))
    assert arabic.right() < english.left()
    window.set_layout(Layout.INTERLEAVED)
    arabic, english = delegate.rects(QRectF(0, 0, 1000, 300), source_height=80)
    assert english.top() > arabic.bottom() - 1


def test_rows_grow_to_the_taller_side(window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    view = window.view
    short = view.visualRect(window.session.rows.index(19)).height()   # "تحرير: تشن لو يي"
    long = view.visualRect(window.session.rows.index(5)).height()     # a long body paragraph
    assert long > 2 * short


def test_pick_an_alternative_and_find_it_after_a_restart(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 0)
    panel = window.compare
    assert panel.row_index == 0
    assert panel.alternatives.count() == 4 and panel.sentences.rowCount() == 1
    panel.alternatives.setCurrentRow(2)
    chosen = panel.alternatives.currentItem().data(Qt.ItemDataRole.UserRole)
    panel.use_button.click()
    row = window.session.rows.row(0)
    assert row.state is RowState.EDITED and row.english == chosen != TITLE_EN
    window.close()

    again = make_window()
    open_with_dialog(again, SAMPLE, monkeypatch)
    assert again.session.rows.row(0).english == chosen
    assert again.session.rows.row(0).state is RowState.EDITED
    again.session.services.cache.clear()  # edits are not cache: they survive this
    open_with_dialog(again, SAMPLE, monkeypatch)
    assert again.session.rows.row(0).english == chosen
    click_row(qtbot, again, 0)
    again.compare.revert_button.click()
    qtbot.waitUntil(lambda: again.session.rows.row(0).english == TITLE_EN, timeout=60_000)


def test_editing_the_text_by_hand(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 19)
    window.compare.editor.setPlainText("Edited by: Chen Luyi")
    window.compare.save_button.click()
    assert window.session.rows.row(19).english == "Edited by: Chen Luyi"
    assert window.session.services.user.edit_for("تحرير: تشن لو يي") == "Edited by: Chen Luyi"


def test_a_cached_document_reopens_without_loading_the_model(qtbot, make_window, monkeypatch):
    first = make_window()
    open_with_dialog(first, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, first)
    first.close()

    second = make_window()
    open_with_dialog(second, SAMPLE, monkeypatch)
    rows = second.session.rows.rows()
    assert all(r.state is RowState.CACHED for r in rows)  # at once, before any event loop turn
    assert rows[0].english == TITLE_EN
    qtbot.wait(200)
    assert not second.session.worker.model_loaded


def test_no_model_banner_then_choose_a_folder(qtbot, make_window, monkeypatch):
    window = make_window(model=None)
    assert window.banner.isVisible()
    assert "not installed" in window.banner.label.text()
    assert [b.text() for b in window.banner.buttons] == ["Download", "Import a folder…", "Choose a folder…"]
    open_with_dialog(window, SAMPLE, monkeypatch)
    assert window.session.rows.rowCount() == 20  # the Arabic is there all the same
    assert all(r.state is RowState.WAITING for r in window.session.rows.rows())

    monkeypatch.setattr(window, "ask_model_folder", lambda title: TINY_MODEL)
    window.banner.buttons[2].click()
    assert not window.banner.isVisible()
    wait_all_translated(qtbot, window)  # without reopening the file
    assert window.session.rows.row(0).english == TITLE_EN


def test_import_a_model_folder_from_the_banner(qtbot, make_window, monkeypatch, tiny_model):
    window = make_window(model=None)
    open_with_dialog(window, SAMPLE, monkeypatch)
    monkeypatch.setattr(window, "ask_model_folder", lambda title: tiny_model)
    window.banner.buttons[1].click()
    assert window.session.services.store.installed() == ["tiny-ar-en"]
    wait_all_translated(qtbot, window)


def test_cancel_mid_document_keeps_what_is_done(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    session = window.session
    qtbot.waitUntil(lambda: any(r.state is RowState.DONE for r in session.rows.rows()), timeout=60_000)
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    qtbot.wait(300)
    states = [r.state for r in session.rows.rows()]
    assert RowState.DONE in states and RowState.WAITING in states
    assert RowState.TRANSLATING not in states
    done_text = {i: r.english for i, r in enumerate(session.rows.rows()) if r.state is RowState.DONE}
    window.remaining_action.trigger()
    wait_all_translated(qtbot, window)
    assert all(session.rows.row(i).english == text for i, text in done_text.items())


def test_a_bad_file_shows_an_error_and_keeps_the_open_document(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    open_with_dialog(window, DOCUMENTS / "scanned.pdf", monkeypatch)
    assert window.error_banner.isVisible()
    assert "OCR" in window.error_banner.label.text()
    assert window.session.rows.rowCount() == 20


def test_a_model_that_fails_to_load_marks_rows_failed_with_the_reason(qtbot, make_window, monkeypatch, tiny_model):
    (tiny_model / "model.safetensors").write_bytes(b"\0" * 64)
    window = make_window(model=str(tiny_model))
    open_with_dialog(window, SAMPLE, monkeypatch)
    qtbot.waitUntil(lambda: all(r.state is RowState.FAILED for r in window.session.rows.rows()), timeout=60_000)
    row = window.session.rows.row(0)
    assert "could not be loaded" in row.error
    assert "could not be loaded" in window.session.rows.data(window.session.rows.index(0), Qt.ItemDataRole.ToolTipRole)
    assert window.error_banner.isVisible()


def test_find_highlights_matches_in_both_languages(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    window.open_find()
    window.find_edit.setText("قازاقستان")
    arabic_rows = set(window.view.delegate.highlights)
    assert 2 in arabic_rows and window.view.currentIndex().row() == min(arabic_rows)
    window.find_edit.setText("xinhua")
    highlights = window.view.delegate.highlights
    assert list(highlights) == [1, 2]  # only the English says Xinhua; the Arabic says شينخوا
    assert highlights[1] == ([], [(34, 6)])  # "Time: 2022-06-08 09:37:57 Source: Xinhua"


def test_drag_and_drop_opens_the_file(window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_opened(window)
    assert window.session.rows.rowCount() == 20


def test_recent_files_zoom_and_layout_are_remembered(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(window, SAMPLE, monkeypatch)
    window.set_zoom(1.5)
    window.set_layout(Layout.INTERLEAVED)
    window.close()
    again = make_window()
    assert again.recent_files() == [str(SAMPLE.resolve())]
    assert again.recent_menu.actions()[0].toolTip() == str(SAMPLE.resolve())
    assert again.view.delegate.zoom == pytest.approx(1.5)
    assert again.view.delegate.layout_mode is Layout.INTERLEAVED
    again.recent_menu.actions()[0].trigger()
    wait_opened(again)
    assert again.session.rows.rowCount() == 20


def test_keyboard_moves_between_paragraphs_and_enter_opens_compare(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert window.view.currentIndex().row() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.compare.row_index == 2 and window.side.isVisible()


def test_retranslate_bypasses_the_cache(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 19)
    window.compare.retranslate_button.click()
    qtbot.waitUntil(lambda: window.session.rows.row(19).state is RowState.DONE
                    and not window.session.busy, timeout=60_000)
    assert window.session.rows.row(19).translation.cached is False


def test_zoom_shortcuts_change_the_text_size(window, monkeypatch, qtbot):
    open_with_dialog(window, SAMPLE, monkeypatch)
    before = window.view.visualRect(window.session.rows.index(0)).height()
    window.set_zoom(2.0)
    qtbot.waitUntil(lambda: window.view.visualRect(window.session.rows.index(0)).height() > before, timeout=5000)


def test_visible_rows_are_reported_for_scheduling(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    with qtbot.waitSignal(window.view.visible_rows_changed, timeout=5000) as blocker:
        window.view.scrollTo(window.session.rows.index(15))
    first, last = blocker.args
    assert first <= 15 <= last
    assert window.view.indexAt(QPoint(5, 5)).row() == first


def wait_names(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.glossary is not None and window.glossary_panel.tree.topLevelItemCount() > 0,
                    timeout=60_000)


def test_the_names_panel_lists_entries_by_type_with_counts(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    tree = window.glossary_panel.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[0].startswith("People (") and any(g.startswith("Places (") for g in groups)
    item = window.glossary_panel.item_for("قازاقستان")
    assert item.text(1) == "Kazakhstan" and int(item.text(2)) >= 12 and item.text(3) == "gazetteer"
    window.glossary_panel.filter.setText("Kazakh")
    assert not item.isHidden() and window.glossary_panel.item_for("الصين").isHidden()


def test_selecting_a_name_highlights_its_mentions(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    window.glossary_panel.tree.setCurrentItem(window.glossary_panel.item_for("مختار تليوبيردي"))
    highlights = window.view.delegate.highlights
    assert sorted(highlights) == [2, 6, 7, 13]
    arabic, english = highlights[2]
    text = window.session.rows.row(2).paragraph.text
    assert [text[s:s + n] for s, n in arabic] == ["مختار تليوبيردي"]
    assert english  # the rendering, found in the English


def test_correcting_a_rendering_changes_every_paragraph_and_persists(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    item = window.glossary_panel.item_for("مختار تليوبيردي")
    item.setText(1, "Mukhtar Tleuberdi")  # what double-click editing does
    rows = window.session.rows
    for row in (2, 6, 7, 13):
        assert "Tleuberdi" in rows.row(row).english and "Tileuberdi" not in rows.row(row).english
    wait_all_translated(qtbot, window)  # exactly those paragraphs were translated again (new cache keys)
    assert all("Tileuberdi" not in r.english for r in rows.rows())
    window.close()

    again = make_window()
    open_with_dialog(again, SAMPLE, monkeypatch)
    wait_names(qtbot, again)
    assert again.glossary_panel.item_for("مختار تليوبيردي").text(3) == "user"
    wait_all_translated(qtbot, again)
    assert "Mukhtar Tleuberdi" in again.session.rows.row(2).english


def test_names_the_gazetteer_lacks_take_the_models_spelling_as_it_translates(qtbot, window, monkeypatch):
    import reader.core.glossary.renderings as renderings

    monkeypatch.setattr(renderings, "gazetteer", lambda: {})
    monkeypatch.setattr(renderings, "person_words", lambda: {})
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    qtbot.waitUntil(lambda: window.glossary_panel.item_for("اكتوبي").text(3) == "model", timeout=10_000)
    assert window.glossary_panel.item_for("اكتوبي").text(1) == "Aktobe"
    assert window.glossary_panel.item_for("شيان").text(3) == "transliteration"  # Xi'an: not guessed


def test_the_names_list_does_not_change_under_the_users_typing(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    panel = window.glossary_panel
    panel.tree.editItem(panel.item_for("قازاقستان"), 1)
    assert panel.tree.state() == panel.tree.State.EditingState
    before = panel.glossary
    panel.show_glossary(before.with_choice("الصين", "PRC"))
    assert panel.glossary is before and panel.item_for("الصين").text(1) == "China"
    from PySide6.QtWidgets import QLineEdit

    editor = panel.tree.viewport().findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the user gives up the edit
    qtbot.waitUntil(lambda: panel.item_for("الصين").text(1) == "PRC", timeout=5_000)


def test_importing_a_names_model_finds_the_names_again_with_it(qtbot, window, monkeypatch, tmp_path):
    from conftest import TINY_NER

    article = tmp_path / "news.txt"
    article.write_text("وقال زرنوق إن شركة فلنطاس ستفتح مكتبا في قرطوسة.\n", encoding="utf-8")
    open_with_dialog(window, article, monkeypatch)
    wait_names(qtbot, window)
    assert window.glossary_panel.item_for("فلنطاس") is None  # the built-in recogniser misses it
    monkeypatch.setattr(window, "ask_model_folder", lambda title: TINY_NER)
    window.import_model()
    qtbot.waitUntil(lambda: window.glossary_panel.item_for("فلنطاس") is not None, timeout=30_000)
    assert window.session.handle.path == TINY_MODEL.resolve()  # still translating with the same model


def test_a_damaged_names_model_is_reported_and_names_are_still_found(qtbot, window, monkeypatch):
    from conftest import TINY_NER

    target = window.session.services.store.import_dir(TINY_NER, "damaged-ner")
    (target / "model.safetensors").write_bytes(b"\0" * 64)
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    assert window.glossary_panel.item_for("قازاقستان") is not None  # the built-in recogniser took over
    assert window.error_banner.isVisible() and "could not be loaded" in window.error_banner.label.text()


def test_not_a_name_removes_the_entry(qtbot, window, monkeypatch):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    from reader.core.glossary.files import key_for

    asia = key_for("آسيا")
    assert window.glossary_panel.item_for(asia) is not None
    window.glossary_panel.not_a_name.emit(asia)
    assert window.glossary_panel.item_for(asia) is None
    assert window.session.services.user.glossary()[asia].not_a_name


def test_glossary_import_and_export(qtbot, window, monkeypatch, tmp_path):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    source = tmp_path / "names.csv"
    source.write_text("arabic,type,english\nشيآن,LOC,Xian\n", encoding="utf-8")
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: source)
    window.glossary_panel.import_button.click()
    xian = window.glossary_panel.item_for
    qtbot.waitUntil(lambda: xian("شيان") is not None and xian("شيان").text(1) == "Xian", timeout=30_000)
    out = tmp_path / "out.tbx"
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: out)
    window.glossary_panel.export_button.click()
    assert "Xian" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("arabic,english\nشيآن\n", encoding="utf-8")
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: bad)
    window.glossary_panel.import_button.click()
    assert window.error_banner.isVisible() and "line 2" in window.error_banner.label.text()
    assert window.session.services.user.glossary()["شيان"].english == "Xian"  # nothing lost


def test_export_from_the_window(qtbot, window, monkeypatch, tmp_path):
    open_with_dialog(window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    out = tmp_path / "sample.html"
    monkeypatch.setattr(window, "ask_export_path", lambda: (out, "html"))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not window.export_job.isRunning(), timeout=30_000)
    assert TITLE_EN in out.read_text(encoding="utf-8")


def test_a_long_document_finds_its_names_in_another_process(qtbot, window, tmp_path):
    from reader.gui.glossaryjob import IN_PROCESS_LIMIT

    text = SAMPLE.read_text(encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([text] * (IN_PROCESS_LIMIT // 20 + 1)), encoding="utf-8")
    window.open_path(long)
    wait_opened(window)
    assert window.session.rows.rowCount() > IN_PROCESS_LIMIT
    qtbot.waitUntil(lambda: window.session.glossary is not None, timeout=120_000)
    kazakhstan = window.glossary_panel.item_for("قازاقستان")
    assert int(kazakhstan.text(2)) == 12 * (IN_PROCESS_LIMIT // 20 + 1)
