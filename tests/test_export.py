"""Bilingual exports, read back with real readers: poppler, pdfminer, python-docx, XML and HTML parsers."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from conftest import SAMPLE
from reader.core.document import Role
from reader.core.export import Bilingual, ExportError, build_bilingual, export


@pytest.fixture(scope="module")
def sample_bilingual(sample_translated) -> Bilingual:
    document, translations = sample_translated
    return build_bilingual(document, translations, {19: "Edited by: Chen Luyi"}, "tiny-ar-en")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.cells, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append(dict(attrs))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.cells.append((self.stack[-1].get("lang"), self.stack[-1].get("dir"), data.strip()))


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_html_is_self_contained_and_marks_the_arabic(sample_bilingual, tmp_path, layout):
    out = export(sample_bilingual, tmp_path / "sample.html", layout=layout)
    page = out.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    arabic = [text for lang, direction, text in parser.cells if lang == "ar" and direction == "rtl"]
    english = [text for lang, _, text in parser.cells if lang == "en"]
    for row in sample_bilingual.rows:
        assert row.paragraph.text in arabic and row.translation in english
    assert "script" not in parser.tags and not re.search(r"(src|href)=|https?://|@import", page)


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_docx_marks_arabic_paragraphs_right_to_left(sample_bilingual, tmp_path, layout):
    import docx
    from docx.oxml.ns import qn

    out = export(sample_bilingual, tmp_path / "sample.docx", layout=layout)
    word = docx.Document(str(out))
    if layout == "side-by-side":
        table = word.tables[0]
        assert len(table.rows) == 20 and len(table.columns) == 2
        pairs = [(r.cells[1].paragraphs[0], r.cells[0].paragraphs[0]) for r in table.rows]
    else:
        body = word.paragraphs[2:]
        pairs = list(zip(body[0::2], body[1::2]))
    for (arabic, english), row in zip(pairs, sample_bilingual.rows):
        assert arabic.text == row.paragraph.text and english.text == row.translation
        assert arabic._p.pPr.find(qn("w:bidi")) is not None
        assert arabic.runs[0]._r.rPr.find(qn("w:rtl")) is not None
        assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_tmx_has_one_unit_per_paragraph(sample_bilingual, tmp_path):
    out = export(sample_bilingual, tmp_path / "sample.tmx")
    root = ET.parse(out).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "ar"
    units = root.find("body").findall("tu")
    assert len(units) == 20
    for unit, row in zip(units, sample_bilingual.rows):
        segs = {tuv.get(lang): tuv.find("seg").text for tuv in unit.findall("tuv")}
        assert segs == {"ar": row.paragraph.text, "en": row.translation}
    assert units[19].find("prop[@type='x-edited']").text == "yes"


def test_markdown_is_interleaved(sample_bilingual, tmp_path):
    text = export(sample_bilingual, tmp_path / "sample.md").read_text(encoding="utf-8")
    for row in sample_bilingual.rows:
        assert text.index(row.paragraph.text) < text.index(row.translation)


def test_json_marks_edits(sample_bilingual, tmp_path):
    data = json.loads(export(sample_bilingual, tmp_path / "sample.json").read_text(encoding="utf-8"))
    assert data["paragraphs"][19]["edited"] is True and data["paragraphs"][19]["translation"] == "Edited by: Chen Luyi"


class TestFailures:
    def test_a_missing_folder(self, sample_bilingual, tmp_path):
        with pytest.raises(ExportError, match="does not exist"):
            export(sample_bilingual, tmp_path / "nowhere" / "x.pdf")

    def test_a_path_under_a_file(self, sample_bilingual, tmp_path):
        (tmp_path / "file").write_text("x")
        with pytest.raises(ExportError, match="Cannot write"):
            export(sample_bilingual, tmp_path / "file" / "x.html")

    def test_a_full_disk_leaves_no_file_behind(self, sample_bilingual, tmp_path, monkeypatch):
        target = tmp_path / "sample.pdf"
        target.write_bytes(b"the previous export")
        real_fsync = os.fsync

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(ExportError, match="disk is full"):
            export(sample_bilingual, target)
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert target.read_bytes() == b"the previous export"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.pdf"]

    def test_an_empty_document(self, sample_bilingual, tmp_path):
        empty = replace(sample_bilingual, rows=())
        with pytest.raises(ExportError, match="nothing to export"):
            export(empty, tmp_path / "x.pdf")
        assert not (tmp_path / "x.pdf").exists()

    def test_an_unknown_format(self, sample_bilingual, tmp_path):
        with pytest.raises(ExportError, match="export format"):
            export(sample_bilingual, tmp_path / "x.rtf")


def test_cli_export_end_to_end(paths, tiny_model, tmp_path):
    out = tmp_path / "sample.docx"
    env = {**os.environ, "READER_HOME": str(paths.data_dir.parent)}
    result = subprocess.run([sys.executable, "-m", "reader", "export", str(SAMPLE), "--model", str(tiny_model),
                             "--format", "docx", "--layout", "interleaved", "-o", str(out), "-q"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    import docx

    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Chinese and Kazakh foreign ministers hold talks on strengthening bilateral cooperation" in texts
    bad = subprocess.run([sys.executable, "-m", "reader", "export", str(SAMPLE), "--model", str(tiny_model),
                          "-o", str(tmp_path / "missing" / "x.pdf")], capture_output=True, text=True, env=env,
                         timeout=300)
    assert bad.returncode == 5 and "does not exist" in bad.stderr and "Traceback" not in bad.stderr


def test_roles_survive_into_every_format(sample_bilingual, tmp_path):
    """Title, heading, metadata, body and byline each come out as that role in every writer but PDF
    (tests/test_pdf_export.py): a class, a style, a property or a prefix a reader of the file can see."""
    rows = list(sample_bilingual.rows)
    rows[2] = replace(rows[2], paragraph=replace(rows[2].paragraph, role=Role.HEADING))  # the sample has none
    bilingual = replace(sample_bilingual, rows=tuple(rows))
    roles = [row.paragraph.role for row in bilingual.rows]
    assert {Role.TITLE, Role.HEADING, Role.METADATA, Role.BODY, Role.BYLINE} <= set(roles)

    page = export(bilingual, tmp_path / "s.html").read_text(encoding="utf-8")
    found = re.findall(r'<tr class="(\w+)" id="([^"]+)">', page)
    assert found == [(row.paragraph.role.value, row.paragraph.id) for row in bilingual.rows]
    assert re.search(r'<tr class="title"[^>]*><td><h1 lang="en"', page) and re.search(r'<tr class="heading"[^>]*><td><h2', page)

    data = json.loads(export(bilingual, tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [p["role"] for p in data["paragraphs"]] == [role.value for role in roles]

    units = ET.parse(export(bilingual, tmp_path / "s.tmx")).getroot().find("body").findall("tu")
    assert [u.find("prop[@type='x-role']").text for u in units] == [role.value for role in roles]

    import docx

    table = docx.Document(str(export(bilingual, tmp_path / "s.docx"))).tables[0]
    english = [r.cells[0].paragraphs[0].runs[0] for r in table.rows]
    assert [bool(run.bold) for run in english] == [role in (Role.TITLE, Role.HEADING) for role in roles]
    sizes = {role: run.font.size.pt for role, run in zip(roles, english)}
    assert sizes[Role.TITLE] > sizes[Role.HEADING] > sizes[Role.BODY] > sizes[Role.METADATA] == sizes[Role.BYLINE]

    blocks = export(bilingual, tmp_path / "s.md").read_text(encoding="utf-8").split("\n\n")[1:]
    arabic, english = blocks[0::2], blocks[1::2]  # each Arabic paragraph, then its English as a quote
    marks = {Role.TITLE: "# ", Role.HEADING: "## "}
    assert [a.split(" ")[0] + " " if a.startswith("#") else "" for a in arabic[:len(roles)]] == [
        marks.get(role, "") for role in roles]
    assert [e.startswith("> " + marks.get(role, "")) for e, role in zip(english, roles)] == [True] * len(roles)
