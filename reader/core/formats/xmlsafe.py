"""XML from zip packages, parsed so that hostile markup cannot hurt.

lxml (libxml2) is told never to substitute entities, load a DTD or touch the
network, and to keep its own bounds (huge_tree off: nesting stops at
`limits.XML_PARSER_DEPTH` and entity amplification is refused). Office and
EPUB files never declare entities, so a part that does is refused outright:
that is the "billion laughs" file.

Memory follows what is held, not the file: large parts are parsed as a
stream, one top-level block at a time, each block freed once read; and the
elements held at once are counted while parsing (`limits.MAX_XML_ELEMENTS`),
because 64 MB of tiny elements is a gigabyte and more as a tree.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import lxml.etree

from reader.core.errors import DamagedFile
from reader.core.formats import limits
from reader.core.formats.zipsafe import Package

_XML_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
SAFE_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse_part(package: Package, part: str, *, forgiving: bool = False):
    """A whole part as an element tree: manifests, relationships, styles, EPUB chapters.

    With `forgiving`, a part that is not well-formed XML (but is no attack
    either) is read again by libxml2's HTML parser, as a browser would read a
    sloppy XHTML chapter. That parser stops nesting at its depth bound and
    goes on silently, so reaching the bound is refused here instead.
    """
    try:
        return _parse(package, part, html=False)
    except lxml.etree.XMLSyntaxError as exc:
        if not forgiving or is_attack(exc):
            raise xml_error(package, part, exc) from None
    try:
        return _parse(package, part, html=True)
    except lxml.etree.XMLSyntaxError as exc:
        raise xml_error(package, part, exc) from None


def _parse(package: Package, part: str, *, html: bool):
    options = dict(html=True, no_network=True, encoding=_encoding(package, part)) if html else SAFE_OPTIONS
    with package.open(part) as member:
        events = lxml.etree.iterparse(member, events=("start",), **options)
        count = 0
        for _ in events:
            count += 1
            if count > limits.MAX_XML_ELEMENTS:
                raise too_many_elements(package, part)
        if html and any(error.type_name == "ERR_RESOURCE_LIMIT" for error in events.error_log):
            raise too_deep(package, part)
    if events.root is None:
        raise DamagedFile(f"{package.path.name} is damaged: its part {part} is empty.")
    refuse_entity_declarations(package, part, events.root)
    return events.root


def _encoding(package: Package, part: str) -> str:
    """The encoding a chapter declares (a BOM or its XML declaration); EPUB allows UTF-8 and UTF-16."""
    with package.open(part) as member:
        head = member.read(1024)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = _XML_ENCODING.match(head)
    name = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def iter_blocks(package: Package, part: str, blocks: set[str], containers: set[str]) -> Iterator:
    """Stream a part, yielding each `blocks` element whose ancestors are all `containers`.

    The caller reads the element before asking for the next; it is then
    cleared and dropped, together with anything before it.
    """
    with package.open(part) as member:
        events = lxml.etree.iterparse(member, events=("start", "end"), **SAFE_OPTIONS)
        checked = False
        held = 0  # elements parsed since the last block was dropped
        try:
            for event, element in events:
                if event == "start":
                    held += 1
                    if held > limits.MAX_XML_ELEMENTS:
                        raise too_many_elements(package, part)
                    continue
                if element.tag not in blocks:
                    continue
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
                held = 0
        except lxml.etree.XMLSyntaxError as exc:
            raise xml_error(package, part, exc) from None
        if not checked and events.root is not None:
            refuse_entity_declarations(package, part, events.root)


def refuse_entity_declarations(package: Package, part: str, root) -> None:
    dtd = root.getroottree().docinfo.internalDTD  # any element of the tree will do
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise DamagedFile(f"{package.path.name} is damaged or hostile: its part {part} declares XML entities, "
                          f"which {package.kind} files never do.")


def too_many_elements(package: Package, part: str) -> DamagedFile:
    return DamagedFile(f"{package.path.name} is too large to open safely: its part {part} holds more than "
                       f"{limits.MAX_XML_ELEMENTS:,} elements in one piece.")


def too_deep(package: Package, part: str) -> DamagedFile:
    return DamagedFile(f"{package.path.name} is damaged or hostile: its part {part} nests elements more than "
                       f"{limits.XML_PARSER_DEPTH} deep, which no real document does.")


def is_attack(exc: lxml.etree.XMLSyntaxError) -> bool:
    """Whether libxml2 stopped at one of its own bounds (entities, depth), not at plain damage."""
    message = str(exc).lower()
    return "amplification" in message or "entity reference loop" in message or "excessive depth" in message


def xml_error(package: Package, part: str, exc: lxml.etree.XMLSyntaxError) -> DamagedFile:
    """One sentence for libxml2's complaint, naming the kind of damage when it is a known attack."""
    message = (getattr(exc, "msg", None) or str(exc) or "").splitlines()[0] if str(exc) else ""
    lowered = message.lower()
    if "amplification" in lowered or "entity reference loop" in lowered:
        return DamagedFile(f"{package.path.name} is damaged or hostile: its part {part} has XML entities that "
                           "expand without bound (a 'billion laughs' file).")
    if "excessive depth" in lowered:
        return too_deep(package, part)
    line = getattr(exc, "lineno", None)
    where = f" at line {line}" if line else ""
    detail = message.split(", line ")[0].strip().rstrip(".")
    return DamagedFile(f"{package.path.name} is damaged: its part {part} is not well-formed XML{where}"
                       + (f" ({detail})." if detail else "."))


def local_name(element) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
