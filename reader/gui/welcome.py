"""What the reading area shows before any document is open (or after one could not be): what to do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from reader.core.formats import SUPPORTED_EXTENSIONS


class WelcomePage(QWidget):
    open_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(False)  # the window takes the drop
        title = QLabel("<h2>Open an Arabic article</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        kinds = ", ".join(sorted({e.lstrip(".") for e in SUPPORTED_EXTENSIONS}))
        hint = QLabel(f"Drag a file here, or open one ({kinds}). The Arabic appears at once and its English "
                      "follows, translated on this computer.")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open…")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_requested)
        self.recent_label = QLabel("<b>Recent files</b>")
        self.recent = QListWidget()
        self.recent.setMaximumHeight(220)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(2)
        layout.setContentsMargins(80, 20, 80, 20)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name} — {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))
