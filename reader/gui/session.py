"""A reading session: the open document, its rows, and the work the worker does on them.

The window shows; the session decides. It opens documents, asks the worker
for cached translations first (no model needed), then for the missing ones in
small chunks, visible rows first, so scrolling reprioritises the work. It keeps
the user's edits in the user store, never in the cache.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from reader.core.backends import build_translator
from reader.core.cache import TranslationCache
from reader.core.document import Document
from reader.core.errors import ModelError
from reader.core.models import ModelHandle, ModelStore
from reader.core.paths import AppPaths
from reader.core.translate import Translation
from reader.core.userdata import UserDataError, UserStore
from reader.gui.paragraphmodel import ParagraphModel, RowState
from reader.gui.worker import TranslationWorker, WorkerThread

CHUNK = 6        # paragraphs per request: small enough to re-prioritise often
FIRST_CHUNK = 2  # the first request is smaller still, so English appears as soon as possible


@dataclass
class Services:
    """What a session needs from the outside world, built once by the application."""

    paths: AppPaths
    store: ModelStore
    cache: TranslationCache
    user: UserStore

    @classmethod
    def create(cls, paths: AppPaths, store: ModelStore) -> "Services":
        return cls(paths, store, TranslationCache(paths.cache_db), UserStore(paths.user_db))

    def close(self) -> None:
        self.cache.close()
        self.user.close()


class ReadingSession(QObject):
    document_opened = Signal(object)         # Document
    open_failed = Signal(str)                # message
    loading_changed = Signal(bool)           # a file is being read
    progress = Signal(int, int)              # done, total
    busy_changed = Signal(bool)
    model_missing = Signal(str)              # why, and how to get one
    model_ready = Signal(str)                # label
    model_loading = Signal()
    message = Signal(str)                    # a warning worth showing
    compared = Signal(int, str, object)      # row, model label, Translation | error text
    glossary_ready = Signal(object)          # DocumentGlossary

    _request = Signal(int, object, bool)                 # to the worker: epoch, items, refresh
    _compare_request = Signal(int, int, str, object)     # epoch, row, text, factories
    _factory = Signal(object)
    _key_context = Signal(object)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.rows = ParagraphModel(self)
        self.handle: ModelHandle | None = None
        self.glossary = None                 # DocumentGlossary, once the names are found
        self._user_glossary: dict = {}       # the user's renderings, read when a document opens
        self._glossary_jobs: list = []
        self._opened = 0                     # counts documents: a names job answers for one of them
        self._tickets = 0                    # counts files asked for: a load answers for one of them
        self._loading: int | None = None     # the ticket of the file being read, if any
        self._load_jobs: list = []
        self._translated: dict[int, Translation] = {}   # the machine translations shown, by row
        self._spelling_queue: dict[str, None] = {}       # names to look up in them (an ordered set)
        self._keys_by_row: dict[int, list[str]] = {}
        self._spellings = QTimer(self, singleShot=True)
        self._spellings.timeout.connect(self._read_model_spellings)
        self.epoch = 0
        self._pending: list[int] = []
        self._outstanding = 0
        self._visible = (0, -1)
        self._done = 0
        self._total = 0
        self._busy = False
        self.worker = TranslationWorker()
        self.thread = WorkerThread(self.worker, self)
        self._request.connect(self.worker.translate)
        self._compare_request.connect(self.worker.compare)
        self._factory.connect(self.worker.set_factory)
        self._key_context.connect(self.worker.set_key_context)
        self.worker.translated.connect(self._on_translated)
        self.worker.failed.connect(self._on_failed)
        self.worker.chunk_done.connect(self._on_chunk_done)
        self.worker.warning.connect(self.message)
        self.worker.model_loading.connect(self.model_loading)
        self.worker.compared.connect(self._on_compared)
        self.thread.start()

    @property
    def document(self) -> Document | None:
        return self.rows.document

    @property
    def busy(self) -> bool:
        return self._busy

    # -- models ------------------------------------------------------------------------
    def select_model(self, name: str | None) -> bool:
        """Use a model (catalogue id, installed id or folder); False if none can be used."""
        try:
            handle = self.services.store.resolve(name)
        except ModelError as exc:
            self.handle = None
            self._factory.emit(None)
            self.model_missing.emit(str(exc))
            return False
        self.handle = handle
        self._factory.emit(self._factory_for(handle))
        self.model_ready.emit(handle.label)
        if self.document is not None:
            self.translate_remaining()
        return True

    def _factory_for(self, handle: ModelHandle):
        cache = self.services.cache

        def make(on_warning, on_load):
            return build_translator(handle, cache, on_warning=on_warning, on_load=on_load)
        return make

    def _context(self):
        from reader.core.glossary import glossary_context

        return glossary_context(self._user_glossary)

    def other_models(self) -> list[ModelHandle]:
        store = self.services.store
        handles = []
        for model_id in store.installed():
            if self.handle is None or model_id != self.handle.id:
                try:
                    handles.append(store.resolve(model_id))
                except ModelError:
                    continue
        return handles

    # -- documents ---------------------------------------------------------------------
    def open(self, path: Path) -> None:
        """Read a file in a thread; document_opened or open_failed follows (the open document stays till then)."""
        from reader.gui.documentjob import DocumentLoad

        self._tickets += 1
        self._loading = self._tickets
        job = DocumentLoad(self._tickets, Path(path), self)
        job.loaded.connect(self._on_loaded)
        job.failed.connect(self._on_load_failed)
        job.finished.connect(lambda: self._load_jobs.remove(job) if job in self._load_jobs else None)
        self._load_jobs.append(job)
        job.start()
        self.loading_changed.emit(True)

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def cancel_open(self) -> None:
        """Stop waiting for the file being read; the open document stays."""
        if self._loading is not None:
            self._loading = None
            self.loading_changed.emit(False)

    @Slot(int, object)
    def _on_loaded(self, ticket: int, document: Document) -> None:
        if ticket != self._loading:
            return  # cancelled, or another file was asked for since
        self._loading = None
        self.loading_changed.emit(False)
        self.show(document)

    @Slot(int, str)
    def _on_load_failed(self, ticket: int, message: str) -> None:
        if ticket != self._loading:
            return
        self._loading = None
        self.loading_changed.emit(False)
        self.open_failed.emit(message)

    def show(self, document: Document) -> None:
        self._new_epoch()
        self._opened += 1
        self.glossary = None
        self._translated.clear()
        self._spelling_queue.clear()
        self._keys_by_row.clear()
        try:
            edits = self.services.user.edits_for([p.text for p in document.paragraphs])
            self._user_glossary = self.services.user.glossary(document.fingerprint)
        except UserDataError as exc:
            self.message.emit(str(exc))
            edits = {}
            self._user_glossary = {}
        self._key_context.emit(self._context())
        self.rows.set_document(document, edits)
        self._find_names(document)
        self.document_opened.emit(document)
        self._pending = list(range(len(document.paragraphs)))
        self._done, self._total = 0, len(self._pending)
        self._lookup_cached()
        self._pump()

    def _lookup_cached(self) -> None:
        """Cached translations go straight in: a cached article never waits for the model."""
        if self.handle is None or not self._pending:
            return
        translator = build_translator(self.handle, self.services.cache, on_warning=self.message.emit,
                                      key_context=self._context())
        texts = [self.rows.row(r).paragraph.text for r in self._pending]
        found = translator.cached(texts)
        for i, translation in found.items():
            self._set_translation(self._pending[i], translation)
        self._pending = [r for i, r in enumerate(self._pending) if i not in found]
        self._done = len(found)
        self._emit_progress()

    # -- scheduling --------------------------------------------------------------------
    def set_visible(self, first: int, last: int) -> None:
        self._visible = (first, last)

    def translate_remaining(self) -> None:
        """Queue every row that has no machine translation yet (after a cancel or a new model)."""
        self._new_epoch()
        self._pending = self.rows.untranslated()
        for row in self._pending:
            if self.rows.row(row).state is RowState.FAILED:
                self.rows.set_state([row], RowState.WAITING)
        self._done, self._total = 0, len(self._pending)
        self._lookup_cached()
        self._pump()

    def cancel(self) -> None:
        """Stop after the current sentence batch; what is translated stays."""
        self._cancel.set()
        waiting = [r for r in self.rows.rows_in_state(RowState.TRANSLATING)]
        self._pending = []
        self.rows.set_state(waiting, RowState.WAITING)
        self._new_epoch()
        self._set_busy(False)

    def _new_epoch(self) -> None:
        if hasattr(self, "_cancel"):
            self._cancel.set()
        self.epoch += 1
        self._cancel = threading.Event()
        self.worker.set_epoch(self.epoch)
        self.worker.cancel_event = self._cancel
        self._outstanding = 0
        self._first_chunk = True

    def _next_chunk(self) -> list[int]:
        first, last = self._visible
        pending = self._pending
        visible = [r for r in pending if first <= r <= last]
        after = [r for r in pending if r > last]
        before = [r for r in pending if r < first]
        ordered = visible + after + before
        return ordered[:FIRST_CHUNK if self._first_chunk else CHUNK]

    def _pump(self) -> None:
        if self.handle is None or self._outstanding or not self._pending:
            self._set_busy(bool(self._outstanding) or (bool(self._pending) and self.handle is not None))
            return
        chunk = self._next_chunk()
        self._first_chunk = False
        chosen = set(chunk)
        self._pending = [r for r in self._pending if r not in chosen]
        self.rows.set_state(chunk, RowState.TRANSLATING)
        self._outstanding += 1
        self._set_busy(True)
        self._request.emit(self.epoch, [(r, self.rows.row(r).paragraph.text) for r in chunk], False)

    def retranslate(self, row: int) -> None:
        """Translate one paragraph again, ignoring the cache (the new result replaces it)."""
        if self.handle is None:
            self.message.emit("No translation model is installed.")
            return
        self.rows.set_state([row], RowState.TRANSLATING)
        self._outstanding += 1
        self._total += 1
        self._set_busy(True)
        self._request.emit(self.epoch, [(row, self.rows.row(row).paragraph.text)], True)

    def compare_models(self, row: int) -> int:
        """Ask every other installed model for this paragraph; returns how many were asked."""
        cache = self.services.cache
        factories = []
        for handle in self.other_models():
            def make(on_warning, on_load, handle=handle):
                return build_translator(handle, cache, on_warning=on_warning, on_load=on_load)
            factories.append((handle.label, make))
        if factories:
            self._compare_request.emit(self.epoch, row, self.rows.row(row).paragraph.text, factories)
        return len(factories)

    # -- the glossary --------------------------------------------------------------------
    def _set_translation(self, row: int, translation: Translation) -> None:
        held = None
        self._translated[row] = translation
        if self.glossary is not None:
            enforced = self.glossary.apply(row, translation)
            held = enforced.text if enforced.patched else None
            self._spelling_queue.update(dict.fromkeys(self._keys_by_row.get(row, ())))
            if self._spelling_queue and not self._spellings.isActive():
                self._spellings.start(300)  # at most every 300 ms while translations stream in
        self.rows.set_translation(row, translation, held)

    def _find_names(self, document: Document) -> None:
        from reader.gui.glossaryjob import GlossaryJob

        job = GlossaryJob(self._opened, document, self.services.user, self,
                          recogniser_path=self.services.store.recogniser())
        job.done.connect(self._on_glossary)
        job.failed.connect(lambda opened, message: opened == self._opened and self.message.emit(message))
        job.warning.connect(lambda opened, message: opened == self._opened and self.message.emit(message))
        job.finished.connect(lambda: self._glossary_jobs.remove(job) if job in self._glossary_jobs else None)
        self._glossary_jobs.append(job)
        job.start()

    def find_names_again(self) -> None:
        """After a names model is installed: the open document's names, found with it."""
        if self.document is not None:
            self._opened += 1  # the answer of a job already running is stale
            self._find_names(self.document)

    @Slot(int, object)
    def _on_glossary(self, opened: int, glossary) -> None:
        if opened != self._opened:
            return  # the names of a document that is no longer open
        self.glossary = glossary
        wanted = set(glossary.spelled_by_model())
        self._keys_by_row = {}
        for entry in glossary.entries:
            if entry.key in wanted:
                for mention in entry.mentions:
                    self._keys_by_row.setdefault(mention.paragraph, []).append(entry.key)
        self._spelling_queue = dict.fromkeys(k for row in self._translated for k in self._keys_by_row.get(row, ()))
        if self._spelling_queue:
            self._spellings.start(0)
        self._reapply(range(self.rows.rowCount()))
        self.glossary_ready.emit(self.glossary)

    def _read_model_spellings(self) -> None:
        """Names with no better rendering take the model's spelling once it has translated them.

        A few names at a time, for at most about 40 ms, so a long translated
        book never holds up the window; the rest follow on the next turn.
        """
        if self.glossary is None or not self._spelling_queue:
            return
        began, looked_up, glossary = time.perf_counter(), [], self.glossary
        while self._spelling_queue and time.perf_counter() - began < 0.04:
            batch = list(itertools.islice(self._spelling_queue, 8))
            for key in batch:
                del self._spelling_queue[key]
            glossary = glossary.with_translations(self._translated, batch)
            looked_up.extend(batch)
        if self._spelling_queue:
            self._spellings.start(0)
        if glossary is not self.glossary:
            self.glossary = glossary
            keys = set(looked_up)
            rows = sorted({m.paragraph for e in glossary.entries if e.key in keys for m in e.mentions})
            self._reapply(rows)  # a spelling the model uses is one more that enforcement can replace
            self.glossary_ready.emit(glossary)

    def _reapply(self, rows) -> None:
        for row in rows:
            item = self.rows.row(row)
            if item.translation is not None:
                enforced = self.glossary.apply(row, item.translation) if self.glossary else None
                self.rows.set_glossary_text(row, enforced.text if enforced and enforced.patched else None)

    def set_rendering(self, key: str, english: str, *, document_only: bool = False) -> list[int]:
        """Render a name one way: store it, hold every paragraph to it, and re-translate exactly those."""
        if self.glossary is None or self.document is None:
            return []
        entry = next((e for e in self.glossary.entries if e.key == key), None)
        if entry is None:
            return []
        scope = self.document.fingerprint if document_only else ""
        try:
            if english:
                self.services.user.set_rendering(key, entry.arabic, entry.kind, english, scope=scope)
            else:
                self.services.user.remove_rendering(key, scope=scope)
            self._user_glossary = self.services.user.glossary(self.document.fingerprint)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return []
        self.glossary = self.glossary.with_choice(key, english or None)
        affected = self.glossary.paragraphs_of(key)
        self._reapply(affected)
        self.glossary_ready.emit(self.glossary)
        self._key_context.emit(self._context())  # new cache keys for exactly those paragraphs
        if self.handle is not None:
            self._retranslate_rows(affected)
        return affected

    def mark_not_a_name(self, key: str) -> None:
        if self.glossary is None or self.document is None:
            return
        entry = next((e for e in self.glossary.entries if e.key == key), None)
        if entry is None:
            return
        try:
            self.services.user.set_rendering(key, entry.arabic, entry.kind, "", not_a_name=True)
            self._user_glossary = self.services.user.glossary(self.document.fingerprint)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        affected = self.glossary.paragraphs_of(key)
        self.glossary = self.glossary.with_choice(key, None, not_a_name=True)
        self._reapply(affected)
        self.glossary_ready.emit(self.glossary)

    def merge_names(self, alias: str, target: str) -> None:
        try:
            self.services.user.merge(alias, target)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        self._find_names(self.document)

    def split_name(self, key: str) -> None:
        try:
            for alias, target in self.services.user.aliases(self.document.fingerprint).items():
                if target == key or alias == key:
                    self.services.user.split(alias)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        self._find_names(self.document)

    def reload_glossary(self) -> None:
        """After an import: read the user's glossary again and hold the text to it."""
        if self.document is None:
            return
        self._user_glossary = self.services.user.glossary(self.document.fingerprint)
        self._key_context.emit(self._context())
        self._find_names(self.document)

    def _retranslate_rows(self, rows: list[int]) -> None:
        if not rows:
            return
        self.rows.set_state(rows, RowState.TRANSLATING)
        self._outstanding += 1
        self._total += len(rows)
        self._set_busy(True)
        self._request.emit(self.epoch, [(r, self.rows.row(r).paragraph.text) for r in rows], False)

    # -- edits ---------------------------------------------------------------------------
    def set_edit(self, row: int, text: str) -> bool:
        source = self.rows.row(row).paragraph.text
        try:
            self.services.user.set_edit(source, text)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return False
        self.rows.set_edit(row, text)
        return True

    def revert(self, row: int) -> bool:
        try:
            self.services.user.revert(self.rows.row(row).paragraph.text)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return False
        self.rows.set_edit(row, None)
        return True

    # -- worker results ----------------------------------------------------------------
    @Slot(int, int, object)
    def _on_translated(self, epoch: int, row: int, translation: Translation) -> None:
        if epoch != self.epoch:
            return
        self._set_translation(row, translation)
        self._done += 1
        self._emit_progress()

    @Slot(int, object, str, bool)
    def _on_failed(self, epoch: int, rows: list[int], message: str, model_broken: bool) -> None:
        if epoch != self.epoch:
            return
        self.rows.set_state(rows, RowState.FAILED, message)
        self.message.emit(message)
        if model_broken:  # a model that cannot load will not load for the next chunk either
            self.rows.set_state(self._pending, RowState.FAILED, message)
            self._pending = []

    @Slot(int)
    def _on_chunk_done(self, epoch: int) -> None:
        if epoch != self.epoch:
            return
        self._outstanding = max(0, self._outstanding - 1)
        self._pump()

    @Slot(int, int, str, object)
    def _on_compared(self, epoch: int, row: int, label: str, result) -> None:
        if epoch == self.epoch:
            self.compared.emit(row, label, result)

    def _emit_progress(self) -> None:
        self.progress.emit(self._done, max(self._total, self._done))

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # -- the end -------------------------------------------------------------------------
    def shutdown(self) -> None:
        if hasattr(self, "_cancel"):
            self._cancel.set()
        for job in list(self._glossary_jobs):
            job.stop()
        self._loading = None
        for job in list(self._load_jobs):
            job.wait()  # a parser cannot be interrupted; the window is already gone
        self.thread.stop()
