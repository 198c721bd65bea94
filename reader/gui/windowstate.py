"""What the window remembers between runs, typed: one place that reads and writes reader.ini.

QSettings hands back strings, lists or nothing depending on the platform and
on what was stored; every value here is checked and falls back to a
sensible default, so a hand-edited or damaged settings file never stops the
window from opening.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

MAX_RECENT = 10


class WindowState:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    # -- typed reading ------------------------------------------------------------------
    def _bool(self, key: str, default: bool) -> bool:
        value = self.settings.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def _str(self, key: str, default: str) -> str:
        value = self.settings.value(key, default)
        return value if isinstance(value, str) else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # -- geometry ------------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("geometry")

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("splitter")

    def save_geometry(self, geometry: QByteArray, splitter: QByteArray) -> None:
        self.settings.setValue("geometry", geometry)
        self.settings.setValue("splitter", splitter)

    # -- view ------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        try:
            zoom = float(self.settings.value("zoom", 1.0))
        except (TypeError, ValueError):
            return 1.0
        return min(max(zoom, 0.5), 3.0)

    @zoom.setter
    def zoom(self, value: float) -> None:
        self.settings.setValue("zoom", value)

    @property
    def layout(self) -> str:
        return self._str("layout", "arabic-right")

    @layout.setter
    def layout(self, value: str) -> None:
        self.settings.setValue("layout", value)

    @property
    def side_panel(self) -> bool:
        return self._bool("side_panel", True)

    @side_panel.setter
    def side_panel(self, shown: bool) -> None:
        self.settings.setValue("side_panel", shown)

    # -- files -------------------------------------------------------------------------------
    @property
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or [] if v][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.recent_files if p != str(path)]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_folder", str(Path(path).parent))

    def forget(self, path: str) -> None:
        self.settings.setValue("recent_files", [p for p in self.recent_files if p != path])

    @property
    def last_folder(self) -> str:
        folder = self._str("last_folder", "")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    # -- export --------------------------------------------------------------------------------
    @property
    def export_folder(self) -> str:
        """The last export's folder; the first time, the user's Documents folder."""
        folder = self._str("export/folder", "")
        if folder and Path(folder).is_dir():
            return folder
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def export_choice(self, name: str, default: str) -> str:
        return self._str(f"export/{name}", default)

    def export_flag(self, name: str, default: bool) -> bool:
        return self._bool(f"export/{name}", default)

    def save_export(self, folder: Path, **choices) -> None:
        self.settings.setValue("export/folder", str(folder))
        for name, value in choices.items():
            self.settings.setValue(f"export/{name}", value)

    def sync(self) -> None:
        self.settings.sync()
