"""`reader` on the command line, end to end, in fresh processes as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import DOCUMENTS, SAMPLE


@pytest.fixture
def run(paths):
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "READER_HOME": str(paths.data_dir.parent)}
        result = subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                                env=env, timeout=300)
        if check:
            assert result.returncode == 0, result.stderr
        return result
    return run


def test_translate_the_sample_with_a_model_folder_it_has_never_seen(run, tiny_model, tmp_path):
    out = tmp_path / "sample.json"
    first = run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert f"translated 20 paragraphs with local:tiny-ar-en ({data['backend']})" in first.stderr
    assert data["backend"] in ("ct2-int8", "transformers-fp32")
    assert set(data) >= {"title", "source", "model", "backend", "paragraphs"}
    assert data["model"] == "local:tiny-ar-en" and data["source"].endswith(SAMPLE.name)
    paragraphs = data["paragraphs"]
    assert len(paragraphs) == 20
    assert set(paragraphs[0]) >= {"id", "role", "source", "translation", "alternatives", "cached"}
    assert [p["role"] for p in paragraphs[:2]] + [paragraphs[-1]["role"]] == ["title", "metadata", "byline"]
    assert paragraphs[0]["translation"] == "Chinese and Kazakh foreign ministers hold talks on strengthening bilateral cooperation"
    assert paragraphs[1]["translation"] == "Time: 2022-06-08 09:37:57 Source: Xinhua"
    assert paragraphs[-1]["translation"] == "Editor: Chen Luyi"
    assert len(paragraphs[0]["alternatives"]) == 3
    assert all({"text", "score"} == set(a) for a in paragraphs[0]["alternatives"])
    assert not any(p["cached"] for p in paragraphs)
    assert all(p["flags"] == [] for p in paragraphs)  # the tiny model's memorised English is clean


def test_second_run_is_a_cache_hit_that_loads_no_model(run, paths, tiny_model, tmp_path):
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--quiet")
    out = tmp_path / "again.json"
    probe = textwrap.dedent(f"""
        import io, json, sys, contextlib
        from reader.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["translate", {str(SAMPLE)!r}, "--model", {str(tiny_model)!r}, "--out", {str(out)!r}, "--quiet"])
        print(json.dumps({{"code": code, "torch": "torch" in sys.modules,
                          "transformers": "transformers" in sys.modules}}))
    """)
    env = {**os.environ, "READER_HOME": str(paths.data_dir.parent)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"code": 0, "torch": False, "transformers": False}
    assert all(p["cached"] for p in json.loads(out.read_text(encoding="utf-8"))["paragraphs"])


def test_cached_output_matches_and_says_so(run, tiny_model, tmp_path):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(first), "-q")
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(second), "-q")
    a, b = (json.loads(p.read_text(encoding="utf-8"))["paragraphs"] for p in (first, second))
    assert [p["translation"] for p in a] == [p["translation"] for p in b]
    assert all(p["cached"] for p in b)
    third = run("translate", str(SAMPLE), "--model", str(tiny_model), "--no-cache", "-q", "--out", str(first))
    assert not any(p["cached"] for p in json.loads(first.read_text(encoding="utf-8"))["paragraphs"])
    assert third.returncode == 0


def test_markdown_and_html_outputs(run, tiny_model, tmp_path):
    md, html = tmp_path / "a.md", tmp_path / "a.html"
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(md), "-q")
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(html), "-q")
    text = md.read_text(encoding="utf-8")
    assert "# وزيرا الخارجية" in text and "> # Chinese and Kazakh foreign ministers" in text
    page = html.read_text(encoding="utf-8")
    assert 'lang="ar" dir="rtl"' in page and "Editor: Chen Luyi" in page and "<script" not in page


def test_english_goes_to_stdout_when_there_is_no_out(run, tiny_model):
    result = run("translate", str(SAMPLE), "--model", str(tiny_model), "-q")
    assert result.stdout.startswith("Chinese and Kazakh foreign ministers hold talks")
    assert result.stdout.rstrip().endswith("Editor: Chen Luyi")


@pytest.mark.parametrize("target, message", [
    (DOCUMENTS / "scanned.pdf", "needs OCR|run it through OCR"),
    (DOCUMENTS / "protected.docx", "password-protected"),
    (DOCUMENTS / "binary.txt", "binary data"),
    (DOCUMENTS / "no-such-file.txt", "does not exist"),
])
def test_bad_input_is_one_line_and_a_nonzero_exit(run, tiny_model, target, message):
    result = run("translate", str(target), "--model", str(tiny_model), check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ")
    assert "Traceback" not in result.stderr
    import re
    assert re.search(message, lines[0])


def test_no_model_installed_says_how_to_get_one(run):
    result = run("translate", str(SAMPLE), check=False)
    assert result.returncode == 3
    assert "reader models download opus-mt-tc-big-ar-en" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_output_is_a_clear_error(run, tiny_model, tmp_path):
    result = run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(tmp_path / "nope" / "a.json"),
                 check=False)
    assert result.returncode != 0 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_models_import_list_verify_remove(run, tiny_model):
    assert "installed tiny" in run("models", "import", str(tiny_model), "--id", "tiny").stdout
    listing = run("models", "list").stdout
    assert "opus-mt-tc-big-ar-en (default)\ttranslation\tnot installed" in listing
    assert "tiny\ttranslation\tinstalled" in listing and "camelbert-msa-ner\tnames\tnot installed" in listing
    assert "all files match" in run("models", "verify", "tiny").stdout
    # with the model installed, --model is optional
    assert run("translate", str(SAMPLE), "-q").stdout.startswith("Chinese and Kazakh")
    assert "removed tiny" in run("models", "remove", "tiny").stdout
    assert run("models", "verify", "tiny", check=False).returncode == 1


def test_cache_stats_and_clear(run, tiny_model):
    run("translate", str(SAMPLE), "--model", str(tiny_model), "-q")
    stats = run("cache", "stats").stdout
    assert "entries\t20" in stats and "translations.sqlite3" in stats
    assert "cleared 20" in run("cache", "clear").stdout
    assert "entries\t0" in run("cache", "stats").stdout


def test_entities_take_the_models_spelling_from_cached_translations_only(run, tiny_model):
    def names():
        out = run("entities", str(SAMPLE), "--model", str(tiny_model), "--format", "json").stdout
        return {row["key"]: row for row in json.loads(out)}

    run("glossary", "set", "وانغ يي", "Wang Yee", "--type", "PERS")
    before = names()
    assert before["وانغ يي"]["english"] == "Wang Yee" and before["وانغ يي"]["source"] == "user"
    assert before["وانغ يي"]["model"] == ""  # nothing translated yet, and no model is loaded to find out
    run("translate", str(SAMPLE), "--model", str(tiny_model), "-q")
    assert names()["وانغ يي"]["model"] == "Wang Yi"  # how the model wrote it: what enforcement replaces


def test_a_document_without_arabic_is_shown_as_written_and_loads_no_model(run, tmp_path):
    english = tmp_path / "notes.txt"
    english.write_text("Meeting notes.\n\nThe ministers met in Astana on 8 June 2022.\n", encoding="utf-8")
    out = tmp_path / "notes.json"
    result = run("translate", str(english), "--out", str(out))  # no model is even installed
    warnings = [line for line in result.stderr.splitlines() if "no Arabic text" in line]
    assert len(warnings) == 1
    paragraphs = json.loads(out.read_text(encoding="utf-8"))["paragraphs"]
    assert [p["translation"] for p in paragraphs] == [p["source"] for p in paragraphs] == [
        "Meeting notes.", "The ministers met in Astana on 8 June 2022."]


def test_a_bad_output_is_refused_before_any_translating(run, tiny_model, tmp_path):
    result = run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(tmp_path / "x.txt"), check=False)
    assert result.returncode == 5 and "loading" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and ".json" in result.stderr


def test_a_bug_is_one_line_naming_the_log_that_holds_the_traceback(paths, monkeypatch, capsys):
    from reader import cli

    def broken(path):
        raise ZeroDivisionError("a bug in a loader")

    monkeypatch.setattr("reader.core.formats.load_document", broken)
    assert cli.main(["translate", str(SAMPLE)], paths) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ZeroDivisionError" in err[0] and str(paths.log_file) in err[0]
    assert "Traceback" in paths.log_file.read_text(encoding="utf-8")
    assert "a bug in a loader" in paths.log_file.read_text(encoding="utf-8")


def test_the_users_edit_is_what_every_export_holds(run, paths, tiny_model, tmp_path):
    from reader.core.formats import load_document
    from reader.core.userdata import UserStore

    title = load_document(SAMPLE).paragraphs[0].text
    user = UserStore(paths.user_db)
    user.set_edit(title, "My own title")
    user.close()
    out = tmp_path / "a.json"
    run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(out), "-q")
    first = json.loads(out.read_text(encoding="utf-8"))["paragraphs"][0]
    assert first["translation"] == "My own title" and first["edited"] is True


def test_output_into_a_pipe_that_closes_early_is_not_an_error(run, tiny_model):
    """`reader cache stats | head -1`: no traceback, no "bug" message, though the rest cannot be written."""
    import shlex

    run("translate", str(SAMPLE), "--model", str(tiny_model), "-q")
    command = f"{shlex.quote(sys.executable)} -m reader cache stats | head -1"
    for _ in range(3):
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "READER_HOME": os.environ["READER_HOME"]})
        assert result.stdout.startswith("location\t")
        assert result.stderr == ""
