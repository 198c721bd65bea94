"""The text of an OpenDocument text (.odt), read from content.xml as the author wrote it.

Paragraphs, headings, list items and tables come in document order; a table
row is one block with its cells separated by "\\t"; `<text:line-break/>` is
"\\n" and `<text:tab/>` "\\t" inside the paragraph; runs of spaces are
`<text:s text:c="N"/>` (ODF collapses whitespace in the markup itself, so we
do too). Notes, comments, tracked deletions, list numbers and ruby
annotations are not the running text. Text frames (text boxes, captioned
pictures) follow the paragraph they are anchored in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.document import Role
from reader.core.formats.blocks import Block
from reader.core.formats.xmlsafe import iter_blocks, local_name, parse_part
from reader.core.formats.zipsafe import Package

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

_MARKUP_SPACE = re.compile(r"[ \t\r\n]+")
_HEADING_STYLE = re.compile(r"^heading(?:_20_|[ _])?(\d+)$")
_MAX_SPACES = 1_000  # <text:s text:c="..."/> beyond this is an attack, not layout
_MAX_REPEATED_CELLS = 1_000

# Inside a paragraph: elements whose content is not the running text.
_SKIP_IN_TEXT = {f"{{{TEXT}}}{n}" for n in ("note", "ruby-text", "number", "tracked-changes",
                                            "soft-page-break", "index-title-template")}
_SKIP_NAMESPACES = {OFFICE, DRAW, TABLE, STYLE, "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
                    "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
                    "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
                    "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
                    "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
                    "http://www.w3.org/1998/Math/MathML"}
_CONTAINERS = {f"{{{OFFICE}}}{n}" for n in ("document-content", "body", "text", "automatic-styles")} | {
    f"{{{TEXT}}}{n}" for n in ("section", "table-of-content", "illustration-index", "table-index", "object-index",
                               "user-index", "alphabetical-index", "bibliography", "index-body", "index-title")}
_BLOCKS = {f"{{{TEXT}}}{n}" for n in ("p", "h", "list", "numbered-paragraph")} | {
    f"{{{TABLE}}}table", f"{{{DRAW}}}frame", f"{{{STYLE}}}style"}


class OpenDocumentPackage:
    def __init__(self, package: Package) -> None:
        self.package = package

    def encrypted(self) -> bool:
        """Whether the manifest says content.xml is encrypted (a password-protected document)."""
        if "META-INF/manifest.xml" not in self.package:
            return False
        manifest = parse_part(self.package, "META-INF/manifest.xml")
        return any(True for _ in manifest.iter(f"{{{MANIFEST}}}encryption-data"))

    def title(self) -> str | None:
        if "meta.xml" not in self.package:
            return None
        found = next(parse_part(self.package, "meta.xml").iter(_DC_TITLE), None)
        return ((found.text or "").strip() or None) if found is not None else None

    def blocks(self) -> Iterator[Block]:
        styles = StyleRoles()
        if "styles.xml" in self.package:
            for style in iter_blocks(self.package, "styles.xml", {f"{{{STYLE}}}style"},
                                     {f"{{{OFFICE}}}document-styles", f"{{{OFFICE}}}styles"}):
                styles.add(style)
        reader = BodyReader(styles)
        for element in iter_blocks(self.package, "content.xml", _BLOCKS, _CONTAINERS):
            if element.tag == f"{{{STYLE}}}style":
                styles.add(element)
            else:
                yield from reader.block(element)
        yield from reader.notes


class StyleRoles:
    """Paragraph style name -> (role, heading level), following parent styles."""

    def __init__(self) -> None:
        self._parents: dict[str, str | None] = {}
        self._outline: dict[str, int] = {}
        self._cache: dict[str, tuple[Role | None, int]] = {}

    def add(self, style) -> None:
        if style.get(f"{{{STYLE}}}family") != "paragraph":
            return
        name = style.get(f"{{{STYLE}}}name") or ""
        self._parents[name] = style.get(f"{{{STYLE}}}parent-style-name")
        level = _int(style.get(f"{{{STYLE}}}default-outline-level"))
        if level:
            self._outline[name] = level
        self._cache.clear()

    def role(self, name: str | None) -> tuple[Role | None, int]:
        if not name:
            return None, 0
        if name not in self._cache:
            self._cache[name] = self._resolve(name)
        return self._cache[name]

    def _resolve(self, name: str) -> tuple[Role | None, int]:
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and len(seen) < 50:
            seen.add(current)
            lowered = current.lower()
            if lowered == "title":
                return Role.TITLE, 0
            if lowered == "subtitle":
                return Role.HEADING, 2
            heading = _HEADING_STYLE.match(lowered)
            if heading:
                return Role.HEADING, int(heading.group(1))
            if current in self._outline:
                return Role.HEADING, self._outline[current]
            if lowered == "caption":
                return Role.BYLINE, 0
            current = self._parents.get(current)
        return None, 0


class BodyReader:
    def __init__(self, styles: StyleRoles) -> None:
        self.styles = styles
        self.notes: list[Block] = []  # footnotes and endnotes, read where they are cited, shown after the text

    def block(self, element, *, in_list: bool = False) -> Iterator[Block]:
        tag = element.tag
        if tag == f"{{{TEXT}}}p":
            role, level = self.styles.role(element.get(f"{{{TEXT}}}style-name"))
            if in_list and role is None:
                role = Role.BODY  # a list item: never guessed to be a heading
            yield Block(paragraph_text(element), role, level if role is Role.HEADING else 0)
            self._keep_notes(element)
            yield from self._frames(element)
        elif tag == f"{{{TEXT}}}h":
            role, level = self.styles.role(element.get(f"{{{TEXT}}}style-name"))
            if role is not Role.TITLE:
                role, level = Role.HEADING, _int(element.get(f"{{{TEXT}}}outline-level")) or level or 1
            yield Block(paragraph_text(element), role, level)
            self._keep_notes(element)
            yield from self._frames(element)
        elif tag == f"{{{TEXT}}}list":
            for item in element:
                if local_name(item) in ("list-item", "list-header"):
                    for child in item:
                        yield from self.block(child, in_list=True)
        elif tag == f"{{{TEXT}}}numbered-paragraph":
            for child in element:
                yield from self.block(child, in_list=True)
        elif tag == f"{{{TABLE}}}table":
            for row in _rows(element):
                text = self.row(row)
                repeat = _int(row.get(f"{{{TABLE}}}number-rows-repeated")) or 1
                for _ in range(repeat if text.strip() else 1):
                    yield Block(text, Role.BODY)
        elif tag == f"{{{DRAW}}}frame":
            yield from self._frames_in(element)
        elif tag in _CONTAINERS:
            for child in element:
                yield from self.block(child, in_list=in_list)

    def _keep_notes(self, paragraph) -> None:
        """The notes cited in a paragraph (not those inside another note: they come with it)."""
        for note in paragraph.iter(f"{{{TEXT}}}note"):
            if _inside(note, paragraph, {f"{{{TEXT}}}note"}):
                continue
            for body in note.iter(f"{{{TEXT}}}note-body"):
                for child in body:
                    self.notes.extend(b._replace(role=Role.BODY, level=0) for b in self.block(child))
                break

    def row(self, row) -> str:
        cells = []
        for cell in row:
            if local_name(cell) not in ("table-cell", "covered-table-cell"):
                continue
            lines = []
            for child in cell:
                if child.tag == f"{{{TABLE}}}table":  # a table in a cell: its rows are lines of the cell
                    lines.extend(self.row(r).replace("\t", " ").strip() for r in _rows(child))
                else:
                    lines.extend(b.text.strip() for b in self.block(child))
            text = "\n".join(line for line in lines if line)
            repeat = _int(cell.get(f"{{{TABLE}}}number-columns-repeated")) or 1
            cells.extend([text] * min(repeat, _MAX_REPEATED_CELLS))
        return "\t".join(cells)

    def _frames(self, paragraph) -> Iterator[Block]:
        """Text frames anchored in a paragraph (outermost ones; their own frames follow them)."""
        for frame in paragraph.iter(f"{{{DRAW}}}frame"):
            if not _inside(frame, paragraph, {f"{{{DRAW}}}frame"}):
                yield from self._frames_in(frame)

    def _frames_in(self, frame) -> Iterator[Block]:
        for box in frame:
            if box.tag == f"{{{DRAW}}}text-box":
                for child in box:
                    yield from self.block(child)


def _inside(element, top, tags: set[str]) -> bool:
    """Whether an element with one of `tags` lies between `element` and `top`."""
    for ancestor in element.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag in tags:
            return True
    return False


def paragraph_text(p) -> str:
    """The running text of a paragraph or heading, as ODF defines its whitespace."""
    out: list[str] = []
    collapsed_space = True  # leading whitespace of a paragraph is not text
    pending: list[tuple[str, object]] = [("content", p)]  # a stack: the next item is last
    while pending:
        kind, value = pending.pop()
        if kind == "markup":
            collapsed_space = _markup_text(out, value, collapsed_space)
        elif kind == "content":  # an element's own text and children, not its tail
            pending.extend(("element", child) for child in reversed(value))
            pending.append(("markup", value.text))
        else:
            pending.append(("markup", value.tail))
            tag = value.tag if isinstance(value.tag, str) else ""
            namespace, _, name = tag[1:].partition("}")
            if not name or tag in _SKIP_IN_TEXT or namespace in _SKIP_NAMESPACES:
                continue  # comments, notes, frames, list numbers
            if namespace == TEXT and name in ("s", "tab", "line-break"):
                count = max(1, min(_int(value.get(f"{{{TEXT}}}c")) or 1, _MAX_SPACES))
                out.append(" " * count if name == "s" else "\t" if name == "tab" else "\n")
                collapsed_space = False
            else:
                pending.append(("content", value))
    return "".join(out)


def _markup_text(out: list[str], text: str | None, collapsed_space: bool) -> bool:
    """Append text from the markup with its whitespace collapsed; says whether it ended in a space."""
    if not text:
        return collapsed_space
    collapsed = _MARKUP_SPACE.sub(" ", text)
    if collapsed_space and collapsed.startswith(" "):
        collapsed = collapsed[1:]
    if collapsed:
        out.append(collapsed)
        return collapsed.endswith(" ")
    return collapsed_space


def _rows(table) -> Iterator:
    for child in table:
        kind = local_name(child)
        if kind == "table-row":
            yield child
        elif kind in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _rows(child)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
