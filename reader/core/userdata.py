"""The user's own work: edited translations and the glossary.

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
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.segment import normalise_for_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS edits (
    source_hash TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    text        TEXT NOT NULL,
    updated     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS glossary (
    key        TEXT NOT NULL,            -- normalised, clitic-free Arabic
    scope      TEXT NOT NULL DEFAULT '', -- '' for every document, else a document fingerprint
    arabic     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    english    TEXT NOT NULL DEFAULT '',
    not_a_name INTEGER NOT NULL DEFAULT 0,
    previous   TEXT NOT NULL DEFAULT '', -- earlier renderings, '|'-separated: spellings to replace
    updated    REAL NOT NULL,
    PRIMARY KEY (key, scope)
);
CREATE TABLE IF NOT EXISTS aliases (
    alias  TEXT NOT NULL,
    scope  TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL,
    PRIMARY KEY (alias, scope)
);
"""


@dataclass(frozen=True)
class GlossaryItem:
    key: str
    arabic: str
    kind: str
    english: str
    scope: str = ""
    not_a_name: bool = False
    previous: tuple[str, ...] = ()


class UserDataError(ReaderError):
    exit_code = 6


def source_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_key(text).encode("utf-8")).hexdigest()


class UserStore:
    """Edits by source paragraph, and the glossary. Every write is committed at once.

    Reading never changes the file: it is opened read-only (no journal switch,
    no schema written), so a read-only data folder or a damaged file is
    reported instead of being "repaired", and a command that only reads (an
    export) can fail rather than silently leave the user's work out. A missing
    file is simply no work yet. The first write opens it for writing.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None

    def _for_reading(self) -> sqlite3.Connection | None:
        if self._writer is not None:
            return self._writer
        if self._reader is None:
            if not self.path.exists():
                return None
            self._reader = self._open_read_only()
        return self._reader

    def _open_read_only(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri()
        last: Exception | None = None
        # A WAL file in a folder we may not write needs immutable=1 to be read at all.
        for suffix in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(uri + suffix, uri=True, timeout=30, check_same_thread=False,
                                     isolation_level=None)
                db.execute("PRAGMA schema_version").fetchone()
                return db
            except sqlite3.DatabaseError as exc:
                last = exc
                if "unable to open" not in str(exc) and "readonly" not in str(exc):
                    break
        raise UserDataError(f"Your edits and glossary in {self.path} cannot be read ({last}); the file was "
                            "left untouched.") from None

    def _for_writing(self) -> sqlite3.Connection:
        if self._writer is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode = WAL")
                db.executescript(_SCHEMA)
            except (OSError, sqlite3.DatabaseError) as exc:
                # Never move the user's own data aside silently: say so and stop.
                raise UserDataError(f"Your edits and glossary in {self.path} cannot be saved ({_reason(exc)}); "
                                    "the file was left untouched.") from None
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            self._writer = db
        return self._writer

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            db = self._for_reading()
            if db is None:
                return []
            try:
                return db.execute(sql, args).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []  # written by an older reader, or never written to: no such work yet
                raise UserDataError(f"Your edits and glossary in {self.path} cannot be read ({exc}).") from None
            except sqlite3.DatabaseError as exc:
                raise UserDataError(f"Your edits and glossary in {self.path} cannot be read ({exc}); the file "
                                    "was left untouched.") from None

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._for_writing().execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                raise UserDataError(f"Your change could not be saved: {_reason(exc)}.") from None

    def edit_for(self, source: str) -> str | None:
        rows = self._read("SELECT text FROM edits WHERE source_hash = ?", (source_hash(source),))
        return rows[0][0] if rows else None

    def edits_for(self, sources: list[str]) -> dict[int, str]:
        """Edits for many paragraphs at once, by index."""
        hashes = [source_hash(s) for s in sources]
        found: dict[str, str] = {}
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._read(f"SELECT source_hash, text FROM edits WHERE source_hash IN ({marks})", tuple(chunk)))
        return {i: found[h] for i, h in enumerate(hashes) if h in found}

    def set_edit(self, source: str, text: str) -> None:
        self._run("INSERT OR REPLACE INTO edits (source_hash, source, text, updated) VALUES (?, ?, ?, ?)",
                  (source_hash(source), source, text, time.time()))

    def revert(self, source: str) -> None:
        self._run("DELETE FROM edits WHERE source_hash = ?", (source_hash(source),))

    # -- the glossary ------------------------------------------------------------------
    def glossary(self, document: str | None = None) -> dict[str, GlossaryItem]:
        """The user's entries by key: global ones, overridden by this document's own."""
        rows = self._read("SELECT key, arabic, kind, english, scope, not_a_name, previous FROM glossary "
                         "WHERE scope = '' OR scope = ? ORDER BY scope = '' DESC", (document or "",))
        items: dict[str, GlossaryItem] = {}
        for key, arabic, kind, english, scope, not_a_name, previous in rows:
            items[key] = GlossaryItem(key, arabic, kind, english, scope, bool(not_a_name),
                                      tuple(p for p in previous.split("|") if p))
        return items

    def set_rendering(self, key: str, arabic: str, kind: str, english: str, *, scope: str = "",
                      not_a_name: bool = False) -> None:
        old = self._read("SELECT english, previous FROM glossary WHERE key = ? AND scope = ?", (key, scope))
        previous = [p for p in (old[0][1].split("|") if old else []) if p]
        if old and old[0][0] and old[0][0] != english and old[0][0] not in previous:
            previous.append(old[0][0])
        self._run("INSERT OR REPLACE INTO glossary (key, scope, arabic, kind, english, not_a_name, previous, updated) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (key, scope, arabic, kind, english, int(not_a_name), "|".join(previous), time.time()))

    def remove_rendering(self, key: str, *, scope: str = "") -> None:
        self._run("DELETE FROM glossary WHERE key = ? AND scope = ?", (key, scope))

    def replace_glossary(self, items: list[GlossaryItem]) -> None:
        """Add or update many entries in one transaction: all of them, or none."""
        with self._lock:
            db = self._for_writing()
            try:
                db.execute("BEGIN")
                for item in items:
                    db.execute("INSERT OR REPLACE INTO glossary (key, scope, arabic, kind, english, not_a_name, "
                               "previous, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (item.key, item.scope, item.arabic, item.kind, item.english, int(item.not_a_name),
                                "|".join(item.previous), time.time()))
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise UserDataError(f"The glossary could not be saved ({_reason(exc)}); nothing was changed.") from None

    def aliases(self, document: str | None = None) -> dict[str, str]:
        rows = self._read("SELECT alias, target FROM aliases WHERE scope = '' OR scope = ? ORDER BY scope = '' DESC",
                         (document or "",))
        return dict(rows)

    def merge(self, alias: str, target: str, *, scope: str = "") -> None:
        self._run("INSERT OR REPLACE INTO aliases (alias, scope, target) VALUES (?, ?, ?)", (alias, scope, target))

    def split(self, alias: str, *, scope: str = "") -> None:
        self._run("DELETE FROM aliases WHERE alias = ? AND scope = ?", (alias, scope))

    def close(self) -> None:
        with self._lock:
            for db in (self._reader, self._writer):
                if db is not None:
                    db.close()
            self._reader = self._writer = None


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "full" in text.lower() or "disk i/o" in text.lower() or getattr(exc, "errno", None) == 28:
        return "the disk is full (or cannot be written)"
    if "readonly" in text.lower() or "read-only" in text.lower() or isinstance(exc, PermissionError):
        return "the folder or file is read-only"
    return getattr(exc, "strerror", None) or text
