"""PDFs read back as their authors wrote them: paragraphs, reading order, letters, headings, lists.

The fixtures in tests/fixtures/pdf are one document of real Arabic news (ANERcorp) with a title,
headings, a bulleted and a numbered list, a paragraph of digits, a centred signature and lines
that mix digits, decimal separators, brackets and Latin words, rendered by LibreOffice (justified
with spacing; justified with first-line indents and no spacing), XeLaTeX (polyglossia, Amiri) and
reportlab (arabic-reshaper + python-bidi), by tests/fixtures/pdf/make_pdfs.py. mixed.txt is the
text as written.
"""

from __future__ import annotations

import difflib
import unicodedata

import pytest

from conftest import DOCUMENTS, FIXTURES, SAMPLE
from reader.core.document import Role
from reader.core.formats import load_document

PDFS = FIXTURES / "pdf"
PRODUCERS = ["mixed-lo-justified.pdf", "mixed-lo-indent.pdf", "mixed-xelatex.pdf", "mixed-reportlab.pdf"]
WRITTEN = [" ".join(p.split()) for p in (PDFS / "mixed.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
MIXED = [  # lines the bidi algorithm makes hard to read back (issue 11)
    "صدر الإصدار ٠٫١١٥ من المكتبة بعد الإصدار ٠٫١١٤ بشهر.",
    "يدعم البرنامج الصيغتين HTML و PDF معا منذ البداية.",
    "اندلعت الثورة (1933) في الجنوب وامتدت إلى المدن.",
    "ارتفعت الصادرات بنسبة 6.3 بالمئة في عام 2022 وفق التقرير.",
    "وصل الوزير إلى Kazakhstan في 2022 لإجراء محادثات.",
]


def texts(name: str) -> list[str]:
    return [p.text for p in load_document(PDFS / name).paragraphs]


@pytest.mark.parametrize("name", PRODUCERS)
def test_paragraphs_come_back_as_written(name):
    found = texts(name)
    assert abs(len(found) - len(WRITTEN)) <= 1
    identical = sum(text in found for text in WRITTEN)
    share = 0.6 if "xelatex" in name else 0.8   # TODO(pdf-reader): 0.95 for every producer (issue 11)
    assert identical >= share * len(WRITTEN), [t for t in WRITTEN if t not in found]


@pytest.mark.parametrize("name", ["mixed-lo-justified.pdf", "mixed-lo-indent.pdf", "mixed-reportlab.pdf"])
def test_mixed_lines_keep_their_reading_order(name):
    found = texts(name)
    for line in MIXED:
        assert line in found


def test_xelatex_mixed_lines_keep_their_reading_order():
    """XeTeX itself draws "6.3" as "3.6" (one right-to-left glyph run; pdftotext reads 3.6 too)."""
    found = texts("mixed-xelatex.pdf")
    for line in MIXED:
        if "6.3" not in line:
            assert line in found


@pytest.mark.parametrize("name", PRODUCERS)
def test_no_unmapped_glyphs_reach_the_reader(name):
    text = " ".join(texts(name))
    assert "(cid:" not in text and "(dic:" not in text
    assert not any("\ue000" <= c <= "\uf8ff" for c in text)          # symbol-font bullets, private glyphs
    assert not any("\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefe" for c in text)  # folded shapes
    assert "\u0640\u0640" not in text and "%" not in text and "€" not in text


@pytest.mark.parametrize("name", ["mixed-lo-justified.pdf", "mixed-lo-indent.pdf", "mixed-xelatex.pdf"])
def test_title_and_headings_by_their_type(name):
    doc = load_document(PDFS / name)
    roles = {p.text: p.role for p in doc.paragraphs}
    assert doc.paragraphs[0].role is Role.TITLE and doc.paragraphs[0].text == WRITTEN[0]
    headings = [p.text for p in doc.paragraphs if p.role is Role.HEADING]
    assert len(headings) >= 2 and sum(h in WRITTEN for h in headings) >= 2
    assert roles[MIXED[0]] is Role.BODY


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
        """LibreOffice's two right-to-left justified columns under a title, over two pages."""
        sample = load_document(SAMPLE).paragraphs
        expected = [sample[0].text] + [p.text for p in sample[2:-1]]  # title and body; no metadata or byline

        def plain(text: str) -> str:  # the PDF keeps no tatweel and folds presentation forms
            return " ".join(unicodedata.normalize("NFKC", text).replace("\u0640", "").split())

        found = [p.text for p in load_document(DOCUMENTS / "columns.pdf").paragraphs]
        assert [plain(t) for t in found] == [plain(t) for t in expected]

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


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_readers_own_export_reads_back_as_its_arabic_paragraphs(tmp_path, layout):
    """The English is the translation, not the document: the Arabic comes back, paragraph for paragraph."""
    from reader.core.export import build_bilingual, export

    document = load_document(SAMPLE)
    english = [f"English sentence number {i} of the translation, long enough to wrap onto a second line "
               "of the column so that pairs are taller than one line." for i in range(len(document.paragraphs))]
    bilingual = build_bilingual(document, [None] * len(english), dict(enumerate(english)), "tiny-ar-en")
    path = export(bilingual, tmp_path / f"sample-{layout}.pdf", layout=layout)
    found = [p.text for p in load_document(path).paragraphs]

    def drawn(text: str) -> str:  # what a page shows: "كاملاً" and "كاملًا" print alike
        return " ".join(unicodedata.normalize("NFKC", text).replace("\u0627\u064b", "\u064b\u0627").split())

    expected = [drawn(p.text) for p in document.paragraphs]
    assert len(found) == len(expected)   # no English paragraph, no header, no page number
    # TODO(pdf-reader): identical paragraphs; today lam-alef ligatures of fpdf2 come back misordered.
    assert difflib.SequenceMatcher(None, "\n".join(expected), "\n".join(map(drawn, found))).ratio() > 0.9
