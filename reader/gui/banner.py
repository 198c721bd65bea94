"""A message bar across the top of the window: a sentence, a few buttons, maybe a progress bar."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton

_STYLES = {
    "info": "QFrame#banner { background: palette(alternate-base); border-bottom: 1px solid palette(mid); }",
    "error": "QFrame#banner { background: rgba(215, 58, 73, 40); border-bottom: 1px solid rgba(215, 58, 73, 120); }",
}


class Banner(QFrame):
    def __init__(self, kind: str = "info", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(_STYLES[kind])
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(self.label.textInteractionFlags())
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self._layout.addWidget(self.label, 1)
        self._layout.addWidget(self.progress)
        self.buttons: list[QPushButton] = []
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self._close = close
        self._layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, actions: list[tuple[str, Callable[[], None]]] = (),
                     progress: bool = False) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for label, slot in actions:
            button = QPushButton(label)
            button.clicked.connect(slot)
            self._layout.insertWidget(self._layout.count() - 1, button)
            self.buttons.append(button)
        self.label.setText(text)
        self.progress.setVisible(progress)
        if progress:
            self.progress.setRange(0, 0)
        self.show()

    def set_progress(self, done: int, total: int) -> None:
        self.progress.show()
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
            self.progress.setFormat(f"{done / 1e6:.0f} / {total / 1e6:.0f} MB")
