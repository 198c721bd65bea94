"""Hostile plain text, Markdown and web pages (issue 10: bounded parsing, "no tracebacks").

Each hostile file is built here, small. The worst ones (entity expansion, absurd nesting) run
the real command line, `python -m reader translate FILE`, in a child process whose address
space is capped at 1 GiB, and must fail as a damaged document: exit 2, one line on stderr naming
the file, no traceback, nothing on stdout. The bounds themselves (characters, paragraphs) are
lowered with monkeypatch so the files that cross them stay tiny.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import DamagedFile, EmptyDocument
from reader.core.formats import limits, load_document

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1 << 30


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def translate_fails(path: Path, *words: str) -> str:
    env = dict(os.environ, READER_HOME=str(path.parent / "home"), PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "reader", "translate", str(path)], cwd=ROOT, env=env,
                          preexec_fn=_cap_memory, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"reader: {path.name} "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    return done.stderr


def billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>\n"
            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol{levels - 1};</p></body></html>')


class TestBombs:
    @pytest.mark.parametrize("suffix", [".xhtml", ".html"])
    def test_billion_laughs_is_refused(self, tmp_path, suffix):
        path = tmp_path / f"laughs{suffix}"
        path.write_text(billion_laughs(), encoding="utf-8")
        translate_fails(path, "entities")

    def test_elements_nested_thousands_deep(self, tmp_path):
        path = tmp_path / "deep.html"
        path.write_text("<html><body>" + "<div>" * 5000 + "نص" + "</div>" * 5000 + "</body></html>",
                        encoding="utf-8")
        translate_fails(path, "nest")

    def test_markdown_quotes_nested_thousands_deep(self, tmp_path):
        path = tmp_path / "deep.md"
        path.write_text("> " * 5000 + "نص\n", encoding="utf-8")
        with pytest.raises(DamagedFile, match="deep.md .*nest"):
            load_document(path)

    def test_raw_html_in_markdown_nested_thousands_deep(self, tmp_path):
        path = tmp_path / "raw.md"
        path.write_text("<div>\n" + "<span>" * 3000 + "نص" + "</span>" * 3000 + "\n</div>\n", encoding="utf-8")
        with pytest.raises(DamagedFile, match="raw.md .*nest"):
            load_document(path)


class TestBounds:
    @pytest.mark.parametrize("name", ["long.txt", "long.md"])
    def test_text_over_the_character_bound(self, tmp_path, monkeypatch, name):
        monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
        path = tmp_path / name
        path.write_text("نص طويل جدا.\n\n" * 200, encoding="utf-8")
        with pytest.raises(DamagedFile, match=f"{name} has more than 1,000 characters"):
            load_document(path)

    def test_a_file_far_over_the_bound_is_refused_before_it_is_read(self, tmp_path, monkeypatch):
        monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 10)
        path = tmp_path / "huge.txt"
        path.write_bytes(b"a" * 41)

        def never(self):
            raise AssertionError("read a file that could not fit")

        monkeypatch.setattr(type(path), "read_bytes", never)
        with pytest.raises(DamagedFile, match="huge.txt has more than 10 characters"):
            load_document(path)

    @pytest.mark.parametrize("name, content", [
        ("many.txt", "فقرة.\n\n" * 60),
        ("many.md", "- بند\n" * 60),
        ("many.html", "<ul>" + "<li>بند</li>" * 60 + "</ul>"),
    ])
    def test_paragraphs_over_the_bound(self, tmp_path, monkeypatch, name, content):
        monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 50)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(DamagedFile, match=f"{name} has more than 50 paragraphs"):
            load_document(path)


class TestNothingToRead:
    @pytest.mark.parametrize("name, content", [
        ("marks.txt", "\u200f\u200e \r\n\u061c\u200d\n\n\ufeff  \u200f\u2066\u2069"),
        ("marks.md", "\u200f\n\n# \u200e\n\n- \u200d\n"),
        ("marks.html", "<p>\u200f</p><p>&rlm;&lrm;</p><h1>\u200b</h1>"),
        ("marks.utf16.txt", None),
    ])
    def test_only_whitespace_and_bidi_marks_is_an_empty_document(self, tmp_path, name, content):
        path = tmp_path / name
        if content is None:
            path.write_bytes("\u200f \u200e\n".encode("utf-16"))
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(EmptyDocument, match=f"{name} has no"):
            load_document(path)

    def test_blocks_without_a_visible_character_are_dropped(self, tmp_path):
        path = tmp_path / "gaps.txt"
        path.write_text("فقرة أولى.\n\n\u200f\n\nفقرة ثانية.\n", encoding="utf-8")
        assert [p.text for p in load_document(path).paragraphs] == ["فقرة أولى.", "فقرة ثانية."]

    def test_the_end_of_ayah_sign_is_visible(self, tmp_path):
        path = tmp_path / "ayah.txt"
        path.write_text("\u06dd١\n", encoding="utf-8")
        assert [p.text for p in load_document(path).paragraphs] == ["\u06dd١"]


class TestLibraryFailures:
    def test_an_unexpected_parser_failure_names_the_file(self, tmp_path, monkeypatch):
        import markdown_it

        def broken(self, text, env=None):
            raise RecursionError("maximum recursion depth exceeded")

        monkeypatch.setattr(markdown_it.MarkdownIt, "parse", broken)
        path = tmp_path / "notes.md"
        path.write_text("# عنوان\n", encoding="utf-8")
        with pytest.raises(DamagedFile, match=r"^notes.md is damaged and cannot be read \(RecursionError\)\.$"):
            load_document(path)

    @pytest.mark.parametrize("data", [b"<html><body><p>\xff\xfe\x00<\x00p\x00>", b"\x00\x01\x02<p>",
                                      b"<?xml version='1.0' encoding='bogus'?><p>\xd9\x86\xd8\xb5</p>",
                                      b"<meta charset=\"utf-99\"><p>\xd9\x86\xd8\xb5</p>"])
    def test_garbage_pages_give_a_one_line_reason_or_their_text(self, tmp_path, data):
        path = tmp_path / "garbage.html"
        path.write_bytes(data)
        try:
            doc = load_document(path)
        except (DamagedFile, EmptyDocument) as exc:
            assert "\n" not in str(exc) and "garbage.html" in str(exc)
        else:
            assert all(p.text.strip() for p in doc.paragraphs)
