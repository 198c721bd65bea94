"""Word (.docx) and OpenDocument (.odt) files, read by python-docx and odfpy.

Both formats are zip packages. A password-protected one is not a zip at all
(Word wraps it in an OLE container) or has an encrypted content part
(OpenDocument), so we recognise both before handing the file to the library.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument, PasswordProtected
from reader.core.structure import build_document

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_package(path: Path, kind: str) -> zipfile.ZipFile:
    """Open an office zip package, telling encrypted from damaged files."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise PasswordProtected(
            f"{path.name} is password-protected (or an old binary {kind} file); "
            "open it in its editor, remove the password or save a copy as .docx/.odt, and try again.")
    try:
        package = zipfile.ZipFile(path)
        bad = package.testzip()
    except (zipfile.BadZipFile, EOFError, OSError):
        raise DamagedFile(f"{path.name} is damaged or truncated: it is not a complete {kind} file.") from None
    if bad is not None:
        raise DamagedFile(f"{path.name} is damaged: the part {bad} is corrupt.")
    return package


def load_docx(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    open_package(path, "Word").close()
    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DamagedFile(f"{path.name} is not a readable Word document ({exc}).") from None
    blocks: list[tuple[str, Role | None]] = []
    for para in word.paragraphs:
        style = (para.style.name if para.style is not None else "").lower()
        blocks.append((para.text, _role_for_style(style)))
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                blocks.append((cell.text, None))
    if not any(t.strip() for t, _ in blocks):
        raise EmptyDocument(f"{path.name} has no text in it.")
    title = (word.core_properties.title or "").strip() or None
    return build_document(blocks, title=title, source=path)


def load_odt(path: Path) -> Document:
    from odf import opendocument, teletype

    with open_package(path, "OpenDocument") as package:
        manifest = package.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in package.namelist() else b""
    if b"encryption-data" in manifest:
        raise PasswordProtected(f"{path.name} is password-protected; save an unprotected copy and try again.")
    try:
        odt = opendocument.load(str(path))
    except Exception as exc:  # odfpy raises bare xml/zip errors for broken parts
        raise DamagedFile(f"{path.name} is not a readable OpenDocument text ({type(exc).__name__}).") from None
    blocks: list[tuple[str, Role | None]] = []
    for el in _walk(odt.body):
        if el.tagName == "text:h":
            blocks.append((teletype.extractText(el), Role.HEADING))
        elif el.tagName == "text:p":
            style = (el.getAttribute("stylename") or "").lower()
            blocks.append((teletype.extractText(el), _role_for_style(style)))
    if not any(t.strip() for t, _ in blocks):
        raise EmptyDocument(f"{path.name} has no text in it.")
    title = None
    for meta in odt.meta.childNodes:
        if getattr(meta, "tagName", "") == "dc:title":
            title = teletype.extractText(meta).strip() or None
    return build_document(blocks, title=title, source=path)


def _walk(node):
    """Text paragraphs and headings in document order (lists and tables included)."""
    for child in node.childNodes:
        if getattr(child, "tagName", None) in ("text:h", "text:p"):
            yield child
        elif getattr(child, "childNodes", None):
            yield from _walk(child)


def _role_for_style(style: str) -> Role | None:
    if style == "title":
        return Role.TITLE
    if style.startswith(("heading", "subtitle")):
        return Role.HEADING
    if style.startswith("caption"):
        return Role.BYLINE
    return None

