"""What every writer takes: the translated document as the user sees it (rows, flags, glossary lines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reader.core.document import Document, Paragraph
from reader.core.errors import ReaderError
from reader.core.translate import Hypothesis


class ExportError(ReaderError):
    exit_code = 5


@dataclass(frozen=True)
class BilingualRow:
    paragraph: Paragraph
    translation: str
    alternatives: tuple[Hypothesis, ...] = ()
    cached: bool = False
    edited: bool = False
    patched: bool = False  # the glossary changed the machine's wording
    flags: tuple = ()  # quality flags (reader.core.quality): objects with .sentence, .kind, .detail


@dataclass(frozen=True)
class GlossaryLine:
    arabic: str
    kind: str
    english: str

    @property
    def kind_label(self) -> str:
        """The type as the window's Names panel calls it (People, Places, ...)."""
        return KIND_LABELS.get(self.kind, KIND_LABELS["MISC"])


# The names the window gives the glossary types; appendices use the same words.
KIND_LABELS = {"PERS": "People", "LOC": "Places", "ORG": "Organisations", "MISC": "Other names"}


@dataclass(frozen=True)
class Bilingual:
    document: Document
    model: str
    rows: tuple[BilingualRow, ...]
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())
    backend: str = ""  # the engine that translated, e.g. "ct2-int8" or "transformers"


def build_bilingual(document: Document, translations: list, edits: dict[int, str], model: str,
                    enforced: dict | None = None, *, flags: dict[int, tuple] | None = None,
                    backend: str = "") -> Bilingual:
    """Rows as the user sees them: their edit, else the glossary-checked text, else the machine's."""
    rows = []
    enforced = enforced or {}
    flags = flags or {}
    for i, (paragraph, translation) in enumerate(zip(document.paragraphs, translations)):
        edited = i in edits
        machine = translation.text if translation is not None else ""
        patched = i in enforced and enforced[i].patched
        text = edits[i] if edited else (enforced[i].text if patched else machine)
        rows.append(BilingualRow(
            paragraph, text, translation.alternatives if translation is not None else (),
            cached=bool(translation is not None and translation.cached), edited=edited,
            patched=patched and not edited, flags=tuple(flags.get(i, ()))))
    return Bilingual(document, model, tuple(rows), backend=backend)
