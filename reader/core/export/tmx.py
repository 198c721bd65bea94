"""TMX 1.4: one translation unit per paragraph, for CAT tools (Trados, memoQ, OmegaT).

Text is kept exactly, line breaks and tabs included, less the characters XML cannot
carry (NUL, BEL, ESC, U+FFFF...): one of those would make the whole memory unreadable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reader import __version__
from reader.core.export.marks import xml_safe
from reader.core.export.model import Bilingual

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write(bilingual: Bilingual) -> bytes:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "reader", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "paragraph", "adminlang": "en", "srclang": "ar", "o-tmf": "reader",
        "creationdate": bilingual.created.astimezone().strftime("%Y%m%dT%H%M%SZ"),
    })
    body = ET.SubElement(root, "body")
    for row in bilingual.rows:
        if not row.translation:
            continue
        unit = ET.SubElement(body, "tu", tuid=xml_safe(row.paragraph.id))
        ET.SubElement(unit, "prop", type="x-role").text = row.paragraph.role.value
        if row.edited:
            ET.SubElement(unit, "prop", type="x-edited").text = "yes"
        for lang, text in (("ar", row.paragraph.text), ("en", row.translation)):
            variant = ET.SubElement(unit, "tuv", {_XML_LANG: lang})
            ET.SubElement(variant, "seg").text = xml_safe(text)
    ET.indent(root)
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype).encode("utf-8") + ET.tostring(root, encoding="utf-8") + b"\n"
