"""The Names tab: the article's people, places and organisations, their renderings, and corrections."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit

from conftest import SAMPLE, TINY_MODEL
from gui.driving import open_with_dialog, shown, wait_all_translated, wait_idle, wait_names


def test_the_names_panel_lists_entries_by_type_with_counts(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    panel = window.glossary_panel
    tree = panel.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[0].startswith("People (") and any(g.startswith("Places (") for g in groups)
    item = panel.item_for("قازاقستان")
    assert item.text(1) == "Kazakhstan" and int(item.text(2)) >= 12 and item.text(3) == "gazetteer"
    assert item.toolTip(2) == f"{item.text(2)} mentions"
    panel.filter.setText("Kazakh")
    assert not item.isHidden() and panel.item_for("الصين").isHidden()


def test_the_columns_fit_without_a_horizontal_scrollbar(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    tree = window.glossary_panel.tree
    header = tree.header()
    assert tree.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.ResizeToContents
    organisation = next(tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                        for j in range(tree.topLevelItem(i).childCount())
                        if len(tree.topLevelItem(i).child(j).text(1)) > 25)
    assert organisation.text(1) in organisation.toolTip(1)  # a long name cut on screen is whole in its tooltip


def test_selecting_a_name_highlights_its_mentions(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    window.glossary_panel.tree.setCurrentItem(window.glossary_panel.item_for("مختار تليوبيردي"))
    highlights = window.view.delegate.highlights
    assert sorted(highlights) == [2, 6, 7, 13]
    arabic, english = highlights[2]
    text = window.session.rows.row(2).paragraph.text
    assert [text[s:s + n] for s, n in arabic] == ["مختار تليوبيردي"]
    assert english  # the rendering, found in the English
    assert "4 mentions" in window.status.label.text()


def test_correcting_a_rendering_changes_every_paragraph_and_persists(qtbot, make_window, monkeypatch):
    window = make_window()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    window.glossary_panel.item_for("مختار تليوبيردي").setText(1, "Mukhtar Tleuberdi")  # what double-click editing does
    wait_idle(qtbot, window)
    wait_all_translated(qtbot, window)  # exactly those paragraphs were translated again (new cache keys)
    rows = window.session.rows
    for row in (2, 6, 7, 13):
        assert "Tleuberdi" in shown(window, row) and "Tileuberdi" not in shown(window, row)
    assert "Mukhtar Tleuberdi" in shown(window, 2)
    assert "Mukhtar" not in shown(window, 6)  # the surname alone stays the surname alone
    assert all("Tileuberdi" not in r.english for r in rows.rows())
    window.close()

    again = make_window()
    open_with_dialog(qtbot, again, SAMPLE, monkeypatch)
    wait_names(qtbot, again)
    assert again.glossary_panel.item_for("مختار تليوبيردي").text(3) == "user"
    wait_all_translated(qtbot, again)
    wait_idle(qtbot, again)
    assert "Mukhtar Tleuberdi" in shown(again, 2)


def test_names_the_gazetteer_lacks_take_the_models_spelling_as_it_translates(qtbot, window, monkeypatch):
    import reader.core.glossary.renderings as renderings

    monkeypatch.setattr(renderings, "gazetteer", lambda: {})
    monkeypatch.setattr(renderings, "person_words", lambda: {})
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    qtbot.waitUntil(lambda: window.glossary_panel.item_for("اكتوبي").text(3) == "model", timeout=10_000)
    assert window.glossary_panel.item_for("اكتوبي").text(1) == "Aktobe"


def test_the_names_list_does_not_change_under_the_users_typing(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    panel = window.glossary_panel
    panel.tree.editItem(panel.item_for("قازاقستان"), 1)
    assert panel.tree.state() == panel.tree.State.EditingState
    before = panel.glossary
    panel.show_glossary(before.with_choice("الصين", "PRC"))
    assert panel.glossary is before and panel.item_for("الصين").text(1) == "China"
    editor = panel.tree.viewport().findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the user gives up the edit
    qtbot.waitUntil(lambda: panel.item_for("الصين").text(1) == "PRC", timeout=5_000)


def test_the_context_menu_offers_only_what_applies(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    panel = window.glossary_panel

    def offered(*keys) -> list[str]:
        return [a.text() for a in panel.menu_for(list(keys)).actions()]

    assert offered("قازاقستان") == ["Not a name"]  # never renamed, never merged
    panel.item_for("قازاقستان").setText(1, "Qazaqstan")
    wait_idle(qtbot, window)
    assert offered("قازاقستان") == ["Not a name", "Forget my rendering"]
    assert offered("قازاقستان", "الصين") == ["Merge “الصين” into “قازاقستان”"]
    window.session.names.merge("الصين", "قازاقستان")
    qtbot.waitUntil(lambda: panel.item_for("الصين") is None, timeout=30_000)
    assert "Split the names merged into this one" in offered("قازاقستان")
    panel.split_requested.emit("قازاقستان")
    qtbot.waitUntil(lambda: panel.item_for("الصين") is not None, timeout=30_000)


def test_importing_a_names_model_finds_the_names_again_with_it(qtbot, window, monkeypatch, tmp_path):
    from conftest import TINY_NER
    from reader.core.glossary.files import key_for

    article = tmp_path / "news.txt"
    article.write_text("وقال زرنوق إن شركة فلنطاس ستفتح مكتبا في قرطوسة.\n", encoding="utf-8")
    open_with_dialog(qtbot, window, article, monkeypatch)
    wait_names(qtbot, window)
    place = key_for("قرطوسة")
    assert window.glossary_panel.item_for(place) is None  # the built-in recogniser misses this place
    monkeypatch.setattr(window, "ask_model_folder", lambda title: TINY_NER)
    window.actions["import_model"].trigger()
    assert window.banner.isVisible() and "Importing" in window.banner.label.text()  # in the background
    qtbot.waitUntil(lambda: window.glossary_panel.item_for(place) is not None, timeout=60_000)
    assert window.session.handle.path == TINY_MODEL.resolve()  # still translating with the same model
    wait_idle(qtbot, window)


def test_a_damaged_names_model_is_reported_and_names_are_still_found(qtbot, window, monkeypatch):
    from conftest import TINY_NER

    target = window.session.services.store.import_dir(TINY_NER, "damaged-ner")
    (target / "model.safetensors").write_bytes(b"\0" * 64)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    assert window.glossary_panel.item_for("قازاقستان") is not None  # the built-in recogniser took over
    assert window.error_banner.isVisible() and "could not be loaded" in window.error_banner.label.text()


def test_not_a_name_removes_the_entry(qtbot, window, monkeypatch):
    from reader.core.glossary.files import key_for

    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    asia = key_for("آسيا")
    assert window.glossary_panel.item_for(asia) is not None
    window.glossary_panel.not_a_name.emit(asia)
    assert window.glossary_panel.item_for(asia) is None  # at once
    wait_idle(qtbot, window)  # saved in the background
    assert window.session.services.user.glossary()[asia].not_a_name


def test_glossary_import_and_export(qtbot, window, monkeypatch, tmp_path):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_names(qtbot, window)
    source = tmp_path / "names.csv"
    source.write_text("arabic,type,english\nشيآن,LOC,Xian\nشيآن,LOC,Chang'an\n", encoding="utf-8")
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: source)
    window.glossary_panel.import_button.click()
    xian = window.glossary_panel.item_for
    qtbot.waitUntil(lambda: xian("شيان") is not None and xian("شيان").text(1) == "Chang'an", timeout=30_000)
    assert window.banner.isVisible() and "line 3 repeats line 2" in window.banner.label.text()
    out = tmp_path / "out.tbx"
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: out)
    window.glossary_panel.export_button.click()
    qtbot.waitUntil(out.exists, timeout=10_000)
    assert "Chang'an" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("arabic,english\nشيآن\n", encoding="utf-8")
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: bad)
    window.glossary_panel.import_button.click()
    qtbot.waitUntil(window.error_banner.isVisible, timeout=10_000)
    assert "line 2" in window.error_banner.label.text()
    assert window.session.services.user.glossary()["شيان"].english == "Chang'an"  # nothing lost
    wait_idle(qtbot, window)


def test_a_long_document_finds_its_names_in_the_helper_process(qtbot, window, tmp_path):
    from reader.gui.names import IN_PROCESS_LIMIT

    text = SAMPLE.read_text(encoding="utf-8")
    copies = IN_PROCESS_LIMIT // 20 + 1
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([text] * copies), encoding="utf-8")
    window.open_path(long)
    qtbot.waitUntil(lambda: window.session.document is not None, timeout=60_000)
    assert window.session.rows.rowCount() > IN_PROCESS_LIMIT
    qtbot.waitUntil(lambda: window.session.names.glossary is not None, timeout=120_000)
    assert window.session.services.names.alive  # found by the helper, not in this process
    assert int(window.glossary_panel.item_for("قازاقستان").text(2)) == 12 * copies
    wait_idle(qtbot, window)
