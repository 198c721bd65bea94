"""Word: a two-column table (Arabic on the right) or interleaved paragraphs.

Arabic paragraphs carry Word's bidi property and their runs the rtl flag and
an Arabic language tag, so Word and LibreOffice lay them out right to left.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reader.core.document import Direction, Role
from reader.core.export import Bilingual, GlossaryLine

ARABIC_FONT = "Noto Naskh Arabic"


def write(bilingual: Bilingual, *, layout: str = "side-by-side", glossary: list[GlossaryLine] | None = None) -> bytes:
    word = WordDocument()
    doc = bilingual.document
    word.core_properties.title = doc.title
    word.core_properties.comments = f"Translated with {bilingual.model} by reader"
    heading = word.add_paragraph()
    _text(heading, doc.title, rtl=True, size=16, bold=True)
    info = word.add_paragraph()
    _text(info, f"{doc.source.name if doc.source else ''} · {bilingual.model} · {bilingual.created:%Y-%m-%d}",
          rtl=False, size=9)
    if layout == "interleaved":
        for row in bilingual.rows:
            rtl = row.paragraph.direction is Direction.RTL
            _text(word.add_paragraph(), row.paragraph.text, rtl=rtl, **_style(row.paragraph.role, arabic=True))
            _text(word.add_paragraph(), row.translation, rtl=False, **_style(row.paragraph.role, arabic=False))
    else:
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for row in bilingual.rows:
            english, arabic = table.add_row().cells
            _text(english.paragraphs[0], row.translation, rtl=False, **_style(row.paragraph.role, arabic=False))
            _text(arabic.paragraphs[0], row.paragraph.text, rtl=row.paragraph.direction is Direction.RTL,
                  **_style(row.paragraph.role, arabic=True))
    if glossary:
        word.add_page_break()
        _text(word.add_paragraph(), "Glossary", rtl=False, size=14, bold=True)
        table = word.add_table(rows=0, cols=3)
        table.style = "Table Grid"
        for line in glossary:
            english, kind, arabic = table.add_row().cells
            _text(english.paragraphs[0], line.english, rtl=False)
            _text(kind.paragraphs[0], line.kind, rtl=False)
            _text(arabic.paragraphs[0], line.arabic, rtl=True)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _style(role: Role, *, arabic: bool) -> dict:
    size = {Role.TITLE: 15, Role.HEADING: 13, Role.METADATA: 9, Role.BYLINE: 9}.get(role, 11)
    return {"size": size * (1.2 if arabic else 1), "bold": role in (Role.TITLE, Role.HEADING)}


def _text(paragraph, text: str, *, rtl: bool, size: float = 11, bold: bool = False) -> None:
    run = paragraph.add_run(text)
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
