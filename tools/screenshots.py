"""The README's pictures, made from the real window: `python tools/screenshots.py [OUT_DIR]`.

- screenshot.png: the sample article translated by the tiny test model (CTranslate2), the compare
  panel on paragraph 4, the model and engine in the status bar;
- flagged.png: a news article the tiny model never saw: its confident but wrong English is flagged
  (numbers missing), the compare panel shows why;
- window-tanween.png: the tanween words as the window draws them (Qt's shaping), to set beside the
  PDF export's rendering (docs/pdf-tanween.png, made by the PDF export tests' tools).

Run it under a real X server to see the native style (`xvfb-run python tools/screenshots.py`);
offscreen works too. Dev only: it needs the tests' fixtures.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"
NEWS = ROOT / "benchmarks" / "corpus" / "news.txt"
TANWEEN = "وفقًا، دائمًا، يومًا، شقيقًا، مضيفًا، جارًا، وصديقًا"


def wait(app, condition, timeout: float = 300) -> None:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float = 0.5) -> None:
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        app.processEvents()
        time.sleep(0.01)


def tanween(out: Path) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextLayout, QTextOption

    font = QFont("Noto Naskh Arabic")
    font.setPixelSize(96)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)

    def laid_out(width: float) -> tuple[QTextLayout, object]:
        layout = QTextLayout(TANWEEN, font)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(width)
        layout.endLayout()
        return layout, line

    _, probe = laid_out(100_000)
    width = probe.naturalTextWidth() + 2
    layout, line = laid_out(width)
    image = QImage(int(width) + 80, int(line.height()) + 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    layout.draw(painter, QPointF(40, 30))
    painter.end()
    image.save(str(out))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reader.core.paths import AppPaths
    from reader.gui.application import build_window, register_fonts

    app = QApplication(sys.argv[:1])
    register_fonts()
    tanween(out / "window-tanween.png")
    with tempfile.TemporaryDirectory() as home:
        window = build_window(AppPaths.default({"READER_HOME": home}), str(TINY))
        window.resize(1400, 860)
        window.show()
        session = window.session
        window.open_path(SAMPLE)
        wait(app, lambda: session.document is not None)
        wait(app, lambda: session.rows.translated_count == session.rows.to_translate and not session.busy)
        wait(app, lambda: session.names.glossary is not None and not session.ops.running)
        window.go_to_row(3)
        window.compare_current()
        settle(app)
        window.grab().save(str(out / "screenshot.png"))

        window.open_path(NEWS)
        wait(app, lambda: session.document is not None and session.document.source == NEWS)
        wait(app, lambda: session.rows.translated_count == session.rows.to_translate and not session.busy)
        wait(app, lambda: not session.ops.running)
        flagged = session.rows.flagged()
        if flagged:
            window.go_to_row(flagged[0])
            window.compare_current()
        settle(app)
        window.grab().save(str(out / "flagged.png"))
        print(f"flagged paragraphs in {NEWS.name}: {len(flagged)} of {session.rows.rowCount()}")
        window.close()
        session.services.close()


if __name__ == "__main__":
    main()
