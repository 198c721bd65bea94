"""The use cases both faces of reader share: a document as the user sees it.

Load → the user's own work → the names → translate (cache first) → hold the
names to the glossary → the user's edits over it all → quality flags. The
command line and the window both call these functions, so an export from
either holds the same text, the same glossary and the same flags.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.core.document import Document
from reader.core.export import Bilingual, GlossaryLine, build_bilingual
from reader.core.translate import OnDone, Translation
from reader.core.userdata import GlossaryItem, UserStore


def model_store(paths):
    """The model store, built one way for every face: a model it installs gets its fast int8 copy
    (reader.core.engines.fast) before it is renamed into place; folders used by path get theirs under
    <data>/fast."""
    from reader.core.engines.fast import install_hook
    from reader.core.models import ModelStore, load_catalogue
    from reader.core.resources import catalogue_path

    return ModelStore(paths.models_dir, load_catalogue(catalogue_path()), on_installed=install_hook(),
                      fast_root=paths.data_dir / "fast")


@dataclass(frozen=True)
class UserWork:
    """What the user made for a document: edits by paragraph, their glossary and merged names."""

    edits: dict[int, str] = field(default_factory=dict)
    glossary: dict[str, GlossaryItem] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def renders_names(self) -> bool:
        """Whether the user chose a rendering this document uses (then translations are held to it)."""
        return any(item.english and not item.not_a_name for item in self.glossary.values())


def read_user_work(user: UserStore, document: Document) -> UserWork:
    """The user's edits and glossary for this document.

    Raises UserDataError when the file cannot be read: a caller that writes
    what the user sees must then stop rather than leave their work out.
    """
    scope = document.fingerprint
    return UserWork(user.edits_for([p.text for p in document.paragraphs]), user.glossary(scope),
                    user.aliases(scope))


def find_names(document: Document, work: UserWork, recogniser):
    """The document's names and their renderings (reader.core.glossary.DocumentGlossary)."""
    from reader.core.glossary import DocumentGlossary

    return DocumentGlossary.build_from(document, work.glossary, work.aliases, recogniser)


def key_context(work: UserWork):
    """The part of a paragraph's cache key that the user's renderings decide."""
    from reader.core.glossary import glossary_context

    return glossary_context(work.glossary)


def translate_document(document: Document, translator, *, cancel: threading.Event | None = None,
                       on_done: OnDone | None = None, refresh: bool = False) -> list[Translation]:
    """Every paragraph's machine translation (cached ones without a model; no Arabic: as written)."""
    return translator.translate([p.text for p in document.paragraphs], cancel=cancel or threading.Event(),
                                on_done=on_done, refresh=refresh)


def as_seen(document: Document, translations: Mapping[int, Translation], edits: Mapping[int, str], glossary,
            *, model: str, backend: str = "") -> Bilingual:
    """The document as the window shows it: the user's edit, else the text held to the glossary,
    else the machine's; each row with its alternatives and quality flags.

    `glossary` (a DocumentGlossary or None) should already know the model's
    spellings (`with_translations`), as it does in the window.
    """
    from reader.core.quality import paragraph_flags, usual_score

    usual = usual_score(t for t in translations.values() if t is not None and not t.as_written)
    enforced, flags = {}, {}
    for i, translation in translations.items():
        if translation is None or translation.as_written:
            continue
        if glossary is not None:
            enforced[i] = glossary.apply(i, translation)
        if i not in edits:  # the user's own text is not second-guessed
            held = enforced.get(i)
            flags[i] = paragraph_flags(translation, names=glossary.requirements(i) if glossary is not None else (),
                                       usual=usual, shown=held.text if held is not None and held.patched else None)
    return build_bilingual(document, [translations.get(i) for i in range(len(document.paragraphs))], edits,
                           model, enforced, flags=flags, backend=backend)


def glossary_lines(glossary) -> list[GlossaryLine]:
    """The names appendix of an export: every entry with its rendering, as the Names panel lists them."""
    if glossary is None:
        return []
    return [GlossaryLine(e.arabic, e.kind, e.english) for e in glossary.entries]
