"""The bilingual PDF, read back glyph by glyph, with poppler and with HarfBuzz as the judge.

The shaping tests compare every Arabic word the PDF draws with HarfBuzz's own shaping of
that word (same font file, same direction and language; tests/pdf_shaping_oracle.py):
the glyphs must be the same and sit in the same places. No model is needed: the English
is written here.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from pdf_shaping_oracle import OriginalFont, drawn_lines, expected_line, words
from reader import __version__
from reader.core.document import Direction, Document, Paragraph, Role, paragraph_id
from reader.core.errors import Cancelled
from reader.core.export import Bilingual, GlossaryLine, build_bilingual, export
from reader.core.export.pdf import GUTTER, MARGIN
from reader.core.formats import load_document
from reader.core.resources import resource_path

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed (make test installs it)")
LAYOUTS = ["side-by-side", "interleaved"]
DATA = ROOT.parent / "shared" / "data"
MM = 72 / 25.4

# Words that exercise every way Arabic shaping has gone wrong, or could.
CONSTRUCTED = {
    "tanween and alef": "وفقًا دائمًا يومًا شقيقًا مضيفًا جارًا وصديقًا كاملاً شيئًا جزءًا مساءً فتاةً عالٍ كتابٌ",
    "shadda with a vowel": "إلَّا مُحَمَّدٌ شدَّةٍ قُوَّةً الشَّمْسُ الأُمَّةِ ربِّ ربِّ عدُوٌّ",
    "lam-alef with marks": "ولَا لَا لِأَنَّ الْأَرْضَ سَلامَ لآ لإِ الْإِسْلَامُ لأُمّ فَلِلَّهِ",
    "tatweel with marks": "كـَتـَبَ مـُحـمـّد الـلَّـه جميـــلٌ ـــً بـــــاب",
    "superscript alef": "هٰذا الرَّحْمٰنِ ذٰلِكَ إِلٰه هٰؤُلَاءِ ٱلرَّحْمَٰنِ",
    "hamza forms": "سأل سُئِل مؤمن شيء ماء بريء رؤوس إسلام آمن أُمّ ٱلْحَمْدُ مسؤول بيئة ءامن",
    "Arabic-Indic digits": "٢٠٢٢ ١٢٣٫٥ ٪٥٠ ۱۴۰۲ ٣٠ عامًا في ١٠/٦",
    "Latin and numbers inside Arabic": "قال (CNN) إن 30 شخصًا COVID-19 نسخة 2.5.1 www.example.com iPhone الجديد 5G الـCNN «مرحبًا» (وفقًا)",
    "Persian letters": "پژوهش چگونه گفتگو کتاب یک ژاله می‌خواهم پاکستان",
    "punctuation": "ماذا؟ نعم؛ لا، ربما. «قال» [1] {2}",
}
TITLE = "وفقًا لِلرَّحْمٰنِ: هٰذا دائمًا"

# Fully vocalised text: Quranic spelling, tanween, shadda, tatweel, superscript alef.
VOCALISED = ("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ "
             "مَٰلِكِ يَوْمِ ٱلدِّينِ إِيَّاكَ نَعْبُدُ وَإِيَّاكَ نَسْتَعِينُ ٱهْدِنَا ٱلصِّرَٰطَ ٱلْمُسْتَقِيمَ "
             "وَفْقًا لِلْقَانُونِ دَائِمًا يَوْمًا شَقِيقًا مُضِيفًا جَارًا وَصَدِيقًا كَامِلًا "
             "جَمِيـــلٌ كـَتـَبَ ٱلْـكِـتَـابَ")


@dataclass(frozen=True)
class Flag:
    sentence: int
    kind: str
    detail: str


ENGLISH = "[English]"  # the translation in the shaping tests: one line, told apart by its glyphs


def bilingual(paragraphs: list[str], english: list[str] | str = ENGLISH, *, title: str = TITLE,
              roles: list[Role] | None = None, flags: dict | None = None) -> Bilingual:
    english = [english] * len(paragraphs) if isinstance(english, str) else english
    document = Document(title, tuple(
        Paragraph(paragraph_id(i, text), text, roles[i] if roles else Role.BODY) for i, text in enumerate(paragraphs)),
        source=Path("test.txt"))
    return build_bilingual(document, [None] * len(paragraphs), dict(enumerate(english)), "test-model",
                           flags=flags)


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def bbox_words(path: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, xMax, yMin, text) of every word pdftotext finds."""
    found, page = [], 0
    for line in pdftotext(path, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if match:
            found.append((page, float(match[1]), float(match[3]), float(match[2]), match[4]))
    return found


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ed\u06fa-\u06ff]+")


def arabic_words(text: str) -> list[str]:
    """Arabic words with their marks and tatweel, presentation forms folded, in order."""
    text = _BIDI_CONTROLS.sub("", text)
    text = "".join(unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufeff" else c for c in text)
    return _ARABIC_WORD.findall(text)


# -- shaping -----------------------------------------------------------------------------------

_FONTS: dict[str, OriginalFont] = {}


def font(name: str) -> OriginalFont:
    if name not in _FONTS:
        _FONTS[name] = OriginalFont(resource_path(f"fonts/{name}.ttf"))
    return _FONTS[name]


def shaping_differences(path: Path, paragraphs: list[str], title: str, limit: int = 20) -> tuple[int, int, list[str]]:
    """(words compared, words different, the first differences) for the Arabic of a PDF.

    Lines are told apart by what they are: the header is above the top margin (its title
    drawn in Naskh), page numbers below the bottom one, the English (`ENGLISH`) is known by
    its glyphs; every other line is Arabic text, in reading order, and takes the next words
    of the paragraphs.
    """
    stream = [word for text in paragraphs for word in text.split(" ") if word]
    regular = (font("NotoNaskhArabic-Regular"), font("NotoSans-Regular"))
    bold = (font("NotoNaskhArabic-Bold"), font("NotoSans-Bold"))
    spaces = {f.space for f in (*regular, *bold)}
    english = [g.signature for g in expected_line(ENGLISH, regular[1], regular[0], 10, rtl=False, language="en")]
    compared, wrong, report = 0, 0, []
    position = 0
    for line in drawn_lines(path):
        if not line.glyphs:
            continue
        families = {g.font for g in line.glyphs}
        if line.y < MARGIN * MM:  # page numbers
            continue
        header = line.y > 842 - (MARGIN - 2) * MM
        if header and "NotoNaskhArabic" not in families:
            continue  # the file, model and date
        if not header and [g.signature for g in line.glyphs] == english:
            continue
        drawn = words(line.glyphs, spaces)
        if header:
            text = title
        else:
            text = " ".join(stream[position:position + len(drawn)])
            position += len(drawn)
        main, fallback = bold if any("Bold" in f for f in families) else regular
        expected = words(expected_line(text, main, fallback, line.glyphs[0].size, rtl=True, language="ar"), spaces)
        logical = text.split(" ")
        if len(expected) != len(drawn):
            wrong += len(logical)
            report.append(f"page {line.page}: {len(drawn)} words drawn, {len(expected)} expected in {text!r}")
            continue
        for got, want in zip(drawn, expected):
            compared += 1
            same = [g.signature for g in got] == [w.signature for w in want] and all(
                abs((g.x - got[0].x) - (w.x - want[0].x)) < 0.03 and abs((g.y - got[0].y) - (w.y - want[0].y)) < 0.03
                for g, w in zip(got, want))
            if not same:
                wrong += 1
                word = _word_at(text, min(w.char for w in want))
                if len(report) < limit:
                    report.append(f"page {line.page}: {word!r} differs: the PDF draws {len(got)} glyphs, HarfBuzz {len(want)}")
    if position != len(stream):
        report.append(f"{len(stream) - position} words were not drawn at all")
        wrong += len(stream) - position
    return compared, wrong, report


def _word_at(text: str, index: int) -> str:
    start = text.rfind(" ", 0, index) + 1
    end = text.find(" ", index)
    return text[start:end if end >= 0 else len(text)]


def sample_paragraphs() -> list[str]:
    return [p.text.replace("\n", " ") for p in load_document(SAMPLE).paragraphs]


def corpus_words() -> list[str]:
    """Every distinct token of ANERcorp (CAMeL Lab split) and AQMAR, in a fixed order.

    Tokens made only of characters neither font has (U+2212 MINUS SIGN, twice) are left
    out: nothing is drawn for them, so they cannot be compared.
    """
    covered = set(font("NotoNaskhArabic-Regular").cmap) | set(font("NotoSans-Regular").cmap)
    files = [*sorted((DATA / "anercorp-camellab").glob("ANERCorp_CamelLab_*.txt")),
             *sorted((DATA / "aqmar" / "articles").glob("*.txt"))]
    seen: dict[str, None] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            token = line.rsplit(" ", 1)[0] if " " in line else ""
            if token and not any(c.isspace() or unicodedata.category(c) == "Cc" for c in token) \
                    and any(ord(c) in covered for c in token):
                seen.setdefault(token)
    return list(seen)


def packed(word_list: list[str], per_paragraph: int = 40) -> list[str]:
    return [" ".join(word_list[i:i + per_paragraph]) for i in range(0, len(word_list), per_paragraph)]


class TestShaping:
    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_every_word_of_the_sample_and_the_hard_cases_is_shaped_as_harfbuzz_shapes_it(self, tmp_path, layout):
        paragraphs = sample_paragraphs() + list(CONSTRUCTED.values())
        out = export(bilingual(paragraphs), tmp_path / "shaped.pdf", layout=layout)
        compared, wrong, report = shaping_differences(out, paragraphs, TITLE)
        pages = len(pdftotext(out).split("\f")) - 1 if shutil.which("pdftotext") else 1
        assert wrong == 0, "\n".join(report)
        assert compared >= sum(len(p.split()) for p in paragraphs) + pages * len(TITLE.split())

    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_every_distinct_word_of_anercorp_and_aqmar_is_shaped_as_harfbuzz_shapes_it(self, tmp_path, layout):
        """All distinct words with anything but plain letters, and a fixed share of the plain ones.

        Plain words (Arabic letters only) are 93% of the 42,636; each layout takes a
        different quarter of them, so the two runs cover half in a few seconds each.
        READER_PDF_ALL_WORDS=1 takes every word in both layouts (about 10 s each).
        """
        if not (DATA / "anercorp-camellab").is_dir() or not (DATA / "aqmar").is_dir():
            pytest.skip(f"the ANERcorp and AQMAR data are not in {DATA}")
        everything = corpus_words()
        plain = re.compile("[\u0621-\u063a\u0641-\u064a]+")
        hard = [w for w in everything if not plain.fullmatch(w)]
        easy = [w for w in everything if plain.fullmatch(w)]
        random.Random(14).shuffle(easy)
        quarter = len(easy) // 4
        share = easy[LAYOUTS.index(layout) * quarter:(LAYOUTS.index(layout) + 1) * quarter]
        chosen = hard + (easy if os.environ.get("READER_PDF_ALL_WORDS") == "1" else share)
        paragraphs = packed(chosen)
        out = export(bilingual(paragraphs), tmp_path / "corpus.pdf", layout=layout)
        compared, wrong, report = shaping_differences(out, paragraphs, TITLE)
        assert wrong == 0, f"{wrong} of {compared} words differ:\n" + "\n".join(report)
        assert compared >= len(chosen) > 10_000

    def test_the_comparison_finds_fpdf2s_own_fragmentation(self, tmp_path, monkeypatch):
        """Without reader's fix (fpdf2 cutting words at their marks) the tanween words are wrong."""
        from fpdf import FPDF

        from reader.core.export.pdf_text import ShapingPdf

        monkeypatch.setattr(ShapingPdf, "_parse_chars", FPDF._parse_chars)
        paragraphs = [CONSTRUCTED["tanween and alef"]]
        out = export(bilingual(paragraphs, title="عنوان"), tmp_path / "unfixed.pdf")
        compared, wrong, report = shaping_differences(out, paragraphs, "عنوان")
        assert wrong >= 10, report


# -- geometry and text -------------------------------------------------------------------------

@needs_poppler
class TestLayout:
    def test_lines_stay_inside_their_columns(self, tmp_path):
        long_word = "ـ" * 300 + "بسم"  # a tatweel run no column holds: cut, not spilled
        arabic = [VOCALISED * 6, long_word, "قال " + "ٱلرَّحْمَٰنِ " * 80, "ب" * 3000]
        english = ["In the name of God, the Most Gracious, the Most Merciful. " * 25,
                   "x" * 400, "Supercalifragilisticexpialidocious " * 30, "y" * 3000]
        out = export(bilingual(arabic, english), tmp_path / "columns.pdf")
        column = (210 - 2 * MARGIN - GUTTER) / 2
        english_x = (MARGIN * MM, (MARGIN + column) * MM)
        arabic_x = ((MARGIN + column + GUTTER) * MM, (210 - MARGIN) * MM)
        body = [w for w in bbox_words(out) if MARGIN * MM < w[3] < (297 - MARGIN - 6) * MM]
        assert len(body) > 500
        for page, x0, x1, _, text in body:
            left, right = arabic_x if re.search("[\u0600-\u06ff]", text) else english_x
            assert left - 0.5 <= x0 and x1 <= right + 0.5, (page, x0, x1, text[:30])

    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_diacritics_and_tatweel_come_back_from_pdftotext(self, tmp_path, layout):
        paragraphs = [VOCALISED, CONSTRUCTED["tanween and alef"], CONSTRUCTED["shadda with a vowel"],
                      CONSTRUCTED["lam-alef with marks"], CONSTRUCTED["superscript alef"], CONSTRUCTED["tatweel with marks"]]
        out = export(bilingual(paragraphs, "The text."), tmp_path / "vocalised.pdf", layout=layout)
        body = "\n".join(page.split("\n", 2)[-1] for page in pdftotext(out).split("\f"))  # past the header
        assert arabic_words(body) == [w for p in paragraphs for w in arabic_words(p)]

    def test_interleaved_pages_fill(self, tmp_path):
        """A pair may break between its Arabic and its English, so no page ends with a gap."""
        paragraph = "وقال الوزير إن التعاون بين البلدين سيتواصل في كل المجالات. " * 9
        english = "The minister said cooperation between the two countries will continue in all fields. " * 9
        out = export(bilingual([paragraph] * 6, english), tmp_path / "flow.pdf", layout="interleaved")
        words_ = bbox_words(out)
        pages = max(w[0] for w in words_)
        assert pages >= 2
        limit = (297 - MARGIN - 6) * MM
        for page in range(1, pages):
            lowest = max(w[3] for w in words_ if w[0] == page and w[3] < limit)
            assert lowest > limit - 40, f"page {page} ends {limit - lowest:.0f} pt above its bottom"

    def test_a_pair_too_long_for_a_page_continues_side_by_side(self, tmp_path):
        arabic = " ".join(["وقال الوزير إن التعاون بين البلدين سيتواصل في كل المجالات."] * 120)
        english = " ".join(["The minister said cooperation between the two countries will continue."] * 120)
        pages = pdftotext(export(bilingual([arabic], english), tmp_path / "long.pdf")).split("\f")[:-1]
        with_arabic = [i for i, page in enumerate(pages) if "الوزير" in unicodedata.normalize("NFKC", page)]
        with_english = [i for i, page in enumerate(pages) if "minister" in page]
        assert len(pages) >= 3
        assert with_arabic == list(range(len(with_arabic))) and with_english == list(range(len(with_english)))
        assert min(len(with_arabic), len(with_english)) >= 2

    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_line_breaks_and_table_cells(self, tmp_path, layout):
        """An author's "\n" starts a new line; a "\t" between table cells leaves a visible gap."""
        out = export(bilingual(["سطر أول\nسطر ثان", "خلية\tأخرى"], ["Upper words\nlower words", "Left\tRight"]),
                     tmp_path / "breaks.pdf", layout=layout)
        # -bbox gives each word's characters left to right: an Arabic word comes reversed
        found = {text if text.isascii() else text[::-1]: (x0, x1, y) for _, x0, x1, y, text in bbox_words(out)}
        assert found["lower"][2] > found["Upper"][2] + 5 and abs(found["lower"][0] - found["Upper"][0]) < 0.5
        assert found["ثان"][2] > found["أول"][2] + 5 and abs(found["ثان"][1] - found["أول"][1]) < 0.5
        assert found["Right"][2] == found["Left"][2] and found["Right"][0] - found["Left"][1] > 8
        assert found["خلية"][2] == found["أخرى"][2] and found["خلية"][0] - found["أخرى"][1] > 8  # first cell on the right

    def test_control_characters_neither_break_the_pdf_nor_raise(self, tmp_path):
        nasty = "قال\x00 الوزير\x07 إن\x1b[31m التعاون\uffff مستمر\ud800"
        document = Document("عنوان\x00\x1b", (Paragraph("p0", nasty),), source=Path("x.txt"))
        rows = build_bilingual(document, [None], {0: "The\x00 minister\x07 said\x1b[0m\uffff so.\udfff"}, "m")
        out = export(rows, tmp_path / "controls.pdf")
        text = pdftotext(out)
        assert arabic_words("الوزير التعاون مستمر")[0] in arabic_words(text)
        assert "minister" in text and "so." in text

    def test_a_text_that_says_nb_keeps_saying_it(self, tmp_path):
        """fpdf2's page-count alias is "{nb}"; reader's is one no document can contain."""
        text = pdftotext(export(bilingual(["قال {nb} مرة"], "He said {nb} times"), tmp_path / "nb.pdf"))
        assert "He said {nb} times" in text and re.search(r"\b1\s*/\s*1\b", text)


@pytest.fixture(scope="module")
def sample() -> Bilingual:
    document = load_document(SAMPLE)
    english = [f"Paragraph {i} in English, with the words Kazakhstan and Xinhua." for i in range(len(document.paragraphs))]
    return build_bilingual(document, [None] * len(english), dict(enumerate(english)), "tiny-ar-en")


@needs_poppler
class TestContents:
    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_every_paragraph_comes_back_from_pdftotext(self, sample, tmp_path, layout):
        text = pdftotext(export(sample, tmp_path / "sample.pdf", layout=layout))
        found = set(arabic_words(text))
        for row in sample.rows:
            assert set(arabic_words(row.paragraph.text)) <= found, row.paragraph.id
            assert f"Paragraph {sample.rows.index(row)} in English" in text.replace("\n", " ")

    def test_arabic_words_keep_their_letter_order(self, sample, tmp_path):
        text = unicodedata.normalize("NFKC", pdftotext(export(sample, tmp_path / "sample.pdf")))
        for word in ("الخارجية", "وقازاقستان", "العلاقات", "تليوبيردي", "شانغهاي", "جارًا"):
            assert word in text

    def test_fonts_are_embedded_and_the_creator_is_reader(self, sample, tmp_path):
        out = export(sample, tmp_path / "sample.pdf")
        report = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        fonts = report.strip().splitlines()[2:]
        assert {line.split()[0].split("+")[1] for line in fonts} >= {"NotoNaskhArabic", "NotoSans"}
        for line in fonts:
            assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, with ToUnicode
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"Creator:\s+reader {re.escape(__version__)}\n", info)

    def test_header_and_page_numbers(self, sample, tmp_path):
        pages = pdftotext(export(sample, tmp_path / "sample.pdf")).split("\f")[:-1]
        assert len(pages) >= 2
        for number, page in enumerate(pages, 1):
            assert re.search(rf"\b{number}\s*/\s*{len(pages)}\b", page)
            assert SAMPLE.name in page and "tiny-ar-en" in page
        assert "وزيرا الخارجية" in unicodedata.normalize("NFKC", pages[0])

    @pytest.mark.parametrize("paper, size", [("a4", "595.28 x 841.89"), ("letter", "612 x 792")])
    def test_paper_sizes(self, sample, tmp_path, paper, size):
        out = export(sample, tmp_path / "sample.pdf", paper=paper)
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert size in info

    def test_interleaved_puts_each_english_after_its_arabic(self, sample, tmp_path):
        text = unicodedata.normalize("NFKC", pdftotext(export(sample, tmp_path / "sample.pdf", layout="interleaved")))
        assert text.index("وزيرا الخارجية") < text.index("Paragraph 0 in") < text.index("الوقت") < text.index("Paragraph 1 in")

    def test_glossary_appendix_names_types_as_the_window_does(self, sample, tmp_path):
        """Names the article does not mention, so only the appendix can have put them in the file."""
        glossary = [GlossaryLine("جبران خليل جبران", "PERS", "Gibran Khalil Gibran"),
                    GlossaryLine("بيروت", "LOC", "Beirut"), GlossaryLine("اليونسكو", "ORG", "UNESCO"),
                    GlossaryLine("طريق الحرير", "MISC", "Silk Road")]
        plain = pdftotext(export(sample, tmp_path / "plain.pdf"))
        appendix = pdftotext(export(sample, tmp_path / "sample.pdf", glossary=glossary)).split("\f")[-2]
        for word in ("Glossary", "Beirut", "UNESCO", "People", "Places", "Organisations", "Other names"):
            assert word in appendix and word not in plain
        assert "PERS" not in appendix and "LOC" not in appendix
        names = arabic_words("جبران خليل جبران بيروت اليونسكو طريق الحرير")
        assert arabic_words(appendix)[-len(names):] == names  # after the running header's title

    def test_flagged_paragraphs_are_marked_only_when_asked(self, tmp_path):
        flags = {1: (Flag(0, "numbers", "2022 missing"),)}
        document = bilingual(["الفقرة الأولى.", "في عام 2022 قال الوزير."], ["The first.", "The minister said."],
                             flags=flags)
        plain = pdftotext(export(document, tmp_path / "plain.pdf"))
        marked = pdftotext(export(document, tmp_path / "marked.pdf", mark_flags=True))
        assert "Check" not in plain and "2022 missing" not in plain
        assert "Check: sentence 1: numbers differ (2022 missing)" in marked.replace("\n", " ")

    def test_progress_is_reported_and_cancel_stops_the_export(self, sample, tmp_path):
        seen = []
        export(sample, tmp_path / "sample.pdf", progress=lambda done, total: seen.append((done, total)))
        total = len(sample.rows)
        assert seen == [(i, total) for i in range(1, total + 1)]

        def cancel(done, total):
            if done == 3:
                raise Cancelled()
        with pytest.raises(Cancelled):
            export(sample, tmp_path / "cancelled.pdf", progress=cancel)
        assert not (tmp_path / "cancelled.pdf").exists()

    def test_an_english_paragraph_in_an_arabic_document_reads_left_to_right(self, tmp_path):
        document = Document("عنوان", (Paragraph("p0", "Chapter One: The Beginning", direction=Direction.LTR),),
                            source=Path("x.txt"))
        out = export(build_bilingual(document, [None], {0: "Chapter One: The Beginning"}, "m"), tmp_path / "ltr.pdf")
        assert pdftotext(out).count("Chapter One: The Beginning") == 2
