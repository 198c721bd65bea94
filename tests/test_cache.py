"""The translation cache: instant repeats, safe sharing, and no drama when it breaks."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reader.core.cache import TranslationCache, cache_key
from reader.core.errors import CacheError
from reader.core.segment import Segment
from reader.core.translate import CachedTranslator, Hypothesis, SentenceTranslation, Translation


def fake_translation(text: str) -> Translation:
    return Translation(text, (SentenceTranslation(Segment(text, 0, len(text)),
                                                  (Hypothesis(f"EN<{text}>", -0.1), Hypothesis(f"en<{text}>", -0.5))),))


class CountingTranslator:
    """Stands in for the model: records what it was asked to translate."""

    identity = "fake@1|test|beam4"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts, *, cancel=None, on_done=None):
        self.calls.append(list(texts))
        results = [fake_translation(t) for t in texts]
        for i, r in enumerate(results):
            if on_done:
                on_done(i, r)
        return results


@pytest.fixture
def cache(tmp_path):
    warnings: list[str] = []
    c = TranslationCache(tmp_path / "cache" / "translations.sqlite3", on_warning=warnings.append)
    c.warnings = warnings
    yield c
    c.close()


def make_cached(cache, *, identity="fake@1|test|beam4", use_cache=True, key_context=None):
    inner = CountingTranslator()
    made = []

    def make():
        made.append(True)
        return inner

    translator = CachedTranslator(make, identity, cache, use_cache=use_cache, key_context=key_context,
                                  on_warning=cache.warnings.append)
    return translator, inner, made


def test_miss_then_hit_without_making_the_model(cache):
    first, inner, _ = make_cached(cache)
    texts = ["فقرة أولى", "فقرة ثانية"]
    assert [t.text for t in first.translate(texts)] == ["EN<فقرة أولى>", "EN<فقرة ثانية>"]
    assert inner.calls == [texts]

    second, _, made = make_cached(cache)
    results = second.translate(texts)
    assert made == [] and not second.model_loaded
    assert [t.text for t in results] == ["EN<فقرة أولى>", "EN<فقرة ثانية>"]
    assert all(t.cached for t in results)
    assert [h.text for h in results[0].alternatives] == ["en<فقرة أولى>"]


def test_only_missing_paragraphs_reach_the_model(cache):
    warm, _, _ = make_cached(cache)
    warm.translate(["أ", "ج"])
    translator, inner, _ = make_cached(cache)
    done = []
    results = translator.translate(["أ", "ب", "ج", "د"], on_done=lambda i, t: done.append(i))
    assert inner.calls == [["ب", "د"]]
    assert [t.cached for t in results] == [True, False, True, False]
    assert sorted(done) == [0, 1, 2, 3]


def test_whitespace_and_tatweel_differences_share_an_entry(cache):
    make_cached(cache)[0].translate(["قال  وانغ يي"])
    translator, inner, _ = make_cached(cache)
    translator.translate([" قال وانـــغ يي "])
    assert inner.calls == []


@pytest.mark.parametrize("change", ["model", "revision", "backend", "settings", "glossary"])
def test_anything_that_changes_the_output_changes_the_key(cache, change):
    make_cached(cache)[0].translate(["نص"])
    identity = {
        "model": "other@1|test|beam4", "revision": "fake@2|test|beam4",
        "backend": "fake@1|ct2-int8|beam4", "settings": "fake@1|test|beam5",
    }.get(change, "fake@1|test|beam4")
    context = (lambda text: "وانغ يي=Wang Yi") if change == "glossary" else None
    translator, inner, _ = make_cached(cache, identity=identity, key_context=context)
    translator.translate(["نص"])
    assert inner.calls == [["نص"]]


def test_no_cache_translates_again_and_refreshes_the_entry(cache):
    make_cached(cache)[0].translate(["نص"])
    translator, inner, _ = make_cached(cache, use_cache=False)
    assert translator.translate(["نص"])[0].cached is False
    assert inner.calls == [["نص"]]
    assert cache.get(translator.key("نص")) is not None


def test_stats_and_clear(cache):
    make_cached(cache)[0].translate(["أ", "ب", "ج"])
    stats = cache.stats()
    assert stats.entries == 3 and stats.by_model == {"fake@1|test|beam4": 3} and stats.size_bytes > 0
    assert cache.clear() == 3
    assert cache.stats().entries == 0


def test_a_corrupt_cache_file_is_moved_aside_and_replaced(tmp_path):
    path = tmp_path / "translations.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    warnings = []
    cache = TranslationCache(path, on_warning=warnings.append)
    assert cache.get_many(["k"]) == {}
    cache.put("k", {"sentences": []}, model="m")
    assert cache.get("k") == {"sentences": []}
    cache.close()
    aside = list(tmp_path.glob("translations.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert len(warnings) == 1 and "damaged" in warnings[0] and "moved" in warnings[0]


def test_a_full_disk_is_a_warning_and_the_translation_still_arrives(cache):
    translator, _, _ = make_cached(cache)
    translator.translate(["أول"])  # creates the database
    db = cache._connect()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'disk full'
    big = "كلمة " * 5000
    result = translator.translate([big])[0]
    assert result.text == f"EN<{big}>"
    assert any("disk is full" in w for w in cache.warnings)
    with pytest.raises(CacheError, match="disk is full"):
        cache.put("x", {"sentences": [], "pad": big}, model="m")


def test_two_processes_share_the_cache(tmp_path):
    path = tmp_path / "shared.sqlite3"
    writer = textwrap.dedent(f"""
        import sys
        from reader.core.cache import TranslationCache
        cache = TranslationCache({str(path)!r})
        who = sys.argv[1]
        for i in range(150):
            cache.put(f"{{who}}-{{i}}", {{"sentences": [], "n": i}}, model=who)
            assert cache.get(f"{{who}}-{{i}}") is not None
        cache.close()
    """)
    procs = [subprocess.Popen([sys.executable, "-c", writer, name]) for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    cache = TranslationCache(path)
    assert cache.stats().by_model == {"a": 150, "b": 150}
    cache.close()


def test_cache_key_is_pinned_across_releases():
    """A changed key silently throws every user's cache away: this golden value must not move."""
    assert cache_key("نص", "m") == "3865dd5d218f4e8dce771ca75d8a8edc0e2c20b0baf94969afadaaa16e7851cf"
    assert cache_key("نص", "m", "ctx") == "e49cb64382b606e9af0312d5be0b984d65b64d5707449fe2a5befa0d9a88971d"


def test_cache_key_ignores_what_the_model_cannot_see():
    """Tatweel, a bidi mark and extra spaces do not change the translation, so not the key."""
    assert cache_key("نـص\u200f  ", "m") == cache_key("نص", "m")
    assert cache_key("نَص", "m") != cache_key("نص", "m")  # a diacritic can change the meaning
