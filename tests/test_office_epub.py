"""DOCX, ODT and EPUB read as their authors wrote them (issue 11).

The fixtures in tests/fixtures/packages are one document rendered by LibreOffice (ODT, DOCX)
and pandoc (DOCX, EPUB 3, EPUB 2); see make_fixtures.py there. Every rendering must give back
the same paragraphs, in document order, with the document's own characters: a line break as
"\\n", a table row as one paragraph with its cells separated by "\\t", list items one paragraph
each, headings as headings and the title once. The small packages built below pin down the
details each format has (tracked changes, fields, hidden text, text boxes, notes, entities).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from reader.core.document import Role
from reader.core.errors import PasswordProtected
from reader.core.formats import load_document

PACKAGES = FIXTURES / "packages"
TITLE = "وزيرا الخارجية الصيني والقازاقي يجريان محادثات"
EXACT = ("قَالَ الـــوَزِيرُ: «هٰذَا یَوْمٌ تاریخی»\u200c\u200f \u0600\u0661\u0662 "
         "كـــتـــاب\u200dـ رحمٰن \u06dd\u0663")

# What pandoc can write from Markdown: the same in DOCX, EPUB 3 and EPUB 2.
WRITTEN = [
    (Role.TITLE, TITLE),
    (Role.HEADING, "العلاقات الثنائية"),
    (Role.BODY, "نور سلطان 7 يونيو 2022 (شينخوا)\n"
                "قال وزير الخارجية الصيني وانغ يي إن العلاقات وصلت إلى مستوى غير مسبوق."),
    (Role.BODY, EXACT),
    (Role.BODY, "بند أول"),
    (Role.BODY, "بند ثان"),
    (Role.BODY, "بند متداخل"),
    (Role.BODY, "بند ثالث"),
    (Role.HEADING, "جدول العواصم"),
    (Role.BODY, "البلد\tالعاصمة"),
    (Role.BODY, "الصين\tبكين"),
    (Role.BODY, "قازاقستان\tأستانا"),
    (Role.BODY, "زوروا الموقع example.org للمزيد."),
    (Role.BODY, "The meeting ended with a joint statement."),
]

# LibreOffice's renderings also carry spaces and a tab inside a paragraph, a two-paragraph
# cell, a tracked deletion (not shown), a text frame (after its paragraph) and a footnote
# (after the text).
WRITTEN_BY_LIBREOFFICE = (
    WRITTEN[:4]
    + [(Role.BODY, "قبل   بعد\tثم")]
    + WRITTEN[4:11]
    + [(Role.BODY, "قازاقستان\tأستانا\nنور سلطان سابقا"),
       (Role.BODY, "نص فيه تعديل."),
       (Role.BODY, "فقرة فيها إطار."),
       (Role.BODY, "نص داخل إطار.")]
    + WRITTEN[12:]
    + [(Role.BODY, "نقلا عن وكالة شينخوا.")]
)


@pytest.mark.parametrize("name", ["written.odt", "written.docx"])
def test_libreoffice_renderings_come_back_as_written(name):
    doc = load_document(PACKAGES / name)
    assert [(p.role, p.text) for p in doc.paragraphs] == WRITTEN_BY_LIBREOFFICE
    assert doc.title == TITLE


@pytest.mark.parametrize("name", ["written-pandoc.docx", "written.epub", "written-epub2.epub"])
def test_pandoc_renderings_come_back_as_written(name):
    doc = load_document(PACKAGES / name)
    assert [(p.role, p.text) for p in doc.paragraphs] == WRITTEN
    assert doc.title == TITLE


# --- small packages built here ---------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def make_docx(path: Path, body: str, *, styles: str = "", footnotes: str = "", ns: str = W) -> Path:
    rels = f'<Relationships xmlns="{RELS}"><Relationship Id="r1" Type="{OFFICE_RELS}/officeDocument" ' \
           'Target="word/document.xml"/></Relationships>'
    parts = f'<Relationship Id="r1" Type="{OFFICE_RELS}/styles" Target="styles.xml"/>' if styles else ""
    parts += f'<Relationship Id="r2" Type="{OFFICE_RELS}/footnotes" Target="footnotes.xml"/>' if footnotes else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                          'content-types"/>')
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{RELS}">{parts}</Relationships>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}" xmlns:mc="http://schemas.openxmlformats'
                                        f'.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>')
        if styles:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{ns}">{styles}</w:styles>')
        if footnotes:
            z.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{ns}">{footnotes}</w:footnotes>')
    return path


def p(*runs: str, props: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def r(text: str = "", inner: str = "", props: str = "") -> str:
    t = f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{inner}{t}</w:r>"


def texts(path: Path) -> list[str]:
    return [p.text for p in load_document(path).paragraphs]


class TestWord:
    def test_a_table_is_read_where_it_stands_one_row_a_paragraph(self, tmp_path):
        row = "<w:tr>{}</w:tr>".format
        cell = lambda *ps, props="": f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{''.join(ps)}</w:tc>"  # noqa: E731
        table = ("<w:tbl>" + row(cell(p(r("الاسم"))) + cell(p(r("المدينة"))))
                 + row(cell(p(r("علي")), props='<w:vMerge w:val="restart"/>') + cell(p(r("دمشق")), p(r("حلب"))))
                 + row(cell(p(), props="<w:vMerge/>") + cell(p(r("حمص"))))
                 + row(cell(p(r("عنوان يمتد على عمودين")), props='<w:gridSpan w:val="2"/>')) + "</w:tbl>")
        path = make_docx(tmp_path / "table.docx", p(r("قبل الجدول.")) + table + p(r("بعد الجدول.")))
        # A cell merged with the one above is empty here (its text is read once, in the first row);
        # the row's leading empty cell then goes with the whitespace around the paragraph.
        assert texts(path) == ["قبل الجدول.", "الاسم\tالمدينة", "علي\tدمشق\nحلب", "حمص",
                               "عنوان يمتد على عمودين", "بعد الجدول."]

    def test_only_the_visible_text_of_revisions_fields_and_hidden_runs(self, tmp_path):
        body = p(r("نص "), '<w:ins w:id="1" w:author="a">' + r("مضاف ") + "</w:ins>",
                 '<w:del w:id="2" w:author="a"><w:r><w:delText>محذوف </w:delText></w:r></w:del>',
                 r(inner='<w:fldChar w:fldCharType="begin"/>'), r(inner="<w:instrText> PAGE </w:instrText>"),
                 r(inner='<w:fldChar w:fldCharType="separate"/>'), r("7"), r(inner='<w:fldChar w:fldCharType="end"/>'),
                 r(" مخفي", props="<w:vanish/>"), r(" ظاهر", props='<w:vanish w:val="0"/>'))
        assert texts(make_docx(tmp_path / "revisions.docx", body)) == ["نص مضاف 7 ظاهر"]

    def test_breaks_tabs_and_symbols(self, tmp_path):
        body = p(r("سطر", inner=""), r(inner="<w:br/>"), r("ثان"), r(inner="<w:cr/>"), r("ثالث"),
                 r(inner='<w:br w:type="page"/>'), r(" بعد الصفحة"), r(inner="<w:tab/>"), r("عمود"),
                 r(inner='<w:sym w:font="Symbol" w:char="03A9"/>'), r(inner='<w:sym w:font="Wingdings" w:char="F04A"/>'),
                 r(inner="<w:noBreakHyphen/>"), r("ب"), r(inner="<w:softHyphen/>"))
        assert texts(make_docx(tmp_path / "breaks.docx", body)) == ["سطر\nثان\nثالث بعد الصفحة\tعمودΩ-ب"]

    def test_a_text_box_is_read_once_after_its_paragraph(self, tmp_path):
        box = f"<w:txbxContent>{p(r('في المربع'))}</w:txbxContent>"
        drawing = (f"<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx xmlns:wps=\"urn:wps\">"
                   f"{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v=\"urn:v\">"
                   f"{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent>")
        path = make_docx(tmp_path / "box.docx", p(r("المرساة"), f"<w:r>{drawing}</w:r>") + p(r("بعده")))
        assert texts(path) == ["المرساة", "في المربع", "بعده"]

    def test_footnotes_follow_the_text_in_the_order_they_are_cited(self, tmp_path):
        note = lambda n, text: f'<w:footnote w:id="{n}">{p(r(inner="<w:footnoteRef/>"), r(text))}</w:footnote>'  # noqa: E731
        notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 + note(1, "الحاشية الأولى") + note(2, "الحاشية الثانية") + note(3, "حاشية لا يشار إليها"))
        body = (p(r("نص"), r(inner='<w:footnoteReference w:id="2"/>'), r(" ثم"), r(inner='<w:footnoteReference w:id="1"/>'))
                + p(r("خاتمة")))
        path = make_docx(tmp_path / "notes.docx", body, footnotes=notes)
        assert texts(path) == ["نص ثم", "خاتمة", "الحاشية الثانية", "الحاشية الأولى"]

    def test_roles_from_styles_outline_levels_and_lists(self, tmp_path):
        styles = ('<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
                  '<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/>'
                  '<w:basedOn w:val="Heading1"/></w:style>'
                  '<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>'
                  '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>')
        long = "هذه فقرة طويلة من متن المقال تكفي لأن تكون فقرة عادية بين العناوين وليس فيها ما يدل على غير ذلك."
        body = (p(r("العنوان الأول"), props='<w:pStyle w:val="Heading1"/>') + p(r(long))
                + p(r("فصل مبني على العنوان"), props='<w:pStyle w:val="Chapter"/>')
                + p(r("مستوى مخطط"), props='<w:outlineLvl w:val="1"/>')
                + p(r("بند قصير"), props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>') + p(r(long))
                + p(r("نمط يدور على نفسه"), props='<w:pStyle w:val="Loop"/>')
                + p(r("صورة: الوفد في أستانا"), props='<w:pStyle w:val="Caption"/>'))
        doc = load_document(make_docx(tmp_path / "roles.docx", body, styles=styles))
        assert [p.role for p in doc.paragraphs] == [Role.TITLE, Role.BODY, Role.HEADING, Role.HEADING, Role.BODY,
                                                    Role.BODY, Role.BODY, Role.BYLINE]

    def test_strict_open_xml_and_content_controls(self, tmp_path):
        body = f"<w:sdt><w:sdtContent>{p(r('داخل عنصر تحكم'))}</w:sdtContent></w:sdt>" + p(r("بعده"))
        assert texts(make_docx(tmp_path / "strict.docx", body, ns=W_STRICT)) == ["داخل عنصر تحكم", "بعده"]


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def make_odt(path: Path, body: str, styles: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", f"<office:document-content {ODF_NS}><office:automatic-styles>{styles}"
                                  f"</office:automatic-styles><office:body><office:text>{body}"
                                  "</office:text></office:body></office:document-content>")
    return path


class TestOpenDocument:
    def test_whitespace_of_the_markup_collapses_and_written_spaces_stay(self, tmp_path):
        body = ('<text:p>\n   أول\n   ثان <text:span> ثالث</text:span><text:s text:c="2"/>رابع'
                '<text:soft-page-break/> خامس</text:p>')
        assert texts(make_odt(tmp_path / "spaces.odt", body)) == ["أول ثان ثالث  رابع خامس"]

    def test_notes_and_comments_are_not_glued_into_the_sentence(self, tmp_path):
        body = ('<text:p>نص<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                '<text:note-body><text:p>الحاشية.</text:p></text:note-body></text:note> يستمر'
                '<office:annotation><dc:creator>م</dc:creator><text:p>تعليق</text:p></office:annotation>.</text:p>'
                '<text:p>الخاتمة.</text:p>')
        assert texts(make_odt(tmp_path / "notes.odt", body)) == ["نص يستمر.", "الخاتمة.", "الحاشية."]

    def test_covered_and_repeated_cells_keep_their_columns(self, tmp_path):
        body = ('<table:table><table:table-header-rows><table:table-row>'
                '<table:table-cell table:number-columns-spanned="2"><text:p>عنوان</text:p></table:table-cell>'
                '<table:covered-table-cell/><table:table-cell><text:p>ثالث</text:p></table:table-cell>'
                '</table:table-row></table:table-header-rows><table:table-row>'
                '<table:table-cell table:number-columns-repeated="2"><text:p>مكرر</text:p></table:table-cell>'
                '<table:table-cell/></table:table-row>'
                '<table:table-row table:number-rows-repeated="2"><table:table-cell><text:p>صف</text:p>'
                '</table:table-cell></table:table-row></table:table>')
        assert texts(make_odt(tmp_path / "cells.odt", body)) == ["عنوان\t\tثالث", "مكرر\tمكرر", "صف", "صف"]

    def test_sections_lists_and_heading_styles(self, tmp_path):
        styles = ('<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
                  '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Subtitle"/>')
        body = ('<text:section text:name="s1"><text:p text:style-name="P1">العنوان</text:p>'
                '<text:p text:style-name="P2">العنوان الفرعي</text:p>'
                '<text:list><text:list-header><text:p>رأس القائمة</text:p></text:list-header>'
                '<text:list-item><text:p>بند</text:p></text:list-item></text:list></text:section>'
                '<text:h text:outline-level="3">عنوان ثالث</text:h>')
        doc = load_document(make_odt(tmp_path / "sections.odt", body, styles))
        assert [(p.role, p.text) for p in doc.paragraphs] == [
            (Role.TITLE, "العنوان"), (Role.HEADING, "العنوان الفرعي"), (Role.BODY, "رأس القائمة"),
            (Role.BODY, "بند"), (Role.HEADING, "عنوان ثالث")]

    def test_a_password_protected_document(self, tmp_path):
        path = make_odt(tmp_path / "locked.odt", "<text:p>x</text:p>")
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument'
                       ':xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
                       'type="text/xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>')
        with pytest.raises(PasswordProtected, match="password-protected"):
            load_document(path)


CONTAINER = ('<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="{}" media-type="application/oebps-package+xml"/></rootfiles></container>')


def make_epub(path: Path, chapters: dict[str, str], *, spine: list[str] | None = None, title: str = "الكتاب",
              opf_path: str = "OPS/book.opf", extra: dict[str, str] | None = None, container: bool = True,
              properties: dict[str, str] | None = None) -> Path:
    """Chapters by manifest href (relative to the package document), read in `spine` order."""
    ids = {href: f"i{n}" for n, href in enumerate(chapters)}
    props = properties or {}
    manifest = "".join(f'<item id="{ids[h]}" href="{h}" media-type="application/xhtml+xml"'
                       f'{f" properties={chr(34)}{props[h]}{chr(34)}" if h in props else ""}/>' for h in chapters)
    itemrefs = "".join(f'<itemref idref="{ids[h]}"/>' for h in (spine or list(chapters)))
    opf = (f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/'
           f'dc/elements/1.1/"><dc:title>{title}</dc:title></metadata><manifest>{manifest}</manifest>'
           f"<spine>{itemrefs}</spine></package>")
    base = opf_path.rpartition("/")[0]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if container:
            z.writestr("META-INF/container.xml", CONTAINER.format(opf_path))
        z.writestr(opf_path, opf)
        for href, content in chapters.items():
            z.writestr(f"{base}/{href}".lstrip("/").replace("%20", " "), content)
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return path


def xhtml(body: str, doctype: str = "<!DOCTYPE html>") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>t</title></head><body>{body}</body></html>")


XHTML11 = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
           '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')


class TestEpub:
    def test_spine_order_each_chapter_once_and_the_navigation_left_out(self, tmp_path):
        chapters = {"nav.xhtml": xhtml("<nav><ol><li>الفهرس</li></ol></nav>"),
                    "text/b.xhtml": xhtml("<p>الفصل الثاني.</p>"),
                    "text/a%20one.xhtml": xhtml("<h1>الكتاب</h1><p>الفصل الأول.</p>")}
        path = make_epub(tmp_path / "order.epub", chapters, properties={"nav.xhtml": "nav"},
                         spine=["nav.xhtml", "text/a%20one.xhtml", "text/b.xhtml", "text/a%20one.xhtml"])
        doc = load_document(path)
        assert [(p.role, p.text) for p in doc.paragraphs] == [
            (Role.TITLE, "الكتاب"), (Role.BODY, "الفصل الأول."), (Role.BODY, "الفصل الثاني.")]

    def test_a_book_that_does_not_open_with_its_title_gets_it_once(self, tmp_path):
        path = make_epub(tmp_path / "titled.epub", {"c.xhtml": xhtml("<h1>الفصل الأول</h1><p>نص.</p>")})
        assert [(p.role, p.text) for p in load_document(path).paragraphs] == [
            (Role.TITLE, "الكتاب"), (Role.HEADING, "الفصل الأول"), (Role.BODY, "نص.")]

    def test_html_entities_of_an_epub2_chapter_are_characters(self, tmp_path):
        chapter = xhtml("<p>كلمة&nbsp;كلمة &mdash; &#1600;&amp;</p>", XHTML11)
        assert texts(make_epub(tmp_path / "entities.epub", {"c.xhtml": chapter}))[-1] == "كلمة\u00a0كلمة — ـ&"

    def test_a_chapter_that_is_not_well_formed_is_still_read(self, tmp_path):
        chapter = '<html><body><p>فقرة أولى<p>فقرة ثانية&nbsp;هنا<br>سطر</body>'
        assert texts(make_epub(tmp_path / "sloppy.epub", {"c.xhtml": chapter}))[1:] == [
            "فقرة أولى", "فقرة ثانية\u00a0هنا\nسطر"]

    def test_a_book_without_container_but_one_package_document(self, tmp_path):
        path = make_epub(tmp_path / "bare.epub", {"c.xhtml": xhtml("<p>نص.</p>")}, container=False)
        assert texts(path) == ["الكتاب", "نص."]

    def test_obfuscated_fonts_open_and_encrypted_chapters_do_not(self, tmp_path):
        def encryption(uri: str) -> dict[str, str]:
            return {"META-INF/encryption.xml": (
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
                f'Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference URI="{uri}"/>'
                "</enc:CipherData></enc:EncryptedData></encryption>")}

        chapters = {"c.xhtml": xhtml("<p>نص.</p>")}
        fonts = make_epub(tmp_path / "fonts.epub", chapters, extra=encryption("OPS/fonts/amiri.ttf"))
        assert texts(fonts) == ["الكتاب", "نص."]
        locked = make_epub(tmp_path / "drm.epub", chapters, extra=encryption("OPS/c.xhtml"))
        with pytest.raises(PasswordProtected, match="DRM"):
            load_document(locked)
