"""Word: a two-column table (Arabic on the right) or interleaved paragraphs.

Arabic paragraphs carry Word's bidi property and their runs the rtl flag and
an Arabic language tag, so Word and LibreOffice lay them out right to left.
A line break inside a paragraph becomes Word's line break and a table cell gap
("\t") a tab; characters XML cannot carry (NUL, BEL, ESC...) are left out, since
one of them makes the whole file unreadable.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from reader.core.document import Direction, Role
from reader.core.export.marks import flag_reasons, xml_safe
from reader.core.export.model import KIND_LABELS, Bilingual, BilingualRow, GlossaryLine

ARABIC_FONT = "Noto Naskh Arabic"


def write(bilingual: Bilingual, *, layout: str = "side-by-side", glossary: list[GlossaryLine] | None = None,
          mark_flags: bool = False) -> bytes:
    word = WordDocument()
    doc = bilingual.document
    engine = f" ({bilingual.backend})" if bilingual.backend else ""
    # Word's document properties hold at most 255 characters (python-docx refuses more).
    word.core_properties.title = xml_safe(doc.title.replace("\n", " "))[:255]
    word.core_properties.comments = xml_safe(f"Translated with {bilingual.model}{engine} by reader")[:255]
    heading = word.add_paragraph()
    _text(heading, doc.title, rtl=True, size=16, bold=True)
    info = word.add_paragraph()
    _text(info, f"{doc.source.name if doc.source else ''} · {bilingual.model}{engine} · {bilingual.created:%Y-%m-%d}",
          rtl=False, size=9)
    if layout == "interleaved":
        for row in bilingual.rows:
            rtl = row.paragraph.direction is Direction.RTL
            _text(word.add_paragraph(), row.paragraph.text, rtl=rtl, **_style(row.paragraph.role, arabic=True))
            _text(word.add_paragraph(), row.translation, rtl=False, **_style(row.paragraph.role, arabic=False))
            if mark_flags and row.flags:
                _flags(word.add_paragraph(), row)
    else:
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for row in bilingual.rows:
            english, arabic = table.add_row().cells
            _text(english.paragraphs[0], row.translation, rtl=False, **_style(row.paragraph.role, arabic=False))
            if mark_flags and row.flags:
                _flags(english.add_paragraph(), row)
            _text(arabic.paragraphs[0], row.paragraph.text, rtl=row.paragraph.direction is Direction.RTL,
                  **_style(row.paragraph.role, arabic=True))
    if glossary:
        _appendix(word, glossary)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _appendix(word, glossary: list[GlossaryLine]) -> None:
    """The names, grouped under the window's type names (People, Places, ...)."""
    word.add_page_break()
    _text(word.add_paragraph(), "Glossary", rtl=False, size=14, bold=True)
    for kind, label in KIND_LABELS.items():
        lines = [g for g in glossary if (g.kind if g.kind in KIND_LABELS else "MISC") == kind]
        if not lines:
            continue
        _text(word.add_paragraph(), label, rtl=False, size=12, bold=True)
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for line in lines:
            english, arabic = table.add_row().cells
            _text(english.paragraphs[0], line.english, rtl=False)
            _text(arabic.paragraphs[0], line.arabic, rtl=True)


def _flags(paragraph, row: BilingualRow) -> None:
    """A small orange marker and the reasons under a flagged translation."""
    run = paragraph.add_run(xml_safe("⚑ " + "; ".join(flag_reasons(row.flags))))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0xA0, 0x5A, 0x00)


def _style(role: Role, *, arabic: bool) -> dict:
    size = {Role.TITLE: 15, Role.HEADING: 13, Role.METADATA: 9, Role.BYLINE: 9}.get(role, 11)
    return {"size": size * (1.2 if arabic else 1), "bold": role in (Role.TITLE, Role.HEADING)}


def _text(paragraph, text: str, *, rtl: bool, size: float = 11, bold: bool = False) -> None:
    run = paragraph.add_run(xml_safe(text))
    run.font.size = Pt(size)
    run.bold = bold
    if not rtl:
        return
    paragraph._p.get_or_add_pPr().insert_element_before(
        OxmlElement("w:bidi"), "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc")
    run.font.rtl = True
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if bold:
        r_pr.append(OxmlElement("w:bCs"))
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    r_pr.append(size_cs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "ar-SA")
    r_pr.append(lang)
    _schema_order(r_pr)


# The order Word requires inside <w:rPr> (ECMA-376 CT_RPr), for the elements we write.
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "u", "rtl", "cs", "lang"]


def _schema_order(r_pr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_RPR_ORDER)}
    children = sorted(r_pr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        r_pr.append(child)
