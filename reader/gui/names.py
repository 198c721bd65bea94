"""The open document's names: found in the background, rendered, and held to the user's choices.

The recogniser runs off the GUI thread (a long document's in the names
helper process, so scrolling never stutters). Every translated paragraph is
held to the user's renderings as it arrives; the model's own spelling of a
name is learnt from its translations a few names at a time. A correction
re-applies the glossary to exactly the paragraphs that name it, off the GUI
thread, and asks the session to translate those again (their cache keys
changed).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.document import Document
from reader.core.reading import UserWork, key_context
from reader.core.translate import Translation
from reader.core.userdata import GlossaryItem, UserDataError
from reader.gui.operations import Generation, Operations
from reader.gui.paragraphmodel import ParagraphModel

IN_PROCESS_LIMIT = 300  # paragraphs; above this the names are found in the helper process
USER_DATA_LANE = "user-data"
YIELD_EVERY = 50  # rows re-applied between pauses that give the GUI thread the interpreter  # saves of the user's names, one after another, in the order they were made


@dataclass(frozen=True)
class Held:
    """A machine translation held to the glossary: the text shown, sentence by sentence too."""

    text: str
    sentences: tuple[str, ...]


def build_glossary(document: Document, user: dict, aliases: dict, recogniser_path):
    """The document's glossary and why the names model was not used (if it was not); any process."""
    from reader.core.glossary import DocumentGlossary
    from reader.core.glossary.recognise import load_recogniser

    loaded = load_recogniser(recogniser_path)
    return DocumentGlossary.build_from(document, user, aliases, loaded.recogniser), loaded.problem


def warm_up(glossary) -> None:
    """Load the name lists in this process now (off the GUI thread), not at the user's first correction."""
    from reader.core.glossary.renderings import render

    for entry in glossary.entries[:1]:
        render(entry, None)


class NamesController(QObject):
    glossary_ready = Signal(object)     # DocumentGlossary (or None while the names are found)
    retranslate = Signal(list)          # rows whose translation must change (their cache keys did)
    key_context_changed = Signal()
    message = Signal(str)
    notice = Signal(str)

    def __init__(self, parent: QObject, services, ops: Operations, rows: ParagraphModel) -> None:
        super().__init__(parent)
        self.services, self.ops, self.rows = services, ops, rows
        self.glossary = None
        self.document: Document | None = None
        self._user: dict[str, GlossaryItem] = {}
        self._aliases: dict[str, str] = {}
        self._unsaved: list[GlossaryItem] = []
        self._documents = Generation()       # a names job answers for one document
        self._versions = Generation()        # a re-application answers for one glossary
        self._translations: dict[int, Translation] = {}
        self._keys_by_row: dict[int, list[str]] = {}
        self._spelling_queue: dict[str, None] = {}
        self._usual: float | None = None
        self._spellings = QTimer(self, singleShot=True)
        self._spellings.timeout.connect(self._read_model_spellings)

    # -- a document opens -----------------------------------------------------------------------
    def document_opened(self, document: Document, work: UserWork) -> None:
        self.document = document
        self.glossary = None
        self._user, self._aliases = dict(work.glossary), dict(work.aliases)
        self._translations.clear()
        self._keys_by_row.clear()
        self._spelling_queue.clear()
        self._usual = None
        self.glossary_ready.emit(None)
        self._find()

    def key_context(self):
        """The cache-key part the user's renderings decide (reader.core.glossary.glossary_context)."""
        return key_context(UserWork(glossary=self._user))

    def _find(self) -> None:
        document = self.document
        if document is None:
            return
        self._documents.advance()
        user, aliases, names_model = dict(self._user), dict(self._aliases), self.services.store.recogniser()

        def work(job):
            if len(document.paragraphs) <= IN_PROCESS_LIMIT:
                return build_glossary(document, user, aliases, names_model)
            found = self.services.names.call(build_glossary, document, user, aliases, names_model, cancel=job.cancel)
            warm_up(found[0])
            return found

        self.ops.run("Finding names", work, on_success=self._on_found, token=self._documents.token())

    def find_again(self) -> None:
        """After a names model is installed, or names were merged or split."""
        self._find()

    def _on_found(self, found) -> None:
        glossary, problem = found
        if problem:
            self.message.emit(problem)
        wanted = set(glossary.spelled_by_model())
        self._keys_by_row = {}
        for entry in glossary.entries:
            if entry.key in wanted:
                for mention in entry.mentions:
                    self._keys_by_row.setdefault(mention.paragraph, []).append(entry.key)
        self._spelling_queue = dict.fromkeys(k for row in self._translations for k in self._keys_by_row.get(row, ()))
        if self._spelling_queue:
            self._spellings.start(0)
        self._set_glossary(glossary, self._translated_rows())

    # -- translations arrive --------------------------------------------------------------------
    def held(self, row: int, translation: Translation) -> Held | None:
        """The translation held to the glossary, when that changes it."""
        if self.glossary is None or translation.as_written:
            return None
        enforced = self.glossary.apply(row, translation)
        return _held(enforced)

    def flags(self, row: int, translation: Translation, held: Held | None) -> tuple:
        """Quality flags of a machine translation (reader.core.quality)."""
        if translation.as_written:
            return ()
        from reader.core.quality import paragraph_flags

        names = self.glossary.requirements(row) if self.glossary is not None else ()
        return paragraph_flags(translation, names=names, usual=self._usual,
                               shown=held.text if held is not None else None)

    def translated(self, row: int, translation: Translation) -> None:
        self._translations[row] = translation
        if self.glossary is not None:
            self._spelling_queue.update(dict.fromkeys(self._keys_by_row.get(row, ())))
            if self._spelling_queue and not self._spellings.isActive():
                self._spellings.start(300)  # at most every 300 ms while translations stream in

    def all_translated(self) -> None:
        """Every paragraph is in: flags measured against the whole document's usual score."""
        from reader.core.quality import usual_score

        usual = usual_score(t for t in self._translations.values() if not t.as_written)
        if usual != self._usual:
            self._usual = usual
            self._reapply(self._translated_rows())

    def _translated_rows(self) -> list[int]:
        return sorted(self._translations)

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
            glossary = glossary.with_translations(self._translations, batch)
            looked_up.extend(batch)
        if self._spelling_queue:
            self._spellings.start(0)
        if glossary is not self.glossary:
            keys = set(looked_up)
            rows = sorted({m.paragraph for e in glossary.entries if e.key in keys for m in e.mentions})
            self._set_glossary(glossary, rows)  # a spelling the model uses is one more to replace

    # -- the glossary changes -------------------------------------------------------------------
    def _set_glossary(self, glossary, rows: list[int]) -> None:
        self.glossary = glossary
        self._versions.advance()
        self.glossary_ready.emit(glossary)
        self._reapply(rows)

    def _reapply(self, rows: list[int]) -> None:
        """Hold these rows to the current glossary and re-flag them, off the GUI thread."""
        glossary, usual = self.glossary, self._usual
        translations = {row: self._translations[row] for row in rows if row in self._translations}
        if glossary is None or not translations:
            return

        def work(job):
            from reader.core.quality import paragraph_flags

            results = {}
            ordered = list(translations)
            for start in range(0, len(ordered), YIELD_EVERY):
                job.check()
                time.sleep(0)  # let the GUI thread have the interpreter between slices
                for row, enforced in glossary.apply_many(ordered[start:start + YIELD_EVERY], translations).items():
                    held = _held(enforced)
                    flags = () if translations[row].as_written else paragraph_flags(
                        translations[row], names=glossary.requirements(row), usual=usual,
                        shown=held.text if held else None)
                    results[row] = (held, flags)
            return results

        self.ops.run("Applying the glossary", work, on_success=self._on_reapplied, token=self._versions.token())

    def _on_reapplied(self, results: dict) -> None:
        self.rows.set_glossary_texts({
            row: (held.text if held else None, held.sentences if held else (), flags)
            for row, (held, flags) in results.items() if self.rows.row(row).translation is self._translations.get(row)})

    def set_rendering(self, key: str, english: str, *, document_only: bool = False) -> list[int]:
        """Render a name one way: remember it, hold every paragraph to it, translate those again."""
        entry = self._entry(key)
        if entry is None or self.document is None:
            return []
        scope = self.document.fingerprint if document_only else ""
        if english:
            self._keep(GlossaryItem(key, entry.arabic, entry.kind, english, scope,
                                    previous=self._previous(key, english)))
        else:
            self._forget(key, scope)
        self.glossary = self.glossary.with_choice(key, english or None)
        affected = self.glossary.paragraphs_of(key)
        self._set_glossary(self.glossary, affected)
        self.key_context_changed.emit()
        # on the next turn of the event loop: the window answers the edit first
        QTimer.singleShot(0, lambda: self.retranslate.emit(affected))
        return affected

    def mark_not_a_name(self, key: str) -> None:
        entry = self._entry(key)
        if entry is None:
            return
        affected = self.glossary.paragraphs_of(key)
        self._keep(GlossaryItem(key, entry.arabic, entry.kind, "", not_a_name=True))
        self._set_glossary(self.glossary.with_choice(key, None, not_a_name=True), affected)
        self.key_context_changed.emit()

    def merge(self, alias: str, target: str) -> None:
        try:
            self.services.user.merge(alias, target)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        self._aliases[alias] = target
        self._find()

    def split(self, key: str) -> None:
        """Undo a merge: the entry and what was merged into it are listed apart again."""
        try:
            for alias, target in list(self._aliases.items()):
                if key in (alias, target):
                    self.services.user.split(alias)
                    del self._aliases[alias]
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        self._find()

    def merges(self) -> list[tuple[str, str]]:
        """(merged name, the name it was merged into) for this document."""
        return list(self._aliases.items())

    def has_user_rendering(self, key: str) -> bool:
        item = self._user.get(key)
        return item is not None and bool(item.english)

    def reload_user_glossary(self) -> None:
        """After a glossary import: read the user's glossary again and hold the text to it."""
        if self.document is None:
            return
        try:
            self._user = self.services.user.glossary(self.document.fingerprint)
        except UserDataError as exc:
            self.message.emit(str(exc))
            return
        self.key_context_changed.emit()
        self._find()
        self.retranslate.emit([i for i, p in enumerate(self.document.paragraphs) if p.needs_translation])

    def _entry(self, key: str):
        if self.glossary is None:
            return None
        return next((e for e in self.glossary.entries if e.key == key), None)

    def _previous(self, key: str, english: str) -> tuple[str, ...]:
        old = self._user.get(key)
        earlier = [*(old.previous if old else ()), *([old.english] if old and old.english else [])]
        return tuple(dict.fromkeys(p for p in earlier if p and p != english))

    def _keep(self, item: GlossaryItem) -> None:
        """Use the choice at once; save it in the background, or keep it here until it can be saved."""
        self._user[item.key] = item
        self._unsaved = [u for u in self._unsaved if (u.key, u.scope) != (item.key, item.scope)] + [item]
        pending = list(self._unsaved)

        def saved(_result) -> None:
            self._unsaved = [u for u in self._unsaved if u not in pending]

        def failed(error: BaseException) -> None:
            self.message.emit(f"{error} Your names are used in this window and will be saved as soon as that is "
                              "possible.")

        self.ops.run("Saving your names", lambda job: self.services.user.replace_glossary(pending),
                     on_success=saved, on_failure=failed, lane=USER_DATA_LANE)

    def _forget(self, key: str, scope: str) -> None:
        self._user.pop(key, None)
        self._unsaved = [u for u in self._unsaved if (u.key, u.scope) != (key, scope)]
        try:
            self.services.user.remove_rendering(key, scope=scope)
        except UserDataError as exc:
            self.message.emit(str(exc))

    def save_pending(self) -> bool:
        if not self._unsaved:
            return True
        try:
            self.services.user.replace_glossary(self._unsaved)
        except UserDataError as exc:
            self.message.emit(f"{exc} Your names are used in this window and will be saved as soon as that is "
                              "possible.")
            return False
        self._unsaved = []
        return True

    @property
    def unsaved(self) -> int:
        return len(self._unsaved)

    def shutdown(self) -> None:
        self._documents.advance()
        self._versions.advance()
        self._spellings.stop()


def _held(enforced) -> Held | None:
    if not enforced.patched:
        return None
    return Held(enforced.text, tuple(getattr(enforced, "sentences", ()) or ()))
