"""EPUB books: chapters in spine (reading) order, each read once.

The package (container.xml → package document → manifest and spine) is read
with lxml through `zipsafe`/`xmlsafe`, so only the chapters the spine names are
ever inflated, each within the bounds, and a spine that names one chapter
20,000 times reads it once. EbookLib, used before, inflates every file of
the book (pictures and fonts included) when it opens it, and its parse
errors for a missing spine or manifest were not ones we could name.

Chapters are XHTML: parsed as XML (entities not substituted; the HTML named
entities an EPUB 2 chapter may use are put back as characters), or, for a
chapter that is not well-formed, with the forgiving HTML parser, both with
the elements counted as they are parsed. Their blocks come from the HTML
loader's block reader.
"""

from __future__ import annotations

import html.entities
import posixpath
from pathlib import Path
from urllib.parse import unquote

import lxml.etree

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument, PasswordProtected
from reader.core.formats.html import blocks_from_html
from reader.core.formats.limits import TextTally
from reader.core.formats.xmlsafe import parse_part
from reader.core.formats.zipsafe import Package
from reader.core.structure import build_document

OPF = "http://www.idpf.org/2007/opf"
_CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_ENCRYPTION = "http://www.w3.org/2001/04/xmlenc#"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_CHAPTER_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/xml"}


def load_epub(path: Path) -> Document:
    tally = TextTally(path.name)
    with Package(path, "EPUB") as package:
        book = _package_document(package)
        title = _title(book)
        chapters = _spine(package, book)
        _refuse_drm(package, chapters)
        blocks: list[tuple[str, Role | None]] = []
        for chapter in chapters:
            for text, role in blocks_from_html(_chapter_tree(package, chapter)):
                tally.add(text)
                blocks.append((text, Role.HEADING if role is Role.TITLE else role))
    if not any(t.strip() for t, _ in blocks):
        raise EmptyDocument(f"{path.name} has no readable text in it.")
    return build_document(_titled(blocks, title), title=title or None, source=path, headings_stated=True)


def _titled(blocks: list[tuple[str, Role | None]], title: str) -> list[tuple[str, Role | None]]:
    """The book's title once, as its first paragraph.

    A generated title page (pandoc, Calibre) shows the title and the first
    chapter opens with it again: that is one title, not two paragraphs. A book
    whose text does not open with its title gets it as a title paragraph.
    """
    if not title:
        return blocks
    texts = [(i, " ".join(text.split())) for i, (text, _) in enumerate(blocks) if text.strip()]
    wanted = " ".join(title.split())
    if len(texts) >= 2 and texts[0][1] == wanted == texts[1][1]:
        blocks = blocks[:texts[0][0]] + blocks[texts[0][0] + 1:]
        texts = [(i, " ".join(text.split())) for i, (text, _) in enumerate(blocks) if text.strip()]
    if texts and texts[0][1] == wanted:
        first = texts[0][0]
        return blocks[:first] + [(blocks[first][0], Role.TITLE)] + blocks[first + 1:]
    return [(title, Role.TITLE)] + blocks


def _package_document(package: Package):
    """The package document (.opf) the container names, with the folder its paths are relative to."""
    name = package.path.name
    rootfile = None
    if "META-INF/container.xml" in package:
        container = parse_part(package, "META-INF/container.xml")
        for entry in container.iter(f"{{{_CONTAINER}}}rootfile"):
            media = entry.get("media-type")
            if entry.get("full-path") and media in (None, "application/oebps-package+xml"):
                rootfile = entry.get("full-path")
                break
    else:  # a container-less zip: accept it when it holds exactly one package document
        candidates = [n for n in package.names() if n.lower().endswith(".opf")]
        rootfile = candidates[0] if len(candidates) == 1 else None
    if rootfile is None:
        raise DamagedFile(f"{name} is damaged: it does not say where its package document (.opf) is, "
                          "so it is not a readable EPUB book.")
    rootfile = unquote(rootfile).lstrip("/")
    if rootfile not in package:
        raise DamagedFile(f"{name} is damaged: its package document {rootfile} is missing.")
    return rootfile, parse_part(package, rootfile)


def _title(book) -> str:
    _, opf = book
    found = next(opf.iter(_DC_TITLE), None)
    return " ".join((found.text or "").split()) if found is not None else ""


def _spine(package: Package, book) -> list[str]:
    """The chapters to read, in reading order, each once."""
    rootfile, opf = book
    name = package.path.name
    manifest = opf.find(f"{{{OPF}}}manifest")
    spine = opf.find(f"{{{OPF}}}spine")
    if manifest is None:
        raise DamagedFile(f"{name} is damaged: its package document has no manifest (the list of its files).")
    if spine is None:
        raise DamagedFile(f"{name} is damaged: its package document has no spine (the reading order).")
    base = posixpath.dirname(rootfile)
    items = {}
    for item in manifest.iter(f"{{{OPF}}}item"):
        if item.get("id") and item.get("href") and item.get("id") not in items:
            items[item.get("id")] = item
    chapters: list[str] = []
    seen: set[str] = set()
    for ref in spine.iter(f"{{{OPF}}}itemref"):
        item = items.get(ref.get("idref") or "")
        if item is None or "nav" in (item.get("properties") or "").split():
            continue
        if (item.get("media-type") or "application/xhtml+xml").lower() not in _CHAPTER_TYPES:
            continue  # a picture or an SVG page in the spine: no text to read
        href = unquote(item.get("href").split("#")[0])
        part = posixpath.normpath(posixpath.join(base, href))
        if part.startswith("../") or part in seen or part not in package:
            continue
        seen.add(part)
        chapters.append(part)
    if not chapters and not any(True for _ in spine.iter(f"{{{OPF}}}itemref")):
        raise DamagedFile(f"{name} is damaged: its spine (the reading order) is empty.")
    return chapters


def _refuse_drm(package: Package, chapters: list[str]) -> None:
    """Refuse a book whose chapters are encrypted (DRM); obfuscated fonts alone are fine."""
    if "META-INF/encryption.xml" not in package:
        return
    encryption = parse_part(package, "META-INF/encryption.xml")
    encrypted = {unquote(ref.get("URI") or "").lstrip("/")
                 for ref in encryption.iter(f"{{{_ENCRYPTION}}}CipherReference")}
    if encrypted & set(chapters):
        raise PasswordProtected(f"{package.path.name} is DRM-protected; reader can only open unprotected books.")


def _chapter_tree(package: Package, part: str):
    """A chapter as an element tree, whether or not it is well-formed XHTML."""
    root = parse_part(package, part, forgiving=True)
    _entities_as_characters(root)
    return root


def _entities_as_characters(root) -> None:
    """Put back the HTML named entities (&nbsp;, &mdash;) an EPUB 2 chapter's DTD would define."""
    for entity in list(root.iter(lxml.etree.Entity)):
        text = html.entities.html5.get(f"{entity.name};", "") + (entity.tail or "")
        parent, previous = entity.getparent(), entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(entity)
