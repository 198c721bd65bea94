"""The CTranslate2 int8 engine for every model: same answers as the reference, each copy built once.

Converting takes seconds, so the real converter runs twice in this module: once
for a session fixture every other test copies, and once in the end-to-end test
of `reader translate --model FOLDER`. Elsewhere the child process is replaced
by one that copies the fixture's result (`fake_converter`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import PAIRS, SAMPLE, TINY_MODEL
from reader.core.cache import TranslationCache
from reader.core.engines import choice, ct2, fast
from reader.core.errors import Cancelled, ModelError
from reader.core.models import FolderHashes, ModelHandle
from reader.core.translate import DecodingSettings, SegmentingTranslator

pytestmark = pytest.mark.skipif(not ct2.available(), reason="the fast extra (ctranslate2) is not installed")


@pytest.fixture(scope="session")
def converted_model(tmp_path_factory) -> Path:
    """The tiny model with its int8 copy, converted once for the whole session (do not modify)."""
    folder = tmp_path_factory.mktemp("fast") / "tiny-ar-en"
    shutil.copytree(TINY_MODEL, folder)
    ct2.convert(folder)
    return folder


@pytest.fixture
def fake_converter(monkeypatch, converted_model):
    """The conversion child replaced by a copy of the session's result; records what it converted."""
    converted = []

    def run(model_dir, partial, on_progress, cancel):
        converted.append(Path(model_dir))
        for file in (converted_model / ct2.CT2_DIR).iterdir():
            if file.name != ct2.MARKER:
                shutil.copy(file, partial / file.name)

    monkeypatch.setattr(ct2, "_run_converter", run)
    return converted


@pytest.fixture(scope="module")
def engine(converted_model):
    return ct2.CT2Engine(converted_model)


@pytest.fixture(scope="module")
def translator(engine):
    return SegmentingTranslator(engine, DecodingSettings(), "fast")


def _broken_converter(source: str, target: str) -> None:
    """Run in the helper process instead of CTranslate2's converter: a bug that is not ours."""
    raise ValueError("the weights are broken")


def _slow_converter(source: str, target: str) -> None:
    import time

    time.sleep(60)


def _in_place(folder: Path, fast_root: Path) -> ModelHandle:
    return ModelHandle(f"local:{folder.name}", folder.resolve(), "1", fast_root=fast_root)


def test_conversion_is_idempotent(converted_model):
    model_bin = converted_model / ct2.CT2_DIR / "model.bin"
    before = model_bin.stat().st_mtime_ns
    assert ct2.convert(converted_model) == converted_model / ct2.CT2_DIR
    assert model_bin.stat().st_mtime_ns == before


def test_the_fast_engine_gives_the_memorised_english(translator):
    arabic = list(PAIRS)
    assert [t.text for t in translator.translate(arabic)] == [PAIRS[a] for a in arabic]


def test_nbest_shape_and_order_agree_with_transformers(translator, tiny_engine):
    reference = SegmentingTranslator(tiny_engine, DecodingSettings(), "ref")
    text = ["زار وانغ يي قازاقستان. الطقس جميل اليوم."]
    a, b = translator.translate(text)[0], reference.translate(text)[0]
    assert [s.source for s in a.sentences] == [s.source for s in b.sentences]
    for fast_sentence, ref_sentence in zip(a.sentences, b.sentences):
        assert len(fast_sentence.hypotheses) == len(ref_sentence.hypotheses) == 4
        assert fast_sentence.best == ref_sentence.best
        scores = [h.score for h in fast_sentence.hypotheses]
        assert scores == sorted(scores, reverse=True)


def test_batch_equals_one_by_one_on_the_fast_engine(translator):
    texts = ["هل تتكلم العربية؟", "الكتاب على الطاولة. ذهب الطالب إلى المدرسة.", "شكرا جزيلا!"]
    assert [t.text for t in translator.translate(texts)] == [translator.translate([t])[0].text for t in texts]


class TestBuildingACopy:
    def test_a_half_written_copy_is_never_used_and_a_new_build_replaces_it(self, tiny_model, fake_converter):
        target = tiny_model / ct2.CT2_DIR
        target.mkdir()
        (target / "model.bin").write_bytes(b"half")  # no marker: interrupted
        assert ct2.converted(tiny_model) is None
        assert fast.known_copy(ModelHandle("tiny", tiny_model, "1")) is None
        assert ct2.convert(tiny_model) == target and ct2.finished(target)
        assert (target / "model.bin").stat().st_size > 4
        assert [p.name for p in tiny_model.iterdir() if ".partial" in p.name] == []

    def test_a_failed_conversion_is_one_line_and_leaves_nothing(self, tiny_model, tmp_path, monkeypatch):
        monkeypatch.setattr(ct2, "CONVERT", _broken_converter)
        target = tmp_path / "fast" / "abc"
        with pytest.raises(ModelError, match=r"^Building the fast copy of tiny-ar-en failed: .*"
                                             r"ValueError: the weights are broken\)\.?$"):
            ct2.build(tiny_model, target)
        assert list((tmp_path / "fast").iterdir()) == []

    def test_the_converters_own_errors_become_model_errors(self, tmp_path, monkeypatch):
        from tqdm import tqdm

        for name in ("HF_HUB_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_VERBOSITY"):
            monkeypatch.setenv(name, os.environ.get(name, ""))  # what the helper sets is undone after
        monkeypatch.setattr(tqdm, "_lock", tqdm.get_lock())
        broken = tmp_path / "broken"
        broken.mkdir()
        with pytest.raises(ModelError, match="^Building the fast copy of broken failed: "):
            ct2.convert_in_child(str(broken), str(tmp_path / "out"))

    def test_cancel_stops_the_conversion_at_once(self, tiny_model, tmp_path, monkeypatch):
        monkeypatch.setattr(ct2, "CONVERT", _slow_converter)
        cancel = threading.Event()
        target = tmp_path / "fast" / "abc"
        started = []

        def on_progress(done: int, total: int) -> None:
            started.append(done)
            threading.Timer(0.5, cancel.set).start()  # while the helper is converting

        with pytest.raises(Cancelled):
            ct2.build(tiny_model, target, cancel=cancel, on_progress=on_progress)
        assert started == [0]
        assert list((tmp_path / "fast").iterdir()) == []

    def test_partial_copies_of_killed_readers_are_swept(self, tiny_model, tmp_path, fake_converter):
        stale = tmp_path / "fast" / ".abc.partial-999999999-x"
        stale.mkdir(parents=True)
        ct2.build(tiny_model, tmp_path / "fast" / "abc")
        assert sorted(p.name for p in (tmp_path / "fast").iterdir()) == ["abc"]


class TestFolderUsedInPlace:
    def test_its_copy_is_keyed_by_content_and_reused_from_another_path(self, tiny_model, tmp_path, fake_converter):
        root = tmp_path / "data" / "fast"
        first = fast.ensure_copy(_in_place(tiny_model, root))
        assert first.parent == root and ct2.finished(first) and fake_converter == [tiny_model.resolve()]
        elsewhere = tmp_path / "usb" / "same-model"
        shutil.copytree(tiny_model, elsewhere)
        assert fast.ensure_copy(_in_place(elsewhere, root)) == first
        assert len(fake_converter) == 1  # the same content is converted once

    def test_a_changed_folder_gets_a_new_copy(self, tiny_model, tmp_path, fake_converter):
        root = tmp_path / "fast"
        first = fast.ensure_copy(_in_place(tiny_model, root))
        vocab = tiny_model / "vocab.json"
        vocab.write_text(vocab.read_text(encoding="utf-8") + " ", encoding="utf-8")
        assert fast.known_copy(_in_place(tiny_model, root)) is None
        assert fast.ensure_copy(_in_place(tiny_model, root)) != first and len(fake_converter) == 2

    def test_the_hash_is_remembered_by_path_size_and_time(self, tiny_model, tmp_path, monkeypatch):
        from reader.core.models import folders

        hashes = FolderHashes(tmp_path / "folders.json")
        seen = []
        value = hashes.content_hash(tiny_model, on_progress=lambda done, total: seen.append((done, total)))
        total = sum(p.stat().st_size for p in tiny_model.iterdir())
        assert seen[-1] == (total, total)
        monkeypatch.setattr(folders, "sha256_file", lambda *a, **k: pytest.fail("hashed again"))
        assert FolderHashes(tmp_path / "folders.json").content_hash(tiny_model) == value

    def test_progress_runs_over_hashing_then_converting(self, tiny_model, tmp_path, fake_converter):
        seen = []
        fast.ensure_copy(_in_place(tiny_model, tmp_path / "fast"), on_progress=lambda d, t: seen.append((d, t)))
        assert seen[-1] == (1000, 1000) and [d for d, _ in seen] == sorted(d for d, _ in seen)
        assert any(0 < d < 500 for d, _ in seen)  # hashing reports its bytes


class TestChoosingTheEngine:
    def test_the_fast_engine_is_chosen_whenever_ctranslate2_is_installed(self, tiny_model, tmp_path):
        handle = _in_place(tiny_model, tmp_path / "fast")
        assert choice.choose_backend(handle) == choice.CT2
        assert choice.fast_path_note(handle) == "building its fast CTranslate2 int8 copy once; later runs reuse it"

    def test_a_model_without_a_copy_gets_one_on_first_use(self, tiny_model, tmp_path, fake_converter):
        cache = TranslationCache(tmp_path / "c.sqlite3")
        handle = ModelHandle("tiny", tiny_model, "1")
        translator = choice.build_translator(handle, cache)
        assert translator.backend == "ct2-int8" and not fake_converter  # nothing built before it is needed
        assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"
        assert fake_converter == [tiny_model] and ct2.converted(tiny_model) is not None
        assert choice.fast_path_note(handle) is None
        cache.close()

    def test_the_cache_key_names_the_backend(self, converted_model, tmp_path):
        cache = TranslationCache(tmp_path / "c.sqlite3")
        handle = ModelHandle("tiny", converted_model, "1")
        fast_key = choice.build_translator(handle, cache).key("نص")
        slow = choice.build_translator(handle, cache, backend="transformers")
        assert fast_key != slow.key("نص") and slow.backend == "transformers-fp32"
        assert "|ct2-int8|" in choice.build_translator(handle, cache).identity
        cache.close()

    def test_when_the_copy_cannot_be_built_transformers_translates_and_says_so(self, tiny_model, tmp_path,
                                                                              monkeypatch):
        def fail(*args, **kwargs):
            raise ModelError("Cannot write the fast copy of tiny-ar-en in /data (No space left on device).")

        monkeypatch.setattr(fast, "ensure_copy", fail)
        warnings = []
        cache = TranslationCache(tmp_path / "c.sqlite3")
        translator = choice.build_translator(ModelHandle("tiny", tiny_model, "1"), cache, on_warning=warnings.append)
        assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"
        assert translator.backend == "transformers-fp32" and "|transformers-fp32|" in translator.identity
        assert warnings == ["Cannot write the fast copy of tiny-ar-en in /data (No space left on device). "
                            "Translating with transformers instead."]
        assert cache.get_many([translator.key("شكرا جزيلا!")])  # stored under the engine that translated
        cache.close()

    def test_without_the_extra_reader_says_how_to_install_it_and_uses_transformers(self, converted_model,
                                                                                  monkeypatch, tmp_path):
        monkeypatch.setattr(ct2, "available", lambda: False)
        handle = ModelHandle("tiny", converted_model, "1")
        assert choice.choose_backend(handle) == choice.TRANSFORMERS
        note = choice.fast_path_note(handle)
        assert note.endswith(f"install it with: {sys.executable} -m pip install 'ctranslate2>=4.5'")
        cache = TranslationCache(tmp_path / "c.sqlite3")
        translator = choice.build_translator(handle, cache)
        assert translator.translate(["شكرا جزيلا!"])[0].text == "Thank you very much!"
        assert translator.backend == "transformers-fp32"
        cache.close()


def test_installing_a_model_makes_its_fast_copy_before_it_is_renamed_in(paths, tiny_model, fake_converter):
    from reader.cli import open_store

    store = open_store(paths)
    target = store.import_dir(tiny_model, "tiny")
    assert fake_converter == [store.root / ".partial-tiny"]
    assert ct2.converted(target) is not None
    assert store.verify("tiny") == []  # the fast copy is not part of the checksummed files


def test_models_convert_takes_a_folder_too(paths, tiny_model, fake_converter, capsys):
    from reader.cli import main

    shutil.rmtree(paths.data_dir / "fast")  # a home that never used this folder

    assert main(["models", "convert", str(tiny_model)], paths) == 0
    out = capsys.readouterr()
    assert "building the fast CTranslate2 int8 copy of local:tiny-ar-en" in out.err
    copy = Path(out.out.split(" fast copy in ")[1].strip())
    assert copy.parent == paths.data_dir / "fast" and ct2.finished(copy)
    assert main(["models", "convert", str(tiny_model)], paths) == 0 and len(fake_converter) == 1


@pytest.mark.slow
def test_translate_with_a_folder_builds_its_copy_once_and_reuses_it(tmp_path):
    """The command a user types, twice: the first run converts, the second finds the copy."""
    env = {**os.environ, "READER_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "reader", "translate", "--model", str(TINY_MODEL), str(SAMPLE)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert first.returncode == 0, first.stderr
    assert "building its fast CTranslate2 int8 copy once; later runs reuse it" in first.stderr
    assert "(ct2-int8)" in first.stderr and "Traceback" not in first.stderr
    assert len(first.stderr.strip().splitlines()) == 2, first.stderr  # "loading …" and the summary: no noise
    copies = [p for p in (tmp_path / "home" / "data" / "fast").iterdir() if ct2.finished(p)]
    assert len(copies) == 1
    built = (copies[0] / "model.bin").stat().st_mtime_ns

    second = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, env=env, timeout=240)
    assert second.returncode == 0, second.stderr
    assert "building" not in second.stderr and "(ct2-int8)" in second.stderr
    assert (copies[0] / "model.bin").stat().st_mtime_ns == built
    assert second.stdout == first.stdout
    assert first.stdout.splitlines()[0] == PAIRS[SAMPLE.read_text(encoding="utf-8").splitlines()[0].strip()]
