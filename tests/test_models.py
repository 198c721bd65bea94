"""The model catalogue and store: download, import, verify, remove, and --model resolution."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, TINY_MODEL
from reader.core.errors import CatalogueError, ModelError, ModelNotInstalled
from reader.core.models import MANIFEST, ModelStore, load_catalogue

GOOD = """
default = "big"

[models.big]
repo = "Helsinki-NLP/opus-mt-tc-big-ar-en"
revision = "main"
license = "CC-BY-4.0"
size_mb = 915
languages = ["ar", "en"]
description = "Best."
engine = "marian"

[models.small]
repo = "Helsinki-NLP/opus-mt-ar-en"
revision = "main"
license = "Apache-2.0"
size_mb = 310
languages = ["ar", "en"]
description = "Light."
engine = "marian"
"""


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "models.toml"
    path.write_text(GOOD, encoding="utf-8")
    return ModelStore(tmp_path / "models", load_catalogue(path))


class TestCatalogue:
    def test_the_shipped_catalogue(self):
        catalogue = load_catalogue(ROOT / "models.toml")
        assert catalogue.default == "opus-mt-tc-big-ar-en"
        assert catalogue.get("opus-mt-tc-big-ar-en").repo == "Helsinki-NLP/opus-mt-tc-big-ar-en"
        assert catalogue.get("opus-mt-ar-en").repo == "Helsinki-NLP/opus-mt-ar-en"
        translation = [s for s in catalogue.models.values() if s.engine == "marian"]
        assert len(translation) == 2
        for spec in translation:
            assert spec.languages == ("ar", "en") and spec.license and spec.revision
        names = catalogue.get("camelbert-msa-ner")
        assert names.engine == "token-classification" and names.repo == "CAMeL-Lab/bert-base-arabic-camelbert-msa-ner"

    @pytest.mark.parametrize("edit, message", [
        (lambda t: t.replace('size_mb = 310', 'size_mb = "big"'), r"line 13: 'size_mb' of model 'small' has the wrong type"),
        (lambda t: t.replace('license = "Apache-2.0"\n', ''), r"line 13: model 'small' has no 'license'"),
        (lambda t: t.replace('engine = "marian"\n\n', 'engine = "nllb"\n\n'), r"line 4: engine 'nllb' is not supported"),
        (lambda t: t.replace('default = "big"', 'default = "huge"'), r"line 2: default 'huge' is not in the catalogue"),
        (lambda t: t.replace('description = "Light."', 'description = "Light.'), r"line 19, column 22"),
    ])
    def test_mistakes_are_reported_with_their_line(self, tmp_path, edit, message):
        path = tmp_path / "models.toml"
        path.write_text(edit(GOOD), encoding="utf-8")
        with pytest.raises(CatalogueError, match=message):
            load_catalogue(path)


class TestImport:
    def test_import_verify_resolve_remove(self, store, tiny_model):
        target = store.import_dir(tiny_model, "tiny")
        assert (target / MANIFEST).is_file() and store.installed() == ["tiny"]
        assert store.verify("tiny") == []
        handle = store.resolve("tiny")
        assert handle.path == target and handle.revision
        store.remove("tiny")
        assert store.installed() == []

    def test_verify_finds_damage(self, store, tiny_model):
        target = store.import_dir(tiny_model, "tiny")
        with (target / "vocab.json").open("a", encoding="utf-8") as fh:
            fh.write(" ")
        (target / "target.spm").unlink()
        problems = store.verify("tiny")
        assert any("vocab.json does not match its checksum" in p for p in problems)
        assert any("target.spm is missing" in p for p in problems)

    def test_an_incomplete_folder_is_refused_and_nothing_installed(self, store, tiny_model):
        (tiny_model / "source.spm").unlink()
        with pytest.raises(ModelError, match="missing source.spm"):
            store.import_dir(tiny_model, "tiny")
        assert store.installed() == []

    def test_a_non_marian_model_is_refused(self, store, tiny_model):
        config = tiny_model / "config.json"
        config.write_text(config.read_text().replace('"marian"', '"bert"'), encoding="utf-8")
        with pytest.raises(ModelError, match="'bert' model"):
            store.import_dir(tiny_model)

    def test_a_pickle_checkpoint_becomes_safetensors(self, store, tmp_path):
        import torch
        from safetensors.torch import load_file

        legacy = tmp_path / "legacy"
        legacy.mkdir()
        for name in ("config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
            shutil.copy(TINY_MODEL / name, legacy / name)
        torch.save(load_file(TINY_MODEL / "model.safetensors"), legacy / "pytorch_model.bin")
        target = store.import_dir(legacy, "legacy")
        assert (target / "model.safetensors").is_file() and not (target / "pytorch_model.bin").exists()

        from reader.core.marian import MarianEngine
        from reader.core.translate import DecodingSettings, SegmentingTranslator

        translator = SegmentingTranslator(MarianEngine(target), DecodingSettings(), "legacy")
        assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"


class TestResolve:
    def test_a_path_to_any_marian_folder(self, store, tiny_model):
        handle = store.resolve(str(tiny_model))
        assert handle.path == tiny_model.resolve() and handle.id == "local:tiny-ar-en"

    def test_the_fingerprint_of_a_folder_follows_its_content(self, store, tiny_model):
        before = store.resolve(str(tiny_model)).revision
        vocab = tiny_model / "vocab.json"
        vocab.write_text(vocab.read_text() + " ", encoding="utf-8")
        assert store.resolve(str(tiny_model)).revision != before

    def test_default_prefers_the_catalogue_default_then_any_installed(self, store, tiny_model):
        with pytest.raises(ModelNotInstalled, match="reader models download big"):
            store.resolve(None)
        store.import_dir(tiny_model, "small")
        assert store.resolve(None).id == "small"
        store.import_dir(tiny_model, "big")
        assert store.resolve(None).id == "big"

    def test_a_catalogue_model_that_is_not_installed(self, store):
        with pytest.raises(ModelNotInstalled, match="models import DIR"):
            store.resolve("small")

    def test_an_unknown_name(self, store):
        with pytest.raises(ModelError, match="neither a model in models.toml"):
            store.resolve("nonexistent-model")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FakeHub:
    """Serves the tiny model the way huggingface_hub does: metadata with LFS sums, then files."""

    def __init__(self, folder: Path, corrupt: str | None = None) -> None:
        self.folder, self.corrupt, self.fetched = folder, corrupt, []

    def model_info(self, repo, revision=None, files_metadata=False):
        siblings = [SimpleNamespace(rfilename=p.name,
                                    lfs={"sha256": _sha(p)} if p.suffix == ".safetensors" else None)
                    for p in self.folder.iterdir()]
        return SimpleNamespace(sha="0123456789abcdef0123456789abcdef01234567", siblings=siblings)

    def hf_hub_download(self, repo, filename, revision=None, local_dir=None):
        self.fetched.append((filename, revision))
        target = Path(local_dir) / filename
        shutil.copy(self.folder / filename, target)
        if filename == self.corrupt:
            target.write_bytes(b"\0" * 64)
        return str(target)


def _serve(monkeypatch, hub: FakeHub) -> None:
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "HfApi", lambda: hub)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", hub.hf_hub_download)


class TestDownload:
    def test_download_installs_the_pinned_commit_with_checksums(self, store, monkeypatch):
        hub = FakeHub(TINY_MODEL)
        _serve(monkeypatch, hub)
        target = store.download("small", progress=False)
        manifest = store.manifest("small")
        assert manifest["revision"] == "0123456789abcdef0123456789abcdef01234567"
        assert manifest["repo"] == "Helsinki-NLP/opus-mt-ar-en"
        assert {rev for _, rev in hub.fetched} == {manifest["revision"]}
        assert "model.safetensors" in {name for name, _ in hub.fetched}
        assert store.verify("small") == [] and (target / "model.safetensors").is_file()

    def test_a_damaged_download_is_never_installed(self, store, monkeypatch):
        _serve(monkeypatch, FakeHub(TINY_MODEL, corrupt="model.safetensors"))
        with pytest.raises(ModelError, match="checksum mismatch"):
            store.download("small", progress=False)
        assert store.installed() == []

    def test_offline_mode_says_how_to_get_the_model(self, store, monkeypatch):
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        with pytest.raises(ModelError, match="import"):
            store.download("small", progress=False)
        assert store.installed() == []

    def test_no_network_is_a_clear_error_not_a_traceback(self, store, monkeypatch):
        from reader.core.models import _network_errors

        error = next(iter(_network_errors()), ConnectionError)

        class Offline(FakeHub):
            def model_info(self, *args, **kwargs):
                raise error("[Errno -2] Name or service not known")

        _serve(monkeypatch, Offline(TINY_MODEL))
        with pytest.raises(ModelError, match="Run the same command again to resume"):
            store.download("small", progress=False)
        assert store.installed() == []

    def test_unknown_id(self, store):
        with pytest.raises(ModelError, match="not in models.toml"):
            store.download("nope")
