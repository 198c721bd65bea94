"""The text of a Word (.docx) document, read from its XML as Word lays it out.

Paragraphs and tables come in document order; a table row is one block with
its cells separated by "\\t"; a line break (`w:br`, `w:cr`) is "\\n" inside
the paragraph; list items are paragraphs (their numbers are not text in
WordprocessingML); deleted revisions, field codes and hidden text are not
the document's visible text and are left out. Text boxes follow the paragraph
they are anchored in. Both the transitional and the strict (ISO 29500)
namespaces are read.

python-docx reads every part the package relates (images and embedded
objects included) whole into memory, and keeps tables apart from the text;
this reader streams only the main part and reads only the styles beside it.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote
from collections.abc import Iterator

from reader.core.document import Role
from reader.core.formats.blocks import Block
from reader.core.formats.xmlsafe import iter_blocks, local_name, parse_part
from reader.core.formats.zipsafe import Package

W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

# Run content with a text equivalent; everything else in a paragraph is either
# a wrapper to look inside or not visible text.
_NOT_TEXT = {"pPr", "rPr", "sectPr", "del", "moveFrom", "delText", "instrText", "delInstrText",
             "footnoteReference", "endnoteReference", "commentReference", "annotationRef", "fldData",
             "rt", "drawing", "pict", "object", "txbxContent", "softHyphen", "lastRenderedPageBreak",
             "footnoteRef", "endnoteRef", "separator", "continuationSeparator"}
_TEXT_BOX_TAGS = tuple(f"{{{ns}}}txbxContent" for ns in W_NAMESPACES)
_HEADING_NAME = re.compile(r"^heading\s*(\d)?")


class WordPackage:
    """The parts of a .docx that carry its text: where they are and how to read them."""

    def __init__(self, package: Package) -> None:
        self.package = package
        root_rels = self._relationships("_rels/.rels", "")
        self.main = root_rels.get("officeDocument") or "word/document.xml"
        self.core = root_rels.get("core-properties")
        self._main_relationships = self._relationships(_rels_of(self.main), posixpath.dirname(self.main))
        self.styles_part = self._main_relationships.get("styles")

    def _relationships(self, part: str, base: str) -> dict[str, str]:
        """Relationship kind (last word of its type) -> target part, for internal targets."""
        if part not in self.package:
            return {}
        found: dict[str, str] = {}
        for rel in parse_part(self.package, part).iter(_RELS):
            kind = (rel.get("Type") or "").rstrip("/").rpartition("/")[2]
            target = unquote(rel.get("Target") or "")
            if rel.get("TargetMode") == "External" or not target or kind in found:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            found[kind] = path
        return found

    def title(self) -> str | None:
        if not self.core or self.core not in self.package:
            return None
        found = parse_part(self.package, self.core).find(_DC_TITLE)
        return (found.text or "").strip() or None if found is not None else None

    def styles(self) -> "StyleRoles":
        if not self.styles_part or self.styles_part not in self.package:
            return StyleRoles({})
        root = parse_part(self.package, self.styles_part)
        return StyleRoles.from_styles(root)

    def blocks(self) -> Iterator[Block]:
        """The body's blocks in document order, then the footnotes and endnotes it refers to."""
        if self.main not in self.package:
            self.package.open(self.main)  # raises: the part is missing
        styles = self.styles()
        tags = {f"{{{ns}}}{t}" for ns in W_NAMESPACES for t in ("p", "tbl")}
        containers = {f"{{{ns}}}{t}" for ns in W_NAMESPACES for t in ("document", "body", "sdt", "sdtContent",
                                                                      "customXml")}
        notes = {kind: self.notes_part(kind) for kind in ("footnote", "endnote")}
        reader = BodyReader(styles, notes={kind for kind, part in notes.items() if part})
        for element in iter_blocks(self.package, self.main, tags, containers):
            yield from reader.block(element)
        for kind, part in notes.items():
            wanted = [number for k, number in reader.note_references if k == kind]
            if part and wanted:
                yield from self._notes(part, kind, wanted, reader)

    def notes_part(self, kind: str) -> str | None:
        part = self._main_relationships.get(kind + "s")
        return part if part and part in self.package else None

    def _notes(self, part: str, kind: str, wanted: list[str], reader: "BodyReader") -> Iterator[Block]:
        """The notes the text refers to, in the order it refers to them, as paragraphs after the text."""
        bodies = {}
        for note in parse_part(self.package, part):
            if local_name(note) == kind and _attr(note, "id") is not None:
                bodies.setdefault(_attr(note, "id"), note)
        for number in dict.fromkeys(wanted):
            for child in bodies.get(number, ()):
                for block in reader.block(child):
                    yield block._replace(role=Role.BODY, level=0)


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


class StyleRoles:
    """Paragraph style id -> (role, heading level), following `basedOn` chains."""

    def __init__(self, styles: dict[str, tuple[str, str | None, int | None, bool]]) -> None:
        self._styles = styles  # id -> (name, based on, outline level, numbered)
        self._cache: dict[str, tuple[Role | None, int, bool]] = {}

    @classmethod
    def from_styles(cls, root) -> "StyleRoles":
        styles = {}
        for style in root:
            if local_name(style) != "style" or _attr(style, "type") != "paragraph":
                continue
            fields = {local_name(child): child for child in style}
            name = _attr(fields["name"], "val") if "name" in fields else ""
            based = _attr(fields["basedOn"], "val") if "basedOn" in fields else None
            outline = numbered = None
            if "pPr" in fields:
                props = {local_name(child): child for child in fields["pPr"]}
                if "outlineLvl" in props:
                    outline = _int(_attr(props["outlineLvl"], "val"))
                numbered = "numPr" in props
            styles[_attr(style, "styleId") or ""] = ((name or "").lower(), based, outline, bool(numbered))
        return cls(styles)

    def role(self, style_id: str | None) -> tuple[Role | None, int, bool]:
        """(role, heading level, is a list style) for a paragraph style."""
        if not style_id:
            return None, 0, False
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: str) -> tuple[Role | None, int, bool]:
        seen: set[str] = set()
        current: str | None = style_id
        numbered = False
        while current and current not in seen and len(seen) < 50:
            seen.add(current)
            name, based, outline, has_numbering = self._styles.get(current, (current.lower(), None, None, False))
            numbered = numbered or has_numbering or name.startswith("list")
            if name == "title":
                return Role.TITLE, 0, numbered
            if name.startswith("subtitle"):
                return Role.HEADING, 2, numbered
            heading = _HEADING_NAME.match(name)
            if heading:
                return Role.HEADING, int(heading.group(1) or 1), numbered
            if outline is not None and 0 <= outline < 9:
                return Role.HEADING, outline + 1, numbered
            if name.startswith("caption"):
                return Role.BYLINE, 0, numbered
            current = based
        return None, 0, numbered


class BodyReader:
    """Turns body-level elements (paragraphs, tables) into blocks."""

    def __init__(self, styles: StyleRoles, notes: set[str] = frozenset()) -> None:
        self.styles = styles
        self._note_tags = tuple(f"{{{ns}}}{kind}Reference" for ns in W_NAMESPACES for kind in sorted(notes))
        self.note_references: list[tuple[str, str]] = []  # ("footnote" | "endnote", id), in reading order

    def block(self, element) -> Iterator[Block]:
        kind = local_name(element)
        if kind == "p":
            yield from self.paragraph(element)
        elif kind == "tbl":
            for row in _children(element, "tr"):
                yield Block(self.row(row), Role.BODY)
        elif kind in ("sdt", "sdtContent", "customXml", "txbxContent", "body"):
            for child in element:
                yield from self.block(child)

    def paragraph(self, p) -> Iterator[Block]:
        w = p.tag[:p.tag.index("}") + 1]
        props = p.find(w + "pPr")
        style_id = numbered = outline = None
        if props is not None:
            style = props.find(w + "pStyle")
            style_id = style.get(w + "val") if style is not None else None
            numbering = props.find(w + "numPr")
            if numbering is not None:
                num_id = numbering.find(w + "numId")
                numbered = num_id is None or num_id.get(w + "val") != "0"
            level = props.find(w + "outlineLvl")
            outline = _int(level.get(w + "val")) if level is not None else None
        role, heading_level, list_style = self.styles.role(style_id)
        if outline is not None and 0 <= outline < 9 and role is None:
            role, heading_level = Role.HEADING, outline + 1
        if role is None and (numbered or list_style):
            role = Role.BODY  # a list item: never guessed to be a heading
        yield Block(paragraph_text(p), role, heading_level if role is Role.HEADING else 0)
        self._remember_notes(p)
        for box in _text_boxes(p):
            for child in box:
                yield from self.block(child)

    def _remember_notes(self, element) -> None:
        if self._note_tags:
            for reference in element.iter(*self._note_tags):
                kind = local_name(reference)[: -len("Reference")]
                self.note_references.append((kind, _attr(reference, "id") or ""))

    def row(self, tr) -> str:
        self._remember_notes(tr)
        cells = []
        for cell in _cells(tr):
            lines = []
            for child in cell:
                kind = local_name(child)
                if kind == "p":
                    lines.append(paragraph_text(child).strip())
                elif kind == "tbl":  # a table in a cell: its rows are lines of the cell
                    lines.extend(self.row(r).replace("\t", " ").strip() for r in _children(child, "tr"))
                elif kind in ("sdt", "customXml"):
                    lines.extend(b.text.strip() for b in self.block(child))
            cells.append("\n".join(line for line in lines if line))
        return "\t".join(cells)


_TEXT, _SKIP, _BREAK, _SYMBOL, _RUN = object(), object(), object(), object(), object()
_W_PREFIXES = tuple(f"{{{ns}}}" for ns in W_NAMESPACES)
_ACTIONS: dict[str, object] = {}
for _w in _W_PREFIXES:
    _ACTIONS.update({_w + name: _SKIP for name in _NOT_TEXT})
    _ACTIONS.update({_w + "t": _TEXT, _w + "tab": "\t", _w + "ptab": "\t", _w + "cr": "\n",
                     _w + "noBreakHyphen": "-", _w + "br": _BREAK, _w + "sym": _SYMBOL, _w + "r": _RUN})


def paragraph_text(p) -> str:
    """The visible characters of one paragraph, line breaks as "\\n" and tabs as "\\t"."""
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        for node in stack[-1]:
            action = _ACTIONS.get(node.tag)
            if action is _TEXT:
                out.append(node.text or "")
            elif action is _SKIP:
                continue
            elif isinstance(action, str):
                out.append(action)
            elif action is _BREAK:
                out.append("\n" if _attr(node, "type") in (None, "textWrapping") else "")
            elif action is _SYMBOL:
                out.append(_symbol(node))
            elif action is _RUN and _hidden(node):
                continue
            elif isinstance(node.tag, str) and node.tag.startswith(_W_PREFIXES):
                stack.append(iter(node))  # runs, hyperlinks, insertions, fields, smart tags, content controls
                break
            # anything else (drawings, maths markup, comments) is not running text
        else:
            stack.pop()
    return "".join(out)


def _text_boxes(p) -> list:
    """Text boxes anchored in a paragraph, each once (Word also stores a fallback copy)."""
    found = p.iter(*_TEXT_BOX_TAGS)
    first = next(found, None)
    if first is None:
        return []
    tags = {_MC_FALLBACK, *_TEXT_BOX_TAGS}
    boxes = []
    for box in (first, *found):
        if not any(_between(box, p, tags)):
            boxes.append(box)
    return boxes


def _between(element, top, tags: set[str]) -> Iterator[bool]:
    """For each ancestor below `top`: whether it has one of `tags`."""
    for ancestor in element.iterancestors():
        if ancestor is top:
            return
        yield ancestor.tag in tags


def _cells(tr) -> Iterator:
    for child in tr:
        kind = local_name(child)
        if kind == "tc":
            yield child
        elif kind in ("sdt", "customXml", "sdtContent"):
            yield from _cells(child)


def _children(element, name: str) -> Iterator:
    for child in element:
        kind = local_name(child)
        if kind == name:
            yield child
        elif kind in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, name)


def _child(element, name: str):
    for child in element:
        if local_name(child) == name:
            return child
    return None


def _namespace(element) -> str:
    tag = element.tag
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _attr(element, name: str) -> str | None:
    """A w:-namespaced attribute, whichever of the two namespaces the file uses."""
    for ns in W_NAMESPACES:
        value = element.get(f"{{{ns}}}{name}")
        if value is not None:
            return value
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _hidden(run) -> bool:
    props = _child(run, "rPr")
    if props is None:
        return False
    vanish = _child(props, "vanish")
    return vanish is not None and _attr(vanish, "val") not in ("0", "false", "off")


def _symbol(sym) -> str:
    """A w:sym character, unless it is a private-use code of a symbol font (Wingdings)."""
    code = _int_hex(_attr(sym, "char"))
    if code is None or 0xE000 <= code <= 0xF8FF or not 0x20 <= code <= 0x10FFFF:
        return ""
    return chr(code)


def _int_hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None
