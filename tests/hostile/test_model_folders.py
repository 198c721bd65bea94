"""Hostile model folders (issue 10): links out of the folder, broken or absurd models, bad ids, full disks.

A model folder comes from a USB stick or a stranger. Each attack here builds
its folder from a copy of the tiny test model, small and on the fly, and
asserts the documented outcome: refused with one plain line (exit code 3 on
the command line, no traceback), nothing installed and no `.partial-*`
folder left behind, and nothing outside the folder ever read.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, TINY_MODEL
from reader.core.errors import ModelError
from reader.core.models import MANIFEST, ModelStore, load_catalogue

SECRET = "root:$6$not-really-a-hash:19000:0:99999:7:::"


@pytest.fixture
def store(tmp_path):
    return ModelStore(tmp_path / "home" / "data" / "models", load_catalogue(ROOT / "models.toml"))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A private copy of the tiny model to attack."""
    target = tmp_path / "usb" / "tiny-ar-en"
    shutil.copytree(TINY_MODEL, target)
    return target


def _nothing_installed(store: ModelStore) -> None:
    assert store.installed(None) == []
    leftovers = [p.name for p in store.root.iterdir()] if store.root.is_dir() else []
    assert leftovers == [], leftovers


def _edit_config(folder: Path, **changes) -> None:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config.update(changes)
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")


def _reader(*args: str, home: Path, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it."""
    def limits() -> None:
        if limit_file_size is not None:  # a disk that fills up: writes past the limit fail with EFBIG
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    env = {**os.environ, "READER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, preexec_fn=limits)


def _one_line_model_error(result: subprocess.CompletedProcess, *phrases: str) -> str:
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: "), lines
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


class TestLinks:
    def test_a_link_to_proc_self_environ_is_refused(self, store, folder, tmp_path):
        (folder / "special_tokens_map.json").symlink_to("/proc/self/environ")
        result = _reader("models", "import", str(folder), home=tmp_path / "home")
        _one_line_model_error(result, "special_tokens_map.json is a link to /proc/self/environ",
                              "outside the model folder")
        _nothing_installed(store)

    def test_a_link_to_a_secret_file_is_never_copied(self, store, folder, tmp_path):
        secret = tmp_path / "shadow"
        secret.write_text(SECRET, encoding="utf-8")
        (folder / "README.md").symlink_to(secret)
        with pytest.raises(ModelError, match="README.md is a link to .*shadow, outside the model folder"):
            store.import_dir(folder, "tiny")
        _nothing_installed(store)

    def test_a_folder_used_in_place_is_held_to_the_same_rule(self, store, folder, tmp_path):
        (folder / "vocab.json").rename(tmp_path / "vocab.json")
        (folder / "vocab.json").symlink_to(tmp_path / "vocab.json")
        with pytest.raises(ModelError, match="vocab.json is a link to"):
            store.resolve(str(folder))

    def test_the_hugging_face_cache_layout_imports_as_plain_files(self, store, tmp_path):
        repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-ar-en"
        snapshot = repo / "snapshots" / "0123abc"
        (repo / "blobs").mkdir(parents=True)
        snapshot.mkdir(parents=True)
        for file in TINY_MODEL.iterdir():
            blob = repo / "blobs" / f"blob-{file.name}"
            shutil.copy(file, blob)
            (snapshot / file.name).symlink_to(Path("..") / ".." / "blobs" / blob.name)
        target = store.import_dir(snapshot, "tiny")
        assert store.verify("tiny") == []
        assert all(p.is_file() and not p.is_symlink() for p in target.iterdir())

    def test_a_fifo_named_like_a_model_file_is_refused_without_waiting_on_it(self, store, folder):
        (folder / "tokenizer_config.json").unlink()
        os.mkfifo(folder / "tokenizer_config.json")
        with pytest.raises(ModelError, match="tokenizer_config.json is not a regular file"):
            store.import_dir(folder, "tiny")
        _nothing_installed(store)

    def test_only_the_files_a_model_needs_are_copied_never_a_pickle_beside_safetensors(self, store, folder):
        (folder / "pytorch_model.bin").write_bytes(b"\x80\x04 a pickle that would run code")
        (folder / "run_me.sh").write_text("#!/bin/sh\n", encoding="utf-8")
        target = store.import_dir(folder, "tiny")
        names = {p.name for p in target.iterdir()}
        assert "pytorch_model.bin" not in names and "run_me.sh" not in names
        assert set(store.manifest("tiny")["files"]) == names - {MANIFEST}


class TestBrokenModels:
    @pytest.mark.parametrize("name, content, message", [
        ("source.spm", b"this is not a sentencepiece model" * 10, "source.spm is not a SentencePiece model"),
        ("target.spm", b"", "target.spm is not a SentencePiece model"),
        ("model.safetensors", os.urandom(4096), "model.safetensors is not a usable safetensors file"),
        ("model.safetensors", b"", "model.safetensors is not a usable safetensors file"),
        ("vocab.json", b'{"a": 0, "b": 99999}', "numbers tokens up to 99999, but the model has 827"),
        ("vocab.json", b'["a", "b"]', "vocab.json is not a vocabulary"),
    ])
    def test_a_damaged_file_is_refused_and_nothing_installed(self, store, folder, name, content, message):
        (folder / name).write_bytes(content)
        with pytest.raises(ModelError, match=message):
            store.import_dir(folder, "tiny")
        _nothing_installed(store)

    def test_truncated_weights_are_refused(self, store, folder):
        weights = folder / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
        with pytest.raises(ModelError, match="not a usable safetensors file.*not fully covered"):
            store.import_dir(folder, "tiny")
        _nothing_installed(store)

    @pytest.mark.parametrize("changes, message", [
        ({"d_model": 10 ** 6}, "'d_model' is 1000000; reader accepts 1 to 16,384"),
        ({"encoder_layers": 100_000}, "'encoder_layers' is 100000; reader accepts 1 to 128"),
        ({"d_model": "192"}, "'d_model' must be a whole number, not '192'"),
        ({"decoder_layers": True}, "'decoder_layers' must be a whole number"),
        ({"d_model": 193}, "width 193 is not divisible by encoder_attention_heads"),
        ({"d_model": 1024, "encoder_ffn_dim": 4096}, "holds 2,[0-9,]+ parameters but config.json describes "
                                                     "at least [0-9,]+: the weights do not belong"),
    ])
    def test_an_absurd_config_is_refused_before_anything_is_loaded(self, store, folder, changes, message):
        _edit_config(folder, **changes)
        with pytest.raises(ModelError, match=message):
            store.import_dir(folder, "tiny")
        _nothing_installed(store)

    @pytest.mark.parametrize("config, message", [
        ("[]", r"does not describe a model \(it holds a JSON list"),
        ("[" * 100_000 + "]" * 100_000, "config.json is not valid JSON"),
        ("{" + '"pad": "' + "x" * (2 << 20) + '"}', "config.json is larger than 1 MB"),
    ])
    def test_a_config_that_is_not_a_config_is_one_line(self, store, folder, tmp_path, config, message):
        (folder / "config.json").write_text(config, encoding="utf-8")
        with pytest.raises(ModelError, match=message):
            store.import_dir(folder, "tiny")
        result = _reader("translate", "--model", str(folder), str(SAMPLE), home=tmp_path / "home")
        _one_line_model_error(result, "config.json")

    def test_string_sizes_on_the_command_line(self, folder, tmp_path):
        _edit_config(folder, d_model="192", encoder_layers="3")
        result = _reader("models", "import", str(folder), home=tmp_path / "home")
        _one_line_model_error(result, "'d_model' must be a whole number")

    def test_a_pickle_only_folder_given_as_model_is_refused_with_a_command_that_works(self, folder, tmp_path):
        (folder / "model.safetensors").unlink()
        (folder / "pytorch_model.bin").write_bytes(b"\x80\x04\x95 not even a real pickle")
        result = _reader("translate", "--model", str(folder), str(SAMPLE), home=tmp_path / "home")
        _one_line_model_error(result, "has only a pickle checkpoint", f"reader models import {folder}")

    def test_a_malicious_pickle_is_never_run_and_never_installed(self, store, folder, tmp_path):
        import pickle

        marker = tmp_path / "pwned"

        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))

        (folder / "model.safetensors").unlink()
        (folder / "pytorch_model.bin").write_bytes(pickle.dumps({"weights": Evil(), "pad": b"\0" * (6 << 20)}))
        with pytest.raises(ModelError, match="not a plain weights checkpoint reader can read safely"):
            store.import_dir(folder, "tiny")
        assert not marker.exists()
        _nothing_installed(store)

    def test_a_download_with_broken_weights_is_not_installed(self, store, folder, monkeypatch):
        from test_models import FakeHub, _serve

        (folder / "model.safetensors").write_bytes(b"\0" * 1024)  # the Hub's sum matches: it is what was served
        _serve(monkeypatch, FakeHub(folder))
        with pytest.raises(ModelError, match="not a usable safetensors file"):
            store.download("opus-mt-ar-en", progress=False)
        _nothing_installed(store)

    def test_the_default_choice_skips_a_broken_model_for_a_working_one(self, store, folder, caplog):
        import logging

        store.import_dir(folder, "opus-mt-ar-en")
        broken = store.import_dir(folder, "opus-mt-tc-big-ar-en")  # the catalogue's default
        (broken / "model.safetensors").write_bytes(b"\0" * 64)   # damaged on disk afterwards
        with caplog.at_level(logging.WARNING):
            assert store.resolve(None).id == "opus-mt-ar-en"
        assert "opus-mt-tc-big-ar-en cannot be used" in caplog.text


class TestIds:
    @pytest.mark.parametrize("model_id, shown", [
        ("abc\n", r"'abc\n' is not a valid model id"),
        ("x" * 300, "'" + "x" * 60 + "…' is not a valid model id"),
        ("../escape", "'../escape' is not a valid model id"),
        (".hidden", "'.hidden' is not a valid model id"),
    ])
    def test_a_bad_id_is_one_line_and_nothing_is_made(self, folder, tmp_path, model_id, shown):
        result = _reader("models", "import", str(folder), "--id", model_id, home=tmp_path / "home")
        _one_line_model_error(result, shown)
        models = tmp_path / "home" / "data" / "models"
        assert not models.exists() or list(models.iterdir()) == []

    def test_a_300_character_name_for_any_command_is_one_line(self, tmp_path):
        for args in (["models", "verify", "x" * 300], ["models", "remove", "x" * 300],
                     ["translate", "--model", "x" * 300, str(SAMPLE)]):
            _one_line_model_error(_reader(*args, home=tmp_path / "home"))

    def test_remove_refuses_a_folder_without_a_manifest(self, store, tmp_path):
        (store.root / "precious").mkdir(parents=True)
        (store.root / "precious" / "thesis.tex").write_text("years of work", encoding="utf-8")
        with pytest.raises(ModelError, match="has no reader-manifest.json, so it is not a model reader installed"):
            store.remove("precious")
        assert (store.root / "precious" / "thesis.tex").is_file()

    def test_a_link_planted_in_the_store_is_ignored_and_never_followed(self, store, folder, tmp_path):
        installed = store.import_dir(folder, "tiny")
        elsewhere = tmp_path / "elsewhere"
        shutil.copytree(installed, elsewhere)
        (store.root / "planted").symlink_to(elsewhere)
        assert store.installed() == ["tiny"] and not store.is_installed("planted")
        with pytest.raises(ModelError, match="is a link, not a model reader installed"):
            store.remove("planted")
        assert (elsewhere / MANIFEST).is_file()
        result = _reader("models", "remove", "planted", home=tmp_path / "home")
        _one_line_model_error(result, "is a link")

    def test_verify_never_reads_outside_the_model(self, store, folder, tmp_path):
        target = store.import_dir(folder, "tiny")
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        manifest["files"]["../../../../etc/passwd"] = "0" * 64
        (target / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        assert store.verify("tiny") == ["../../../../etc/passwd is not a file reader installed."]


class TestDisks:
    def test_a_full_disk_during_import_is_one_line_and_nothing_is_half_installed(self, folder, tmp_path):
        home = tmp_path / "home"
        result = _reader("models", "import", str(folder), "--id", "tiny", home=home, limit_file_size=2 << 20)
        _one_line_model_error(result, "Cannot install tiny into", "nothing was installed")
        assert list((home / "data" / "models").iterdir()) == []

    def test_a_data_folder_reader_cannot_write_into(self, folder, tmp_path):
        home = tmp_path / "home"
        (home / "data").mkdir(parents=True)
        (home / "data" / "models").write_text("not a folder", encoding="utf-8")
        result = _reader("models", "import", str(folder), "--id", "tiny", home=home)
        _one_line_model_error(result, "Cannot install tiny into", "nothing was installed")
