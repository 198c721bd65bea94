"""The user glossary in and out of files: CSV for spreadsheets, TBX for CAT tools.

Imports are all-or-nothing: a file with any bad row is refused with the row's
line, and the glossary is left exactly as it was. CSVs come in whatever Excel
writes for Arabic (UTF-8, UTF-16, Windows-1256), detected as text documents are.
Characters XML cannot carry (NUL, BEL, ESC...) are dropped on the way in and on
the way out, so a glossary always exports to TBX and reads back. A name that
appears twice is reported with its lines; the last row wins, as it would in the
glossary itself.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) are written with a leading apostrophe, which spreadsheets
show as text; the apostrophe is removed again when the CSV is imported.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import DocumentError, ReaderError
from reader.core.export import write_atomic
from reader.core.export.marks import xml_safe
from reader.core.glossary.entities import candidates
from reader.core.userdata import GlossaryItem

TYPES = ("PERS", "LOC", "ORG", "MISC")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_FILE = 64 * 1024 * 1024  # bytes; 100,000 names are 4 MB of CSV, 28 MB of TBX
MAX_TERM = 1000  # characters in one Arabic or English term
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_SHOWN = 5  # duplicates named in the one-line summary
_ARABIC = re.compile("[\u0621-\u064a]")


class GlossaryFileError(ReaderError):
    exit_code = 7


@dataclass(frozen=True)
class Duplicate:
    """One name given on more than one row (or term entry); the last one is kept."""

    arabic: str
    places: tuple[str, ...]  # "line 2", "line 7" (CSV) or "entry e3" (TBX)

    def __str__(self) -> str:
        *before, last = self.places
        return f"{last} repeats {', '.join(before)} ({self.arabic}); the last one is kept"


@dataclass(frozen=True)
class GlossaryImport:
    items: tuple[GlossaryItem, ...]
    duplicates: tuple[Duplicate, ...] = ()
    rows: int = 0

    @property
    def summary(self) -> str:
        """One line for the user, e.g. "imported 2 entries from 3 rows; line 3 repeats line 2 (...)"."""
        text = f"imported {len(self.items)} entries"
        if self.duplicates:
            shown = "; ".join(str(d) for d in self.duplicates[:_SHOWN])
            more = len(self.duplicates) - _SHOWN
            text += f" from {self.rows} rows; {shown}" + (f"; and {more} more names given twice" if more > 0 else "")
        return text


def key_for(arabic: str) -> str:
    return candidates(arabic)[0]


def read_glossary(path: Path) -> GlossaryImport:
    """A .tbx or .csv glossary file, with the names it gives twice."""
    return _read_tbx(path) if Path(path).suffix.lower() == ".tbx" else _read_csv(path)


def read_csv(path: Path) -> list[GlossaryItem]:
    return list(_read_csv(path).items)


def read_tbx(path: Path) -> list[GlossaryItem]:
    return list(_read_tbx(path).items)


def write_csv(items: list[GlossaryItem], path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["arabic", "type", "english", "not_a_name"])
    for item in sorted(items, key=lambda i: (i.kind, i.arabic)):
        writer.writerow([_cell_out(item.arabic), item.kind, _cell_out(item.english), "yes" if item.not_a_name else ""])
    write_atomic(Path(path), lambda fh: fh.write(out.getvalue().encode("utf-8-sig")))


def _cell_out(text: str) -> str:
    """A cell no spreadsheet runs as a formula: a leading apostrophe before = + - @ tab CR."""
    text = xml_safe(text)
    return "'" + text if text.lstrip("'").startswith(_FORMULA) else text


def _cell_in(text: str) -> str:
    """Undo `_cell_out`, and drop what XML cannot carry."""
    text = xml_safe(text).strip()
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(_FORMULA) else text


def _read_csv(path: Path) -> GlossaryImport:
    name = Path(path).name
    text = _decode(_read(path), name)
    rows = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        header = [h.strip().lower() for h in next(rows)]
    except StopIteration:
        raise GlossaryFileError(f"{name} is empty.") from None
    except csv.Error as exc:
        raise GlossaryFileError(f"{name}, line 1: {_csv_problem(exc)}.") from None
    if "arabic" not in header or "english" not in header:
        raise GlossaryFileError(f"{name}, line 1: the header must name the columns "
                                "'arabic' and 'english' (and optionally 'type').")
    col = {column: header.index(column) for column in header}
    entries = []
    while True:
        number = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryFileError(f"{name}, line {number}: {_csv_problem(exc)}.") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise GlossaryFileError(f"{name}, line {number}: expected {len(header)} columns, found {len(row)}.")
        where = f"{name}, line {number}"
        arabic, english = _cell_in(row[col["arabic"]]), _cell_in(row[col["english"]])
        kind = row[col["type"]].strip().upper() if "type" in col else "MISC"
        kind = {"PER": "PERS", "PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG"}.get(kind, kind or "MISC")
        if kind not in TYPES:
            raise GlossaryFileError(f"{where}: unknown type '{kind}' (use {', '.join(TYPES)}).")
        not_a_name = "not_a_name" in col and row[col["not_a_name"]].strip().lower() in ("yes", "true", "1")
        if not english and not not_a_name:
            _check_arabic(arabic, where)
            raise GlossaryFileError(f"{where}: the English is empty.")
        entries.append((f"line {number}", _item(arabic, kind, english, not_a_name, where)))
    return _deduplicated(entries)


def write_tbx(items: list[GlossaryItem], path: Path) -> None:
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "reader glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, item in enumerate(sorted(items, key=lambda i: (i.kind, i.arabic)), 1):
        entry = ET.SubElement(body, "termEntry", id=f"e{number}")
        ET.SubElement(entry, "descrip", type="subjectField").text = xml_safe(item.kind)
        if item.not_a_name:
            ET.SubElement(entry, "note").text = "not a name"
        for lang, term in (("ar", item.arabic), ("en", item.english)):
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: lang})
            tig = ET.SubElement(lang_set, "tig")
            ET.SubElement(tig, "term").text = xml_safe(term)
            ET.SubElement(tig, "termNote", type="partOfSpeech").text = "properNoun"
    ET.indent(root)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    write_atomic(Path(path), lambda fh: fh.write(data))


def _read_tbx(path: Path) -> GlossaryImport:
    name = Path(path).name
    try:
        root = ET.fromstring(_read(path))  # bytes: the XML declaration names the encoding
    except ET.ParseError as exc:
        raise GlossaryFileError(f"{name} is not valid TBX/XML ({exc}).") from None
    entries = []
    for entry in root.iter("termEntry"):
        terms = {}
        for lang_set in entry.iter("langSet"):
            lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").split("-")[0].lower()
            term = lang_set.find(".//term")
            if term is not None and term.text:
                terms[lang] = xml_safe(term.text).strip()
        ident = entry.get("id", "?")
        where = f"{name}: term entry {ident}"
        note = entry.find("note")
        not_a_name = note is not None and (note.text or "").strip() == "not a name"
        if not terms.get("ar") or (not terms.get("en") and not not_a_name):
            raise GlossaryFileError(f"{where} needs an Arabic and an English term.")
        field = entry.find("descrip[@type='subjectField']")
        kind = (field.text or "MISC").strip().upper() if field is not None else "MISC"
        if kind not in TYPES:
            raise GlossaryFileError(f"{where} has unknown type '{kind}'.")
        entries.append((f"entry {ident}", _item(terms["ar"], kind, terms.get("en", ""), not_a_name, where)))
    return _deduplicated(entries)


def _check_arabic(arabic: str, where: str) -> str:
    """The key the Arabic is stored under; refuse Arabic that has no letters to key it by."""
    if not arabic:
        raise GlossaryFileError(f"{where}: the Arabic is empty.")
    if len(arabic) > MAX_TERM:
        raise GlossaryFileError(f"{where}: the Arabic is {len(arabic):,} characters long; a name has at most "
                                f"{MAX_TERM:,}.")
    key = key_for(arabic)
    if not key:
        raise GlossaryFileError(f"{where}: '{arabic}' has no letters once tatweel and diacritics are set aside.")
    return key


def _item(arabic: str, kind: str, english: str, not_a_name: bool, where: str) -> GlossaryItem:
    key = _check_arabic(arabic, where)
    if len(english) > MAX_TERM:
        raise GlossaryFileError(f"{where}: the English is {len(english):,} characters long; a rendering has at "
                                f"most {MAX_TERM:,}.")
    return GlossaryItem(key, arabic, kind, english, not_a_name=not_a_name)


def _deduplicated(entries: list[tuple[str, GlossaryItem]]) -> GlossaryImport:
    """One item per key, the last one given; the keys given more than once, with where."""
    places: dict[str, list[str]] = {}
    last: dict[str, GlossaryItem] = {}
    for place, item in entries:
        places.setdefault(item.key, []).append(place)
        last[item.key] = item
    duplicates = tuple(Duplicate(last[key].arabic, tuple(where)) for key, where in places.items() if len(where) > 1)
    return GlossaryImport(tuple(last.values()), duplicates, len(entries))


def _delimiter(text: str) -> str:
    """Commas, or what Excel writes instead: semicolons where the comma is the decimal sign, tabs in
    "Unicode text" (UTF-16) files. Read from the header line."""
    header = text.split("\n", 1)[0]
    if "," not in header:
        for candidate in ("\t", ";"):
            if candidate in header:
                return candidate
    return ","


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit():,} characters, far too long for a glossary"
    return f"not readable as CSV ({exc})"


def _read(path: Path) -> bytes:
    """The file's bytes, at most MAX_FILE of them (a device such as /dev/zero never ends)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise GlossaryFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > MAX_FILE:
        raise GlossaryFileError(f"{Path(path).name} is larger than {MAX_FILE // 1024 // 1024} MB, too large for a "
                                "glossary.")
    return data


def _decode(data: bytes, name: str) -> str:
    """UTF-8, UTF-16 or a legacy code page, detected as text documents are.

    A glossary always has Arabic in it, so when the detector's guess for a short legacy file has no
    Arabic letter but Windows-1256 (what Excel writes for Arabic) gives some, Windows-1256 it is.
    """
    from reader.core.formats.text import decode_text

    try:
        text, encoding = decode_text(data, name)
    except DocumentError as exc:
        try:
            return data.decode("utf-8-sig")  # UTF-8 with a stray NUL: the NUL is dropped with the other controls
        except UnicodeDecodeError:
            raise GlossaryFileError(str(exc)) from None
    if not encoding.lower().replace("_", "-").startswith(("utf-8", "utf-16", "utf-32")) and not _ARABIC.search(text):
        try:
            legacy = data.decode("cp1256")
        except UnicodeDecodeError:
            legacy = ""
        if _ARABIC.search(legacy):
            return legacy
    return text.removeprefix("\ufeff")
