"""The translation engine on the tiny trained Marian model, loaded as users load theirs."""

from __future__ import annotations

import threading

import pytest

from conftest import PAIRS, EchoEngine
from reader.core.errors import Cancelled, ModelError
from reader.core.engines.marian import MarianEngine
from reader.core.translate import CachedTranslator, DecodingSettings, SegmentingTranslator, Translation

SETTINGS = DecodingSettings()


@pytest.fixture
def translator(tiny_engine):
    return SegmentingTranslator(tiny_engine, SETTINGS, "tiny")


def test_memorised_sentences_come_out_as_real_english(translator):
    arabic = list(PAIRS)
    results = translator.translate(arabic)
    assert [r.text for r in results] == [PAIRS[a] for a in arabic]


def test_a_paragraph_is_translated_sentence_by_sentence_and_joined(translator):
    paragraph = "زار وانغ يي قازاقستان. وصل الوزير إلى نور سلطان. الطقس جميل اليوم."
    result = translator.translate([paragraph])[0]
    assert [s.source.text for s in result.sentences] == [
        "زار وانغ يي قازاقستان.", "وصل الوزير إلى نور سلطان.", "الطقس جميل اليوم."]
    assert result.text == "Wang Yi visited Kazakhstan. The minister arrived in Nur-Sultan. The weather is nice today."


def test_the_glued_dateline_translates_as_two_fields(translator):
    result = translator.translate(["الوقت:2022-06-08 09:37:57المصدر: شينخوا"])[0]
    assert result.text == "Time: 2022-06-08 09:37:57 Source: Xinhua"


def test_batch_equals_one_by_one(translator):
    texts = ["هل تتكلم العربية؟", "الكتاب على الطاولة. ذهب الطالب إلى المدرسة.", "كما اتفقا على تعزيز التعاون في مكافحة الجائحة.",
             "نص لم يره النموذج من قبل أبدا", "شكرا جزيلا!"]
    together = translator.translate(texts)
    alone = [translator.translate([t])[0] for t in texts]
    assert [t.text for t in together] == [t.text for t in alone]
    for a, b in zip(together, alone):
        assert [h.text for h in a.nbest] == [h.text for h in b.nbest]
        assert [h.score for h in a.nbest] == pytest.approx([h.score for h in b.nbest], abs=1e-4)


def test_nbest_has_the_configured_count_best_first(translator):
    result = translator.translate(["زار وانغ يي قازاقستان."])[0]
    hypotheses = result.sentences[0].hypotheses
    assert len(hypotheses) == SETTINGS.num_hypotheses
    assert hypotheses[0].text == "Wang Yi visited Kazakhstan."
    scores = [h.score for h in hypotheses]
    assert scores == sorted(scores, reverse=True) and all(s <= 0 for s in scores)
    assert len({h.text for h in hypotheses}) == len(hypotheses)
    assert result.alternatives == result.nbest[1:]


def test_fewer_hypotheses_when_asked(tiny_engine):
    few = SegmentingTranslator(tiny_engine, DecodingSettings(num_hypotheses=2), "tiny")
    assert len(few.translate(["شكرا جزيلا!"])[0].sentences[0].hypotheses) == 2


def test_decoding_is_deterministic(translator):
    text = ["نص لم يره النموذج من قبل أبدا، فيه كلمات كثيرة جديدة."]
    assert translator.translate(text)[0] == translator.translate(text)[0]


def test_results_stream_as_each_paragraph_finishes(translator):
    seen = []
    results = translator.translate(list(PAIRS)[:5], on_done=lambda i, t: seen.append(i))
    assert sorted(seen) == [0, 1, 2, 3, 4]
    assert len(results) == 5


def test_empty_paragraph_gives_empty_translation(translator):
    assert translator.translate(["", "شكرا جزيلا!"])[0].text == ""


def test_cancel_between_batches_keeps_what_finished(tiny_engine):
    small_batches = SegmentingTranslator(tiny_engine, DecodingSettings(max_batch_sentences=1), "tiny")
    cancel = threading.Event()
    finished = []

    def on_done(i, translation):
        finished.append(translation.text)
        cancel.set()

    with pytest.raises(Cancelled):
        small_batches.translate(list(PAIRS)[:6], cancel=cancel, on_done=on_done)
    assert len(finished) == 1 and finished[0] in PAIRS.values()


def test_translation_survives_a_round_trip_through_its_payload(translator):
    result = translator.translate(["الكتاب على الطاولة. ذهب الطالب إلى المدرسة."])[0]
    again = Translation.from_payload(result.source, result.to_payload())
    assert again == result and again.text == result.text


def test_a_folder_that_is_not_a_model_fails_with_a_clear_error(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="not a complete Marian model folder: missing source.spm"):
        MarianEngine(tmp_path).load()


def test_damaged_weights_fail_with_a_clear_error(tiny_model):
    (tiny_model / "model.safetensors").write_bytes(b"\0" * 100)
    with pytest.raises(ModelError, match="could not be loaded"):
        MarianEngine(tiny_model).load()


# -- what reaches the model (a stand-in engine records it) ------------------------------------

@pytest.fixture
def echo():
    return EchoEngine()


def test_a_sentence_the_document_repeats_is_translated_once(echo):
    translator = SegmentingTranslator(echo, SETTINGS, "echo")
    texts = ["جملة أولى. جملة مكررة.", "جملة مكررة.", "جملة أولى. جملة مكررة."] * 50
    results = translator.translate(texts)
    assert sorted(echo.seen) == ["جملة أولى.", "جملة مكررة."]
    assert [r.text for r in results[:3]] == ["<جملة أولى.> <جملة مكررة.>", "<جملة مكررة.>",
                                             "<جملة أولى.> <جملة مكررة.>"]


def test_paragraphs_finish_in_document_order_not_all_at_the_end(echo):
    """A long document's first paragraphs are done (and cached) before its last reach the model."""
    translator = SegmentingTranslator(echo, SETTINGS, "echo")
    texts = [f"الفقرة رقم {'ب' * (n % 7 + 1)} {n}." for n in range(300)]
    events = []
    original = echo.translate_batch

    def recording(sentences, settings, cancel=None):
        events.append(("batch", len(echo.seen)))
        return original(sentences, settings, cancel)

    echo.translate_batch = recording
    translator.translate(texts, on_done=lambda i, t: events.append(("done", i)))
    first_done = events.index(("done", 0))
    sent_before = [seen for kind, seen in events[:first_done] if kind == "batch"]
    assert sent_before and max(sent_before) < 100  # paragraph 0 was done long before the 300th sentence


def test_sentences_without_arabic_are_kept_as_written(echo):
    translator = SegmentingTranslator(echo, SETTINGS, "echo")
    result = translator.translate(["زار الوزير المدينة. COVID-19 (2022).\nبند ثان"])[0]
    assert echo.seen == ["زار الوزير المدينة.", "بند ثان"]
    assert [s.best for s in result.sentences] == ["<زار الوزير المدينة.>", "COVID-19 (2022).", "<بند ثان>"]


def test_the_model_reads_the_text_without_invisible_formatting_but_offsets_are_the_documents(echo):
    paragraph = "\u200fكتـــاب\u200c جديد."
    result = SegmentingTranslator(echo, SETTINGS, "echo").translate([paragraph])[0]
    assert echo.seen == ["كتاب جديد."]
    segment = result.sentences[0].source
    assert paragraph[segment.start:segment.end] == segment.text == "\u200fكتـــاب\u200c جديد."


def test_a_line_break_and_a_table_cell_end_a_sentence(echo):
    result = SegmentingTranslator(echo, SETTINGS, "echo").translate(["بند أول\nبند ثان\tخلية"])[0]
    assert [s.source.text for s in result.sentences] == ["بند أول", "بند ثان", "خلية"]


class _MemoryCache:
    def __init__(self):
        self.rows = {}

    def get_many(self, keys):
        return {k: self.rows[k] for k in keys if k in self.rows}

    def put(self, key, payload, *, model):
        self.rows[key] = payload


def test_a_document_without_arabic_never_loads_a_model():
    made = []
    translator = CachedTranslator(lambda: made.append(1), "m|echo|s", _MemoryCache())
    results = translator.translate(["An English paragraph.", "Another one, 2022."])
    assert made == []
    assert [r.text for r in results] == ["An English paragraph.", "Another one, 2022."]
    assert all(r.as_written for r in results)


def test_repeated_paragraphs_are_translated_once_and_each_is_stored_as_it_finishes(echo):
    cache = _MemoryCache()
    stored_when = []
    translator = CachedTranslator(lambda: SegmentingTranslator(echo, SETTINGS, "m|echo|s"), "m|echo|s", cache)
    texts = ["فقرة أولى.", "فقرة ثانية.", "فقرة أولى.", "Plain English."]
    results = translator.translate(texts, on_done=lambda i, t: stored_when.append((i, len(cache.rows))))
    assert echo.seen == ["فقرة أولى.", "فقرة ثانية."]
    assert len(cache.rows) == 2
    assert results[0] == results[2] and results[3].as_written
    # (row, entries in the cache when the row was reported): each stored before it is shown
    assert stored_when == [(3, 0), (0, 1), (2, 1), (1, 2)]
    assert translator.backend == "echo"
