"""Quality flags: each way a translation fails is planted on purpose and flagged; the tiny
model's clean translations of the sample are not."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import PAIRS, TINY_MODEL
from reader.core.glossary.enforce import Requirement
from reader.core.quality import (
    KINDS,
    Flag,
    Limits,
    clean_hypotheses,
    hypothesis_flags,
    paragraph_flags,
    usual_score,
)
from reader.core.segment import Segment
from reader.core.translate import Hypothesis, SentenceTranslation, Translation

# Sentences of the sample (tests/fixtures/tiny_marian/pairs.tsv has their references).
VISA = "وقال الجانب القازاقي إنه سيمدد فترة الإعفاء من التأشيرة للمواطنين الصينيين من سبعة أيام إلى 14 يومًا."
VISA_EN = PAIRS[VISA]
WANG = ("وقال وانغ إن العلاقات بين الصين وقازاقستان مرت بـ30 عاما من التجارب والصعوبات، مضيفا أن الجانبين أقاما "
        "شراكة استراتيجية شاملة دائمة، وأن الثقة المتبادلة والصداقة بينهما وصلتا إلى مستوى غير مسبوق، ما جعل "
        "العلاقات بينهما نموذجا للعلاقات بين الدول.")
PANDEMIC = "كما اتفقا على تعزيز التعاون في مكافحة الجائحة."
VIEWS = "وتبادل الجانبان وجهات النظر حول الوضع الإقليمي والقضايا الأخرى محل الاهتمام المشترك."
MET = "التقى مختار تليوبيردي مع وانغ يي."
SOURCE = "المصدر: شينخوا"
HEADLINE = "وزيرا الخارجية الصيني والقازاقي يجريان محادثات حول تعزيز التعاون الثنائي"


def paragraph(*sentences: tuple[str, str | list[tuple[str, float]]]) -> Translation:
    """A hand-made translation: (Arabic, English) or (Arabic, [(English, score), ...]) per sentence."""
    source = " ".join(arabic for arabic, _ in sentences)
    parts, start = [], 0
    for arabic, english in sentences:
        hypotheses = [(english, -0.3)] if isinstance(english, str) else english
        parts.append(SentenceTranslation(Segment(arabic, start, start + len(arabic)),
                                         tuple(Hypothesis(t, s) for t, s in hypotheses)))
        start += len(arabic) + 1
    return Translation(source, tuple(parts))


def one(arabic: str, english: str, score: float = -0.3, **options) -> list[tuple[str, str]]:
    """The (kind, detail) flags of a one-sentence paragraph."""
    return kinds(paragraph_flags(paragraph((arabic, [(english, score)])), **options))


def kinds(flags) -> list[tuple[str, str]]:
    for flag in flags:
        assert flag.kind in KINDS and flag.detail
    return [(f.kind, f.detail) for f in flags]


def names_in(text: str, names: dict[str, tuple[str, ...]]) -> list[Requirement]:
    """Every whole-word mention (after و/ب/ل) of the given Arabic names, as the glossary gives them."""
    found = []
    for arabic, (english, *variants) in names.items():
        for m in re.finditer(rf"(?<![\u0621-\u064A])[وبل]?({arabic})(?![\u0621-\u064A])", text):
            found.append(Requirement(english, tuple(variants), m.start(1), m.end(1)))
    return found


SAMPLE_NAMES = {
    "وانغ يي": ("Wang Yi",), "وانغ": ("Wang Yi",),  # a lone surname is a mention of the full name
    "مختار تليوبيردي": ("Mukhtar Tileuberdi", "Mukhtar Tleuberdi"), "تليوبيردي": ("Mukhtar Tileuberdi",),
    "قازاقستان": ("Kazakhstan",), "الصين": ("China",), "شينخوا": ("Xinhua",),
    "مجلس الدولة": ("State Council",), "نور سلطان": ("Nur-Sultan", "Nursultan"), "شيآن": ("Xi'an", "Xian"),
    "منظمة شانغهاي للتعاون": ("Shanghai Cooperation Organization", "SCO"), "كوفيد-19": ("COVID-19",),
}


@pytest.fixture(scope="session")
def sample_translations(sample_translated) -> list[Translation]:
    """The sample article as the tiny model translates it (shared by the whole session)."""
    _, translations = sample_translated
    return [t for t in translations if re.search("[\u0621-\u064A]", t.source)]


class TestCleanText:
    def test_the_sample_as_the_tiny_model_translates_it_has_no_flags(self, sample_translations):
        # The model memorised pairs.tsv: its sample translations are the references, i.e. clean.
        sentences = [s for t in sample_translations for s in t.sentences]
        assert len(sentences) >= 25
        assert all(s.best == PAIRS[s.source.text] for s in sentences)
        usual = usual_score(sample_translations)
        assert usual == pytest.approx(-0.001, abs=0.01)
        for translation in sample_translations:
            names = names_in(translation.source, SAMPLE_NAMES)
            assert kinds(paragraph_flags(translation, usual=usual, names=names)) == []
            assert kinds(paragraph_flags(translation, names=names)) == []  # the paragraph's own yardstick

    def test_the_sample_names_really_are_required(self, sample_translations):
        # Not vacuous: the names above are found in the sample and enforced where they occur.
        opening = next(t for t in sample_translations if t.source.startswith("نور سلطان"))
        names = names_in(opening.source, SAMPLE_NAMES)
        assert {n.english for n in names} >= {"Wang Yi", "Mukhtar Tileuberdi", "Nur-Sultan", "State Council"}
        blanked = paragraph((opening.sentences[0].source.text,
                             opening.sentences[0].best.replace("Mukhtar Tileuberdi", "the minister")))
        assert kinds(paragraph_flags(blanked, names=names_in(blanked.source, SAMPLE_NAMES))) == [
            ("names", "Mukhtar Tileuberdi missing")]

    def test_every_reference_pair_is_clean(self):
        for arabic, english in PAIRS.items():
            assert one(arabic, english) == [], arabic


class TestCopy:
    def test_the_arabic_copied_through(self):
        assert one(PANDEMIC, PANDEMIC) == [("copy", "the Arabic was copied, not translated")]

    def test_an_arabic_word_left_in_the_english(self):
        assert one(MET, "Mukhtar Tileuberdi met وانغ يي.") == [("copy", "Arabic left in the English: وانغ يي")]

    def test_latin_and_digits_of_the_source_are_not_a_copy(self):
        assert one("الوقت:2022-06-08 09:37:57", "Time: 2022-06-08 09:37:57") == []


class TestRepeat:
    def test_a_phrase_in_a_loop(self):
        loop = "The two sides agreed to strengthen cooperation" + " in fighting the pandemic" * 4 + "."
        assert one(PANDEMIC, loop)[0] == ("repeat", "\u201cin fighting the pandemic\u201d repeated 4 times in a row")

    def test_a_word_in_a_loop(self):
        assert one(PANDEMIC, "They also agreed to strengthen the the the the cooperation.") == [
            ("repeat", "\u201cthe\u201d repeated 4 times in a row")]

    def test_a_clause_said_twice(self):
        twice = "They also agreed to strengthen cooperation, they also agreed to strengthen cooperation."
        assert kinds(paragraph_flags(paragraph((PANDEMIC, twice))))[0][0] == "repeat"

    def test_a_doubled_word_is_english(self):
        assert one(PANDEMIC, "They had had to strengthen cooperation in fighting the pandemic.") == []

    def test_a_refrain_the_arabic_has_may_be_kept(self):
        assert one("نعم نعم نعم نعم، قالوا.", "Yes yes yes yes, they said.") == []

    def test_a_phrase_used_more_often_than_anything_in_the_arabic(self):
        english = ("The two sides exchanged views on the regional situation, the two sides exchanged views on "
                   "other issues and the two sides exchanged views on common concern.")
        assert one(VIEWS, english) == [("repeat", "\u201cthe two sides exchanged\u201d used 3 times")]

    def test_the_same_english_for_two_different_sentences(self):
        translation = paragraph((PANDEMIC, PAIRS[PANDEMIC]), (VIEWS, PAIRS[PANDEMIC]))
        assert paragraph_flags(translation) == (Flag(1, "repeat", "the same English as sentence 1"),)


class TestLength:
    def test_a_dropped_clause_is_short(self):
        first_clause = "Wang said that China-Kazakhstan relations have gone through 30 years of trials and hardships."
        assert one(WANG, first_clause) == [("short", "the English is a third of the usual length")]

    def test_an_empty_english_is_short(self):
        assert one(PANDEMIC, "") == [("short", "the English is empty")]

    def test_a_hallucination_on_a_short_line_is_long(self):
        english = ("Source: Xinhua, the official news agency of the People's Republic of China, "
                   "which reported the talks on Tuesday.")
        assert one(SOURCE, english) == [("long", "the English is 6 times the usual length")]

    def test_vowel_marks_do_not_make_the_arabic_longer(self):
        vocalised = "كَمَا اتَّفَقَا عَلَى تَعْزِيزِ التَّعَاوُنِ فِي مُكَافَحَةِ الْجَائِحَةِ."
        assert len(vocalised) > 1.6 * len(PANDEMIC)
        assert one(vocalised, PAIRS[PANDEMIC]) == []


class TestNumbers:
    def test_arabic_indic_digits_and_decimal_comma_kept(self):
        assert one("ارتفعت الصادرات بنسبة ١٠٫٥٪ في عام ٢٠٢٢.", "Exports rose by 10.5% in 2022.") == []

    def test_a_changed_number_in_arabic_indic_digits(self):
        assert one("ارتفعت الصادرات بنسبة ١٠٫٥٪ في عام ٢٠٢٢.", "Exports rose by 10% in 2022.") == [
            ("numbers", "10.5 became 10")]

    def test_a_missing_year(self):
        assert one("ارتفعت الصادرات بنسبة ١٠٫٥٪ في عام ٢٠٢٢.", "Exports rose by 10.5 percent.") == [
            ("numbers", "2022 missing")]

    def test_persian_digits(self):
        assert one("مدة الإعفاء ۱۴ يومًا.", "The exemption lasts 14 days.") == []
        assert one("مدة الإعفاء ۱۴ يومًا.", "The exemption lasts four days.") == [("numbers", "14 missing")]

    def test_a_number_changed_by_the_model(self):
        assert one(VISA, VISA_EN.replace("14 days", "114 days")) == [("numbers", "14 became 114")]

    def test_a_date_may_be_written_out(self):
        assert one("الوقت: 2022-06-08", "Time: June 8, 2022") == []
        assert one("الوقت: 2022-06-08", "Time: June 9, 2022") == [("numbers", "2022-06-08 became 9")]

    def test_month_names(self):
        assert one("نور سلطان 7 يونيو 2022 (شينخوا)", "NUR-SULTAN, June 7, 2022 (Xinhua)") == []
        assert one("نور سلطان 7 يونيو 2022 (شينخوا)", "NUR-SULTAN, July 7, 2022 (Xinhua)") == [
            ("numbers", "June missing")]
        assert one("نور سلطان 7 حزيران 2022", "Nur-Sultan, 7 July 2022") == [("numbers", "June missing")]

    def test_the_verb_that_spells_march_is_not_a_month(self):
        assert one("مارس الضغط على الوزير.", "He put pressure on the minister.") == []

    def test_scale_words(self):
        arabic = "بلغ عدد السكان ٣ ملايين نسمة."
        for kept in ("3 million", "three million", "3,000,000"):
            assert one(arabic, f"The population reached {kept}.") == []
        assert one(arabic, "The population reached 3 billion.") == [("numbers", "3 million became 3 billion")]

    def test_percent_signs(self):
        assert one("نمت التجارة ٥٪ و 7% هذا العام.", "Trade grew 5 percent and 7% this year.") == []
        assert one("نمت التجارة ٥٪ و 7% هذا العام.", "Trade grew this year.")[0] == ("numbers", "5 and 7 missing")

    def test_a_time_of_day(self):
        assert one("في الساعة 22:30 مساء.", "at 10:30 p.m.") == []
        assert one("في الساعة 10:00 صباحا.", "at 10 a.m.") == []  # whole hours drop their minutes
        assert one("في الساعة 10:30 صباحا.", "at 10 a.m.") == [("numbers", "10:30 missing")]

    def test_a_decimal_comma(self):
        assert one("ارتفع التضخم 2,5 في المائة.", "Inflation rose 2.5 percent.") == []
        assert one("بلغ عدد الزوار 1,500 زائر.", "There were 1500 visitors.") == []

    def test_arabic_number_words_are_left_alone(self):
        assert one("من سبعة أيام.", "from a week.") == []


class TestNames:
    def test_a_missing_name(self):
        translation = paragraph((MET, "Mukhtar Tileuberdi met the minister."))
        assert kinds(paragraph_flags(translation, names=names_in(MET, SAMPLE_NAMES))) == [
            ("names", "Wang Yi missing")]

    def test_any_spelling_of_the_name_renders_it(self):
        translation = paragraph((MET, "Mukhtar Tleuberdi met wang yi."))
        assert paragraph_flags(translation, names=names_in(MET, SAMPLE_NAMES)) == ()

    def test_a_name_belongs_to_its_own_sentence(self):
        translation = paragraph((MET, PAIRS[MET]), (PANDEMIC, PAIRS[PANDEMIC]))
        names = names_in(translation.source, SAMPLE_NAMES)
        assert {n.start for n in names} and all(n.end <= len(MET) for n in names)
        assert paragraph_flags(translation, names=names) == ()

    def test_a_name_the_glossary_put_in_is_not_missing(self):
        translation = paragraph((MET, "Mukhtar Tileuberdi met Wang."))
        names = [Requirement("Wang Yi", (), MET.index("وانغ يي"), MET.index("وانغ يي") + len("وانغ يي"))]
        assert kinds(paragraph_flags(translation, names=names)) == [("names", "Wang Yi missing")]
        assert paragraph_flags(translation, names=names, shown="Mukhtar Tileuberdi met Wang Yi.") == ()

    def test_spacing_and_accents_do_not_make_another_name(self):
        arabic = "وصل الوزير إلى نور سلطان."
        names = [Requirement("Nur-Sultan", (), arabic.index("نور"), arabic.index("نور") + len("نور سلطان"))]
        for english in ("The minister arrived in Nursultan.", "The minister arrived in Nur Sultan.",
                        "The minister arrived in Nūr-Sultan."):
            assert paragraph_flags(paragraph((arabic, english)), names=names) == ()
        assert kinds(paragraph_flags(paragraph((arabic, "The minister arrived in the capital.")), names=names)) == [
            ("names", "Nur-Sultan missing")]

    def test_a_name_is_a_whole_word(self):
        names = [Requirement("Iran", (), 0, 5)]
        assert kinds(paragraph_flags(paragraph(("إيران قالت.", "Tehran said.")), names=names))[0][0] == "names"
        assert paragraph_flags(paragraph(("إيران قالت.", "The Iranian side said.")), names=names) == ()


class TestLowScore:
    def test_far_below_the_paragraphs_usual(self):
        translation = paragraph((PANDEMIC, [(PAIRS[PANDEMIC], -0.3)]), (VIEWS, [(PAIRS[VIEWS], -0.25)]),
                                (MET, [(PAIRS[MET], -1.4)]))
        assert kinds(paragraph_flags(translation)) == [
            ("low-score", "the model's score -1.40 is far below the usual -0.30")]

    def test_against_the_documents_usual(self):
        assert one(PANDEMIC, PAIRS[PANDEMIC], score=-1.2, usual=-0.3)[0][0] == "low-score"
        assert one(PANDEMIC, PAIRS[PANDEMIC], score=-1.2, usual=-0.9) == []
        assert one(PANDEMIC, PAIRS[PANDEMIC], score=-0.9) == []  # the default yardstick is -0.4

    def test_usual_score_is_the_median_best_score(self):
        translations = [paragraph((PANDEMIC, [("a", s), ("b", -5.0)])) for s in (-0.1, -0.2, -0.9)]
        assert usual_score(translations) == pytest.approx(-0.2)
        assert usual_score(translations[:2]) is None


class TestCut:
    def test_ends_on_a_dangling_word(self):
        assert one(VIEWS, "The two sides exchanged views on the regional situation and the") == [
            ("cut", "the English stops mid-sentence: \u201c\u2026situation and the\u201d")]

    def test_ends_inside_brackets(self):
        arabic = "وإفساح المجال لدور آلية التعاون بين الصين وآسيا الوسطى (C + C5) كمنصة جديدة."
        assert one(arabic, "and give full play to the China-Central Asia (C+C5")[-1][0] == "cut"

    def test_a_complete_sentence_without_its_period_is_not_cut(self):
        assert one(VIEWS, PAIRS[VIEWS].rstrip(".")) == []
        assert one(HEADLINE, PAIRS[HEADLINE]) == []

    def test_the_tiny_model_stopped_at_its_limit(self, tiny_engine):
        from transformers import MarianTokenizer

        from reader.core.translate import DecodingSettings, SegmentingTranslator

        tokenizer = MarianTokenizer.from_pretrained(TINY_MODEL)
        limits = Limits(12, lambda text: len(tokenizer(text_target=text)["input_ids"]))
        cut = SegmentingTranslator(tiny_engine, DecodingSettings(max_new_tokens=12), "tiny").translate([VISA])[0]
        assert VISA_EN.startswith(cut.text) and len(cut.text) < len(VISA_EN) / 2
        flags = kinds(paragraph_flags(cut, limits=limits))
        assert ("cut", "the English stops at the model's limit of 12 tokens") in flags
        assert {"short", "numbers"} <= {kind for kind, _ in flags}
        assert "cut" in {flag.kind for flag in paragraph_flags(cut)}  # also seen without a token count
        whole = paragraph((VISA, VISA_EN))
        at_limit = Limits(limits.count_tokens(VISA_EN), limits.count_tokens)
        assert paragraph_flags(whole, limits=at_limit) == ()  # it ended with its full stop


class TestAlternatives:
    def test_the_alternatives_without_a_flag(self):
        translation = paragraph((VISA, [(VISA_EN.replace("14", "114"), -0.1), (VISA_EN, -0.12),
                                        (VISA_EN.replace("days.", "days days days days."), -0.2)]))
        assert clean_hypotheses(translation, 0) == (Hypothesis(VISA_EN, -0.12),)
        assert kinds(hypothesis_flags(translation, 0, translation.sentences[0].hypotheses[2])) == [
            ("repeat", "\u201cdays\u201d repeated 4 times in a row")]

    def test_an_alternative_equal_to_another_sentences_english(self):
        translation = paragraph((PANDEMIC, [(PAIRS[PANDEMIC], -0.3)]),
                                (VIEWS, [(PAIRS[VIEWS], -0.3), (PAIRS[PANDEMIC], -0.4)]))
        assert clean_hypotheses(translation, 1) == (Hypothesis(PAIRS[VIEWS], -0.3),)

    def test_the_tiny_models_own_alternatives(self, sample_translations):
        visa = next(s for t in sample_translations for s in t.sentences if s.source.text == VISA)
        translation = Translation(VISA, (dataclasses.replace(visa, source=Segment(VISA, 0, len(VISA))),))
        clean = clean_hypotheses(translation, 0, usual=usual_score(sample_translations))
        assert clean and clean[0].text == VISA_EN
        assert all(re.search(r"(?<!\d)14 days", h.text) for h in clean)


def test_a_flag_is_a_frozen_value():
    flag = Flag(2, "numbers", "2022 missing")
    assert dataclasses.asdict(flag) == {"sentence": 2, "kind": "numbers", "detail": "2022 missing"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        flag.kind = "names"  # type: ignore[misc]
