"""A reading session: the open document, its rows, and the work done on them in the background.

The window shows; the session decides. Files are read in a helper process
(Cancel kills it). Cached translations go in at once; the rest are asked of
the model lane in small chunks, visible rows first, so scrolling
reprioritises the work. Edits go to the user's store; when it cannot be
written they stay in the window and are saved as soon as it can be.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.document import Document
from reader.core.errors import ModelError, ModelNotInstalled, ReaderError
from reader.core.formats import load_document
from reader.core.models import ModelHandle
from reader.core.reading import UserWork, read_user_work
from reader.core.translate import Translation
from reader.core.userdata import UserDataError
from reader.gui.names import NamesController
from reader.gui.operations import Generation, Job, Operations
from reader.gui.paragraphmodel import ParagraphModel, RowState
from reader.gui.services import Services
from reader.gui.translation import (MODEL_LANE, Compared, ModelLoading, Translated, TranslationService,
                                    Warned)

CHUNK = 6        # paragraphs per request: small enough to re-prioritise often
FIRST_CHUNK = 2  # the first request is smaller still, so English appears as soon as possible
SAVE_RETRY_MS = 20_000


class ReadingSession(QObject):
    document_opened = Signal(object)         # Document
    open_failed = Signal(str)                # message
    loading_changed = Signal(bool)           # a file is being read
    progress = Signal(int, int)              # translated, to translate (per document)
    busy_changed = Signal(bool)              # translating
    model_missing = Signal(str)              # why, and how to get one
    model_ready = Signal(str)                # label
    model_loading = Signal(str, bool)        # label, its fast copy is being made first
    message = Signal(str)                    # a problem worth a banner
    notice = Signal(str)                     # a status-bar line
    compared = Signal(int, str, object)      # row, model label, Translation | error text
    unsaved_changed = Signal(int)            # edits kept in the window that could not be saved yet

    def __init__(self, services: Services, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ops = ops
        self.rows = ParagraphModel(self)
        self.handle: ModelHandle | None = None
        self.translation = TranslationService(services.make_translator)
        self.names = NamesController(self, services, ops, self.rows)
        self.names.retranslate.connect(self._retranslate_rows)
        self.names.key_context_changed.connect(self._on_key_context)
        self._files = Generation()           # the file asked for: an older load is ignored
        self._work = Generation()            # the document and model in use: older results are ignored
        self._load: Job | None = None
        self.loader = load_document         # module-level, so the helper process can run it
        self._chunk: Job | None = None
        self._pending: list[int] = []
        self._refresh: set[int] = set()      # rows to translate again, ignoring the cache
        self._visible = (0, -1)
        self._first_chunk = True
        self._busy = False
        self._predicted: tuple = (None, "")  # (model, the engine it will use), before it is loaded
        self._unsaved: dict[str, str | None] = {}   # Arabic → edit (None: a revert) not yet saved
        self._retry = QTimer(self, singleShot=True, interval=SAVE_RETRY_MS)
        self._retry.timeout.connect(self.save_pending)
        self.rows.dataChanged.connect(lambda *_: self._emit_progress())
        QTimer.singleShot(0, services.documents.start)  # a warm helper reads the first file at once

    @property
    def document(self) -> Document | None:
        return self.rows.document

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def loading(self) -> bool:
        return self._load is not None

    # -- models ------------------------------------------------------------------------
    def select_model(self, name: str | None) -> bool:
        """Use a model (catalogue id, installed id or folder); False if none can be used."""
        try:
            handle = self.services.store.resolve(name)
        except ModelNotInstalled:
            self._set_model(None)
            self.model_missing.emit("")  # the window says it in its own words, with what to do
            return False
        except ModelError as exc:
            self._set_model(None)
            self.model_missing.emit(getattr(exc, "window", None) or str(exc).replace("`", ""))
            return False
        self._set_model(handle)
        self.model_ready.emit(handle.label)
        return True

    def _set_model(self, handle: ModelHandle | None) -> None:
        changed = handle != self.handle
        self.handle = handle
        self.translation.configure(handle, self.names.key_context())
        if self.document is None:
            return
        if handle is None:
            self._stop_translating()
            self.rows.set_state(self.rows.untranslated(), RowState.NO_MODEL)
        elif changed:
            self._restart_translation(keep_done=False)

    @property
    def backend(self) -> str:
        """The engine that translates (or will, once loaded): "ct2-int8", "transformers-fp32"."""
        if self.translation.backend or self.handle is None:
            return self.translation.backend
        if self._predicted[0] != self.handle:
            translator = self.services.make_translator(self.handle, key_context=None, on_warning=None, on_load=None)
            self._predicted = (self.handle, getattr(translator, "backend", ""))
        return self._predicted[1]

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
        """Read a file in the helper process; document_opened or open_failed follows.

        The open document stays until the new one is ready. Asking for another
        file (or Cancel) stops this one at once.
        """
        path = Path(path)
        loader = self.loader
        if self._load is not None:
            self._load.stop()
        self._files.advance()
        self._load = self.ops.run(
            f"Opening {path.name}", lambda job: self.services.documents.call(loader, path, cancel=job.cancel),
            on_success=self._on_loaded, on_failure=self._on_load_failed, on_done=self._load_finished,
            token=self._files.token())
        self.loading_changed.emit(True)

    def cancel_open(self) -> None:
        """Stop reading the file (the helper is killed); the open document stays."""
        if self._load is not None:
            self._load.stop()
            self._files.advance()
            self._load = None
            self.loading_changed.emit(False)

    def _on_loaded(self, document: Document) -> None:
        self._load = None
        self.loading_changed.emit(False)
        self.show(document)

    def _on_load_failed(self, error: BaseException) -> None:
        self._load = None
        self.loading_changed.emit(False)
        details = getattr(error, "details", "")
        if details:
            from reader.core.crashlog import record_text

            record_text(self.services.paths.log_file, details, "reading a file")
        self.open_failed.emit(str(error) if isinstance(error, ReaderError) else "The file could not be read.")

    def _load_finished(self) -> None:
        if self._load is not None and self._load.finished:
            self._load = None
            self.loading_changed.emit(False)

    def show(self, document: Document) -> None:
        """Show a document: its Arabic at once, cached English next, the rest as it is translated."""
        self._stop_translating()
        try:
            work = read_user_work(self.services.user, document)
        except UserDataError as exc:
            self.message.emit(f"{exc} Your edits and names are not shown; changes you make now are kept "
                              "in this window until they can be saved.")
            work = UserWork()
        for source, text in self._unsaved.items():  # edits made here but not saved yet still count
            for i, paragraph in enumerate(document.paragraphs):
                if paragraph.text == source:
                    if text is None:
                        work.edits.pop(i, None)
                    else:
                        work.edits[i] = text
        self.rows.set_document(document, work.edits, model_available=self.handle is not None)
        self.names.document_opened(document, work)
        self.translation.configure(self.handle, self.names.key_context())
        self.document_opened.emit(document)
        self._restart_translation(keep_done=True)

    # -- scheduling --------------------------------------------------------------------
    def set_visible(self, first: int, last: int) -> None:
        self._visible = (first, last)

    def translate_remaining(self) -> None:
        """Queue every row that has no machine translation yet (after a cancel, a failure or a new model)."""
        if self.document is None:
            return
        if self.handle is None:
            self.notice.emit("No translation model is installed: use the banner at the top to get one.")
            return
        self._restart_translation(keep_done=True)

    def cancel(self) -> None:
        """Stop after the current sentence batch; what is translated stays (F5 resumes)."""
        self._stop_translating()
        self.notice.emit(f"Stopped: {self.rows.translated_count} of {self.rows.to_translate} paragraphs "
                         "translated (F5 translates the rest).")

    def _stop_translating(self) -> None:
        self._work.advance()
        if self._chunk is not None:
            self._chunk.stop()
            self._chunk = None
        self.rows.finish_translating(self.rows.rows_in_state(RowState.TRANSLATING))
        self._pending = []
        self._refresh = set()
        self._set_busy(False)

    def _restart_translation(self, *, keep_done: bool) -> None:
        """Cached translations first (no model needed), then the rest from the model."""
        self._stop_translating()
        if self.document is None or self.handle is None:
            return
        rows = self.rows.untranslated() if keep_done else [
            i for i, r in enumerate(self.rows.rows()) if r.paragraph.needs_translation]
        for row in rows:
            if self.rows.row(row).state in (RowState.FAILED, RowState.NO_MODEL):
                self.rows.set_state([row], RowState.WAITING)
        self._first_chunk = True
        token = self._work.token()
        texts = [self.rows.row(r).paragraph.text for r in rows]
        translator = self.services.make_translator(self.handle, key_context=self.names.key_context(),
                                                   on_warning=None, on_load=None)
        self._set_busy(bool(rows))
        self.ops.run("Looking up cached translations", lambda job: translator.cached(texts),
                     on_success=lambda found: self._on_cached(rows, found), token=token)

    def _on_cached(self, rows: list[int], found: dict[int, Translation]) -> None:
        for i, translation in found.items():
            self._set_translation(rows[i], translation)
        self._pending = [r for i, r in enumerate(rows) if i not in found]
        self._pump()

    def _next_chunk(self) -> list[int]:
        first, last = self._visible
        visible = [r for r in self._pending if first <= r <= last]
        after = [r for r in self._pending if r > last]
        before = [r for r in self._pending if r < first]
        return (visible + after + before)[:FIRST_CHUNK if self._first_chunk else CHUNK]

    def _pump(self) -> None:
        if self._chunk is None and self.handle is not None and self._refresh:
            rows, self._refresh = sorted(self._refresh), set()
            self._request(rows, refresh=True)
            return
        if self._chunk is not None or not self._pending or self.handle is None:
            self._set_busy(self._chunk is not None or (bool(self._pending) and self.handle is not None))
            return
        chunk = self._next_chunk()
        self._first_chunk = False
        chosen = set(chunk)
        self._pending = [r for r in self._pending if r not in chosen]
        self._request(chunk, refresh=False)

    def _request(self, rows: list[int], *, refresh: bool) -> None:
        self.rows.set_state(rows, RowState.TRANSLATING)
        self._set_busy(True)
        texts = [self.rows.row(r).paragraph.text for r in rows]
        started: list[Job] = []
        self._chunk = self.ops.run(
            "Translating", lambda job: self.translation.translate(job, texts, refresh), lane=MODEL_LANE,
            on_partial=lambda message: self._on_message(rows, message),
            on_failure=lambda error: self._on_failed(rows, error),
            on_done=lambda: self._on_chunk_done(started[0], rows), token=self._work.token())
        started.append(self._chunk)

    def retranslate(self, row: int) -> None:
        """Translate one paragraph again, ignoring the cache (the new result replaces it)."""
        if self.handle is None:
            self.notice.emit("No translation model is installed: use the banner at the top to get one.")
            return
        if not self.rows.row(row).paragraph.needs_translation:
            self.notice.emit("This paragraph has no Arabic: it is shown as written.")
            return
        self._pending = [r for r in self._pending if r != row]
        self._refresh.add(row)
        self.rows.set_state([row], RowState.TRANSLATING)
        self._pump()

    def _retranslate_rows(self, rows: list[int]) -> None:
        """Names changed: these rows have new cache keys; translate them again (cache first)."""
        if self.handle is None or not rows:
            return
        queued = set(self._pending)
        self._pending.extend(r for r in rows if r not in queued and self.rows.row(r).state is not RowState.TRANSLATING)
        self._pump()

    def compare_models(self, row: int) -> int:
        """Ask every other installed model for this paragraph; returns how many were asked."""
        handles = self.other_models()
        if handles:
            text = self.rows.row(row).paragraph.text
            self.ops.run("Comparing models", lambda job: self.translation.compare(job, text, handles),
                         lane=MODEL_LANE, token=self._work.token(),
                         on_partial=lambda message: self._on_compare_message(row, message))
        return len(handles)

    # -- results -------------------------------------------------------------------------
    def _on_message(self, rows: list[int], message) -> None:
        if isinstance(message, Translated):
            self._set_translation(rows[message.index], message.translation)
        elif isinstance(message, ModelLoading):
            self.model_loading.emit(message.label, message.preparing)
        elif isinstance(message, Warned):
            self.message.emit(message.message)

    def _on_compare_message(self, row: int, message) -> None:
        if isinstance(message, Compared):
            self.compared.emit(row, message.label, message.result)
        elif isinstance(message, ModelLoading):
            self.notice.emit(f"Loading {message.label} to compare…")

    def _set_translation(self, row: int, translation: Translation) -> None:
        shown = self.names.held(row, translation)
        flags = self.names.flags(row, translation, shown)
        self.rows.set_translation(row, translation, shown.text if shown else None,
                                  shown.sentences if shown else (), flags)
        self.names.translated(row, translation)

    def _on_failed(self, rows: list[int], error: BaseException) -> None:
        message = str(error) if isinstance(error, ReaderError) else "Translation failed because of a bug in reader."
        failed = [r for r in rows if self.rows.row(r).state is RowState.TRANSLATING]
        self.rows.set_state(failed, RowState.FAILED, message)
        if isinstance(error, ReaderError):
            self.message.emit(message)
        if isinstance(error, ModelError):  # a model that cannot load will not load for the next chunk either
            self.rows.set_state(self._pending, RowState.FAILED, message)
            self._pending = []

    def _on_chunk_done(self, job: Job, rows: list[int]) -> None:
        if job is not self._chunk:
            return  # stopped and superseded: its rows were settled then
        self._chunk = None
        self.rows.finish_translating([r for r in rows if self.rows.row(r).state is RowState.TRANSLATING])
        self._pump()
        if self._chunk is None and not self._pending and not self._refresh:
            self._set_busy(False)
            self.names.all_translated()

    def _emit_progress(self) -> None:
        self.progress.emit(self.rows.translated_count, self.rows.to_translate)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _on_key_context(self) -> None:
        self.translation.configure(self.handle, self.names.key_context())

    # -- edits ---------------------------------------------------------------------------
    def set_edit(self, row: int, text: str | None) -> bool:
        """Keep the user's edit (None: back to the machine's); True when it is saved to disk too."""
        source = self.rows.row(row).paragraph.text
        self.rows.set_edit(row, text)
        self._unsaved[source] = text
        return self.save_pending()

    def revert(self, row: int) -> bool:
        return self.set_edit(row, None)

    def save_pending(self) -> bool:
        """Write the edits kept in the window; on failure say so once and try again later."""
        for source, text in list(self._unsaved.items()):
            try:
                if text is None:
                    self.services.user.revert(source)
                else:
                    self.services.user.set_edit(source, text)
            except UserDataError as exc:
                self.message.emit(f"{exc} Your edits are kept in this window and will be saved as soon as "
                                  "that is possible.")
                self._retry.start()
                self.unsaved_changed.emit(len(self._unsaved))
                return False
            del self._unsaved[source]
        self.unsaved_changed.emit(len(self._unsaved))
        return True

    @property
    def unsaved(self) -> int:
        return len(self._unsaved)

    # -- the end -------------------------------------------------------------------------
    def shutdown(self) -> None:
        self._files.advance()
        self._work.advance()
        self._retry.stop()
        self.names.shutdown()
