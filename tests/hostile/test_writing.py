"""Hostile targets and hostile text for everything reader writes (issue 10: "Writing files",
"Injection into what we write", glossary import).

Each test builds its hostile input here, runs the real writer or the real CLI, and asserts the
exact outcome: the exit code, the one-line message, what is on disk, and that no text was lost
(or, for characters a format cannot hold, that exactly those were left out).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader import cli
from reader.core.document import Document, Paragraph, Role
from reader.core.export import (
    KIND_LABELS, WRITERS, Bilingual, BilingualRow, ExportError, GlossaryLine, check_output, export, format_for,
    render)
from reader.core.export.files import STALE_AFTER, clean_stale_parts
from reader.core.glossary.files import (
    GlossaryFileError, key_for, read_csv, read_glossary, read_tbx, write_csv, write_tbx)
from reader.core.userdata import GlossaryItem, UserStore

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A vocalised line with tatweel, Farsi yeh, superscript alef, kashida-stretched letters, ZWNJ, RLM,
# ZWJ, an Arabic number sign and Arabic-Indic digits: the document's own characters, none to be touched.
EXACT = ("قَالَ الـــوَزِيرُ: «هٰذَا یَوْمٌ تاریخی»\u200c\u200f \u0600\u0661\u0662 "
         "كـــتـــاب\u200dـ رحمٰن")
CONTROLS = "\x00\x07\x1b[31m\x0b\x0c\x08\ufffe\uffff\ud800"  # NUL BEL ESC VT FF BS U+FFFE U+FFFF a lone surrogate
XML_ILLEGAL = set("\x00\x07\x1b\x0b\x0c\x08\ufffe\uffff\ud800")


class Flag:  # what reader.core.quality produces: .sentence, .kind, .detail
    def __init__(self, sentence: int, kind: str, detail: str) -> None:
        self.sentence, self.kind, self.detail = sentence, kind, detail


def bilingual(*pairs: tuple[str, str], source: str = "article.txt", flags: dict[int, tuple] | None = None,
              title: str = "عنوان", backend: str = "") -> Bilingual:
    """A small translated document, built by hand: no model needed."""
    flags = flags or {}
    rows = tuple(BilingualRow(Paragraph(f"p{i}", arabic, Role.TITLE if i == 0 else Role.BODY), english,
                              flags=flags.get(i, ()))
                 for i, (arabic, english) in enumerate(pairs))
    return Bilingual(Document(title, tuple(r.paragraph for r in rows), source=Path(source)), "tiny-ar-en", rows,
                     backend=backend)


SIMPLE = bilingual(("وزيرا الخارجية يجريان محادثات", "Foreign ministers hold talks"),
                   ("قال وانغ إن البلدين صديقان", "Wang said the two countries are friends"))


def cli_run(argv: list[str], paths, capsys) -> tuple[int, str, str]:
    code = cli.main(argv, paths)
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- Writing files ---------------------------------------------------------------------------------

class TestTargets:
    @pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="making a device node needs root")
    def test_a_character_device_is_written_to_never_replaced(self, tmp_path):
        """As root, `-o /dev/null` used to rename a regular file over the device node."""
        null = tmp_path / "null"
        try:
            os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("this container may not make device nodes")
        export(SIMPLE, null, "json")
        assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no part file either

    def test_a_fifo_gets_the_bytes_and_stays_a_fifo(self, tmp_path):
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        received = []
        reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
        reader.start()
        export(SIMPLE, pipe, "json")
        reader.join(timeout=30)
        assert stat.S_ISFIFO(pipe.stat().st_mode)
        assert json.loads(received[0])["paragraphs"][1]["translation"] == "Wang said the two countries are friends"

    def test_a_link_to_a_fifo_is_written_through(self, tmp_path):
        """What `-o /dev/stdout` is: a link to a pipe (or a terminal)."""
        pipe, link = tmp_path / "pipe", tmp_path / "stdout"
        os.mkfifo(pipe)
        link.symlink_to(pipe)
        received = []
        reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
        reader.start()
        export(SIMPLE, link, "md")
        reader.join(timeout=30)
        assert link.is_symlink() and stat.S_ISFIFO(pipe.stat().st_mode)
        assert "Foreign ministers hold talks" in received[0].decode("utf-8")

    def test_a_block_device_is_refused(self, tmp_path):
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        disk = tmp_path / "disk"
        try:
            os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 250))
        except PermissionError:
            pytest.skip("this container may not make device nodes")
        with pytest.raises(ExportError, match="not a regular file, a character device or a pipe"):
            export(SIMPLE, disk, "json")
        assert stat.S_ISBLK(disk.stat().st_mode)

    def test_a_read_only_file_is_refused_like_cp_refuses_it(self, tmp_path):
        target = tmp_path / "out.html"
        target.write_bytes(b"keep me")
        target.chmod(0o444)
        with pytest.raises(ExportError) as caught:
            export(SIMPLE, target)
        assert str(caught.value) == f"Cannot write {target}: the file is read-only; nothing was written."
        assert target.read_bytes() == b"keep me" and stat.S_IMODE(target.stat().st_mode) == 0o444
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]

    def test_a_symlink_is_written_through_and_kept(self, tmp_path):
        real = tmp_path / "real.json"
        real.write_text("{}")
        link = tmp_path / "link.json"
        link.symlink_to(real)
        export(SIMPLE, link)
        assert link.is_symlink() and json.loads(real.read_text())["model"] == "tiny-ar-en"

    @pytest.mark.parametrize("name", ["adir", "adir/", "newdir/"])
    def test_a_folder_is_said_to_be_a_folder(self, tmp_path, name):
        (tmp_path / "adir").mkdir()
        target = f"{tmp_path}/{name}"
        with pytest.raises(ExportError, match=r"is a folder; give the name of a file to write"):
            check_output(target)
        with pytest.raises(ExportError, match="is a folder"):
            export(SIMPLE, target, "html")

    def test_pdf_bytes_are_not_written_under_an_html_name(self, tmp_path):
        with pytest.raises(ExportError) as caught:
            check_output(tmp_path / "x.html", "pdf")
        assert str(caught.value) == ("x.html would hold PDF, bilingual (pdf) under a .html name; name it x.pdf "
                                     "or choose the html format.")
        assert check_output(tmp_path / "x.htm", "html").name == "html"  # another name of the same format is fine
        assert check_output(tmp_path / "x.out", "pdf").name == "pdf"  # a name that says nothing is the user's call

    def test_an_unknown_extension_lists_the_formats(self, tmp_path):
        with pytest.raises(ExportError) as caught:
            check_output(tmp_path / "x.txt")
        assert str(caught.value) == ("Cannot tell the export format of x.txt: name the file .pdf, .html, .docx, "
                                     ".tmx, .md or .json (or choose a format).")

    def test_a_name_longer_than_the_file_system_allows(self, tmp_path):
        with pytest.raises(ExportError, match=r"^Cannot write .*: File name too long\.$"):
            export(SIMPLE, tmp_path / ("x" * 300 + ".json"))
        assert list(tmp_path.iterdir()) == []

    def test_a_missing_folder_is_found_before_any_work(self, tmp_path):
        with pytest.raises(ExportError, match=r"the folder .*nowhere does not exist"):
            check_output(tmp_path / "nowhere" / "x.pdf")

    def test_permission_denied_and_full_disk_are_one_line_and_leave_nothing(self, tmp_path, monkeypatch):
        import tempfile

        target = tmp_path / "out.json"
        target.write_bytes(b"the previous export")

        def denied(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", denied)
        with pytest.raises(ExportError) as caught:
            export(SIMPLE, target)
        assert str(caught.value) == f"Cannot write {target}: permission denied. Nothing was written."
        monkeypatch.undo()

        real_replace = os.replace

        def full(src, dst):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "replace", full)
        with pytest.raises(ExportError, match="the disk is full. Nothing was written."):
            export(SIMPLE, target)
        monkeypatch.setattr(os, "replace", real_replace)
        assert target.read_bytes() == b"the previous export"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


class TestStalePartFiles:
    def dead_pid(self) -> int:
        child = subprocess.Popen([sys.executable, "-c", "pass"])
        child.wait()
        return child.pid

    def test_ours_are_removed_when_their_writer_is_gone_or_they_are_old(self, tmp_path):
        dead, alive = self.dead_pid(), os.getpid()
        names = {
            f".book.pdf.reader-{dead}-a1b2c3d4.part": "removed",   # its writer was killed
            f".book.pdf.reader-{alive}-e5f6g7h8.part": "kept",     # a live export is writing it
            ".old.html.k9l0m1n2.part": "removed",                  # reader 0.x's name, an hour old
            ".new.html.o3p4q5r6.part": "kept",                     # reader 0.x's name, just written
            ".notes.part": "kept",                                 # not ours
            "draft.part": "kept",                                  # not ours
        }
        hour_ago = time.time() - 3600
        for name in names:
            (tmp_path / name).write_bytes(b"half")
        os.utime(tmp_path / ".old.html.k9l0m1n2.part", (hour_ago, hour_ago))
        os.utime(tmp_path / ".notes.part", (hour_ago, hour_ago))
        export(SIMPLE, tmp_path / "out.md")
        expected = {name for name, fate in names.items() if fate == "kept"} | {"out.md"}
        assert {p.name for p in tmp_path.iterdir()} == expected

    def test_a_live_writers_part_file_goes_only_when_older_than_any_export_takes(self, tmp_path):
        part = tmp_path / f".book.pdf.reader-{os.getpid()}-abcdefgh.part"
        part.write_bytes(b"half")
        assert clean_stale_parts(tmp_path, now=time.time() + STALE_AFTER - 60) == []
        assert clean_stale_parts(tmp_path, now=time.time() + STALE_AFTER + 60) == [part]

    def test_a_killed_export_leaves_a_part_file_the_next_export_removes(self, tmp_path):
        """The real thing: an export killed after its part file was made, then the next one."""
        script = (
            "import os, sys\n"
            "from pathlib import Path\n"
            "from reader.core.export import write_atomic\n"
            "def stall(fh):\n"
            "    fh.write(b'half'); fh.flush(); os.kill(os.getpid(), 9)\n"
            "write_atomic(Path(sys.argv[1]), stall)\n")
        killed = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out.json")], timeout=60)
        assert killed.returncode == -9
        [left] = [p.name for p in tmp_path.iterdir()]
        assert left.startswith(".out.json.reader-") and left.endswith(".part")
        export(SIMPLE, tmp_path / "other.json")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json"]


class TestCommandLine:
    """The CLI checks the output before loading a model: `--model` names one that does not exist, so
    reaching the translation would fail with exit 3 instead."""

    def test_translate_out_with_an_unknown_extension(self, paths, capsys, tmp_path, sample):
        code, out, err = cli_run(["translate", str(sample), "--model", str(tmp_path / "no-model"),
                                  "--out", str(tmp_path / "x.txt"), "-q"], paths, capsys)
        assert code == 5 and out == ""
        assert one_line(err) == ("reader: Cannot tell the export format of x.txt: name the file .pdf, .html, .docx, "
                                 ".tmx, .md or .json (or choose a format).")

    @pytest.mark.parametrize("command", ["translate", "export"])
    def test_a_read_only_target(self, paths, capsys, tmp_path, sample, command):
        target = tmp_path / "out.html"
        target.write_bytes(b"keep me")
        target.chmod(0o444)
        out_flag = "--out" if command == "translate" else "-o"
        code, _, err = cli_run([command, str(sample), "--model", str(tmp_path / "no-model"), out_flag, str(target)],
                               paths, capsys)
        assert code == 5 and one_line(err) == f"reader: Cannot write {target}: the file is read-only; nothing was written."
        assert target.read_bytes() == b"keep me"

    def test_export_into_a_folder(self, paths, capsys, tmp_path, sample):
        (tmp_path / "adir").mkdir()
        code, _, err = cli_run(["export", str(sample), "--model", str(tmp_path / "no-model"),
                                "-o", str(tmp_path / "adir")], paths, capsys)
        assert code == 5 and "adir is a folder; give the name of a file to write" in one_line(err)

    def test_export_pdf_into_an_html_name(self, paths, capsys, tmp_path, sample):
        code, _, err = cli_run(["export", str(sample), "--model", str(tmp_path / "no-model"), "--format", "pdf",
                                "-o", str(tmp_path / "x.html")], paths, capsys)
        assert code == 5 and "name it x.pdf" in one_line(err)
        assert not (tmp_path / "x.html").exists()


# -- Injection into what we write ------------------------------------------------------------------

class TestSpreadsheetFormulas:
    DANGEROUS = ["=HYPERLINK(\"http://evil.example\",\"Wang\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rReturn",
                 "'=already quoted", "''+twice"]

    def test_csv_cells_cannot_start_a_formula_and_read_back_unchanged(self, tmp_path):
        items = [GlossaryItem(key_for(f"اسم {chr(0x0628 + i)}"), f"اسم {chr(0x0628 + i)}", "PERS", english)
                 for i, english in enumerate(self.DANGEROUS)]
        items.append(GlossaryItem(key_for("=وانغ"), "=وانغ", "PERS", "Wang"))  # the Arabic cell too
        path = tmp_path / "g.csv"
        write_csv(items, path)
        cells = [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
                 for cell in (row[0], row[2])][2:]
        assert cells and all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
        assert "'=HYPERLINK(\"http://evil.example\",\"Wang\")" in cells and "''=already quoted" in cells
        assert {(i.arabic, i.english) for i in read_csv(path)} == {(i.arabic, i.english) for i in items}

    def test_an_apostrophe_that_guards_nothing_is_the_users(self, tmp_path):
        path = tmp_path / "g.csv"
        path.write_text("arabic,english\nأوبراين,'Brien\n", encoding="utf-8")
        assert read_csv(path)[0].english == "'Brien"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


class TestMarkdown:
    ATTACK = "<script>alert(1)</script> <img src=x onerror=alert(2)> &amp; [link](javascript:alert(3)) *bold*"
    NAME = "x--><img src=x onerror=alert(4)>.txt"  # a file name cannot hold "/", so no </script>

    def rendered(self, data: bytes) -> _Markup:
        from markdown_it import MarkdownIt

        parser = _Markup()
        parser.feed(MarkdownIt("commonmark").render(data.decode("utf-8")))
        return parser

    def test_html_and_markdown_syntax_in_the_text_stay_text(self):
        data = render(bilingual(("عنوان", "Title"), (f"نص {self.ATTACK}", self.ATTACK), source=self.NAME), "md")
        page = self.rendered(data)
        assert set(page.tags) <= {"h1", "p", "blockquote"}, page.tags
        shown = "".join(page.text)
        assert f"نص {self.ATTACK}" in shown and self.ATTACK in shown  # the reader sees exactly what was written

    def test_the_file_name_cannot_close_the_header_comment(self):
        data = render(bilingual(("نص", "Text"), source=self.NAME), "md")
        page = self.rendered(data)
        assert "img" not in page.tags and len(page.comments) == 1
        assert "alert(4)" in page.comments[0] and ">" not in page.comments[0]

    def test_leading_markdown_syntax_is_literal(self):
        texts = ["# not a heading", "- not a list", "1. not a list", "> not a quote", "=== not a rule"]
        data = render(bilingual(("عنوان", "Title"), *[("نص", text) for text in texts]), "md")
        page = self.rendered(data)
        assert set(page.tags) <= {"h1", "p", "blockquote"}
        for text in texts:
            assert text in page.text


def _writer_texts(fmt: str, data: bytes) -> list[str]:
    """Every paragraph text a real reader of the format gets back (must be well-formed to get any)."""
    if fmt == "tmx":
        root = ET.fromstring(data)
        return [seg.text or "" for seg in root.iter("seg")]
    if fmt == "docx":
        import docx

        word = docx.Document(io.BytesIO(data))
        texts = []
        for block in word.iter_inner_content():  # paragraphs and tables in the order they are shown
            if isinstance(block, docx.table.Table):
                texts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
            else:
                texts.append(block.text)
        return texts
    if fmt == "html":
        parser = _Markup()
        parser.feed(data.decode("utf-8"))
        return ["".join(parser.text)]
    if fmt == "json":
        doc = json.loads(data)
        return ([t for p in doc["paragraphs"] for t in (p["source"], p["translation"])]
                + [t for g in doc.get("glossary", ()) for t in (g["arabic"], g["english"])])
    if fmt == "md":
        from markdown_it import MarkdownIt

        parser = _Markup()
        parser.feed(MarkdownIt("commonmark").render(data.decode("utf-8")))
        return ["".join(parser.text)]
    raise AssertionError(fmt)


class TestControlCharacters:
    """NUL, BEL, ESC, U+FFFF... made TMX and TBX ill-formed (exit 0) and DOCX crash."""

    @pytest.mark.parametrize("fmt", ["tmx", "docx", "html", "md"])
    def test_every_text_writer_drops_exactly_the_characters_xml_cannot_hold(self, fmt):
        arabic, english = f"قال{CONTROLS}الوزير", f"The{CONTROLS}minister"
        data = render(bilingual((f"عنوان{CONTROLS}", f"Title{CONTROLS}"), (arabic, english),
                                source=f"a{CONTROLS}.txt", title=f"عنوان{CONTROLS}"), fmt)
        texts = _writer_texts(fmt, data)
        joined = "\n".join(texts)
        assert not XML_ILLEGAL & set(joined)
        if fmt != "docx":  # a zip: its parts were read back above
            assert not XML_ILLEGAL & set(data.decode("utf-8"))
        assert "قال[31mالوزير" in joined and "The[31mminister" in joined  # the rest of the text is all there

    def test_json_keeps_every_character(self):
        arabic, english = f"قال{CONTROLS}الوزير", f"The{CONTROLS}minister"
        data = render(bilingual(("عنوان", "Title"), (arabic, english)), "json")
        assert _writer_texts("json", data)[2:] == [arabic, english]

    def test_control_characters_in_a_csv_glossary_never_reach_the_tbx(self, tmp_path):
        (tmp_path / "in.csv").write_bytes("arabic,english\nوانغ\x00 يي\x07,Wang\x1b Yi\uffff\n".encode("utf-8"))
        items = read_csv(tmp_path / "in.csv")
        assert [(i.arabic, i.english) for i in items] == [("وانغ يي", "Wang Yi")]
        write_tbx(items, tmp_path / "backup.tbx")
        assert [(i.arabic, i.english) for i in read_tbx(tmp_path / "backup.tbx")] == [("وانغ يي", "Wang Yi")]

    def test_a_glossary_already_holding_control_characters_exports_cleanly(self, tmp_path):
        items = [GlossaryItem("k", "وانغ\x00يي", "PERS", "Wang\x07Yi")]
        write_tbx(items, tmp_path / "g.tbx")
        write_csv(items, tmp_path / "g.csv")
        assert [(i.arabic, i.english) for i in read_tbx(tmp_path / "g.tbx")] == [("وانغيي", "WangYi")]
        assert [(i.arabic, i.english) for i in read_csv(tmp_path / "g.csv")] == [("وانغيي", "WangYi")]

    def test_the_glossary_appendix_is_sanitised_too(self):
        glossary = [GlossaryLine("وانغ\x00يي", "PERS", "Wang\x1bYi")]
        for fmt in ("docx", "html"):
            data = render(SIMPLE, fmt, glossary=glossary)
            assert "WangYi" in "\n".join(_writer_texts(fmt, data))


def test_a_title_or_model_longer_than_word_properties_allow():
    """A text file's first paragraph can be a 300-character title; Word properties hold 255."""
    import docx

    long_title = "عنوان " * 60
    doc = Bilingual(SIMPLE.document.__class__(long_title, SIMPLE.document.paragraphs, SIMPLE.document.source),
                    "/models/" + "m" * 300, SIMPLE.rows)
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    assert word.core_properties.title == long_title[:255]
    assert word.paragraphs[0].text == long_title  # the page itself shows all of it


class TestLineBreaksAndCells:
    TEXT_AR, TEXT_EN = "السطر الأول\nالسطر الثاني", "First line\nsecond line"
    CELLS_AR, CELLS_EN = "العمود\tالقيمة", "Column\tValue"

    def doc(self) -> Bilingual:
        return bilingual(("عنوان", "Title"), (self.TEXT_AR, self.TEXT_EN), (self.CELLS_AR, self.CELLS_EN))

    def test_json_and_tmx_keep_them(self):
        for fmt in ("json", "tmx"):
            texts = _writer_texts(fmt, render(self.doc(), fmt))
            assert {self.TEXT_AR, self.TEXT_EN, self.CELLS_AR, self.CELLS_EN} <= set(texts), fmt

    @pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
    def test_docx_has_a_line_break_and_a_tab(self, layout):
        from docx.oxml.ns import qn

        data = render(self.doc(), "docx", layout=layout)
        texts = _writer_texts("docx", data)
        assert {self.TEXT_AR, self.TEXT_EN, self.CELLS_AR, self.CELLS_EN} <= set(texts)
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        root = ET.fromstring(body)
        assert len(list(root.iter(qn("w:br")))) >= 2 and len(list(root.iter(qn("w:tab")))) >= 2

    @pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
    def test_html_has_a_line_break_and_a_visible_gap_that_copies_as_a_tab(self, layout):
        page = render(self.doc(), "html", layout=layout).decode("utf-8")
        assert "السطر الأول<br>\nالسطر الثاني" in page and "First line<br>\nsecond line" in page
        assert 'العمود<span class="gap">\t</span>القيمة' in page and "span.gap {" in page

    def test_markdown_has_a_hard_break_and_a_visible_gap(self):
        from markdown_it import MarkdownIt

        data = render(self.doc(), "md").decode("utf-8")
        html = MarkdownIt("commonmark").render(data)
        assert "السطر الأول<br />\nالسطر الثاني" in html and "First line<br />\nsecond line" in html
        assert "العمود\u2003\u2003القيمة" in html and "Column\u2003\u2003Value" in html


@pytest.mark.parametrize("fmt", ["json", "html", "docx", "tmx"])
@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_the_documents_own_characters_are_exported_exactly(fmt, layout):
    """No normalisation: vocalisation, tatweel, Farsi yeh, superscript alef, ZWNJ/ZWJ, RLM, number signs."""
    data = render(bilingual(("عنوان", "Title"), (EXACT, "Exact")), fmt, layout=layout)
    texts = _writer_texts(fmt, data)
    assert any(EXACT in text for text in texts), [t for t in texts if "الوزير" in t or "الـ" in t]


# -- Glossary import -------------------------------------------------------------------------------

class TestGlossaryImport:
    def test_names_given_twice_are_reported_with_their_lines(self, tmp_path):
        path = tmp_path / "g.csv"
        path.write_text("arabic,type,english\nوانغ يي,PERS,Wang Yi\nقازاقستان,LOC,Kazakhstan\n"
                        "وانغ يي,PERS,Wang Yee\nوَانغ يي,PERS,Wang Yi (again)\n", encoding="utf-8")
        result = read_glossary(path)
        assert [(i.arabic, i.english) for i in result.items] == [("وَانغ يي", "Wang Yi (again)"),
                                                                  ("قازاقستان", "Kazakhstan")]
        assert result.summary == ("imported 2 entries from 4 rows; line 5 repeats line 2, line 4 (وَانغ يي); "
                                  "the last one is kept")

    def test_the_cli_prints_the_duplicates(self, paths, capsys, tmp_path):
        path = tmp_path / "g.csv"
        path.write_text("arabic,english\nوانغ يي,Wang Yi\nوانغ يي,Wang Yee\n", encoding="utf-8")
        code, out, err = cli_run(["glossary", "import", str(path)], paths, capsys)
        assert code == 0 and err == ""
        assert out == "imported 1 entries from 2 rows; line 3 repeats line 2 (وانغ يي); the last one is kept\n"
        store = UserStore(paths.user_db)
        try:
            assert [i.english for i in store.glossary().values()] == ["Wang Yee"]
        finally:
            store.close()

    @pytest.mark.parametrize("arabic", ["ـــ", "\u064e\u064f\u0651", "ـ\u0670ـ"])
    def test_arabic_with_no_letters_is_refused_with_its_line(self, tmp_path, paths, capsys, arabic):
        path = tmp_path / "g.csv"
        path.write_text(f"arabic,english\nوانغ يي,Wang Yi\n{arabic},Nothing\n", encoding="utf-8")
        code, _, err = cli_run(["glossary", "import", str(path)], paths, capsys)
        assert code == 7
        assert one_line(err) == (f"reader: g.csv, line 3: '{arabic}' has no letters once tatweel and diacritics "
                                 "are set aside.")
        store = UserStore(paths.user_db)
        try:
            assert store.glossary() == {}  # all or nothing
        finally:
            store.close()

    @pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-16-le", "utf-8-sig"])
    def test_what_excel_writes_for_arabic_is_read(self, tmp_path, encoding):
        path = tmp_path / "g.csv"
        path.write_bytes("arabic,type,english\r\nوانغ يي,PERS,Wang Yi\r\nبيروت,LOC,Beirut\r\n".encode(encoding))
        assert [(i.arabic, i.kind, i.english) for i in read_csv(path)] == [
            ("وانغ يي", "PERS", "Wang Yi"), ("بيروت", "LOC", "Beirut")]

    def test_a_short_windows_1256_file_is_not_taken_for_another_code_page(self, tmp_path):
        path = tmp_path / "g.csv"
        path.write_bytes("arabic,english\r\nمحمد,Muhammad\r\n".encode("cp1256"))
        assert [(i.arabic, i.english) for i in read_csv(path)] == [("محمد", "Muhammad")]

    @pytest.mark.parametrize("separator, encoding", [("\t", "utf-16"), (";", "cp1256")])
    def test_excels_other_separators(self, tmp_path, separator, encoding):
        path = tmp_path / "g.csv"
        path.write_bytes(f"arabic{separator}english\r\nبيروت{separator}Beirut\r\n".encode(encoding))
        assert [(i.arabic, i.english) for i in read_csv(path)] == [("بيروت", "Beirut")]

    def test_a_huge_cell_is_a_one_line_glossary_error(self, tmp_path, paths, capsys):
        path = tmp_path / "g.csv"
        path.write_text("arabic,english\nوانغ يي,Wang Yi\nبيروت," + "B" * 200_000 + "\n", encoding="utf-8")
        code, _, err = cli_run(["glossary", "import", str(path)], paths, capsys)
        assert code == 7
        assert one_line(err) == (f"reader: g.csv, line 3: a cell is longer than {csv.field_size_limit():,} "
                                 "characters, far too long for a glossary.")

    def test_a_long_but_parseable_cell_is_refused_too(self, tmp_path):
        path = tmp_path / "g.csv"
        path.write_text("arabic,english\nبيروت," + "B" * 5000 + "\n", encoding="utf-8")
        with pytest.raises(GlossaryFileError, match=r"^g.csv, line 2: the English is 5,000 characters long"):
            read_csv(path)

    def test_an_endless_file_is_refused_after_a_bounded_read(self, tmp_path, paths, capsys):
        code, _, err = cli_run(["glossary", "import", "/dev/zero"], paths, capsys)
        assert code == 7 and one_line(err) == "reader: zero is larger than 64 MB, too large for a glossary."

    @pytest.mark.parametrize("entities, term", [
        ('<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)), "&l9;"),
        ('<!ENTITY x SYSTEM "file:///etc/passwd">', "بيروت &x;"),
    ], ids=["billion-laughs", "external-entity"])
    def test_tbx_entity_tricks_are_refused_in_one_line(self, tmp_path, paths, capsys, entities, term):
        (tmp_path / "g.tbx").write_text(
            f'<?xml version="1.0"?><!DOCTYPE martif [{entities}]><martif><text><body><termEntry id="e1">'
            f'<langSet xml:lang="ar"><tig><term>{term}</term></tig></langSet><langSet xml:lang="en"><tig>'
            "<term>Beirut</term></tig></langSet></termEntry></body></text></martif>", encoding="utf-8")
        code, _, err = cli_run(["glossary", "import", str(tmp_path / "g.tbx")], paths, capsys)
        assert code == 7 and one_line(err).startswith("reader: g.tbx is not valid TBX/XML (")
        assert "root:" not in err

    def test_duplicates_in_tbx_are_reported_by_entry(self, tmp_path):
        items = [GlossaryItem(key_for("بيروت"), "بيروت", "LOC", "Beirut")]
        write_tbx(items + items, tmp_path / "g.tbx")
        result = read_glossary(tmp_path / "g.tbx")
        assert len(result.items) == 1 and result.summary.endswith("entry e2 repeats entry e1 (بيروت); the last one "
                                                                  "is kept")


# -- The registry, flags, the appendix ---------------------------------------------------------------

class TestRegistry:
    def test_every_format_is_one_record_the_cli_and_window_read(self):
        names = [w.name for w in WRITERS]
        assert names == ["pdf", "html", "docx", "tmx", "md", "json"] and len(set(names)) == len(names)
        extensions = [ext for w in WRITERS for ext in w.extensions]
        assert len(set(extensions)) == len(extensions)
        for writer in WRITERS:
            for ext in writer.extensions:
                assert format_for(f"x{ext.upper()}") == writer.name
            assert writer.file_filter.startswith(writer.label + " (*" + writer.extension)
        assert {w.name for w in WRITERS if w.glossary} >= {"pdf", "html", "docx"}

    def test_the_cli_offers_exactly_the_registry(self):
        export_parser = cli.build_parser()._subparsers._group_actions[0].choices["export"]
        [fmt] = [a for a in export_parser._actions if a.dest == "format"]
        assert tuple(fmt.choices) == tuple(w.name for w in WRITERS)

    @pytest.mark.parametrize("writer", [w for w in WRITERS if w.name != "pdf"], ids=lambda w: w.name)
    def test_options_a_format_does_not_take_are_ignored(self, writer):
        data = render(SIMPLE, writer.name, layout="interleaved", paper="letter",
                      glossary=[GlossaryLine("بيروت", "LOC", "Beirut")], progress=lambda done, total: None,
                      mark_flags=True)
        assert ("Beirut" in "\n".join(_writer_texts(writer.name, data))) == writer.glossary


class TestFlagsAndBackend:
    FLAGS = {1: (Flag(1, "numbers", "2022 missing"), Flag(0, "names", "Wang Yi missing"))}

    def test_json_writes_the_backend_and_every_flag(self):
        doc = bilingual(*SIMPLE_PAIRS, flags=self.FLAGS, backend="ct2-int8")
        data = json.loads(render(doc, "json"))
        assert data["backend"] == "ct2-int8"
        assert data["paragraphs"][0]["flags"] == []
        assert data["paragraphs"][1]["flags"] == [{"sentence": 1, "kind": "numbers", "detail": "2022 missing"},
                                                  {"sentence": 0, "kind": "names", "detail": "Wang Yi missing"}]

    @pytest.mark.parametrize("fmt", ["html", "docx", "md"])
    def test_flagged_paragraphs_are_marked_only_when_asked(self, fmt):
        doc = bilingual(*SIMPLE_PAIRS, flags=self.FLAGS)
        marked = "\n".join(_writer_texts(fmt, render(doc, fmt, mark_flags=True)))
        plain = "\n".join(_writer_texts(fmt, render(doc, fmt)))
        assert "⚑" in marked and "2022 missing" in marked and "Wang Yi missing" in marked
        assert marked.count("⚑") == 1  # one marker, on the one flagged paragraph
        assert "⚑" not in plain and "2022 missing" not in plain


SIMPLE_PAIRS = (("وزيرا الخارجية يجريان محادثات", "Foreign ministers hold talks"),
                ("قال وانغ إن البلدين صديقان", "Wang said the two countries are friends in 2022"))


@pytest.mark.parametrize("fmt", ["html", "docx", "md", "json"])
def test_the_glossary_appendix_names_types_as_the_window_does(fmt):
    """Names that are nowhere in the body, so only the appendix can have put them in the file."""
    glossary = [GlossaryLine("مختار تليوبيردي", "PERS", "Mukhtar Tleuberdi"),
                GlossaryLine("نور سلطان", "LOC", "Nur-Sultan"), GlossaryLine("منظمة شانغهاي", "ORG", "SCO"),
                GlossaryLine("الحزام", "MISC", "the Belt")]
    with_appendix = "\n".join(_writer_texts(fmt, render(SIMPLE, fmt, glossary=glossary)))
    without = "\n".join(_writer_texts(fmt, render(SIMPLE, fmt)))
    for line in glossary:
        assert line.english in with_appendix and line.english not in without
        assert line.arabic in with_appendix and line.arabic not in without
    if fmt != "json":
        for label in KIND_LABELS.values():
            assert label in with_appendix and label not in without
        assert with_appendix.index("People") < with_appendix.index("Mukhtar Tleuberdi") < with_appendix.index("Places")
