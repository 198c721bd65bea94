"""Where reader keeps its files: one place, decided once, passed in.

Nothing here touches the disk at import time; `app.py` builds an `AppPaths`
and hands it to whoever needs a directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reader"


@dataclass(frozen=True)
class AppPaths:
    cache_dir: Path   # translations: safe to delete, rebuilt on demand
    data_dir: Path    # models, the user's edits and glossary: never deleted by us
    config_dir: Path  # settings
    log_dir: Path | None = None  # where unexpected errors are written down (default: beside the cache)

    @classmethod
    def default(cls, environ: dict[str, str] | None = None) -> "AppPaths":
        """The platform's usual folders, or all under $READER_HOME when it is set."""
        environ = os.environ if environ is None else environ
        home = environ.get("READER_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(root / "cache", root / "data", root / "config", root / "logs")
        import platformdirs

        return cls(
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def log_file(self) -> Path:
        """The traceback of anything unexpected goes here, never to the user's terminal or screen."""
        return (self.log_dir or self.cache_dir / "logs") / "reader.log"

    @property
    def cache_db(self) -> Path:
        return self.cache_dir / "translations.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def user_db(self) -> Path:
        """Edits and glossary: the user's own work, kept apart from the disposable cache."""
        return self.data_dir / "user.sqlite3"
