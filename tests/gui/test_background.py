"""Background work: every job goes through one helper, a bug in any of them is shown (never silence),
the user's edits are never lost, and quitting never waits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import ROOT, SAMPLE, TINY_MODEL
from gui.driving import click_row, open_with_dialog, shown, wait_all_translated, wait_idle, wait_names

BUG = "Something went wrong inside reader"


def boom(*args, **kwargs):
    raise RuntimeError("planted bug")


def wait_bug_shown(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.error_banner.isVisible() and BUG in window.error_banner.label.text(),
                    timeout=30_000)
    assert "RuntimeError" in window.error_banner.label.text()
    log = window.session.services.paths.log_file
    assert str(log) in window.error_banner.label.text() and "planted bug" in log.read_text(encoding="utf-8")


def test_a_bug_while_translating_is_shown_and_the_rows_say_so(qtbot, make_window, monkeypatch):
    from conftest import MemorisedEngine

    class Broken(MemorisedEngine):
        translate_batch = boom

    window = make_window(engine=Broken())
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_bug_shown(qtbot, window)
    from reader.gui.paragraphmodel import RowState

    qtbot.waitUntil(lambda: window.session.rows.row(0).state is RowState.FAILED, timeout=10_000)
    assert "bug" in window.session.rows.row(0).error
    wait_idle(qtbot, window)


def test_a_bug_while_finding_names_is_shown(qtbot, window, monkeypatch):
    monkeypatch.setattr("reader.gui.names.build_glossary", boom)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_applying_a_correction_is_shown(qtbot, window, monkeypatch):
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    wait_names(qtbot, window)
    monkeypatch.setattr(type(window.session.names.glossary), "apply_many", boom)
    window.glossary_panel.item_for("قازاقستان").setText(1, "Qazaqstan")
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_looking_up_the_cache_is_shown(qtbot, window, monkeypatch):
    from reader.core.translate import CachedTranslator

    monkeypatch.setattr(CachedTranslator, "cached", boom)
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_comparing_models_is_shown(qtbot, window, monkeypatch, tiny_model):
    window.session.services.store.import_dir(tiny_model, "second-model")
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    click_row(qtbot, window, 0)
    monkeypatch.setattr(window.session.translation, "_make", boom)
    window.compare.others_button.setEnabled(True)
    window.compare.others_button.click()
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_exporting_is_shown(qtbot, window, monkeypatch, tmp_path):
    from reader.core.export import WRITERS
    from reader.gui.exporting import ExportChoice

    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    monkeypatch.setattr("reader.gui.exporting.export", boom)
    monkeypatch.setattr(window, "ask_export", lambda: ExportChoice(tmp_path / "a.html", WRITERS[1]))
    window.actions["export_dialog"].trigger()
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)
    assert not (tmp_path / "a.html").exists()


@pytest.mark.parametrize("action, method", [("download_default_model", "download"), ("import_model", "import_dir")])
def test_a_bug_while_installing_a_model_is_shown(qtbot, window, monkeypatch, tmp_path, action, method):
    monkeypatch.setattr(window.session.services.store, method, boom)
    monkeypatch.setattr(window, "ask_model_folder", lambda title: tmp_path)
    window.actions[action].trigger()
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_importing_a_glossary_is_shown(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr("reader.core.glossary.files.read_glossary", boom)
    monkeypatch.setattr(window, "ask_glossary_path", lambda saving: tmp_path / "names.csv")
    window.glossary_panel.import_button.click()
    wait_bug_shown(qtbot, window)
    wait_idle(qtbot, window)


def test_a_bug_while_reading_a_file_is_logged_and_said_plainly(qtbot, window, monkeypatch):
    from gui.slowloading import broken_load

    window.session.loader = broken_load
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    assert window.error_banner.isVisible() and "documents helper failed" in window.error_banner.label.text()
    assert "planted bug in a loader" in window.session.services.paths.log_file.read_text(encoding="utf-8")


def test_a_bug_in_a_slot_goes_to_the_log_not_the_void(qtbot, window):
    from reader.gui.application import install_excepthook

    previous = sys.excepthook
    install_excepthook(window)
    try:
        try:
            raise RuntimeError("planted bug")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # what Python does for an exception escaping a Qt slot
        wait_bug_shown(qtbot, window)
    finally:
        sys.excepthook = previous


def test_edits_are_kept_in_the_window_while_they_cannot_be_saved(qtbot, window, monkeypatch):
    from reader.core.userdata import UserDataError, UserStore

    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)
    wait_all_translated(qtbot, window)
    failing = {"on": True}
    real = UserStore.set_edit

    def set_edit(self, source, text):
        if failing["on"]:
            raise UserDataError("Your change could not be saved: the disk is full.")
        return real(self, source, text)

    monkeypatch.setattr(UserStore, "set_edit", set_edit)
    click_row(qtbot, window, 19)
    window.compare.editor.setPlainText("Edited by: Chen Luyi")
    window.compare.save_button.click()
    assert shown(window, 19) == "Edited by: Chen Luyi"  # kept, and shown
    assert "disk is full" in window.error_banner.label.text() and "kept in this window" in window.error_banner.label.text()
    open_with_dialog(qtbot, window, SAMPLE, monkeypatch)  # reopening does not lose it either
    assert shown(window, 19) == "Edited by: Chen Luyi"
    monkeypatch.setattr(window, "ask_quit_unsaved", lambda count: False)
    window.close()
    assert window.isVisible()  # "quit without saving?" answered no: the window stays
    failing["on"] = False
    window.session.save_pending()
    assert window.session.services.user.edit_for("تحرير: تشن لو يي") == "Edited by: Chen Luyi"
    assert window.session.unsaved == 0


QUIT_PROBE = textwrap.dedent("""
    import os, sys, threading, time
    sys.path.insert(0, {tests!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from reader.gui import application
    from conftest import fake_translators, SAMPLE

    def main():
        app = QApplication([])
        paths = application.AppPaths.default()
        translators = fake_translators(paths.cache_db)
        real = translators

        def make(handle, **kw):
            translator = real(handle, **kw)
            inner = translator._make_inner
            def slow():
                loaded = inner()  # says "loading the model"...
                time.sleep(60)    # ...and takes its time, like importing torch on a slow machine
                return loaded
            translator._make_inner = slow
            return translator

        window = application.build_window(paths, {model!r}, make_translator=make)
        window.show()
        window.session.model_loading.connect(lambda label: QTimer.singleShot(
            200, lambda: (print("quitting", flush=True), window.close())))
        window.open_path(SAMPLE)
        code = app.exec()
        busy = bool(window.session.ops.running) or any(window.session.ops.threads_alive())
        window.session.services.close()
        print("closed", busy, flush=True)
        if busy:
            os._exit(code)
        return code

    if __name__ == "__main__":
        sys.exit(main())
""")


def test_quitting_while_the_model_loads_does_not_wait_for_it(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(QUIT_PROBE.format(tests=str(ROOT / "tests"), model=str(TINY_MODEL)), encoding="utf-8")
    env = {**os.environ, "READER_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, str(probe)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    began = None
    for line in process.stdout:
        if line.startswith("quitting"):
            began = time.monotonic()
        if line.startswith("closed"):
            break
    process.wait(timeout=30)
    took = time.monotonic() - began  # from Ctrl+Q to the process gone
    assert process.returncode == 0, process.stderr.read()
    assert took < 5  # the model would have taken 60 s: nothing waited for it
    process.stdout.close()
    process.stderr.close()
