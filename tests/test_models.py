"""The model catalogue and store: download, import, verify, remove, and --model resolution."""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, SAMPLE, TINY_MODEL
from reader.core.errors import Cancelled, CatalogueError, ModelError, ModelNotInstalled, NoConnection
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


def _partials(store: ModelStore) -> list[str]:
    return sorted(p.name for p in store.root.glob(".partial-*")) if store.root.exists() else []


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
        assert handle.path == target and handle.revision and not handle.in_place
        assert store.size_on_disk("tiny") > (tiny_model / "model.safetensors").stat().st_size
        store.remove("tiny")
        assert store.installed() == [] and not target.exists()

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
        assert store.installed() == [] and _partials(store) == []

    def test_a_non_marian_model_is_refused(self, store, tiny_model):
        config = tiny_model / "config.json"
        config.write_text(config.read_text().replace('"marian"', '"bert"'), encoding="utf-8")
        with pytest.raises(ModelError, match="'bert' model"):
            store.import_dir(tiny_model)

    def test_the_id_defaults_to_the_folder_name_made_valid(self, store, tiny_model, tmp_path):
        odd = tmp_path / "My model (v2)"
        tiny_model.rename(odd)
        assert store.import_dir(odd).name == "My-model-v2"

    def test_progress_is_reported_in_bytes_from_a_worker_thread(self, store, tiny_model):
        seen, result = [], {}

        def work() -> None:
            result["target"] = store.import_dir(tiny_model, "tiny", on_progress=lambda d, t: seen.append((d, t)))

        worker = threading.Thread(target=work)
        worker.start()
        worker.join(60)
        total = sum(p.stat().st_size for p in tiny_model.iterdir())
        assert result["target"] == store.path("tiny") and store.verify("tiny") == []
        assert seen[-1] == (total, total)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 3

    def test_cancel_stops_the_copy_and_installs_nothing(self, store, tiny_model):
        cancel = threading.Event()

        def on_progress(done: int, total: int) -> None:
            if done > 1 << 20:
                cancel.set()

        with pytest.raises(Cancelled):
            store.import_dir(tiny_model, "tiny", on_progress=on_progress, cancel=cancel)
        assert store.installed() == [] and _partials(store) == [] and not store.path("tiny").exists()

    def test_the_install_hook_runs_on_the_assembled_folder_before_it_is_renamed_in(self, store, tiny_model):
        calls = []

        def hook(folder: Path, kind: str, cancel) -> None:
            calls.append((folder.name, kind, (folder / "model.safetensors").is_file()))
            (folder / "derived").mkdir()  # e.g. the fast copy

        store.on_installed = hook
        target = store.import_dir(tiny_model, "tiny")
        assert calls == [(".partial-tiny", "marian", True)]
        assert (target / "derived").is_dir() and store.verify("tiny") == []

    def test_a_failing_hook_installs_nothing(self, store, tiny_model):
        def hook(folder: Path, kind: str, cancel) -> None:
            raise ModelError("Building the fast copy failed: no space.")

        store.on_installed = hook
        with pytest.raises(ModelError, match="no space"):
            store.import_dir(tiny_model, "tiny")
        assert store.installed() == [] and _partials(store) == [] and not store.path("tiny").exists()

    def test_a_reinstall_replaces_the_old_copy_only_once_the_new_one_is_complete(self, store, tiny_model):
        first = store.import_dir(tiny_model, "tiny")
        (tiny_model / "source.spm").write_bytes(b"garbage")
        with pytest.raises(ModelError, match="not a SentencePiece model"):
            store.import_dir(tiny_model, "tiny")
        assert store.verify("tiny") == [] and store.resolve("tiny").path == first

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
        assert "pytorch_model.bin" not in store.manifest("legacy")["files"]

        from reader.core.engines.marian import MarianEngine
        from reader.core.translate import DecodingSettings, SegmentingTranslator

        translator = SegmentingTranslator(MarianEngine(target), DecodingSettings(), "legacy")
        assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"


class TestResolve:
    def test_a_path_to_any_marian_folder(self, store, tiny_model):
        handle = store.resolve(str(tiny_model))
        assert handle.path == tiny_model.resolve() and handle.id == "local:tiny-ar-en"
        assert handle.in_place and handle.fast_root == store.root.parent / "fast"

    def test_the_fingerprint_of_a_folder_follows_its_content(self, store, tiny_model):
        before = store.resolve(str(tiny_model)).revision
        vocab = tiny_model / "vocab.json"
        vocab.write_text(vocab.read_text() + " ", encoding="utf-8")
        assert store.resolve(str(tiny_model)).revision != before

    def test_a_folder_that_does_not_exist_is_named_as_such(self, store, tmp_path):
        with pytest.raises(ModelError, match=r"^The folder .*/no/such/folder does not exist\.$"):
            store.resolve(str(tmp_path / "no" / "such" / "folder"))

    def test_a_file_is_not_a_folder(self, store, tiny_model):
        with pytest.raises(ModelError, match="is a file, not a model folder"):
            store.resolve(str(tiny_model / "config.json"))

    def test_a_local_label_is_not_taken_for_an_id(self, store):
        with pytest.raises(ModelError, match="pass the folder's path instead"):
            store.resolve("local:tiny-ar-en")

    def test_default_prefers_the_catalogue_default_then_any_installed(self, store, tiny_model):
        with pytest.raises(ModelNotInstalled, match="reader models download big"):
            store.resolve(None)
        store.import_dir(tiny_model, "small")
        assert store.resolve(None).id == "small"
        store.import_dir(tiny_model, "big")
        assert store.resolve(None).id == "big"

    def test_default_skips_a_model_that_cannot_load_with_a_warning(self, store, tiny_model, caplog):
        store.import_dir(tiny_model, "small")
        store.import_dir(tiny_model, "big")
        (store.path("big") / "source.spm").write_bytes(b"\0garbage")
        with caplog.at_level(logging.WARNING):
            assert store.resolve(None).id == "small"
        assert "big cannot be used" in caplog.text and "translating with small instead" in caplog.text
        assert len(store.skipped) == 1
        with pytest.raises(ModelError, match="big cannot be used.*not a SentencePiece model"):
            store.resolve("big")  # asked for by name: say what is wrong with it

    def test_a_catalogue_model_that_is_not_installed(self, store):
        with pytest.raises(ModelNotInstalled, match="models import DIR"):
            store.resolve("small")

    def test_an_unknown_name(self, store):
        with pytest.raises(ModelError, match="neither a model in models.toml"):
            store.resolve("nonexistent-model")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FakeHub:
    """Serves a model folder the way huggingface_hub does: metadata with sizes and LFS sums, then files.

    Like the real client it reports each file's bytes through `tqdm_class` as
    they arrive (so a bar that raises stops the transfer mid-file), and skips
    files already complete in `local_dir` (so a second run resumes).
    """

    CHUNK = 64 * 1024

    def __init__(self, folder: Path, corrupt: str | None = None) -> None:
        self.folder, self.corrupt, self.fetched, self.skipped = folder, corrupt, [], []

    def model_info(self, repo, revision=None, files_metadata=False):
        siblings = [SimpleNamespace(rfilename=p.name, size=p.stat().st_size,
                                    lfs={"sha256": _sha(p)} if p.suffix == ".safetensors" else None)
                    for p in sorted(self.folder.iterdir())]
        return SimpleNamespace(sha="0123456789abcdef0123456789abcdef01234567", siblings=siblings)

    def hf_hub_download(self, repo, filename, revision=None, local_dir=None, tqdm_class=None):
        source, target = self.folder / filename, Path(local_dir) / filename
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            self.skipped.append(filename)
            return str(target)
        self.fetched.append((filename, revision))
        data = b"\0" * 64 if filename == self.corrupt else source.read_bytes()
        bar = tqdm_class(total=len(data), unit="B") if tqdm_class is not None else None
        incomplete = target.with_name(target.name + ".incomplete")
        with incomplete.open("wb") as fh:
            for start in range(0, len(data), self.CHUNK):
                fh.write(data[start:start + self.CHUNK])
                if bar is not None:
                    bar.update(len(data[start:start + self.CHUNK]))
        incomplete.replace(target)
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

    def test_progress_counts_the_bytes_of_every_file(self, store, monkeypatch):
        _serve(monkeypatch, FakeHub(TINY_MODEL))
        seen = []
        store.download("small", progress=False, on_progress=lambda done, total: seen.append((done, total)))
        total = sum(p.stat().st_size for p in TINY_MODEL.iterdir())
        assert seen[-1] == (total, total)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        assert len(seen) > total // FakeHub.CHUNK  # reported as the bytes arrive, not per file

    def test_cancel_stops_mid_file_and_the_next_download_resumes(self, store, monkeypatch):
        hub = FakeHub(TINY_MODEL)
        _serve(monkeypatch, hub)
        cancel = threading.Event()
        weights = (TINY_MODEL / "model.safetensors").stat().st_size

        def on_progress(done: int, total: int) -> None:
            if done > total - weights // 2:  # half way through the weights (the largest file)
                cancel.set()

        with pytest.raises(Cancelled, match="run it again to resume"):
            store.download("small", progress=False, on_progress=on_progress, cancel=cancel)
        assert store.installed() == [] and _partials(store) == [".partial-small"]
        done_before = [name for name, _ in hub.fetched]
        assert not (store.root / ".partial-small" / "model.safetensors").exists()

        hub.fetched.clear()
        store.download("small", progress=False)
        assert store.verify("small") == [] and _partials(store) == []
        completed = set(done_before) - {"model.safetensors"}
        assert completed and set(hub.skipped) == completed  # not fetched again
        assert "model.safetensors" in {name for name, _ in hub.fetched}

    def test_a_damaged_download_is_never_installed(self, store, monkeypatch):
        _serve(monkeypatch, FakeHub(TINY_MODEL, corrupt="model.safetensors"))
        with pytest.raises(ModelError, match="checksum mismatch"):
            store.download("small", progress=False)
        assert store.installed() == []

    def test_offline_mode_says_how_to_get_the_model(self, store, monkeypatch):
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        with pytest.raises(NoConnection, match="reader models import DIR") as raised:
            store.download("small", progress=False)
        assert "use Import" in raised.value.window
        assert store.installed() == []

    def test_no_network_is_said_in_words_for_each_front_end(self, store, monkeypatch):
        try:
            from httpx2 import ConnectError as connect  # what huggingface_hub raises today
        except ImportError:
            connect = ConnectionError

        class Offline(FakeHub):
            def model_info(self, *args, **kwargs):
                raise connect("[Errno -2] Name or service not known")

        _serve(monkeypatch, Offline(TINY_MODEL))
        with pytest.raises(NoConnection) as raised:
            store.download("small", progress=False)
        assert str(raised.value) == ("No internet connection: copy a model folder from another computer and run "
                                     "`reader models import DIR`.")
        assert raised.value.window == ("No internet connection: copy a model folder from another computer and "
                                       "use Import.")
        assert "Errno" not in str(raised.value) and store.installed() == []
        assert _partials(store) == []  # nothing arrived, so there is nothing to resume from

    def test_a_server_error_says_to_run_it_again(self, store, monkeypatch):
        from reader.core.models.hub import network_errors

        error = next(iter(network_errors()), OSError)

        class Broken(FakeHub):
            def model_info(self, *args, **kwargs):
                raise error("503 Service Unavailable")

        _serve(monkeypatch, Broken(TINY_MODEL))
        with pytest.raises(ModelError, match="Run the same command again to resume") as raised:
            store.download("small", progress=False)
        assert not isinstance(raised.value, NoConnection)

    def test_unknown_id(self, store):
        with pytest.raises(ModelError, match="not in models.toml"):
            store.download("nope")


class TestCommandLine:
    def test_list_shows_size_licence_and_description_and_size_on_disk(self, paths, tiny_model, capsys):
        from reader.cli import main, open_store

        store = open_store(paths)
        store.on_installed = None  # no fast copy here: the size on disk is the model's own files
        store.import_dir(tiny_model, "opus-mt-ar-en")
        store.import_dir(tiny_model, "my-tiny")
        assert main(["models", "list"], paths) == 0
        rows = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()}
        assert rows["id"] == ["id", "kind", "state", "download", "licence", "description"]
        big = rows["opus-mt-tc-big-ar-en (default)"]
        assert big[1:5] == ["translation", "not installed", "915 MB", "CC-BY-4.0"] and "FLORES" in big[5]
        assert rows["opus-mt-ar-en"][2] == "installed, 10 MB on disk"
        assert rows["my-tiny"][1:3] == ["translation", "installed, 10 MB on disk"]
        assert rows["my-tiny"][5] == f"imported from {tiny_model.resolve()}"
        assert rows["camelbert-msa-ner"][1:3] == ["names", "not installed"]

    def test_the_hint_for_a_pickle_only_folder_works_when_pasted(self, paths, tmp_path, monkeypatch, capsys):
        import shlex

        import torch
        from safetensors.torch import load_file

        from reader.cli import main
        from reader.core.engines import ct2

        monkeypatch.setattr(ct2, "available", lambda: False)  # no fast copy: not what this is about
        legacy = tmp_path / "my models" / "legacy"
        legacy.mkdir(parents=True)
        for name in ("config.json", "source.spm", "target.spm", "vocab.json"):
            shutil.copy(TINY_MODEL / name, legacy / name)
        torch.save(load_file(TINY_MODEL / "model.safetensors"), legacy / "pytorch_model.bin")
        assert main(["translate", "--model", str(legacy), str(SAMPLE)], paths) == 3
        message = capsys.readouterr().err
        hint = message.split("`")[1]
        assert hint.startswith("reader models import ")
        assert main(shlex.split(hint)[1:], paths) == 0
        assert "installed legacy in" in capsys.readouterr().out
