"""Does a 5 MB Arabic text open quickly and scroll smoothly?

Writes the sample article repeated to 5 MB (about 12,300 paragraphs), opens
it in the window with no model installed (the file is read in a thread, names
are found in a helper process), scrolls a twentieth of the way every 200 ms, and measures how late
a 10 ms QTimer's ticks arrive: the GUI thread's stalls. JSON on the last line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.paths import AppPaths
    from reader.gui.application import build_window, register_fonts

    with tempfile.TemporaryDirectory() as tmp:
        text = SAMPLE.read_text(encoding="utf-8") + "\n\n"
        big = Path(tmp) / "big.txt"
        big.write_text(text * (5_000_000 // len(text.encode("utf-8")) + 1), encoding="utf-8")
        app = QApplication(sys.argv[:1])
        register_fonts()
        window = build_window(AppPaths.default({"READER_HOME": str(Path(tmp) / "home")}), None)
        window.resize(1200, 800)
        window.show()
        start = time.perf_counter()
        window.open_path(big)  # read in a thread: measure how late the GUI thread gets meanwhile
        opening_stalls, beat = [], time.perf_counter()
        while window.session.loading:
            app.processEvents()
            time.sleep(0.005)
            now = time.perf_counter()
            opening_stalls.append(now - beat)
            beat = now
        app.processEvents()
        report = {"megabytes": round(big.stat().st_size / 1e6, 1),
                  "paragraphs": window.session.rows.rowCount(),
                  "open_s": round(time.perf_counter() - start, 2),
                  "max_stall_while_opening_ms": round(max(opening_stalls, default=0) * 1000)}
        stalls, last = [], [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            stalls.append(now - last[0])
            last[0] = now

        def scroll() -> None:
            bar = window.view.verticalScrollBar()
            bar.setValue(bar.value() + bar.maximum() // 20)

        def finish() -> None:
            began = time.perf_counter()
            window.close()
            report["close_s"] = round(time.perf_counter() - began, 2)
            app.quit()

        probe, scroller = QTimer(), QTimer()
        probe.setInterval(10)
        probe.timeout.connect(tick)
        scroller.setInterval(200)
        scroller.timeout.connect(scroll)
        probe.start()
        scroller.start()
        QTimer.singleShot(8000, finish)
        app.exec()
        window.session.services.close()
    ordered = sorted(stalls)
    report["p99_stall_ms"] = round(ordered[int(len(ordered) * 0.99)] * 1000)
    report["max_stall_ms"] = round(ordered[-1] * 1000)
    for key, value in report.items():
        print(f"{key:>14}: {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
