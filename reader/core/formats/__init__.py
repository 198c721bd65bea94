"""One loader per file format; `load_document` picks by extension.

Every loader returns a `Document` or raises a `DocumentError` whose message
the user can act on. Loaders import their heavy libraries lazily so opening a
.txt file never pays for the PDF or EPUB machinery.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from reader.core.document import Document
from reader.core.errors import DamagedFile, DocumentError, EmptyDocument, UnsupportedFormat


_LOADERS = {
    ".txt": "text:load_txt",
    ".text": "text:load_txt",
    ".md": "text:load_markdown",
    ".markdown": "text:load_markdown",
    ".html": "html:load_html",
    ".htm": "html:load_html",
    ".xhtml": "html:load_html",
    ".docx": "office:load_docx",
    ".odt": "office:load_odt",
    ".epub": "epub:load_epub",
    ".pdf": "pdf:load_pdf",
}
SUPPORTED_EXTENSIONS = tuple(_LOADERS)
# Loaders whose parsing libraries (lxml, markdown-it, charset-normalizer) may fail in ways of
# their own on a broken or hostile file; those failures mean "this file is damaged".
_LIBRARY_PARSED = {"text", "html"}


def _loader(suffix: str) -> Callable[[Path], Document]:
    module, function = _LOADERS[suffix].split(":")
    return getattr(importlib.import_module(f"reader.core.formats.{module}"), function)


def load_document(path: str | Path) -> Document:
    """Read an article file into a Document, or raise a DocumentError saying why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        kinds = ", ".join(sorted({s.lstrip(".") for s in SUPPORTED_EXTENSIONS}))
        raise UnsupportedFormat(f"{path.name}: reader cannot open '{suffix or 'extension-less'}' files "
                                f"(it opens {kinds}).")
    try:
        if not path.exists():
            raise DocumentError(f"{path} does not exist.")
        if path.is_dir():
            raise DocumentError(f"{path} is a folder, not a file.")
        if path.stat().st_size == 0:
            raise EmptyDocument(f"{path.name} is empty.")
        document = _load(suffix, path)
    except PermissionError:
        raise DocumentError(f"{path} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise DocumentError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not document.paragraphs:
        raise EmptyDocument(f"{path.name} has no text in it.")
    return document


def _load(suffix: str, path: Path) -> Document:
    if _LOADERS[suffix].split(":")[0] not in _LIBRARY_PARSED:
        return _loader(suffix)(path)
    import lxml.etree

    try:
        return _loader(suffix)(path)
    except DocumentError:
        raise
    except (lxml.etree.Error, ValueError, LookupError, RecursionError, MemoryError) as exc:
        # ValueError covers UnicodeError; RecursionError and MemoryError are what deep or huge
        # markup does to a library that recurses or builds a tree.
        raise DamagedFile(f"{path.name} is damaged and cannot be read ({type(exc).__name__}).") from None
