"""Models and export in the window: what translates (and with which engine), getting a model, exporting."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import QUrl

from conftest import SAMPLE, TINY_MODEL
from gui.driving import TITLE_EN, open_with_dialog, shown, wait_all_translated, wait_idle
from reader.core.export import WRITERS
from reader.gui.exporting import ExportChoice, ExportDialog
from reader.gui.paragraphmodel import RowState


def test_the_status_bar_names_the_model_and_its_engine(qtbot, window, monkeypatch):
    assert window.models.status.text() == "Model: local:tiny-ar-en · memorised"  # known before it is loaded
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    qtbot.waitUntil(lambda: "memorised" in window.models.status.text(), timeout=5_000)
    menu = window.models.menu
    assert [a.text() for a in menu.actions()] == ["local:tiny-ar-en (a folder)"]
    assert menu.actions()[0].isChecked()


def test_switching_between_installed_models_from_the_menu(qtbot, window, monkeypatch, tiny_model):
    store = window.session.services.store
    store.import_dir(tiny_model, "first")
    store.import_dir(tiny_model, "second")
    window.models.use("first")
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    actions = {a.text(): a for a in window.models.menu.actions()}
    assert set(actions) == {"first", "second"} and actions["first"].isChecked()
    actions["second"].trigger()
    assert window.session.handle.id == "second"
    wait_all_translated(qtbot, window)
    assert window.models.status.text().startswith("Model: second")
    assert "second" in window.status.label.text() or shown(window, 0) == TITLE_EN


def test_no_model_banner_then_choose_a_folder(qtbot, make_window, monkeypatch):
    window = make_window(model=None)
    assert window.banner.isVisible() and "No translation model is installed" in window.banner.label.text()
    assert "`" not in window.banner.label.text() and "reader models" not in window.banner.label.text()
    assert [b.text() for b in window.banner.buttons] == ["Download", "Import a folder…", "Choose a folder…"]
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    monkeypatch.setattr(window, "ask_model_folder", lambda title: TINY_MODEL)
    window.banner.buttons[2].click()
    assert not window.banner.isVisible()
    wait_all_translated(qtbot, window)  # without reopening the file
    assert shown(window, 0) == TITLE_EN


def test_import_a_model_folder_from_the_banner_in_the_background(qtbot, make_window, monkeypatch, tiny_model):
    window = make_window(model=None)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    monkeypatch.setattr(window, "ask_model_folder", lambda title: tiny_model)
    window.banner.buttons[1].click()
    assert "Importing tiny-ar-en" in window.banner.label.text() and window.banner.progress.isVisible()
    qtbot.waitUntil(lambda: window.session.services.store.installed() == ["tiny-ar-en"], timeout=120_000)
    wait_all_translated(qtbot, window, timeout=120_000)
    assert window.session.handle.id == "tiny-ar-en"
    wait_idle(qtbot, window)


def test_the_offline_download_error_is_said_in_words(qtbot, make_window, monkeypatch):
    from reader.core.errors import NoConnection

    window = make_window(model=None)

    def offline(*args, **kwargs):
        raise NoConnection("cli words `reader models import DIR`", window="No internet connection: copy a model "
                           "folder from another computer and use Import.")

    monkeypatch.setattr(window.session.services.store, "download", offline)
    window.banner.buttons[0].click()
    qtbot.waitUntil(lambda: "No internet connection" in window.banner.label.text(), timeout=10_000)
    text = window.banner.label.text()
    assert "Errno" not in text and "`" not in text and "Import a folder…" in [b.text() for b in window.banner.buttons]


def test_a_damaged_model_folder_is_refused_with_the_reason(qtbot, make_window, monkeypatch, tiny_model):
    (tiny_model / "model.safetensors").write_bytes(b"\0" * 64)
    window = make_window(model=str(tiny_model), real=True)
    assert window.banner.isVisible() and "not a usable safetensors file" in window.banner.label.text()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    assert all(r.state is RowState.NO_MODEL for r in window.session.rows.rows())


def test_a_model_that_fails_to_load_marks_rows_failed_with_the_reason(qtbot, make_window, monkeypatch):
    from conftest import MemorisedEngine
    from reader.core.errors import ModelError

    class WillNotLoad(MemorisedEngine):
        def translate_batch(self, sentences, settings, cancel=None):
            raise ModelError("The model in /models/x could not be loaded: out of memory.")

    window = make_window(engine=WillNotLoad())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    qtbot.waitUntil(lambda: all(r.state is RowState.FAILED for r in window.session.rows.rows()), timeout=30_000)
    rows = window.session.rows
    assert "could not be loaded" in rows.row(19).error
    assert "could not be loaded" in rows.data(rows.index(0), 3)  # the tooltip says why
    assert window.error_banner.isVisible() and not window.session.busy
    wait_idle(qtbot, window)


def test_export_dialog_defaults_and_remembered_choices(qtbot, window, monkeypatch, tmp_path):
    state = window.state
    dialog = ExportDialog(window, state, "xinhua", "side-by-side")
    assert dialog.path.text().endswith("xinhua.bilingual.pdf")  # not NAME.ar.pdf: it is both languages
    assert not dialog.glossary.isChecked() and not dialog.flags.isChecked()  # the command line's defaults
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert dialog.path.text().endswith("xinhua.bilingual.html") and dialog.flags.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData("tmx"))
    assert not dialog.glossary.isEnabled() and not dialog.layout_box.isEnabled()
    state.save_export(tmp_path, format="docx", layout="interleaved", paper="letter", glossary=True)
    again = ExportDialog(window, state, "xinhua", "side-by-side")
    choice = again.choice()
    assert choice.writer.name == "docx" and choice.layout == "interleaved" and choice.glossary
    assert choice.path == tmp_path / "xinhua.bilingual.docx"  # in the last export folder


def test_export_choices_reach_the_writer_and_the_file_can_be_opened(qtbot, window, monkeypatch, tmp_path):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    out = tmp_path / "sample.bilingual.docx"
    docx = next(w for w in WRITERS if w.name == "docx")
    monkeypatch.setattr(window, "ask_export", lambda: ExportChoice(out, docx, layout="interleaved", glossary=True))
    opened = []
    monkeypatch.setattr("reader.gui.exporting.QDesktopServices.openUrl", lambda url: opened.append(url))
    window.actions["export_dialog"].trigger()
    qtbot.waitUntil(lambda: out.exists() and window.banner.isVisible(), timeout=30_000)
    body = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert TITLE_EN in body and "Places" in body  # the glossary appendix, named as the window names it
    assert "<w:tbl>" not in body.split(">Glossary<")[0]  # interleaved: paragraphs, not a two-column table
    assert [b.text() for b in window.banner.buttons] == ["Open", "Show in folder"]
    window.banner.buttons[0].click()
    window.banner.buttons[1].click()
    assert opened == [QUrl.fromLocalFile(str(out)), QUrl.fromLocalFile(str(tmp_path))]
    assert window.state.export_folder == str(tmp_path)
    wait_idle(qtbot, window)


def test_an_export_to_a_read_only_file_is_refused_before_any_work(qtbot, window, monkeypatch, tmp_path):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    out = tmp_path / "locked.html"
    out.write_text("mine", encoding="utf-8")
    out.chmod(0o444)
    monkeypatch.setattr(window, "ask_export", lambda: ExportChoice(out, WRITERS[1]))
    window.actions["export_dialog"].trigger()
    assert window.error_banner.isVisible() and "read-only" in window.error_banner.label.text()
    assert out.read_text(encoding="utf-8") == "mine"
