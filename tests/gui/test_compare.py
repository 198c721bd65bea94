"""The compare panel: one paragraph closely, always in step with the reading view."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt

from conftest import SAMPLE
from gui.driving import (TITLE_EN, click_row, open_with_dialog, shown, wait_all_translated, wait_idle,
                         wait_names)
from reader.gui.comparepanel import confidence, differences
from reader.gui.paragraphmodel import RowState


def alternative_texts(panel) -> list[str]:
    return [panel.alternatives.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.alternatives.count())]


def alternative_labels(panel) -> list[str]:
    return [panel.alternatives.itemWidget(panel.alternatives.item(i)).text()
            for i in range(panel.alternatives.count())]


def test_pick_an_alternative_and_find_it_after_a_restart(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 0)
    panel = window.compare
    assert panel.row_index == 0 and panel.sentences.rowCount() == 1
    texts = alternative_texts(panel)
    assert texts[0] == TITLE_EN and len(texts) >= 2
    panel.alternatives.setCurrentRow(len(texts) - 1)
    chosen = texts[-1]
    panel.use_button.click()
    row = window.session.rows.row(0)
    assert row.state is RowState.EDITED and row.english == chosen != TITLE_EN
    labels = alternative_labels(panel)
    assert "in use" in labels[-1] and "in use" not in labels[0] and "machine's choice" in labels[0]
    assert panel.sentences.item(0, 0).text() == chosen  # the sentences show what is in use, not the old text
    window.close()

    again = make_window()
    open_with_dialog(qtbot, again, SAMPLE, monkeypatch)
    assert shown(again, 0) == chosen and again.session.rows.row(0).state is RowState.EDITED
    again.session.services.cache.clear()  # edits are not cache: they survive this
    open_with_dialog(qtbot, again, SAMPLE, monkeypatch)
    assert shown(again, 0) == chosen
    click_row(qtbot, again, 0)
    again.compare.revert_button.click()
    qtbot.waitUntil(lambda: shown(again, 0) == TITLE_EN, timeout=30_000)


def test_alternatives_show_what_differs_and_a_score_people_understand(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 0)
    labels = alternative_labels(window.compare)
    assert labels[0].startswith("<b>95%</b>")  # exp(-0.05), not "-0.050"
    assert "background" in labels[1] and "background" not in labels[0]  # the changed words are marked
    assert "%" in window.compare.alternatives.toolTip()
    assert confidence(-0.3567) == "70%" and confidence(0.0) == "100%"
    assert differences("the minister met", "a minister met") == "<span style='background:#ffe58a'>a</span> minister met"


def test_editing_the_text_by_hand(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 19)
    window.compare.editor.setPlainText("Edited by: Chen Luyi")
    window.compare.save_button.click()
    assert shown(window, 19) == "Edited by: Chen Luyi"
    assert window.session.services.user.edit_for("تحرير: تشن لو يي") == "Edited by: Chen Luyi"
    assert "Saved your edit of paragraph 20" in window.status.label.text()


def test_the_panel_follows_a_names_correction(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    click_row(qtbot, window, 2)
    window.glossary_panel.item_for("مختار تليوبيردي").setText(1, "Mukhtar Tleuberdi")
    wait_idle(qtbot, window)
    wait_all_translated(qtbot, window)
    panel, row = window.compare, window.session.rows.row(2)
    assert "Mukhtar Tleuberdi" in row.english
    assert panel.editor.toPlainText() == row.english
    sentences = [panel.sentences.item(i, 0).text() for i in range(panel.sentences.rowCount())]
    assert any("Tleuberdi" in s for s in sentences) and not any("Tileuberdi" in s for s in sentences)
    in_use = [label for label in alternative_labels(panel) if "in use" in label]
    assert all("Tileuberdi" not in label for label in in_use)


def test_other_models_with_none_installed_says_how_to_add_one(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    click_row(qtbot, window, 0)
    panel = window.compare
    assert not panel.others_button.isEnabled()
    assert panel.others.count() == 1 and "No other translation model is installed" in panel.others.item(0).text()
    assert "(" not in panel.others.item(0).text()


def test_other_models_translate_the_paragraph(qtbot, make_window, monkeypatch, tiny_model):
    window = make_window()
    store = window.session.services.store
    store.import_dir(tiny_model, "second-model")
    window.models.refresh()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 0)
    assert window.compare.others_button.isEnabled()
    window.compare.others_button.click()
    qtbot.waitUntil(lambda: window.compare.others.count() == 1, timeout=30_000)
    assert window.compare.others.item(0).text() == f"second-model: {TITLE_EN}"


def test_long_sentences_wrap_and_the_table_scrolls(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 3)  # one long sentence
    table = window.compare.sentences
    assert table.wordWrap()
    one_line = table.fontMetrics().height()
    assert table.rowHeight(0) > 2 * one_line  # the whole sentence, on several lines


def test_a_flagged_sentence_is_marked_and_clean_wordings_are_offered(qtbot, make_window, monkeypatch):
    from conftest import MemorisedEngine
    from reader.core.translate import Hypothesis

    class DropsTheYear(MemorisedEngine):
        """The best wording of the dateline loses its year; the second keeps it."""

        def translate_batch(self, sentences, settings, cancel=None):
            results = super().translate_batch(sentences, settings, cancel)
            out = []
            for sentence, hypotheses in zip(sentences, results):
                if sentence.startswith("الوقت"):
                    right = hypotheses[0]
                    hypotheses = (Hypothesis(right.text.replace("2022-06-08", "06-08"), -0.05),
                                  Hypothesis(right.text, -0.3), *hypotheses[2:])
                out.append(hypotheses)
            return out

    window = make_window(engine=DropsTheYear())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    rows = window.session.rows
    assert rows.flagged() == [1]
    assert "2022-06-08 missing" in rows.data(rows.index(1), Qt.ItemDataRole.ToolTipRole)
    click_row(qtbot, window, 1)
    panel = window.compare
    assert panel.sentences.item(0, 2).text() == "⚠" and "2022" in panel.sentences.item(0, 2).toolTip()
    assert "2022-06-08 missing" in panel.clean_label.text()
    assert panel.clean.isVisible() and panel.clean.count() >= 1
    panel.clean.setCurrentRow(0)
    panel._on_clean_chosen(panel.clean.item(0))
    assert "2022-06-08" in shown(window, 1) and rows.row(1).state is RowState.EDITED
    assert rows.flagged() == []  # the user's own text is not second-guessed


def test_hovering_a_sentence_links_it_to_its_counterpart(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    view, rows = window.view, window.session.rows
    row = next(i for i, r in enumerate(rows.rows()) if r.translation and len(r.translation.sentences) >= 2)
    index = rows.index(row)
    view.scrollTo(index)
    rect = QRectF(view.visualRect(index))
    arabic, arabic_box, english, english_box = view.delegate.layouts(rect, index)
    second = rows.row(row).translation.sentences[1]
    # the middle of the second Arabic sentence, as drawn
    line = arabic.lineForTextPosition((second.source.start + second.source.end) // 2)
    x = line.cursorToX((second.source.start + second.source.end) // 2)[0]
    point = QPointF(arabic_box.left() + x, arabic_box.top() + line.y() + line.height() / 2)
    assert view.delegate.sentence_at(rect, index, point) == 1
    with qtbot.waitSignal(view.sentence_linked, timeout=2000) as linked:
        view.link(row, 1)
    assert linked.args == [row, 1]
    source, english_ranges = view.delegate._ranges(row, rows.row(row), True)
    start, length, _ = source[0]
    assert rows.row(row).paragraph.text[start:start + length] == second.source.text
    start, length, _ = english_ranges[0]
    assert shown(window, row)[start:start + length] == second.best
    view.setCurrentIndex(index)
    view.sentence_clicked.emit(row, 1)
    assert window.compare.sentences.currentRow() == 1
    qtbot.keyClick(view, Qt.Key.Key_Left)  # the next sentence (Arabic reads right to left)
    assert view.delegate.linked == (row, min(2, len(rows.row(row).translation.sentences) - 1))
