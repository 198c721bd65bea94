"""Splitting paragraphs into the sentences the model translates."""

from __future__ import annotations

from reader.core.segment import normalise_arabic, normalise_for_key, segment_for_model, split_sentences


def texts(paragraph: str) -> list[str]:
    return [s.text for s in split_sentences(paragraph)]


def test_arabic_and_latin_sentence_marks():
    assert texts("هل تتكلم العربية؟ نعم! أتكلمها جيدا. وأنت?  لا") == [
        "هل تتكلم العربية؟", "نعم!", "أتكلمها جيدا.", "وأنت?", "لا"]


def test_arabic_semicolon_ends_a_sentence_but_the_comma_does_not():
    assert texts("وصل الوفد؛ ثم بدأت المحادثات، واستمرت طويلا.") == [
        "وصل الوفد؛", "ثم بدأت المحادثات، واستمرت طويلا."]


def test_decimals_times_and_dates_stay_whole():
    paragraph = "ارتفع النمو إلى 6.3 بالمئة في الساعة 09:37:57 من يوم 2022.06.08 وفق التقرير."
    assert texts(paragraph) == [paragraph]


def test_closing_quotes_stay_with_their_sentence():
    assert texts('قال: "نحن مستعدون." ثم غادر.') == ['قال: "نحن مستعدون."', "ثم غادر."]
    assert texts("قال «انتهى الأمر.» وغادر.") == ["قال «انتهى الأمر.»", "وغادر."]


def test_a_dateline_glued_to_the_next_field_is_two_segments():
    assert texts("الوقت:2022-06-08 09:37:57المصدر: شينخوا") == ["الوقت:2022-06-08 09:37:57", "المصدر: شينخوا"]


def test_offsets_point_into_the_paragraph():
    paragraph = "  أولا.   ثانيا؟ ثالثا "
    for segment in split_sentences(paragraph):
        assert paragraph[segment.start:segment.end] == segment.text


def count_words(text: str) -> int:
    return len(text.split())


def test_short_paragraphs_are_split_only_into_sentences():
    paragraph = "جملة أولى قصيرة. جملة ثانية قصيرة."
    assert [s.text for s in segment_for_model(paragraph, count_words, 50)] == ["جملة أولى قصيرة.", "جملة ثانية قصيرة."]


def test_overlong_sentences_are_split_at_clauses_then_words_and_nothing_is_lost():
    clauses = "، ".join(f"البند رقم {i} من الاتفاق" for i in range(12)) + "."
    run_on = " ".join(["كلمة"] * 40)
    paragraph = f"{clauses} {run_on}"
    segments = segment_for_model(paragraph, count_words, 10)
    assert all(count_words(s.text) <= 10 for s in segments)
    assert " ".join(s.text for s in segments).split() == paragraph.split()  # nothing truncated or repeated
    assert segments[0].text.endswith("،")  # the first cut falls on a clause mark
    for segment in segments:
        assert paragraph[segment.start:segment.end] == segment.text


def test_clauses_are_packed_together_while_they_fit():
    paragraph = "أ ب، ج د، ه و، ز ح."
    assert [s.text for s in segment_for_model(paragraph, count_words, 4)] == ["أ ب، ج د،", "ه و، ز ح."]


def test_cache_normalisation_ignores_only_invisible_differences():
    assert normalise_for_key("  قال   وانغ\u0640\u0640 يي \n") == normalise_for_key("قال وانغ يي")
    assert normalise_for_key("عَلِم") != normalise_for_key("علم")  # diacritics change meaning


def test_name_normalisation_folds_spelling_variants():
    assert normalise_arabic("إِسْطَنْبُول") == normalise_arabic("اسطنبول")
    assert normalise_arabic("القاهرة") == normalise_arabic("القاهره")
    assert normalise_arabic("مصطفى") == normalise_arabic("مصطفي")
