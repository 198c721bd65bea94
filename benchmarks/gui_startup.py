"""How quickly the window shows the Arabic, how soon English arrives, how smooth it stays.

Starts the real window on the sample article with the tiny test model and
prints:
- time to the first painted window with the Arabic in it,
- time until the first English cell is filled,
- time until every paragraph is translated,
- the longest stall of the GUI thread meanwhile, measured by a 10 ms QTimer
  probe (how late its ticks arrive).

Three times, in fresh processes sharing one reader home: the first run
builds the model's fast (CTranslate2) copy once; the second, with the cache
emptied, translates with that copy (every later new article); the third
reopens the article from the cache. Runs offscreen unless QT_QPA_PLATFORM says otherwise. JSON on the
last line. Usage: python benchmarks/gui_startup.py [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(TINY))
    parser.add_argument("--home", help=argparse.SUPPRESS)  # one measured run in this reader home
    args = parser.parse_args()
    if args.home is None:
        import subprocess

        with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
            runs = {}
            for name in ("first_run", "new_article", "reopened"):
                if name == "new_article":
                    for cache in Path(home, "cache").glob("translations.sqlite3*"):
                        cache.unlink()
                out = subprocess.run([sys.executable, __file__, "--model", args.model, "--home", home],
                                     capture_output=True, text=True, check=True).stdout
                runs[name] = json.loads(out.strip().splitlines()[-1])
                print(f"{name}:\n" + "\n".join(f"{k:>24}: {v}" for k, v in runs[name].items()))
        print(json.dumps(runs))
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["READER_HOME"] = args.home

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.paths import AppPaths
    from reader.gui.application import build_window, register_fonts
    from reader.gui.paragraphmodel import RowState

    app = QApplication(sys.argv[:1])
    register_fonts()
    window = build_window(AppPaths.default(), args.model)
    marks: dict[str, float] = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt naming
            if event.type() == QEvent.Type.Paint and window.session.rows.rowCount() and "first_paint_arabic_s" not in marks:
                marks["first_paint_arabic_s"] = time.perf_counter() - START
            return False

    watch = PaintWatch()
    window.view.viewport().installEventFilter(watch)
    window.resize(1200, 800)
    window.show()
    window.open_path(SAMPLE)
    window.view.viewport().repaint()

    stalls = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        stalls.append(now - last[0] - 0.010)
        last[0] = now
        rows = window.session.rows.rows()
        if "first_english_s" not in marks and any(r.state in (RowState.DONE, RowState.CACHED) for r in rows):
            marks["first_english_s"] = now - START
        if rows and all(r.state in (RowState.DONE, RowState.CACHED) for r in rows) and not window.session.busy:
            marks["all_translated_s"] = now - START
            probe.stop()
            window.close()
            app.quit()

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    probe.start()
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    window.session.services.close()
    report = {k: round(v, 3) for k, v in marks.items()}
    report["longest_gui_stall_ms"] = round(max(stalls) * 1000, 1) if stalls else None
    report["paragraphs"] = 20
    for key, value in report.items():
        print(f"{key:>24}: {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
