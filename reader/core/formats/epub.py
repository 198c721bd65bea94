"""EPUB books, read with EbookLib: chapters in spine (reading) order."""

from __future__ import annotations

import warnings
from pathlib import Path

import lxml.etree
import lxml.html

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument, PasswordProtected
from reader.core.formats.html import blocks_from_html
from reader.core.formats.office import open_package
from reader.core.structure import build_document


def load_epub(path: Path) -> Document:
    import ebooklib
    from ebooklib import epub

    with open_package(path, "EPUB") as package:
        if "META-INF/encryption.xml" in package.namelist():
            raise PasswordProtected(f"{path.name} is DRM-protected; reader can only open unprotected books.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # EbookLib warns about its own future defaults
            book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except (epub.EpubException, KeyError, lxml.etree.XMLSyntaxError) as exc:
        raise DamagedFile(f"{path.name} is not a readable EPUB book ({exc}).") from None
    titles = book.get_metadata("DC", "title")
    title = titles[0][0].strip() if titles else ""
    blocks: list[tuple[str, Role | None]] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() == ebooklib.ITEM_NAVIGATION:
            continue
        content = item.get_content()
        if not content.strip():
            continue
        try:
            tree = lxml.html.fromstring(content)
        except (lxml.etree.ParserError, ValueError):
            continue
        for text, role in blocks_from_html(tree):
            blocks.append((text, Role.HEADING if role is Role.TITLE else role))
    if not any(t.strip() for t, _ in blocks):
        raise EmptyDocument(f"{path.name} has no readable text in it.")
    if title:
        if blocks and blocks[0][0].strip() == title:
            blocks[0] = (blocks[0][0], Role.TITLE)
        else:
            blocks.insert(0, (title, Role.TITLE))
    return build_document(blocks, title=title or None, source=path)
