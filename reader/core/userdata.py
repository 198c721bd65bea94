"""The user's own work: edited translations (and, later, the glossary).

Kept apart from the translation cache on purpose: the cache is disposable and
may be cleared or rebuilt at any time; this file is never touched by that.
An edit belongs to the Arabic text it translates (normalised), so it follows
the paragraph wherever it appears, in this file or a re-saved copy of it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.segment import normalise_for_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS edits (
    source_hash TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    text        TEXT NOT NULL,
    updated     REAL NOT NULL
)
"""


class UserDataError(ReaderError):
    exit_code = 6


def source_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_key(text).encode("utf-8")).hexdigest()


class UserStore:
    """Edits by source paragraph. Every write is committed at once: nothing to lose on a crash."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode = WAL")
                db.execute(_SCHEMA)
            except (OSError, sqlite3.DatabaseError) as exc:
                # Never move the user's own data aside silently: say so and stop.
                raise UserDataError(f"Your edits file {self.path} cannot be opened ({exc}); "
                                    "it was left untouched.") from None
            self._db = db
        return self._db

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connect().execute(sql, args).fetchall()
            except sqlite3.OperationalError as exc:
                reason = "the disk is full" if "full" in str(exc).lower() else str(exc)
                raise UserDataError(f"Your edit could not be saved: {reason}.") from None

    def edit_for(self, source: str) -> str | None:
        rows = self._run("SELECT text FROM edits WHERE source_hash = ?", (source_hash(source),))
        return rows[0][0] if rows else None

    def edits_for(self, sources: list[str]) -> dict[int, str]:
        """Edits for many paragraphs at once, by index."""
        hashes = [source_hash(s) for s in sources]
        found: dict[str, str] = {}
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._run(f"SELECT source_hash, text FROM edits WHERE source_hash IN ({marks})", tuple(chunk)))
        return {i: found[h] for i, h in enumerate(hashes) if h in found}

    def set_edit(self, source: str, text: str) -> None:
        self._run("INSERT OR REPLACE INTO edits (source_hash, source, text, updated) VALUES (?, ?, ?, ?)",
                  (source_hash(source), source, text, time.time()))

    def revert(self, source: str) -> None:
        self._run("DELETE FROM edits WHERE source_hash = ?", (source_hash(source),))

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
