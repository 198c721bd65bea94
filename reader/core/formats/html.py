"""Web pages: the author's text, block by block, without the site around it.

A page is read the way a browser lays it out: every block element (heading,
paragraph, list item, table row, figure caption, preformatted text) is one
paragraph; `<br>` is a line break inside it; the whitespace of the markup
(indentation, line wrapping in the source) is collapsed, the text itself is
kept exactly (no normalisation, no invisible characters removed).

Which blocks are the document's own:
- a page that marks its content (`<main>`, `role="main"`, one `<article>`) is
  read inside that element, whole: headings, asides, figure captions, code,
  repeated paragraphs;
- otherwise the body is read, and trafilatura (the well-kept extractor made
  for news pages) says where the article is: blocks it keeps, and the blocks
  between and beside them in the article's own containers, stay; menus,
  share buttons, comment policies and copyright lines around it go;
- anywhere, navigation, scripts, forms' controls, hidden elements and
  containers named as boilerplate (comments, share, related, footer...) are
  left out.

Pages are parsed by lxml with the network off, no entity expansion and libxml2's
own bounds; a page that declares XML entities or nests absurdly deep is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument
from reader.core.formats import limits
from reader.core.formats.text import decode_text
from reader.core.structure import build_document

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html",
    "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "ul", "xmp", "h1", "h2", "h3", "h4",
    "h5", "h6", "search", "noframes",
}
_PREFORMATTED = {"pre", "listing", "plaintext", "xmp", "textarea"}
_NEVER_TEXT = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg", "math",
    "iframe", "object", "embed", "canvas", "audio", "video", "source", "track", "select", "option",
    "optgroup", "button", "input", "textarea", "datalist", "map", "area", "nav", "dialog", "img", "picture",
    "frameset", "frame", "param", "output", "progress", "meter",
}
_LANDMARKS_AROUND = {"banner", "contentinfo", "navigation", "search", "complementary"}
_BOILERPLATE_NAME = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-?policy|share|sharing|social|related|breadcrumbs?|tags?|most-?read|"
    r"popular|newsletter|subscribe|subscription|ads?|advert\w*|sponsor\w*|promo\w*|cookies?|disclaimer|"
    r"polic(?:y|ies)|copyright|footer|menu|navbar|nav|sidebar|widgets?|banner|pagination|pager|toolbar|"
    r"skip-?link)(?:$|[\s_-])", re.IGNORECASE)
# What a site says around every article: copyright lines, comment policies, disclaimers.
_BOILERPLATE_TEXT = re.compile(
    r"©|جميع الحقوق محفوظة|حقوق (?:الطبع|النشر) محفوظة|all rights reserved"
    r"|(?:تعبر|يعبر|تمثل|يمثل)\s+(?:عن\s+)?(?:رأي|آراء|وجهة نظر)\s+(?:أصحابها|صاحبها|كاتبها|كاتبيها|كتابها)"
    r"|لا\s+(?:تعبر|يعبر|تمثل|يمثل)\s+(?:بالضرورة\s+)?عن\s+(?:رأي|وجهة نظر|سياسة)"
    r"|(?:شروط|سياسة|قواعد|ضوابط)\s+(?:التعليق|التعليقات)|نرحب\s+بتعليقاتكم"
    r"|views expressed|do not necessarily (?:reflect|represent)|comments? policy",
    re.IGNORECASE)
_BOILERPLATE_WORDS = 60  # longer blocks are prose that may quote such a line
_PROSE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption", "dd", "dt"}
# The extractor kept less than this share of the body's text: it did not find an article in a
# site, the page is a document of its own.
_CLEARLY_LESS = 0.5
_MARKUP_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACE_AROUND_BREAK = re.compile(r" *\n *")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_PARSER_OPTIONS = dict(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


@dataclass
class HtmlBlock:
    """One paragraph-to-be, with what the page says about it."""

    text: str
    role: Role | None
    element: object  # the block element: where it sits decides whether it is the article's
    link_chars: int = 0


def load_html(path: Path) -> Document:
    return html_to_document(_decode(path), path)


def html_to_document(html: str, path: Path) -> Document:
    """Used for .html files (and by anything else holding a whole page)."""
    tree = parse_html(html, path.name)
    root, marked = _content_root(tree)
    blocks = walk_blocks(root, skip_boilerplate=True)
    page_title = _page_title(tree)
    if marked:
        blocks = [b for b in blocks if not _site_text(b)]
    else:
        blocks = _article_blocks(html, [b for b in blocks if not _looks_like_boilerplate(b)], page_title)
    pairs = _with_roles(blocks)
    if not pairs:
        raise EmptyDocument(f"{path.name} has no readable text in it.")
    title = next((text for text, role in pairs if role is Role.TITLE), None) or page_title or None
    return build_document(pairs, title=title, source=path, headings_stated=True)


def blocks_from_html(tree) -> list[tuple[str, Role | None]]:
    """Every block of a page or an EPUB chapter, in reading order, as (text, role).

    Nothing is judged boilerplate here: a chapter is all text. Tags may be
    namespaced (XHTML parsed as XML).
    """
    _check_depth(tree, "The chapter")
    return _with_roles(walk_blocks(tree, skip_boilerplate=False))


def blocks_from_fragment(markup: str, name: str) -> list[tuple[str, Role | None]]:
    """The text blocks of an HTML fragment (raw HTML inside Markdown)."""
    parser = lxml.html.HTMLParser(**_HTML_PARSER_OPTIONS)
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return []
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise _too_deep(name, limits.XML_PARSER_DEPTH)
    _check_depth(fragment, name)
    return _with_roles(walk_blocks(fragment, skip_boilerplate=False))


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(f"{path.name} is empty.")
    if len(data) > 4 * limits.MAX_TEXT_CHARS:
        raise DamagedFile(f"{path.name} is larger than any web page reader opens.")
    if _ENTITY_DECLARATION.search(data[:1 << 20]):
        raise DamagedFile(f"{path.name} is damaged or hostile: it declares XML entities, which web pages "
                          "never need (a 'billion laughs' file).")
    # A <meta charset> wins over guessing: it is what the browser would use.
    head = data[:2048].lower()
    for marker in (b'charset="', b"charset='", b"charset="):
        at = head.find(marker)
        if at >= 0:
            name = head[at + len(marker):].split(b'"')[0].split(b"'")[0].split(b";")[0].split(b">")[0]
            try:
                return data.decode(name.strip().decode("ascii"))
            except (LookupError, UnicodeDecodeError, UnicodeEncodeError):
                break
    return decode_text(data, path.name)[0]


def parse_html(html: str, name: str):
    parser = lxml.html.HTMLParser(**_HTML_PARSER_OPTIONS)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise EmptyDocument(f"{name} has no readable text in it.") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # libxml2 stops at its own depth bound and drops what is deeper: refuse, never show half.
        raise _too_deep(name, limits.XML_PARSER_DEPTH)
    _check_depth(tree, name)
    return tree


def _too_deep(name: str, depth: int) -> DamagedFile:
    return DamagedFile(f"{name} is damaged or hostile: its elements nest more than {depth} deep, "
                       "which no real page does.")


def _check_depth(tree, name: str) -> None:
    """Refuse markup nested deeper than any real page (and deeper than a walk should go)."""
    if hasattr(tree, "getroot"):
        tree = tree.getroot()
    depth = {tree: 0}
    for element in tree.iterdescendants():
        level = depth[element.getparent()] + 1
        depth[element] = level
        if level > limits.MAX_NESTING:
            raise _too_deep(name, limits.MAX_NESTING)


def _local(element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


# ---------------------------------------------------------------------------------------------
# The block walker
# ---------------------------------------------------------------------------------------------

def walk_blocks(root, *, skip_boilerplate: bool) -> list[HtmlBlock]:
    """The blocks under `root` in document order, as a browser would lay them out.

    Iterative (an explicit stack), so the depth of the page never meets
    Python's recursion limit.
    """
    total = len(_MARKUP_SPACE.sub(" ", _visible_text(root)).strip()) or 1
    blocks: list[HtmlBlock] = []
    buffer: list[str] = []
    link_chars = [0]
    contexts: list = [root]  # block elements we are inside; the innermost owns the text
    preformatted = [0]
    in_link = [0]

    def add(text: str | None) -> None:
        if not text:
            return
        if not preformatted[0]:
            text = _MARKUP_SPACE.sub(" ", text)
        buffer.append(text)
        if in_link[0]:
            link_chars[0] += len(text.strip())

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        links, link_chars[0] = link_chars[0], 0
        owner = contexts[-1]
        if _local(owner) not in _PREFORMATTED:
            text = _SPACE_AROUND_BREAK.sub("\n", text).strip(" ")
        else:
            text = text.strip("\n")
        if text.strip():
            blocks.append(HtmlBlock(text, _role_of(owner), owner, links))

    stack: list[tuple[object, bool]] = [(root, True)]
    while stack:
        element, entering = stack.pop()
        tag = _local(element)
        if not entering:
            if tag in _BLOCKS and element is not root:
                flush()
                contexts.pop()
            if tag in _PREFORMATTED:
                preformatted[0] -= 1
            if tag == "a":
                in_link[0] -= 1
            if element is not root:
                add(element.tail)
            continue
        if element is not root and _skipped(element, tag, skip_boilerplate, total):
            add(element.tail)
            continue
        if tag == "br":
            buffer.append("\n")  # the author's line break, not markup whitespace
            add(element.tail)
            continue
        if tag == "tr" and not _layout_row(element):
            flush()
            cells = [_cell_text(cell) for cell in element if _local(cell) in ("td", "th")]
            if any(c.strip() for c in cells):
                blocks.append(HtmlBlock("\t".join(cells), Role.BODY, element))
            add(element.tail)
            continue
        if tag in _BLOCKS and element is not root:
            flush()
            contexts.append(element)
        if tag in _PREFORMATTED:
            preformatted[0] += 1
        if tag == "a":
            in_link[0] += 1
        add(element.text)
        stack.append((element, False))
        stack.extend((child, True) for child in reversed(element))
    flush()
    return blocks


def _skipped(element, tag: str, skip_boilerplate: bool, total: int) -> bool:
    if not tag:
        return True  # comments, processing instructions
    if tag in _NEVER_TEXT:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if not skip_boilerplate:
        return False
    if (element.get("role") or "").lower() in _LANDMARKS_AROUND and not _inside_content(element):
        return True
    if tag in ("header", "footer") and not _inside_content(element):
        return not (tag == "header" and _has_descendant(element, "h1"))
    if tag == "aside" and not _inside_content(element):
        return _boilerplate_named(element)
    if _boilerplate_named(element):
        # A wrapper named 'content-nav' that holds the article is not boilerplate.
        return len(_MARKUP_SPACE.sub(" ", _visible_text(element)).strip()) < 0.5 * total
    return False


def _boilerplate_named(element) -> bool:
    return bool(_BOILERPLATE_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


def _inside_content(element) -> bool:
    return any(_local(a) in ("article", "main", "section") or (a.get("role") or "") == "main"
               for a in element.iterancestors())


def _has_descendant(element, name: str) -> bool:
    return any(_local(e) == name for e in element.iterdescendants())


def _visible_text(element) -> str:
    """All text under `element` that a reader would see (order does not matter: it is measured)."""
    parts = []
    stack = [element]
    while stack:
        e = stack.pop()
        if e is not element and e.tail:
            parts.append(e.tail)  # a tail belongs to the parent, which is visible
        if not isinstance(e.tag, str) or _local(e) in _NEVER_TEXT:
            continue
        if e.text:
            parts.append(e.text)
        stack.extend(e)
    return " ".join(parts)


def _layout_row(row) -> bool:
    """A row of a table used for page layout (an article in one cell, a sidebar in the next)
    rather than data: its cells hold headings, tables, lists or several paragraphs."""
    for cell in row:
        if _local(cell) not in ("td", "th"):
            continue
        blocks = 0
        for element in cell.iterdescendants():
            tag = _local(element)
            if tag in _HEADINGS or tag in ("table", "ul", "ol", "dl", "blockquote", "pre"):
                return True
            if tag in ("p", "div", "li", "section", "article"):
                blocks += 1
                if blocks > 2:
                    return True
    return False


def _cell_text(cell) -> str:
    """A table cell's text: its own blocks joined by line breaks, its markup whitespace collapsed."""
    return "\n".join(b.text for b in walk_blocks(cell, skip_boilerplate=False)).replace("\t", " ")


def _role_of(owner) -> Role | None:
    tag = _local(owner)
    if tag in _HEADINGS:
        return Role.HEADING
    if tag in ("figcaption", "caption"):
        return Role.BYLINE
    if tag in ("li", "dt", "dd", "pre", "listing", "xmp", "plaintext"):
        return Role.BODY
    return None


def _with_roles(blocks: list[HtmlBlock]) -> list[tuple[str, Role | None]]:
    """(text, role) pairs; the first <h1> is the title."""
    pairs: list[tuple[str, Role | None]] = []
    titled = False
    for block in blocks:
        role = block.role
        if role is Role.HEADING and _local(block.element) == "h1" and not titled:
            role, titled = Role.TITLE, True
        pairs.append((block.text, role))
    return pairs


# ---------------------------------------------------------------------------------------------
# Which blocks are the article
# ---------------------------------------------------------------------------------------------

def _content_root(tree):
    """(element, True) when the page marks its content; (body, False) otherwise."""
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    mains = [e for e in elements if _local(e) == "main" or (e.get("role") or "").lower() == "main"]
    if len(mains) == 1:
        return mains[0], True
    articles = [e for e in elements if _local(e) == "article"]
    if len(articles) == 1:
        return articles[0], True
    body = tree.find(".//body")
    return (body if body is not None else tree), False


def _article_blocks(html: str, blocks: list[HtmlBlock], page_title: str) -> list[HtmlBlock]:
    """The body's blocks that belong to its article, by trafilatura's judgement and their place."""
    kept_texts = _trafilatura_texts(html)
    if not kept_texts or not blocks:
        return blocks
    joined = "\n".join(kept_texts)
    kept_set = set(kept_texts)

    def kept(block: HtmlBlock) -> bool:
        key = _match_key(block.text)
        return bool(key) and (key in kept_set or (len(key) >= 15 and key in joined))

    marks = [kept(b) for b in blocks]
    kept_chars = sum(len(b.text) for b, m in zip(blocks, marks) if m)
    if kept_chars < _CLEARLY_LESS * sum(len(b.text) for b in blocks):
        return blocks  # the extractor found little of what the page says: a document, not a site
    first = marks.index(True)
    last = len(marks) - 1 - marks[::-1].index(True)
    first_parent = blocks[first].element.getparent()
    last_parent = blocks[last].element.getparent()
    title_key = _match_key(page_title)
    chosen = []
    for i, block in enumerate(blocks):
        if marks[i] or first < i < last:
            chosen.append(block)
        elif i < first and (_within(block, first_parent) or _is_the_title(block, title_key)):
            chosen.append(block)
        elif i > last and _within(block, last_parent):
            chosen.append(block)
    return chosen


def _trafilatura_texts(html: str) -> list[str]:
    """The blocks trafilatura judges to be the article, as match keys (empty when it finds none)."""
    import trafilatura

    xml = trafilatura.extract(html, output_format="xml", include_comments=False, include_tables=True,
                              include_images=False, include_links=False, favor_recall=True, deduplicate=False)
    if not xml:
        return []
    try:
        root = lxml.etree.fromstring(xml.encode("utf-8"), lxml.etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False))
    except lxml.etree.XMLSyntaxError:
        return []
    main = root.find("main")
    texts = []
    for element in (main if main is not None else root).iter("head", "p", "item", "cell", "quote", "code"):
        key = _match_key("".join(element.itertext()))
        if key:
            texts.append(key)
    return texts


def _match_key(text: str) -> str:
    """For matching only: what an extractor may have changed (normalisation, invisible marks, spaces) removed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def _site_text(block: HtmlBlock) -> bool:
    """A copyright line, a comment policy, a disclaimer: the site's words, not the author's."""
    return len(block.text.split()) <= _BOILERPLATE_WORDS and bool(_BOILERPLATE_TEXT.search(block.text))


def _looks_like_boilerplate(block: HtmlBlock) -> bool:
    """The site's words, or a menu-like block (a list item or div that is mostly a link)."""
    if _site_text(block):
        return True
    visible = len(block.text.strip()) or 1
    return block.link_chars / visible > 0.6 and _local(block.element) not in _PROSE


def _within(block: HtmlBlock, container) -> bool:
    return container is not None and any(a is container for a in block.element.iterancestors())


def _is_the_title(block: HtmlBlock, title_key: str) -> bool:
    if _local(block.element) not in _HEADINGS or not title_key:
        return False
    key = _match_key(block.text)
    return bool(key) and (title_key == key or title_key.startswith(key) or title_key.endswith(key))


def _page_title(tree) -> str:
    for element in tree.iter():
        if _local(element) == "title":
            return " ".join((element.text_content() or "").split())
    return ""
