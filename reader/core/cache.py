"""The translation cache: SQLite in WAL mode, shared safely between processes.

A translation is worth keeping because making it costs seconds; losing the
cache costs only time. So the cache is disposable by design: a corrupt file is
moved aside (kept for inspection) and a fresh one started, and a full disk
turns into a warning, never into a lost translation on screen.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from reader.core.errors import CacheError
from reader.core.segment import model_text

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key     TEXT PRIMARY KEY,
    model   TEXT NOT NULL,
    payload TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(text: str, identity: str, context: str = "") -> str:
    """What the model reads of the source + model/revision/backend/settings identity + glossary context."""
    material = "\x1f".join((model_text(text), identity, context))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: Path
    entries: int
    size_bytes: int
    by_model: dict[str, int]


class TranslationCache:
    """Key → translation payload (JSON). Thread-safe; several processes may share it."""

    def __init__(self, path: Path, *, on_warning: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self._warn = on_warning or (lambda message: log.warning("%s", message))
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None

    # -- opening, and recovering from a broken file --------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                    raise CacheError(f"The translation cache at {self.path} cannot be opened: {exc}.") from None
                self._move_aside(exc)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"Cannot create the cache folder {self.path.parent}: {exc.strerror}.") from None
        # Switching a new file to WAL needs a moment alone with it; SQLite does not
        # wait for that by itself, so when another process is doing the same, retry.
        for attempt in range(100):
            try:
                return self._open_once()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.05 + 0.01 * attempt)
        return self._open_once()

    def _open_once(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            db.execute(_SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _move_aside(self, reason: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.replace(Path(str(aside) + suffix))
        self._warn(f"The translation cache was damaged ({reason}); it was moved to {aside.name} "
                   "and a new one started. Translations will be made again as needed.")

    def _run(self, action: Callable[[sqlite3.Connection], object]):
        """Run a query; on corruption found mid-session, start a fresh cache once."""
        with self._lock:
            try:
                return action(self._connect())
            except sqlite3.OperationalError as exc:
                if _is_disk_full(exc):
                    raise CacheError("The disk is full: this translation could not be saved to the cache "
                                     "(it is still shown). Free some space to keep new translations.") from None
                if not _is_corruption(exc):
                    raise CacheError(f"The translation cache could not be used: {exc}.") from None
                failure: Exception = exc
            except sqlite3.DatabaseError as exc:
                failure = exc
            self.close()
            self._move_aside(failure)
            return action(self._connect())

    # -- the cache proper ----------------------------------------------------------
    def get(self, key: str) -> dict | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, dict] = {}

        def query(db: sqlite3.Connection) -> None:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, payload in db.execute(
                        f"SELECT key, payload FROM translations WHERE key IN ({marks})", chunk):
                    try:
                        found[key] = json.loads(payload)
                    except json.JSONDecodeError:
                        continue  # one bad row is a miss, not a failure

        try:
            self._run(query)
        except CacheError as exc:
            self._warn(str(exc))
        return found

    def put(self, key: str, payload: dict, *, model: str) -> None:
        data = json.dumps(payload, ensure_ascii=False)
        self._run(lambda db: db.execute(
            "INSERT OR REPLACE INTO translations (key, model, payload, created) VALUES (?, ?, ?, ?)",
            (key, model, data, time.time())))

    def stats(self) -> CacheStats:
        rows = self._run(lambda db: db.execute(
            "SELECT model, COUNT(*) FROM translations GROUP BY model").fetchall())
        size = sum(Path(str(self.path) + s).stat().st_size for s in ("", "-wal")
                   if Path(str(self.path) + s).exists())
        by_model = {model: count for model, count in rows}
        return CacheStats(self.path, sum(by_model.values()), size, by_model)

    def clear(self) -> int:
        def wipe(db: sqlite3.Connection) -> int:
            removed = db.execute("DELETE FROM translations").rowcount
            db.execute("VACUUM")
            return removed

        return self._run(wipe)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _is_disk_full(exc: Exception) -> bool:
    return "full" in str(exc).lower()


def _is_corruption(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("malformed", "not a database", "corrupt", "integrity check", "file is encrypted"))
