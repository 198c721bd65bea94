"""The optional downloadable names model (CAMeLBERT NER's format), replacing the built-in recogniser.

The tiny BERT in tests/fixtures/tiny_ner has memorised a few tagged sentences,
among them a place the built-in CRF does not find (قرطوسة), so the tests can
tell which recogniser answered.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, TINY_MODEL, TINY_NER
from reader.core.errors import ModelError
from reader.core.models import MANIFEST, ModelStore, load_catalogue

SENTENCE = "وقال زرنوق إن شركة فلنطاس ستفتح مكتبا في قرطوسة."


@pytest.fixture
def store(tmp_path):
    return ModelStore(tmp_path / "models", load_catalogue(ROOT / "models.toml"))


def test_it_finds_the_names_it_was_trained_on():
    from reader.core.glossary.recognise.bert import TransformerRecogniser

    found = [(m.text, m.kind) for m in TransformerRecogniser(TINY_NER).mentions(SENTENCE)]
    assert found == [("زرنوق", "PERS"), ("فلنطاس", "ORG"), ("قرطوسة", "LOC")]
    assert all(SENTENCE[m.start:m.end] == m.text for m in TransformerRecogniser(TINY_NER).mentions(SENTENCE))


def test_the_built_in_recogniser_does_not_so_the_tests_can_tell_them_apart():
    from reader.core.glossary.recognise.crf import CrfRecogniser

    assert ("قرطوسة", "LOC") not in [(m.text, m.kind) for m in CrfRecogniser.default().mentions(SENTENCE)]


def test_long_sentences_are_tagged_in_windows_with_one_tag_per_word():
    from reader.core.glossary.recognise.bert import MAX_WORDS, TransformerRecogniser

    words = SENTENCE.replace(".", " .").split() * (MAX_WORDS // 5)
    tags = TransformerRecogniser(TINY_NER).tag_words(words)
    assert len(tags) == len(words) > MAX_WORDS
    assert tags[words.index("فلنطاس", MAX_WORDS)] == "B-ORG"  # a name in the second window


def test_words_past_the_models_length_limit_are_still_tagged():
    from reader.core.glossary.recognise.bert import TransformerRecogniser

    recogniser = TransformerRecogniser(TINY_NER)
    words = ["قحطومزرنوقفلنطاسقرطوسة"] * 60 + SENTENCE.replace(".", " .").split()  # hundreds of sub-words
    tags = recogniser.tag_words(words)
    assert len(tags) == len(words) and tags[60 + 4] == "B-ORG"


class TestStore:
    def test_import_records_the_engine_and_it_becomes_the_recogniser(self, store):
        assert store.recogniser() is None
        target = store.import_dir(TINY_NER, "camelbert-msa-ner")
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["engine"] == "token-classification"
        assert store.recogniser() == target and store.verify("camelbert-msa-ner") == []

    def test_a_names_model_is_never_taken_for_a_translation_model(self, store):
        store.import_dir(TINY_NER, "camelbert-msa-ner")
        assert store.installed() == [] and store.installed(None) == ["camelbert-msa-ner"]
        with pytest.raises(ModelError, match="finds names; it does not translate"):
            store.resolve("camelbert-msa-ner")
        with pytest.raises(ModelError, match="not installed"):
            store.resolve(None)  # no translation model: the names model is not a fallback
        store.import_dir(TINY_MODEL, "tiny")
        assert store.resolve(None).id == "tiny"

    def test_labels_it_cannot_read_are_refused_and_nothing_is_installed(self, store, tmp_path):
        odd = tmp_path / "odd"
        shutil.copytree(TINY_NER, odd)
        config = json.loads((odd / "config.json").read_text(encoding="utf-8"))
        config["id2label"] = {"0": "POSITIVE", "1": "NEGATIVE"}
        (odd / "config.json").write_text(json.dumps(config), encoding="utf-8")
        with pytest.raises(ModelError, match="IOB tags of PERS, LOC, ORG and MISC"):
            store.import_dir(odd)
        assert store.installed(None) == []

    def test_a_damaged_names_model_falls_back_to_the_built_in_recogniser(self, tmp_path):
        from reader.core.glossary.recognise import load_recogniser
        from reader.core.glossary.recognise.crf import CrfRecogniser

        broken = tmp_path / "broken"
        shutil.copytree(TINY_NER, broken)
        (broken / "model.safetensors").write_bytes(b"not weights")
        loaded = load_recogniser(broken)
        assert isinstance(loaded.recogniser, CrfRecogniser)
        assert "could not be loaded" in loaded.problem and "reader models verify" in loaded.problem

    def test_a_repaired_names_model_is_used_without_a_restart(self, tmp_path):
        from reader.core.glossary.recognise import load_recogniser
        from reader.core.glossary.recognise.bert import TransformerRecogniser

        folder = tmp_path / "names"
        shutil.copytree(TINY_NER, folder)
        weights = (folder / "model.safetensors").read_bytes()
        (folder / "model.safetensors").write_bytes(b"not weights")
        assert load_recogniser(folder).problem
        assert load_recogniser(folder) is load_recogniser(folder)  # loaded once while nothing changes
        (folder / "model.safetensors").write_bytes(weights)  # downloaded again
        repaired = load_recogniser(folder)
        assert repaired.problem is None and isinstance(repaired.recogniser, TransformerRecogniser)


def test_reader_entities_uses_an_installed_names_model(paths, tmp_path):
    document = tmp_path / "news.txt"
    document.write_text(SENTENCE + "\n", encoding="utf-8")
    env = {**os.environ, "READER_HOME": str(paths.data_dir.parent)}

    def entities() -> dict[str, str]:
        out = subprocess.run([sys.executable, "-m", "reader", "entities", str(document), "--format", "json"],
                             capture_output=True, text=True, env=env, timeout=120, check=True).stdout
        return {row["arabic"]: row["type"] for row in json.loads(out)}

    assert "قرطوسة" not in entities()
    subprocess.run([sys.executable, "-m", "reader", "models", "import", str(TINY_NER), "--id", "camelbert-msa-ner"],
                   capture_output=True, text=True, env=env, timeout=120, check=True)
    assert entities() == {"زرنوق": "PERS", "فلنطاس": "ORG", "قرطوسة": "LOC"}


def test_download_of_the_catalogues_names_model_as_camelbert_ships_it(store, monkeypatch, tmp_path):
    """CAMeLBERT NER is a pickle checkpoint (pytorch_model.bin) with vocab.txt: it arrives as safetensors."""
    import torch
    from safetensors.torch import load_file

    from reader.core.glossary.recognise.bert import TransformerRecogniser
    from test_models import FakeHub, _serve

    hub_copy = tmp_path / "hub"
    hub_copy.mkdir()
    for name in ("config.json", "vocab.txt", "tokenizer_config.json"):
        shutil.copy(TINY_NER / name, hub_copy / name)
    torch.save(load_file(TINY_NER / "model.safetensors"), hub_copy / "pytorch_model.bin")
    _serve(monkeypatch, FakeHub(hub_copy))
    target = store.download("camelbert-msa-ner", progress=False)
    assert (target / "model.safetensors").is_file() and not (target / "pytorch_model.bin").exists()
    assert store.recogniser() == target and store.verify("camelbert-msa-ner") == []
    assert ("فلنطاس", "ORG") in [(m.text, m.kind) for m in TransformerRecogniser(target).mentions(SENTENCE)]
