"""The CTranslate2 int8 backend: same answers as the reference, converted once, optional."""

from __future__ import annotations

import pytest

from conftest import PAIRS
from reader.core import backends, ct2
from reader.core.cache import TranslationCache
from reader.core.models import ModelHandle
from reader.core.translate import DecodingSettings, SegmentingTranslator

pytestmark = pytest.mark.skipif(not ct2.available(), reason="the fast extra (ctranslate2) is not installed")


@pytest.fixture(scope="module")
def converted_model(tmp_path_factory):
    import shutil

    from conftest import TINY_MODEL

    folder = tmp_path_factory.mktemp("fast") / "tiny-ar-en"
    shutil.copytree(TINY_MODEL, folder)
    ct2.convert(folder)
    return folder


@pytest.fixture(scope="module")
def fast(converted_model):
    engine = ct2.CT2Engine(converted_model)
    return SegmentingTranslator(engine, DecodingSettings(), "fast")


def test_conversion_is_idempotent(converted_model):
    model_bin = converted_model / ct2.CT2_DIR / "model.bin"
    before = model_bin.stat().st_mtime_ns
    assert ct2.convert(converted_model) == converted_model / ct2.CT2_DIR
    assert model_bin.stat().st_mtime_ns == before


def test_a_half_written_conversion_is_never_used(tiny_model):
    (tiny_model / ct2.CT2_DIR).mkdir()
    (tiny_model / ct2.CT2_DIR / "model.bin").write_bytes(b"half")  # no marker: interrupted
    assert ct2.converted(tiny_model) is None
    handle = ModelHandle("tiny", tiny_model, "1")
    assert backends.choose_backend(handle) == backends.TRANSFORMERS
    ct2.convert(tiny_model)  # finishing it replaces the broken folder
    assert ct2.converted(tiny_model) is not None
    assert backends.choose_backend(handle) == backends.CT2


def test_the_fast_backend_gives_the_memorised_english(fast):
    arabic = list(PAIRS)
    assert [t.text for t in fast.translate(arabic)] == [PAIRS[a] for a in arabic]


def test_nbest_shape_and_order_agree_with_transformers(fast, tiny_engine):
    reference = SegmentingTranslator(tiny_engine, DecodingSettings(), "ref")
    text = ["زار وانغ يي قازاقستان. الطقس جميل اليوم."]
    a, b = fast.translate(text)[0], reference.translate(text)[0]
    assert [s.source for s in a.sentences] == [s.source for s in b.sentences]
    for fast_sentence, ref_sentence in zip(a.sentences, b.sentences):
        assert len(fast_sentence.hypotheses) == len(ref_sentence.hypotheses) == 4
        assert fast_sentence.best == ref_sentence.best
        scores = [h.score for h in fast_sentence.hypotheses]
        assert scores == sorted(scores, reverse=True)


def test_batch_equals_one_by_one_on_the_fast_backend(fast):
    texts = ["هل تتكلم العربية؟", "الكتاب على الطاولة. ذهب الطالب إلى المدرسة.", "شكرا جزيلا!"]
    assert [t.text for t in fast.translate(texts)] == [fast.translate([t])[0].text for t in texts]


def test_the_cache_key_names_the_backend(converted_model, tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    handle = ModelHandle("tiny", converted_model, "1")
    fast_key = backends.build_translator(handle, cache).key("نص")
    slow_key = backends.build_translator(handle, cache, backend="transformers").key("نص")
    assert fast_key != slow_key
    assert "|ct2-int8|" in backends.build_translator(handle, cache).identity
    cache.close()


def test_without_the_extra_reader_says_so_and_uses_transformers(converted_model, monkeypatch, tmp_path):
    monkeypatch.setattr(ct2, "available", lambda: False)
    handle = ModelHandle("tiny", converted_model, "1")
    assert backends.choose_backend(handle) == backends.TRANSFORMERS
    assert "not installed" in backends.fast_path_note(handle)
    cache = TranslationCache(tmp_path / "c.sqlite3")
    translator = backends.build_translator(handle, cache)
    assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"
    cache.close()


def test_importing_a_model_makes_its_fast_copy(paths, tiny_model):
    from reader.cli import open_store

    store = open_store(paths)
    target = store.import_dir(tiny_model, "tiny")
    assert ct2.converted(target) is not None
    assert store.verify("tiny") == []  # the fast copy is not part of the checksummed files
    assert store.convert("tiny") == target / ct2.CT2_DIR
