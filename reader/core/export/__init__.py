"""Writing a translated document out: what the user sees, in the format they need.

Writers take a `Bilingual` (the document plus the translation shown for each
paragraph, edits and glossary renderings included) and write through
`write_atomic`, so a failed export never leaves a half file under the final name.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, IO

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


@dataclass(frozen=True)
class GlossaryLine:
    arabic: str
    kind: str
    english: str


@dataclass(frozen=True)
class Bilingual:
    document: Document
    model: str
    rows: tuple[BilingualRow, ...]
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise ExportError(f"Cannot write {path}: permission denied.") from None
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        reason = "the disk is full" if getattr(exc, "errno", None) == 28 else (exc.strerror or str(exc))
        raise ExportError(f"Cannot write {path}: {reason}. Nothing was written.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """Keep an overwritten file's permissions; give a new one the usual (umask) ones."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


FORMATS = ("pdf", "html", "docx", "tmx", "md", "json")
LAYOUTS = ("side-by-side", "interleaved")
_EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx", ".tmx": "tmx",
               ".md": "md", ".markdown": "md", ".json": "json"}


def format_for(path: Path, fmt: str | None = None) -> str:
    """The export format asked for, or the one the file name's extension names."""
    fmt = fmt or _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt not in FORMATS:
        raise ExportError(f"Cannot tell the export format of {Path(path).name}; use one of "
                          f"{', '.join(sorted(_EXTENSIONS))} (or --format).")
    return fmt


def render(bilingual: Bilingual, fmt: str, *, layout: str = "side-by-side", paper: str = "a4",
           glossary: list[GlossaryLine] | None = None,
           progress: Callable[[int, int], None] | None = None) -> bytes:
    """The exported file's bytes."""
    if not bilingual.rows:
        raise ExportError("There is nothing to export: the document has no paragraphs.")
    if layout not in LAYOUTS:
        raise ExportError(f"Unknown layout '{layout}'; use side-by-side or interleaved.")
    if fmt == "pdf":
        from reader.core.export import pdf

        return pdf.write(bilingual, layout=layout, paper=paper, glossary=glossary, progress=progress)
    if fmt == "docx":
        from reader.core.export import docx

        return docx.write(bilingual, layout=layout, glossary=glossary)
    if fmt == "html":
        from reader.core.export import html

        return html.write(bilingual, layout=layout, glossary=glossary)
    if fmt == "tmx":
        from reader.core.export import tmx

        return tmx.write(bilingual)
    if fmt == "md":
        from reader.core.export import markdown

        return markdown.write(bilingual)
    if fmt == "json":
        from reader.core.export import jsonfmt

        return jsonfmt.write(bilingual)
    raise ExportError(f"Unknown export format '{fmt}'.")


def export(bilingual: Bilingual, path: Path, fmt: str | None = None, **options) -> Path:
    """Render and write atomically: a failure leaves no partial file under the final name."""
    fmt = format_for(path, fmt)
    data = render(bilingual, fmt, **options)
    write_atomic(Path(path), lambda fh: fh.write(data))
    return Path(path)


def build_bilingual(document: Document, translations: list, edits: dict[int, str], model: str,
                    enforced: dict | None = None) -> Bilingual:
    """Rows as the user sees them: their edit, else the glossary-checked text, else the machine's."""
    rows = []
    enforced = enforced or {}
    for i, (paragraph, translation) in enumerate(zip(document.paragraphs, translations)):
        edited = i in edits
        machine = translation.text if translation is not None else ""
        patched = i in enforced and enforced[i].patched
        text = edits[i] if edited else (enforced[i].text if patched else machine)
        rows.append(BilingualRow(
            paragraph, text, translation.alternatives if translation is not None else (),
            cached=bool(translation is not None and translation.cached), edited=edited,
            patched=patched and not edited))
    return Bilingual(document, model, tuple(rows))
