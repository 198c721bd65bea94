"""HTML pages: keep the article, drop the site around it.

A saved news page is mostly navigation, adverts and scripts. trafilatura is
the well-maintained extractor built for exactly this; it works on the bytes we
give it and fetches nothing. Short pages that it judges to have no article
fall back to reading every heading and paragraph, so nothing silently vanishes.
"""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura

from reader.core.document import Document, Role
from reader.core.errors import EmptyDocument
from reader.core.formats.text import decode_text
from reader.core.structure import build_document

_HEADINGS = {f"h{i}" for i in range(1, 7)}


def load_html(path: Path) -> Document:
    html = _decode(path)
    return html_to_document(html, path)


def html_to_document(html: str, path: Path) -> Document:
    """Used for .html files and for EPUB chapters' fallback alike."""
    xml = trafilatura.extract(
        html, output_format="xml", with_metadata=True, include_comments=False,
        include_tables=True, include_images=False, include_links=False, favor_recall=True,
        deduplicate=False,
    )
    title = _page_title(html)
    if xml:
        root = lxml.etree.fromstring(xml.encode("utf-8"))
        title = root.get("title") or title
        blocks = _blocks_from_trafilatura(root)
    else:
        blocks = blocks_from_html(lxml.html.fromstring(html))
    if title and not any(role is Role.TITLE for _, role in blocks):
        if blocks and blocks[0][0].strip() == title.strip():
            blocks[0] = (blocks[0][0], Role.TITLE)
        else:
            blocks.insert(0, (title, Role.TITLE))
    if not any(text.strip() for text, _ in blocks):
        raise EmptyDocument(f"{path.name} has no readable text in it.")
    metadata = {k: v for k, v in (("author", _attr(xml, "author")), ("date", _attr(xml, "date"))) if v}
    return build_document(blocks, title=title or None, source=path, metadata=metadata)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(f"{path.name} is empty.")
    # A <meta charset> wins over guessing: it is what the browser would use.
    head = data[:2048].lower()
    for marker in (b'charset="', b"charset='", b"charset="):
        at = head.find(marker)
        if at >= 0:
            name = head[at + len(marker):].split(b'"')[0].split(b"'")[0].split(b";")[0].split(b">")[0]
            try:
                return data.decode(name.strip().decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                break
    return decode_text(data, path.name)[0]


def _blocks_from_trafilatura(root) -> list[tuple[str, Role | None]]:
    blocks: list[tuple[str, Role | None]] = []
    main = root.find("main")
    for el in (main if main is not None else root).iter("head", "p", "item", "quote", "cell"):
        if el.tag in ("p", "quote") and el.getparent() is not None and el.getparent().tag in ("item", "cell"):
            continue
        text = "".join(el.itertext()).strip()
        if text:
            blocks.append((text, Role.HEADING if el.tag == "head" else None))
    return blocks


def blocks_from_html(tree) -> list[tuple[str, Role | None]]:
    """Every heading, paragraph and list item, in reading order."""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript|//aside"):
        bad.drop_tree()
    blocks: list[tuple[str, Role | None]] = []
    for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "figcaption"):
        text = el.text_content().strip()
        if not text:
            continue
        if el.tag in _HEADINGS:
            role = Role.TITLE if el.tag == "h1" and not blocks else Role.HEADING
        elif el.tag == "figcaption":
            role = Role.BYLINE
        else:
            role = None
        blocks.append((text, role))
    return blocks


def _page_title(html: str) -> str:
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    found = tree.findtext(".//title")
    return (found or "").strip()


def _attr(xml: str | None, name: str) -> str:
    if not xml:
        return ""
    root = lxml.etree.fromstring(xml.encode("utf-8"))
    return root.get(name) or ""
