"""Opening articles: every format, every encoding, and a clear message for every bad file."""

from __future__ import annotations


import pytest

from conftest import DOCUMENTS, ROOT, SAMPLE
from pathlib import Path

from reader.core.document import Direction, Role, needs_translation
from reader.core.errors import (DamagedFile, DocumentError, EmptyDocument, NeedsOCR,
                                PasswordProtected, UnsupportedFormat)
from reader.core.formats import load_document

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
CORPUS = ROOT / "benchmarks" / "corpus"

# The fixture article (article.md), as every converted format must give it back.
ARTICLE = [
    (Role.TITLE, "الصين وقازاقستان تعززان التعاون"),
    (Role.METADATA, "الوقت: 2022-06-08 09:37:57"),
    (Role.BODY, "قال وزير الخارجية وانغ يي إن العلاقات بين الصين وقازاقستان وصلت إلى مستوى غير مسبوق. "
                "وأضاف أن الجانبين سيواصلان التعاون في مجالات الطاقة والتجارة."),
    (Role.HEADING, "التعاون الاقتصادي"),
    (Role.BODY, "اتفق الجانبان على إنشاء مركز للطب الصيني التقليدي في قازاقستان، "
                "وتوسيع التعاون في مجال التصنيع بنسبة 6.3 بالمئة."),
    (Role.BODY, "وشارك في الاجتماع ممثلون عن مجموعة BRICS وآلية C+C5 الإقليمية."),
    (Role.BYLINE, "تحرير: تشن لو يي"),
]


class TestSampleArticle:
    def test_has_twenty_paragraphs_with_their_roles(self):
        doc = load_document(SAMPLE)
        roles = [p.role for p in doc.paragraphs]
        assert len(doc.paragraphs) == 20
        assert roles == [Role.TITLE, Role.METADATA] + [Role.BODY] * 17 + [Role.BYLINE]
        assert doc.title.startswith("وزيرا الخارجية الصيني والقازاقي")
        assert doc.paragraphs[1].text == "الوقت:2022-06-08 09:37:57المصدر: شينخوا"  # shown as written
        assert doc.paragraphs[-1].text == "تحرير: تشن لو يي"

    def test_paragraphs_are_right_to_left_with_stable_ids(self):
        first, second = load_document(SAMPLE), load_document(SAMPLE)
        assert all(p.direction is Direction.RTL for p in first.paragraphs)
        assert [p.id for p in first.paragraphs] == [p.id for p in second.paragraphs]
        assert len({p.id for p in first.paragraphs}) == 20
        assert first.fingerprint == second.fingerprint


@pytest.mark.parametrize("name", ["article.docx", "article.odt", "article.html", "article.pdf"])
def test_converted_formats_give_back_the_article(name):
    doc = load_document(DOCUMENTS / name)
    assert [(p.role, p.text) for p in doc.paragraphs] == ARTICLE
    assert doc.title == "الصين وقازاقستان تعززان التعاون"


class TestMarkdown:
    def test_headings_and_inline_markup(self, tmp_path):
        md = tmp_path / "note.md"
        md.write_text("# عنوان المقال\n\nنص **مهم** في `الفقرة` الأولى، وهي طويلة بما يكفي لتكون فقرة من متن المقال.\n\n"
                      "## قسم\n\n- بند أول\n- بند ثان\n", encoding="utf-8")
        doc = load_document(md)
        assert [(p.role, p.text) for p in doc.paragraphs] == [
            (Role.TITLE, "عنوان المقال"),
            (Role.BODY, "نص مهم في الفقرة الأولى، وهي طويلة بما يكفي لتكون فقرة من متن المقال."),
            (Role.HEADING, "قسم"),
            (Role.BODY, "بند أول"),
            (Role.BODY, "بند ثان"),
        ]

    def test_a_changelog_reads_block_by_block_and_shows_no_markup(self, tmp_path):
        md = tmp_path / "CHANGELOG.md"
        md.write_text(
            "# سجل التغييرات\n\n"
            "## الإصدار ٠٫١١٥ (2024-03-01)\n\n"
            "- إصلاح قراءة ملفات `EPUB` ذات الفهرس الفارغ\n"
            "- دعم [الخطوط العربية](https://example.org/fonts) في التصدير\n"
            "  - خط *نسخ* افتراضي\n"
            "1. أولا\n\n"
            "| الملف | الحالة |\n|---|---|\n| `a.txt` | سليم |\n\n"
            "```\nreader --version\nreader open a.md\n```\n\n"
            "<div dir=\"rtl\">نص داخل <b>وسم</b></div>\n\n"
            "![صورة](x.png) سطر بعد صورة\n", encoding="utf-8")
        texts = [p.text for p in load_document(md).paragraphs]
        assert texts == [
            "سجل التغييرات",
            "الإصدار ٠٫١١٥ (2024-03-01)",
            "إصلاح قراءة ملفات EPUB ذات الفهرس الفارغ",
            "دعم الخطوط العربية في التصدير",
            "خط نسخ افتراضي",
            "أولا",
            "الملف\tالحالة",
            "a.txt\tسليم",
            "reader --version\nreader open a.md",
            "نص داخل وسم",
            "سطر بعد صورة",
        ]

    def test_lines_broken_on_purpose_keep_their_line_breaks(self, tmp_path):
        md = tmp_path / "lines.md"
        prose = ("This paragraph was wrapped by an editor at seventy-two columns, as many\n"
                 "README files are, and it reads as one line of prose.")
        md.write_text("• فارس\n• بلاد ما بين النهرين\n• آسيا الوسطى\n\n"
                      "الخَيْلُ وَاللّيْلُ وَالبَيْداءُ تَعرِفُني\nوَالسّيفُ وَالرّمحُ والقرْطاسُ وَالقَلَمُ\n\n"
                      "سطر أول\\\nبعد فاصل صريح\n\n" + prose + "\n", encoding="utf-8")
        assert [p.text for p in load_document(md).paragraphs] == [
            "• فارس\n• بلاد ما بين النهرين\n• آسيا الوسطى",
            "الخَيْلُ وَاللّيْلُ وَالبَيْداءُ تَعرِفُني\nوَالسّيفُ وَالرّمحُ والقرْطاسُ وَالقَلَمُ",
            "سطر أول\nبعد فاصل صريح",
            prose.replace("\n", " "),
        ]


class TestPlainText:
    def test_single_line_breaks_stay_inside_the_paragraph(self, tmp_path):
        path = tmp_path / "list.txt"
        path.write_text("شملت المناطق الأساسية:\n• فارس\n• آسيا الوسطى\n\nفقرة ثانية.\n", encoding="utf-8")
        assert [p.text for p in load_document(path).paragraphs] == [
            "شملت المناطق الأساسية:\n• فارس\n• آسيا الوسطى", "فقرة ثانية."]

    def test_repeated_paragraphs_are_the_authors(self, tmp_path):
        path = tmp_path / "repeat.txt"
        path.write_text("المصدر: ويكيبيديا.\n\nنص.\n\nالمصدر: ويكيبيديا.\n\nالمصدر: ويكيبيديا.\n", encoding="utf-8")
        assert [p.text for p in load_document(path).paragraphs].count("المصدر: ويكيبيديا.") == 3


def test_epub_chapters_come_in_spine_order():
    doc = load_document(DOCUMENTS / "book.epub")
    assert doc.title == "رحلة إلى آسيا الوسطى"
    headings = [p.text for p in doc.paragraphs if p.role is Role.HEADING]
    assert headings == ["الفصل الأول", "الفصل الثاني", "الفصل الثالث"]
    assert doc.paragraphs[-1].text == "انتهت الرحلة باتفاق على فتح قنصلية في أكتوبي."


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_the_authors_characters_come_back_exactly(tmp_path, suffix):
    """Vocalisation on tatweel, superscript alef, Farsi yeh, kashida, ZWNJ, RLM, number signs:
    none of them normalised away or reordered (issue 11)."""
    paragraphs = [
        "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝١ مَٰلِكِ يَوْمِ ٱلدِّينِ ۝٤",
        "بِسْــــمِ ٱللَّـــهِ، وَالـعَـرَبِـيَّـةُ، وَمُـحَـمَّـدٌ",
        "که عشق آسان نمود اول ولی افتاد مشکل\u200cها، و«حرف\u200cباز»",
        "\u200fالسنة ؁١٤٤٥ والرقم ؀١٢٣ وZWJ: ل\u200dا",
        "ٱلْعَٰلَمِينَ e\u0301 ﻻ",  # stacked marks in file order, a combining accent, a presentation form
    ]
    path = tmp_path / f"exact{suffix}"
    if suffix == ".html":
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        path.write_text(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>",
                        encoding="utf-8")
    else:
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert [p.text for p in load_document(path).paragraphs] == paragraphs


class TestNotArabic:
    @pytest.mark.parametrize("text, expected", [
        ("قال الوزير", True), ("که عشق آسان نمود", True), ("ﻻ", True), ("BRICS وآلية C+C5", True),
        ("The GNU General Public License", False), ("٢٠٢٢ / 2022", False), ("https://www.gnu.org", False),
        ("\u200f۝١", False), ("", False),
    ])
    def test_needs_translation_means_an_arabic_letter(self, text, expected):
        assert needs_translation(text) is expected

    def test_english_paragraphs_are_left_to_right_and_marked(self, tmp_path):
        path = tmp_path / "mixed.txt"
        path.write_text("قال الوزير إن التعاون مستمر.\n\nThe precise terms and conditions follow.\n\n"
                        "Kazakhstan وقازاقستان والصين وقعتا اتفاقا جديدا.\n", encoding="utf-8")
        arabic, english, mixed = load_document(path).paragraphs
        assert (arabic.needs_translation, arabic.direction) == (True, Direction.RTL)
        assert (english.needs_translation, english.direction) == (False, Direction.LTR)
        assert (mixed.needs_translation, mixed.direction) == (True, Direction.RTL)


class TestHtml:
    def page(self, tmp_path, body: str, title: str = "صفحة") -> Path:
        path = tmp_path / "page.html"
        path.write_text(f"<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>{title}</title>"
                        f"</head><body>{body}</body></html>", encoding="utf-8")
        return path

    def test_headings_repeats_lists_and_tables_as_the_page_has_them(self, tmp_path):
        body = ("<h1>العنوان</h1><p>فقرة.</p><h2>قسم</h2><h3>فرع</h3>"
                "<p>تكرار.</p><p>تكرار.</p><p>تكرار.</p><p>تكرار.</p>"
                "<ul><li>بند أول<ul><li>بند فرعي</li></ul></li><li><p>بند ثان</p></li></ul>"
                "<table><thead><tr><th>المصدر</th><th>الاسم</th></tr></thead>"
                "<tbody><tr><td>ألواح تل العمارنة</td><td><b>تيماشكي</b></td></tr></tbody></table>"
                "<p>سطر أول<br>\n   سطر ثان</p>")
        doc = load_document(self.page(tmp_path, body, title="العنوان"))
        assert [(p.role, p.text) for p in doc.paragraphs] == [
            (Role.TITLE, "العنوان"), (Role.BODY, "فقرة."), (Role.HEADING, "قسم"), (Role.HEADING, "فرع"),
            (Role.BODY, "تكرار."), (Role.BODY, "تكرار."), (Role.BODY, "تكرار."), (Role.BODY, "تكرار."),
            (Role.BODY, "بند أول"), (Role.BODY, "بند فرعي"), (Role.BODY, "بند ثان"),
            (Role.BODY, "المصدر\tالاسم"), (Role.BODY, "ألواح تل العمارنة\tتيماشكي"),
            (Role.BODY, "سطر أول\nسطر ثان"),
        ]

    def test_a_table_used_for_layout_is_read_as_blocks_not_as_one_row(self, tmp_path):
        body = ("<main><table><tr><td><h2>الخبر</h2><p>فقرة أولى.</p><p>فقرة ثانية.</p></td>"
                "<td><p>عمود جانبي.</p></td></tr></table>"
                "<table><tr><td>المدينة</td><td><p>دمشق</p></td></tr></table></main>")
        assert [p.text for p in load_document(self.page(tmp_path, body)).paragraphs] == [
            "الخبر", "فقرة أولى.", "فقرة ثانية.", "عمود جانبي.", "المدينة\tدمشق"]

    def test_the_page_title_is_never_an_extra_paragraph(self, tmp_path):
        doc = load_document(self.page(tmp_path, "<p>فقرة وحيدة في الصفحة.</p>", title="عنوان النافذة"))
        assert [p.text for p in doc.paragraphs] == ["فقرة وحيدة في الصفحة."]
        assert doc.title == "عنوان النافذة"

    def test_a_marked_article_is_read_whole_asides_and_figures_included(self, tmp_path):
        body = ("<nav class=\"sidebar\"><ul><li><a href=\"/\">الرئيسية</a></li></ul></nav>"
                "<main><h1>الدليل</h1><p>مقدمة الدليل.</p>"
                "<aside class=\"note\"><p>ملاحظة</p><p>نص الملاحظة.</p></aside>"
                "<figure><img src=\"a.png\"><figcaption>الشكل 1: النوافذ</figcaption></figure>"
                "<pre>$ startx -- :1\n$ xeyes</pre></main>"
                "<footer><p>جميع الحقوق محفوظة © 2024</p></footer>")
        assert [p.text for p in load_document(self.page(tmp_path, body)).paragraphs] == [
            "الدليل", "مقدمة الدليل.", "ملاحظة", "نص الملاحظة.", "الشكل 1: النوافذ", "$ startx -- :1\n$ xeyes"]

    def test_a_news_page_without_landmarks_loses_its_site_not_its_article(self, tmp_path):
        """Plain <div>s with meaningless class names: trafilatura finds the article; the comment
        policy, the disclaimer, the footer menu and the copyright line it would keep are dropped."""
        article = [p for p in (CORPUS / "news-page.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
        headline, body = article[0], [p.strip() for p in article[1:]]
        paragraphs = "".join(f"<p>{p}</p>" for p in body)
        page = (f'<div class="m1"><ul><li><a href="/">الرئيسية</a></li><li><a href="/a">سياسة</a></li>'
                f'<li><a href="/b">اقتصاد</a></li></ul></div><div class="c9"><h1>{headline}</h1>'
                f'<div class="k2">{paragraphs}</div><div class="k3">'
                "<p>الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع.</p>"
                "<p>نرحب بتعليقاتكم على أن تكون في حدود اللياقة والأدب، وتحتفظ إدارة الموقع بحقها في حذف أي تعليق.</p>"
                '</div></div><div class="f1"><a href="/about">من نحن</a> | <a href="/contact">اتصل بنا</a> | '
                '<a href="/privacy">سياسة الخصوصية</a></div><div class="f2">جميع الحقوق محفوظة © 2006</div>')
        doc = load_document(self.page(tmp_path, page, title=f"{headline} - الموقع"))
        assert [p.text for p in doc.paragraphs] == [headline] + body
        assert doc.title == headline

    def test_presentation_form_pages_are_read_as_written(self, tmp_path):
        text = "ﺍﻟﻌﺮﺑﻴﺔ ﻟﻐﺔ ﺟﻤﻴﻠﺔ"
        paragraphs = load_document(self.page(tmp_path, f"<p>{text}</p>")).paragraphs
        assert [p.text for p in paragraphs] == [text]
        assert paragraphs[0].needs_translation


def test_html_keeps_the_article_and_drops_the_site_around_it():
    doc = load_document(DOCUMENTS / "news-page.html")  # Windows-1256, with nav, ads, scripts
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.title == "وزيرا الخارجية الصيني والقازاقي يجريان محادثات حول تعزيز التعاون الثنائي"
    assert doc.paragraphs[0].role is Role.TITLE
    assert "وانغ يي" in text and "التعاون الاقتصادي" in text
    for boilerplate in ("الرئيسية", "اشترك الآن", "الأكثر قراءة", "جميع الحقوق", "dataLayer", "إعلان"):
        assert boilerplate not in text


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                          "cp1256", "iso8859_6"])
    @pytest.mark.parametrize("newline", ["\n", "\r\n"])
    def test_sample_reads_the_same_in_every_encoding(self, tmp_path, encoding, newline):
        expected = load_document(SAMPLE)
        # ISO-8859-6 has no tanween or the tatweel-less forms of a few letters: compare what it can hold.
        text = SAMPLE_TEXT.encode(encoding, errors="ignore").decode(encoding)
        path = tmp_path / "article.txt"
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        doc = load_document(path)
        assert len(doc.paragraphs) == 20
        assert [p.role for p in doc.paragraphs] == [p.role for p in expected.paragraphs]
        if encoding != "iso8859_6":
            assert [p.text for p in doc.paragraphs] == [p.text for p in expected.paragraphs]
        assert "\r" not in "".join(p.text for p in doc.paragraphs)

    def test_one_paragraph_per_line_when_there_are_no_blank_lines(self, tmp_path):
        path = tmp_path / "lines.txt"
        path.write_text("السطر الأول\nالسطر الثاني\nالسطر الثالث\n", encoding="utf-8")
        assert len(load_document(path).paragraphs) == 3


class TestBadInput:
    @pytest.mark.parametrize("name, error, words", [
        ("binary.txt", DamagedFile, "binary"),
        ("truncated.docx", DamagedFile, "damaged or truncated"),
        ("protected.docx", PasswordProtected, "password"),
        ("protected.pdf", PasswordProtected, "password"),
        ("scanned.pdf", NeedsOCR, "OCR"),
    ])
    def test_broken_files_made_by_real_tools(self, name, error, words):
        with pytest.raises(error, match=words):
            load_document(DOCUMENTS / name)

    @pytest.mark.parametrize("name, data, error, words", [
        ("empty.txt", b"", EmptyDocument, "empty"),
        ("blank.txt", b" \n\t\r\n  \n", EmptyDocument, "no text"),
        ("blank.md", b"\n\n   \n", EmptyDocument, "no text"),
        ("notes.rtf", b"{\\rtf1 hello}", UnsupportedFormat, "cannot open '.rtf'"),
        ("broken.pdf", b"%PDF-1.7\n garbage", DamagedFile, "damaged"),
        ("broken.epub", b"PK\x03\x04 not really", DamagedFile, "damaged"),
        ("broken.odt", b"plain text pretending", DamagedFile, "damaged"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", EmptyDocument, "no readable text"),
    ])
    def test_bad_files_get_a_one_line_reason(self, tmp_path, name, data, error, words):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(error, match=words) as info:
            load_document(path)
        assert "\n" not in str(info.value)

    def test_missing_file(self, tmp_path):
        with pytest.raises(DocumentError, match="does not exist"):
            load_document(tmp_path / "gone.txt")

    def test_folder(self, tmp_path):
        folder = tmp_path / "folder.txt"
        folder.mkdir()
        with pytest.raises(DocumentError, match="folder"):
            load_document(folder)

    def test_unreadable_file(self, tmp_path, monkeypatch):
        path = tmp_path / "secret.txt"
        path.write_text("نص", encoding="utf-8")

        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(type(path), "read_bytes", denied)
        with pytest.raises(DocumentError, match="permission denied"):
            load_document(path)


@pytest.mark.parametrize("text", ["مرحبا", "قال الوزير", "زار وانغ يي قازاقستان."])
def test_a_short_windows_1256_text_is_read_as_arabic(tmp_path, text):
    """Short legacy files fooled the statistical guess (CJK, Hebrew): Arabic wins when it reads as Arabic."""
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode("cp1256"))
    assert load_document(path).paragraphs[0].text == text


def test_control_characters_no_author_types_are_left_out(tmp_path):
    """BEL, ESC, DEL and C1 controls show as boxes and break XML exports; tabs and line breaks stay."""
    path = tmp_path / "controls.txt"
    path.write_text("نص عربي\x07 مع\x1b[31m رموز\x85 تحكم\tخلية\nسطر\n\nفقرة ثانية\x7f.\n", encoding="utf-8")
    assert [p.text for p in load_document(path).paragraphs] == ["نص عربي مع[31m رموز تحكم\tخلية\nسطر", "فقرة ثانية."]
