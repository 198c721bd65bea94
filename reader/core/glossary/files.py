"""The user glossary in and out of files: CSV for spreadsheets, TBX for CAT tools.

Imports are all-or-nothing: a file with any bad row is refused with the row's
line, and the glossary is left exactly as it was.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.export import write_atomic
from reader.core.glossary.entities import candidates
from reader.core.userdata import GlossaryItem

TYPES = ("PERS", "LOC", "ORG", "MISC")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryFileError(ReaderError):
    exit_code = 7


def key_for(arabic: str) -> str:
    return candidates(arabic)[0]


def write_csv(items: list[GlossaryItem], path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["arabic", "type", "english", "not_a_name"])
    for item in sorted(items, key=lambda i: (i.kind, i.arabic)):
        writer.writerow([item.arabic, item.kind, item.english, "yes" if item.not_a_name else ""])
    write_atomic(Path(path), lambda fh: fh.write(out.getvalue().encode("utf-8-sig")))


def read_csv(path: Path) -> list[GlossaryItem]:
    text = _read(path)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise GlossaryFileError(f"{Path(path).name} is empty.")
    header = [h.strip().lower() for h in rows[0]]
    if "arabic" not in header or "english" not in header:
        raise GlossaryFileError(f"{Path(path).name}, line 1: the header must name the columns "
                                "'arabic' and 'english' (and optionally 'type').")
    col = {name: header.index(name) for name in header}
    items = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise GlossaryFileError(f"{Path(path).name}, line {number}: expected {len(header)} columns, "
                                    f"found {len(row)}.")
        arabic, english = row[col["arabic"]].strip(), row[col["english"]].strip()
        kind = row[col["type"]].strip().upper() if "type" in col else "MISC"
        kind = {"PER": "PERS", "PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG"}.get(kind, kind or "MISC")
        if not arabic:
            raise GlossaryFileError(f"{Path(path).name}, line {number}: the Arabic is empty.")
        if kind not in TYPES:
            raise GlossaryFileError(f"{Path(path).name}, line {number}: unknown type '{kind}' "
                                    f"(use {', '.join(TYPES)}).")
        not_a_name = "not_a_name" in col and row[col["not_a_name"]].strip().lower() in ("yes", "true", "1")
        if not english and not not_a_name:
            raise GlossaryFileError(f"{Path(path).name}, line {number}: the English is empty.")
        items.append(GlossaryItem(key_for(arabic), arabic, kind, english, not_a_name=not_a_name))
    return items


def write_tbx(items: list[GlossaryItem], path: Path) -> None:
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "reader glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, item in enumerate(sorted(items, key=lambda i: (i.kind, i.arabic)), 1):
        entry = ET.SubElement(body, "termEntry", id=f"e{number}")
        ET.SubElement(entry, "descrip", type="subjectField").text = item.kind
        if item.not_a_name:
            ET.SubElement(entry, "note").text = "not a name"
        for lang, term in (("ar", item.arabic), ("en", item.english)):
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: lang})
            tig = ET.SubElement(lang_set, "tig")
            ET.SubElement(tig, "term").text = term
            ET.SubElement(tig, "termNote", type="partOfSpeech").text = "properNoun"
    ET.indent(root)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    write_atomic(Path(path), lambda fh: fh.write(data))


def read_tbx(path: Path) -> list[GlossaryItem]:
    try:
        root = ET.fromstring(_read(path))
    except ET.ParseError as exc:
        raise GlossaryFileError(f"{Path(path).name} is not valid TBX/XML ({exc}).") from None
    items = []
    for entry in root.iter("termEntry"):
        terms = {}
        for lang_set in entry.iter("langSet"):
            lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").split("-")[0].lower()
            term = lang_set.find(".//term")
            if term is not None and term.text:
                terms[lang] = term.text.strip()
        ident = entry.get("id", "?")
        note = entry.find("note")
        not_a_name = note is not None and (note.text or "").strip() == "not a name"
        if "ar" not in terms or ("en" not in terms and not not_a_name):
            raise GlossaryFileError(f"{Path(path).name}: term entry {ident} needs an Arabic and an English term.")
        field = entry.find("descrip[@type='subjectField']")
        kind = (field.text or "MISC").strip().upper() if field is not None else "MISC"
        if kind not in TYPES:
            raise GlossaryFileError(f"{Path(path).name}: term entry {ident} has unknown type '{kind}'.")
        items.append(GlossaryItem(key_for(terms["ar"]), terms["ar"], kind, terms.get("en", ""),
                                  not_a_name=not_a_name))
    return items


def _read(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise GlossaryFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryFileError(f"{Path(path).name} is not UTF-8 text.") from None
