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
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        reason = "the disk is full" if getattr(exc, "errno", None) == 28 else (exc.strerror or str(exc))
        raise ExportError(f"Cannot write {path}: {reason}. Nothing was written.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


FORMATS = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def export(bilingual: Bilingual, path: Path, fmt: str | None = None) -> None:
    """Write `bilingual` to `path`, in `fmt` or the format its extension names."""
    fmt = fmt or FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ExportError(f"Cannot tell the export format of {Path(path).name}; use one of "
                          f"{', '.join(sorted(set(FORMATS)))}.")
    if not bilingual.rows:
        raise ExportError("There is nothing to export: the document has no paragraphs.")
    from reader.core.export import html, jsonfmt, markdown

    writers = {"json": jsonfmt.write, "md": markdown.write, "html": html.write}
    if fmt not in writers:
        raise ExportError(f"Unknown export format '{fmt}'.")
    data = writers[fmt](bilingual)
    write_atomic(Path(path), lambda fh: fh.write(data))
