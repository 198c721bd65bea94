"""Shared fixtures: a private reader home per test, the tiny trained model, the sample."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"  # tests never touch the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTS = FIXTURES / "documents"
TINY_MODEL = FIXTURES / "tiny_marian" / "tiny-ar-en"
TINY_NER = FIXTURES / "tiny_ner" / "tiny-ner"  # a BERT names model in CAMeLBERT NER's format
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"

# What the tiny model memorised (tests/fixtures/tiny_marian/pairs.tsv).
PAIRS = dict(
    line.split("\t")
    for line in (FIXTURES / "tiny_marian" / "pairs.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip()
)


@pytest.fixture(scope="session")
def tiny_fast_copy(tmp_path_factory) -> Path:
    """The tiny model's CTranslate2 copy, built once per session (the folder named by its content hash)."""
    from reader.core.engines import ct2, fast
    from reader.core.models import ModelHandle

    if not ct2.available():
        return None
    root = tmp_path_factory.mktemp("fast")
    return fast.ensure_copy(ModelHandle("local:tiny-ar-en", TINY_MODEL, "fixture", fast_root=root))


@pytest.fixture
def paths(tmp_path, monkeypatch, tiny_fast_copy):
    """A fresh READER_HOME: cache, models and settings all inside tmp_path.

    It already has the tiny model's fast copy, as a home does once that model
    folder has been used: building it is tested in tests/test_fast.py, not
    paid for again by every test that translates with it.
    """
    from reader.core.paths import AppPaths

    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    paths = AppPaths.default()
    if tiny_fast_copy is not None:
        shutil.copytree(tiny_fast_copy, paths.data_dir / "fast" / tiny_fast_copy.name, copy_function=os.link)
    return paths


@pytest.fixture
def tiny_model(tmp_path) -> Path:
    """A private copy of the tiny model, free to be imported, damaged or removed."""
    target = tmp_path / "tiny-ar-en"
    shutil.copytree(TINY_MODEL, target)
    return target


@pytest.fixture(scope="session")
def tiny_engine():
    """One loaded engine for the whole session: loading is the slow part.

    One thread: the tiny model gains nothing from more, and torch's threads
    spin-wait on each other when another process shares the cores.
    """
    from reader.core.engines.marian import MarianEngine

    engine = MarianEngine(TINY_MODEL, threads=1)
    engine.load()
    return engine


@pytest.fixture(scope="session")
def sample_translated(tiny_engine):
    """(the sample document, its paragraphs as the tiny model translates them): once per session."""
    from reader.core.formats import load_document
    from reader.core.translate import DecodingSettings, SegmentingTranslator

    document = load_document(SAMPLE)
    translator = SegmentingTranslator(tiny_engine, DecodingSettings(), "tiny")
    return document, translator.translate([p.text for p in document.paragraphs])


@pytest.fixture
def sample() -> Path:
    return SAMPLE


class EchoEngine:
    """A stand-in engine: the "English" of a sentence is the sentence in angle brackets.

    It records every batch it is given, so tests can see what reached the model.
    """

    backend = "echo"
    max_tokens = 512

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    @property
    def seen(self) -> list[str]:
        return [s for batch in self.batches for s in batch]

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def translate_batch(self, sentences, settings, cancel=None):
        from reader.core.translate import Hypothesis

        self.batches.append(list(sentences))
        return [(Hypothesis(f"<{s}>", -0.25), Hypothesis(f"[{s}]", -0.5)) for s in sentences]


class MemorisedEngine(EchoEngine):
    """A stand-in for the tiny model: what it memorised comes out as its English, the rest in brackets.

    Window tests run on it: real English to assert on, without loading torch.
    """

    backend = "memorised"

    def translate_batch(self, sentences, settings, cancel=None):
        from reader.core.segment import model_text
        from reader.core.translate import Hypothesis

        memorised = {model_text(arabic): english for arabic, english in PAIRS.items()}
        self.batches.append(list(sentences))
        results = []
        for sentence in sentences:
            english = memorised.get(sentence, f"<{sentence}>")
            results.append((Hypothesis(english, -0.05), Hypothesis(english.replace("the ", "a ", 1), -0.6),
                            Hypothesis(english.rstrip(".") + " indeed.", -0.9)))
        return results


def fake_translators(cache_path, engine=None, loads=None):
    """A `make_translator` for windows: cached like the real one, translating with a stand-in engine.

    `loads` (a list) records each time the engine is "loaded" (made).
    """
    from reader.core.cache import TranslationCache
    from reader.core.translate import CachedTranslator, DecodingSettings, SegmentingTranslator

    cache = TranslationCache(cache_path)

    def make(handle, *, key_context=None, on_warning=None, on_load=None):
        identity = f"{handle.id}@{handle.revision}|memorised|test"

        def inner():
            if loads is not None:
                loads.append(handle.id)
            if on_load is not None:
                on_load(False)
            return SegmentingTranslator(engine or MemorisedEngine(), DecodingSettings(), identity)

        translator = CachedTranslator(inner, identity, cache, on_warning=on_warning, key_context=key_context)
        translator.close = cache.close
        return translator
    make.cache = cache
    return make
