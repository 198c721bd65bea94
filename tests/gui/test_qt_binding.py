"""The Qt binding itself: a long session must not wear out Python's None."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_references_balanced(qapp):
    """PySide6 6.12.0 decremented None's count on every void call; on Python 3.11 that aborts
    the process once a large document has been laid out."""
    label, layout = QLabel(), QTextLayout("نص", QFont())
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        layout.beginLayout()
        layout.endLayout()
    assert abs(sys.getrefcount(None) - before) < 50
