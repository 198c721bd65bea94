"""PDFs read back as their authors wrote them: paragraphs, reading order, letters, headings, lists.

The fixtures in tests/fixtures/pdf are one document of real Arabic news (ANERcorp) with a title,
headings, a bulleted and a numbered list, a paragraph of digits, a centred signature and lines
that mix digits, decimal separators, brackets and Latin words, rendered by LibreOffice (justified
with spacing; justified with first-line indents and no spacing), XeLaTeX (polyglossia, Amiri) and
reportlab (arabic-reshaper + python-bidi), by tests/fixtures/pdf/make_pdfs.py. mixed.txt is the
text as written. The documents corpus (benchmarks/corpus, tests/test_corpus.py) holds more:
tables, verses, vocalised text, typed bullets, and reportlab PDFs whose font lacks characters.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest

from conftest import DOCUMENTS, FIXTURES, ROOT, SAMPLE
from reader.core.document import Role
from reader.core.formats import load_document

PDFS = FIXTURES / "pdf"
CORPUS = ROOT / "benchmarks" / "corpus"
PRODUCERS = ["mixed-lo-justified.pdf", "mixed-lo-indent.pdf", "mixed-xelatex.pdf", "mixed-reportlab.pdf"]
WRITTEN = [p.strip() for p in (PDFS / "mixed.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
MIXED = [  # lines the bidi algorithm makes hard to read back (issue 11)
    "صدر الإصدار ٠٫١١٥ من المكتبة بعد الإصدار ٠٫١١٤ بشهر.",
    "يدعم البرنامج الصيغتين HTML و PDF معا منذ البداية.",
    "اندلعت الثورة (1933) في الجنوب وامتدت إلى المدن.",
    "ارتفعت الصادرات بنسبة 6.3 بالمئة في عام 2022 وفق التقرير.",
    "وصل الوزير إلى Kazakhstan في 2022 لإجراء محادثات.",
]
# What XeTeX itself draws for two lines of mixed.txt (pdftotext reads the same: "3.6", and
# "• الأشكال of. start the at field the leads Schumacher"): polyglossia sets unmarked Latin
# words inside Arabic right to left, and "6.3" as one right-to-left run. The PDF shows these.
XETEX_DRAWS = {
    "ارتفعت الصادرات بنسبة 6.3 بالمئة في عام 2022 وفق التقرير.":
        "ارتفعت الصادرات بنسبة 3.6 بالمئة في عام 2022 وفق التقرير.",
    "الأشكال Schumacher leads the field at the start of.": "الأشكال of. start the at field the leads Schumacher",
}


def texts(name: str) -> list[str]:
    return [p.text for p in load_document(PDFS / name).paragraphs]


@pytest.mark.parametrize("name", PRODUCERS)
def test_paragraphs_come_back_as_written(name):
    """Every paragraph, letter for letter and in order: joins, breaks, lists, headings, signature."""
    expected = [XETEX_DRAWS.get(t, t) for t in WRITTEN] if "xelatex" in name else WRITTEN
    assert texts(name) == expected


@pytest.mark.parametrize("name", PRODUCERS)
def test_mixed_lines_keep_their_reading_order(name):
    found = texts(name)
    for line in MIXED:
        assert (XETEX_DRAWS.get(line, line) if "xelatex" in name else line) in found


@pytest.mark.parametrize("name", PRODUCERS)
def test_no_unmapped_glyphs_reach_the_reader(name):
    text = " ".join(texts(name))
    assert "(cid:" not in text and "(dic:" not in text
    assert not any("\ue000" <= c <= "\uf8ff" for c in text)          # symbol-font bullets, private glyphs
    assert not any("\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefe" for c in text)  # folded shapes
    assert "\u0640\u0640" not in text and "%" not in text and "€" not in text


@pytest.mark.parametrize("name", PRODUCERS)
def test_title_and_headings_by_their_type(name):
    """Larger or bold type: the title and the two section headings, nothing else (not a line whose
    Latin words Word sizes apart from its Arabic, not a list item, not the centred signature)."""
    doc = load_document(PDFS / name)
    assert [(p.text, p.role) for p in doc.paragraphs if p.role is not Role.BODY] == [
        (WRITTEN[0], Role.TITLE), (WRITTEN[11], Role.HEADING), (WRITTEN[23], Role.HEADING)]


@pytest.mark.parametrize("name", PRODUCERS)
def test_list_items_are_paragraphs_without_their_bullets(name):
    found = texts(name)
    items = [t for t in WRITTEN if t.endswith(".") and len(t.split()) <= 10][:3]
    for item in items:
        assert item in found
    assert not any(t.startswith(("•", "-", "1.", "1)")) for t in found)


@pytest.mark.parametrize("name", PRODUCERS)
def test_digits_and_the_closing_signature_are_kept(name):
    found = texts(name)
    digits = next(t for t in WRITTEN if t.isdigit())
    assert digits in found
    assert found[-1] == WRITTEN[-1]   # the signature, centred at the end


class TestOtherProducers:
    def test_visual_order_lines_are_put_back_in_reading_order(self):
        doc = load_document(DOCUMENTS / "visual-order.pdf")
        assert [p.text for p in doc.paragraphs] == [
            "وصل الوزير إلى نور سلطان.",
            "وقال إن الصين مستعدة للتعاون مع Kazakhstan في 2022.",
        ]

    def test_presentation_forms_are_folded_to_letters(self):
        text = "".join(p.text for p in load_document(DOCUMENTS / "visual-order.pdf").paragraphs)
        assert not any("\ufb50" <= ch <= "\ufeff" for ch in text)

    def test_a_two_column_newspaper_page_reads_column_by_column(self):
        """LibreOffice's two right-to-left justified columns under a title, over two pages: letter for letter."""
        sample = load_document(SAMPLE).paragraphs
        expected = [sample[0].text] + [p.text for p in sample[2:-1]]  # title and body; no metadata or byline
        assert [p.text for p in load_document(DOCUMENTS / "columns.pdf").paragraphs] == expected

    def test_newspaper_details_come_back_as_written(self):
        text = " ".join(p.text for p in load_document(DOCUMENTS / "columns.pdf").paragraphs)
        assert "(شينخوا)" in text           # brackets the producer mirrored already
        assert "(C + C5)" in text           # a Latin run with its signs, left to right
        assert "وفقًا" in text              # the tanween after its letter, no space inside the word
        assert "%" not in text              # LibreOffice writes justification kashidas as "%"

    def test_lam_alef_ligatures_keep_their_letter_order(self):
        text = " ".join(p.text for p in load_document(DOCUMENTS / "article.pdf").paragraphs)
        assert "العلاقات" in text and "العالقات" not in text

    def test_arabic_set_in_left_to_right_paragraphs(self):
        """pandoc's ODT sets Arabic left to right: the full stops and dates still come back in place."""
        found = [p.text for p in load_document(DOCUMENTS / "article.pdf").paragraphs]
        assert "الوقت: 2022-06-08 09:37:57" in found
        assert found[2].endswith("والتجارة.") and not found[2].startswith(".")


def _document_texts(path: Path) -> list[str]:
    return [p.text for p in load_document(path).paragraphs]


# The sample article; a vocalised text (marks, tatweel under marks, superscript alef, ZWNJ, verses
# with line breaks); a text with a table and a paragraph of typed bullets on separate lines; the
# mixed fixture (an Arabic paragraph of mostly Latin words, a paragraph of digits only, lists).
OWN_SOURCES = [SAMPLE, CORPUS / "vocalised.txt", CORPUS / "golden-age.txt", PDFS / "mixed.txt"]


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
@pytest.mark.parametrize("source", OWN_SOURCES, ids=[p.stem for p in OWN_SOURCES])
def test_readers_own_export_reads_back_as_the_documents_paragraphs(tmp_path, layout, source):
    """The English is the translation, not the document: the document comes back letter for letter.

    Lam-alef and vocalised clusters (stored in visual order, as pdftotext reads them), line breaks,
    table cells, tatweel and ZWNJ, paragraphs without Arabic; no English, header or page number.
    """
    from reader.core.export import build_bilingual, export

    document = load_document(source)
    english = [f"English sentence number {i} of the translation, long enough to wrap onto a second line "
               "of the column so that pairs are taller than one line." for i in range(len(document.paragraphs))]
    bilingual = build_bilingual(document, [None] * len(english), dict(enumerate(english)), "tiny-ar-en")
    path = export(bilingual, tmp_path / f"{source.stem}-{layout}.pdf", layout=layout)
    assert _document_texts(path) == [p.text for p in document.paragraphs]


def _corpus_benchmark():
    spec = importlib.util.spec_from_file_location("documents_benchmark", ROOT / "benchmarks" / "documents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestCorpusDetails:
    """What the corpus PDFs (benchmarks/corpus) show that the fixtures above do not."""

    def test_a_wide_letter_reaching_over_a_drawn_space_does_not_join_two_words(self):
        """Amiri's initial kaf overhangs the space before it; LibreOffice draws that space."""
        text = "\n".join(_document_texts(CORPUS / "xinhua.pdf"))
        assert "ثقة كاملة" in text and "أهمية كبيرة" in text and "ثقةكاملة" not in text

    def test_actual_text_gives_the_letters_the_glyphs_stand_for(self):
        """LibreOffice names a typed tatweel, a kashida-stretched lam and a ZWNJ only in /ActualText."""
        news = "\n".join(_document_texts(CORPUS / "news.pdf"))
        assert 'الجهد العسكري بـ "الإنجاز' in news and 'سمحوا لـ "القاعدة"' in news
        assert "ملكي" in _document_texts(CORPUS / "news.pdf")[0]
        assert "مشکل\u200cها" in "\n".join(_document_texts(CORPUS / "vocalised.pdf"))

    def test_a_table_row_is_one_paragraph_with_its_cells_apart(self):
        found = _document_texts(CORPUS / "golden-age.pdf")
        assert "الاختراع أو المؤسسة\tالمكان\tالسنة" in found
        assert "المكتبات العامة ومكتبات الإعارة\tالقاهرة وقرطبة\tالقرن العاشر" in found
        assert "المصدر: ويكيبيديا، الموسوعة الحرة." in found   # the paragraph after the table is its own

    def test_lines_the_author_broke_stay_broken_inside_their_paragraph(self):
        """Verses and a typed bullet list: one paragraph each, at the leading, with its line breaks."""
        found = _document_texts(CORPUS / "vocalised.pdf")
        written = _corpus_benchmark().read_reference(CORPUS / "vocalised.txt")
        assert found == [p.strip() for p in written]
        typed_list = "• فارس\n• بلاد ما بين النهرين\n• آسيا الوسطى\n• شمال أفريقيا"
        assert typed_list in _document_texts(CORPUS / "golden-age.pdf")

    def test_a_joint_kashida_of_the_font_is_not_a_typed_tatweel(self):
        """Amiri joins jeem to noon with a narrow kashida glyph (uni0640.05) XeTeX maps to U+0640."""
        text = "\n".join(_document_texts(CORPUS / "fermi.tex.pdf"))
        assert "الجنرال" in text and "الجـنرال" not in text

    def test_a_url_line_of_an_arabic_paragraph_stays_in_it(self):
        expected = ("تصدر النواة بترخيص GPL الإصدار الثاني، وموقعها الرسمي https://www.kernel.org "
                    "وموقع مشروع جنو https://www.gnu.org/gnu/linux-and-gnu.html")
        for name in ("linux.pdf", "linux.tex.pdf"):
            assert _document_texts(CORPUS / name)[-1] == expected

    @pytest.mark.parametrize("name", ["xinhua.reportlab.pdf", "damascus.reportlab.pdf"])
    def test_reportlab_pdfs_come_back_but_for_the_characters_their_font_lacks(self, name):
        """Noto Naskh Arabic has no ( ) - " or Latin letters, and arabic-reshaper drops the marks:
        reportlab draws every missing character as glyph 0 mapped to U+0000 (pdftotext loses them too).
        Every other paragraph comes back exactly, the count within the target, and no control character.
        """
        from fontTools.ttLib import TTFont

        bench = _corpus_benchmark()
        written = bench.read_reference(CORPUS / (name.split(".")[0] + ".txt"))
        # the font the corpus was drawn with (Debian's fonts-noto-core); reader bundles the same file
        with TTFont(ROOT / "resources" / "fonts" / "NotoNaskhArabic-Regular.ttf") as font:
            drawable = set(font.getBestCmap())
        kept = [p for p in written if all(ord(c) in drawable or c.isspace() for c in p)
                and not any("\u064b" <= c <= "\u0652" for c in p)]
        found = _document_texts(CORPUS / name)
        assert abs(len(found) - len(written)) <= bench.COUNT_TOLERANCE * len(written)
        assert all(bench.normalise(p) in {bench.normalise(t) for t in found} for p in kept)
        assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for t in found for c in t)
        assert bench.measure(written, CORPUS / name)["similarity"] >= bench.SIMILARITY_TARGET
