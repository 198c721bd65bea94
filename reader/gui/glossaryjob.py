"""Finding a document's names away from the GUI.

The recogniser is Python code: in a thread of this process it would hold the
GIL and make scrolling stutter on a long document. Short documents are done
in a thread (a process costs a second to start); long ones in a separate
process, so the window stays smooth however large the file.
"""

from __future__ import annotations

import multiprocessing
import queue

from PySide6.QtCore import QThread, Signal

from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.userdata import UserStore

IN_PROCESS_LIMIT = 300  # paragraphs; above this the names are found in another process


def _build(document, user, aliases, recogniser_path):
    from reader.core.glossary import DocumentGlossary
    from reader.core.glossary.recognise import load_recogniser

    loaded = load_recogniser(recogniser_path)
    glossary = DocumentGlossary.build_from(document, user, aliases, loaded.recogniser)
    return glossary, loaded.problem


def _child(results, document, user, aliases, recogniser_path) -> None:
    try:
        results.put(("ok", _build(document, user, aliases, recogniser_path)))
    except (ReaderError, OSError) as exc:
        results.put(("error", str(exc)))


class GlossaryJob(QThread):
    done = Signal(int, object)    # which opened document, DocumentGlossary
    failed = Signal(int, str)
    warning = Signal(int, str)    # found, but not with the installed names model (and why)

    def __init__(self, opened: int, document: Document, store: UserStore, parent=None,
                 recogniser_path=None) -> None:
        super().__init__(parent)
        self.recogniser_path = recogniser_path  # an installed names model, or None for the built-in one
        self.setObjectName("glossary")
        self.opened, self.document = opened, document
        scope = document.fingerprint
        self.user, self.aliases = store.glossary(scope), store.aliases(scope)  # read here, in the GUI thread
        self._stopping = False

    def stop(self) -> None:
        """Give up (the window is closing, or another document opened): kills the helper process."""
        self._stopping = True
        self.wait()

    def run(self) -> None:
        try:
            if len(self.document.paragraphs) <= IN_PROCESS_LIMIT:
                built = _build(self.document, self.user, self.aliases, self.recogniser_path)
            else:
                built = self._in_process()
        except (ReaderError, OSError) as exc:
            self.failed.emit(self.opened, f"The names in this document could not be listed: {exc}")
            return
        if built is not None:
            glossary, problem = built
            if problem:
                self.warning.emit(self.opened, problem)
            self.done.emit(self.opened, glossary)

    def _in_process(self):
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        child = context.Process(target=_child, daemon=True,
                                args=(results, self.document, self.user, self.aliases, self.recogniser_path))
        child.start()
        try:
            while True:
                try:
                    status, value = results.get(timeout=0.2)
                    break
                except queue.Empty:
                    if self._stopping:
                        return None
                    if not child.is_alive():
                        raise OSError("the helper process ended without an answer")
        finally:
            if child.is_alive():
                child.terminate()
            child.join(timeout=5)
        if status != "ok":
            raise OSError(value)
        return value
