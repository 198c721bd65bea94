"""Word (.docx) and OpenDocument (.odt) files.

Both are zip packages of XML. They are read with lxml through `zipsafe` and
`xmlsafe` (bounded inflating, no entities, no network, streamed parsing),
by `wordml` and `opendoc`: python-docx and odfpy read every part whole (odfpy
also every picture), parse with unbounded or recursive code, and odfpy prints
a broken part to stdout. A password-protected file is not a zip at all (Word
wraps it in an OLE container) or has an encrypted content part (OpenDocument),
so both are recognised before anything is parsed.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.document import Document, Role
from reader.core.errors import EmptyDocument, PasswordProtected
from reader.core.formats.blocks import counted, finish
from reader.core.formats.limits import TextTally
from reader.core.formats.zipsafe import Package
from reader.core.structure import build_document


def load_docx(path: Path) -> Document:
    from reader.core.formats.wordml import WordPackage

    with Package(path, "Word") as package:
        word = WordPackage(package)
        blocks = list(counted(word.blocks(), TextTally(path.name)))
        title = word.title()
    return _document(blocks, title, path)


def load_odt(path: Path) -> Document:
    from reader.core.formats.opendoc import OpenDocumentPackage

    with Package(path, "OpenDocument") as package:
        odt = OpenDocumentPackage(package)
        if odt.encrypted():
            raise PasswordProtected(f"{path.name} is password-protected; save an unprotected copy and try again.")
        blocks = list(counted(odt.blocks(), TextTally(path.name)))
        title = odt.title()
    return _document(blocks, title, path)


def _document(blocks, title: str | None, path: Path) -> Document:
    pairs = finish(blocks)
    if not pairs:
        raise EmptyDocument(f"{path.name} has no text in it.")
    # A document whose author used heading styles says where its headings are: a short
    # paragraph elsewhere is not guessed to be one (metadata and bylines still are).
    stated = any(role is Role.HEADING for _, role in pairs)
    return build_document(pairs, title=title, source=path, headings_stated=stated)
