"""XML from zip packages, parsed so that hostile markup cannot hurt.

lxml (libxml2) is told never to substitute entities, load a DTD or touch the
network, and to keep its own bounds (huge_tree off: nesting stops at
`limits.XML_PARSER_DEPTH` and entity amplification is refused). Office and
EPUB files never declare entities, so a part that does is refused outright:
that is the "billion laughs" file. Large parts are parsed as a stream, one
top-level block at a time, and each block is freed once read, so memory
follows the largest paragraph or table, not the document.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.etree

from reader.core.errors import DamagedFile
from reader.core.formats import limits
from reader.core.formats.zipsafe import Package

SAFE_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def safe_parser(**extra) -> lxml.etree.XMLParser:
    return lxml.etree.XMLParser(**SAFE_OPTIONS, **extra)


def parse_part(package: Package, part: str, parser: lxml.etree.XMLParser | None = None):
    """A whole (small) part as an element tree: manifests, relationships, package documents."""
    with package.open(part) as member:
        try:
            root = lxml.etree.parse(member, parser or safe_parser()).getroot()
        except lxml.etree.XMLSyntaxError as exc:
            raise xml_error(package, part, exc) from None
    refuse_entity_declarations(package, part, root)
    return root


def iter_blocks(package: Package, part: str, blocks: set[str], containers: set[str]) -> Iterator:
    """Stream a part, yielding each `blocks` element whose ancestors are all `containers`.

    The caller reads the element before asking for the next; it is then
    cleared and dropped, together with anything before it.
    """
    with package.open(part) as member:
        events = lxml.etree.iterparse(member, events=("end",), tag=blocks, **SAFE_OPTIONS)
        checked = False
        try:
            for _, element in events:
                if not checked:
                    refuse_entity_declarations(package, part, element)
                    checked = True
                parent = element.getparent()
                if parent is not None and (parent.tag not in containers
                                           or not all(a.tag in containers for a in parent.iterancestors())):
                    continue  # inside a block: its owner reads it
                yield element
                element.clear(keep_tail=False)
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except lxml.etree.XMLSyntaxError as exc:
            raise xml_error(package, part, exc) from None
        if not checked and events.root is not None:
            refuse_entity_declarations(package, part, events.root)


def refuse_entity_declarations(package: Package, part: str, root) -> None:
    dtd = root.getroottree().docinfo.internalDTD  # any element of the tree will do
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise DamagedFile(f"{package.path.name} is damaged or hostile: its part {part} declares XML entities, "
                          f"which {package.kind} files never do.")


def xml_error(package: Package, part: str, exc: lxml.etree.XMLSyntaxError) -> DamagedFile:
    """One sentence for libxml2's complaint, naming the kind of damage when it is a known attack."""
    message = (getattr(exc, "msg", None) or str(exc)).splitlines()[0] if str(exc) else ""
    name = package.path.name
    lowered = message.lower()
    if "amplification" in lowered or "entity reference loop" in lowered or "entity" in lowered and "loop" in lowered:
        return DamagedFile(f"{name} is damaged or hostile: its part {part} has XML entities that expand "
                           "without bound (a 'billion laughs' file).")
    if "excessive depth" in lowered:
        return DamagedFile(f"{name} is damaged or hostile: its part {part} nests elements more than "
                           f"{limits.XML_PARSER_DEPTH} deep, which no real document does.")
    line = getattr(exc, "lineno", None)
    where = f" at line {line}" if line else ""
    detail = message.split(", line ")[0].strip().rstrip(".")
    return DamagedFile(f"{name} is damaged: its part {part} is not well-formed XML{where}"
                       + (f" ({detail})." if detail else "."))


def local_name(element) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
