"""Hostile DOCX, ODT and EPUB files (issue 10: zip bombs, spine amplification, "no tracebacks").

Every hostile package is built here, on the fly and small: a bomb is a few repeated deflate
blocks, never the gigabytes it stands for. Each attack runs the real command line,
`python -m reader translate FILE`, in a child process whose address space is capped at 1 GiB,
and asserts the documented outcome: exit code 2, one line on stderr naming the file and what
is wrong, no traceback, nothing on stdout (stdout carries only translations). Files that must
still open (a huge member nobody references, a spine repeating a chapter) are loaded with
`load_document` in such a child process.
"""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.core.errors import DamagedFile, DocumentError, PasswordProtected
from reader.core.formats import limits, load_document

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1 << 30  # 1 GiB of address space for the child process
MB = 1 << 20


# --- building packages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One zip member: its name, the bytes stored, and what the zip directory says about it."""

    name: str
    stored: bytes
    size: int          # the inflated size the directory states
    crc: int
    method: int = 8    # 8 deflate, 0 stored
    flags: int = 0x800  # UTF-8 names; bit 0 would say "encrypted"


def member(name: str, data: bytes | str) -> Member:
    """An honest member: deflated data with its true size and CRC."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(raw) + packer.flush(), len(raw), zlib.crc32(raw))


def stored(name: str, data: str) -> Member:
    raw = data.encode("utf-8")
    return Member(name, raw, len(raw), zlib.crc32(raw), method=0)


def bomb(name: str, inflated: int, *, head: bytes = b"", stated: int | None = None, fill: bytes = b" ") -> Member:
    """A member that inflates to `inflated` bytes (`head` then `fill` repeated) from about a thousandth of that.

    Each megabyte of fill is one deflate block ending in a full flush, so one compressed block
    repeated N times is a valid stream of N megabytes. The CRC is left wrong on purpose: a
    reader that got far enough to check it has already inflated the whole bomb. `stated` is
    the size the zip directory claims (the truth when not given).
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress((fill * (MB // len(fill) + 1))[:MB]) + packer.flush(zlib.Z_FULL_FLUSH)
    count = (inflated - len(head)) // MB
    data = start + block * count + packer.flush()
    return Member(name, data, len(head) + count * MB if stated is None else stated, 0)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip written byte by byte, so that its directory can say what the test needs it to."""
    body, directory = bytearray(), bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        offset = len(body)
        fields = (20, m.flags, m.method, 0, 0x21, m.crc, len(m.stored), m.size, len(name), 0)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + m.stored
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields) \
            + struct.pack("<HHHII", 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
              'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
              'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
              '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
              'document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
             'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOCUMENT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}"><w:style w:type="paragraph" '
          'w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>')


def word_xml(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(path: Path, document: str | Member | None = None, *, styles: str | None = STYLES,
         extra: list[Member] = ()) -> Path:
    members = [member("[Content_Types].xml", DOCX_TYPES), member("_rels/.rels", DOCX_RELS),
               member("word/_rels/document.xml.rels", DOCUMENT_RELS)]
    if document is None:
        document = word_xml(paragraph("فقرة عربية قصيرة للاختبار."))
    members.append(document if isinstance(document, Member) else member("word/document.xml", document))
    if styles is not None:
        members.append(member("word/styles.xml", styles))
    return write_zip(path, members + list(extra))


ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def odt_xml(text: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODF}>'
            f"<office:body><office:text>{text}</office:text></office:body></office:document-content>")


ODT_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def odt(path: Path, content: str | Member) -> Path:
    return write_zip(path, [stored("mimetype", "application/vnd.oasis.opendocument.text"),
                            member("META-INF/manifest.xml", ODT_MANIFEST),
                            content if isinstance(content, Member) else member("content.xml", content)])


CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:'
             'container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-'
             'package+xml"/></rootfiles></container>')


def chapter(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>فصل</title></head><body>{body}</body></html>")


def opf(manifest: str | None, spine: str | None, title: str = "كتاب") -> str:
    parts = [f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
             f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>']
    if manifest is not None:
        parts.append(f"<manifest>{manifest}</manifest>")
    if spine is not None:
        parts.append(f"<spine>{spine}</spine>")
    return "".join(parts) + "</package>"


def epub(path: Path, package_document: str, chapters: dict[str, str | Member], *, container: bool = True) -> Path:
    members = [stored("mimetype", "application/epub+zip")]
    if container:
        members.append(member("META-INF/container.xml", CONTAINER))
    members.append(member("OEBPS/content.opf", package_document))
    for name, content in chapters.items():
        members.append(content if isinstance(content, Member) else member(f"OEBPS/{name}.xhtml", content))
    return write_zip(path, members)


def items(*names: str) -> str:
    return "".join(f'<item id="{n}" href="{n}.xhtml" media-type="application/xhtml+xml"/>' for n in names)


def itemrefs(*names: str) -> str:
    return "".join(f'<itemref idref="{n}"/>' for n in names)


LAUGHS = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">" + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"


# --- running them -----------------------------------------------------------------------------


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, READER_HOME=str(home), PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, preexec_fn=_cap_memory,
                          capture_output=True, text=True, timeout=120)


def translate_fails(path: Path, *words: str) -> str:
    """Run `reader translate FILE` under the memory cap; it must fail as a document error, in one line."""
    done = run_capped(["-m", "reader", "translate", str(path)], path.parent / "home")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"reader: {path.name} "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    return done.stderr


def refused(path: Path, capfd, *words: str) -> str:
    """Load in this process: a one-line DocumentError naming the file, and no library printing anything."""
    with pytest.raises(DocumentError) as info:
        load_document(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path.name} "), message
    for word in words:
        assert word in message, message
    assert capfd.readouterr() == ("", "")
    return message


LOAD = textwrap.dedent("""
    import sys
    from reader.core.formats import load_document
    document = load_document(sys.argv[1])
    print(len(document.paragraphs))
    print(document.paragraphs[0].text)
    print(document.paragraphs[-1].text)
""")


def load_capped(path: Path) -> list[str]:
    """Load a document in a child process under the memory cap: paragraph count, first and last text."""
    done = run_capped(["-c", LOAD, str(path)], path.parent / "home")
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


# --- zip bombs ------------------------------------------------------------------------------


class TestZipBombs:
    def test_odt_whose_content_inflates_to_one_and_a_half_gigabytes(self, tmp_path):
        content = bomb("content.xml", 1536 * MB, head=odt_xml("")[:-60].encode())
        path = odt(tmp_path / "spaces.odt", content)
        assert path.stat().st_size < 2 * MB
        translate_fails(path, "too large to open safely", "content.xml", "1.5 GB")

    def test_docx_with_a_part_of_one_point_six_gigabytes(self, tmp_path):
        part = bomb("word/document.xml", 1638 * MB, head=word_xml("")[:-20].encode(), fill=b"<w:p/>" * 4 + b" ")
        path = docx(tmp_path / "huge.docx", part)
        assert path.stat().st_size < 8 * MB
        translate_fails(path, "too large to open safely", "word/document.xml")

    def test_epub_whose_chapter_inflates_to_one_point_six_gigabytes(self, tmp_path):
        path = epub(tmp_path / "bomb.epub", opf(items("ch1"), itemrefs("ch1")),
                    {"ch1": bomb("OEBPS/ch1.xhtml", 1638 * MB, head=chapter("<p>")[:-20].encode())})
        assert path.stat().st_size < 2 * MB
        translate_fails(path, "too large to open safely", "OEBPS/ch1.xhtml")

    def test_a_member_that_states_a_small_size_and_inflates_a_huge_one(self, tmp_path):
        # The directory says 1 MB; zipfile stops there and the CRC no longer matches.
        content = bomb("content.xml", 1536 * MB, head=odt_xml("")[:-60].encode(), stated=MB)
        translate_fails(odt(tmp_path / "liar.odt", content), "damaged", "content.xml")

    def test_a_bomb_nobody_references_is_never_inflated(self, tmp_path):
        hidden = bomb("word/media/huge.bin", 1638 * MB)
        path = docx(tmp_path / "unreferenced.docx", extra=[hidden])
        assert load_capped(path) == ["1", "فقرة عربية قصيرة للاختبار.", "فقرة عربية قصيرة للاختبار."]

    def test_members_read_are_only_the_ones_the_document_names(self, tmp_path, monkeypatch):
        from reader.core.formats.zipsafe import Package

        opened = []
        real_open = Package.open
        monkeypatch.setattr(Package, "open", lambda self, name: opened.append(name) or real_open(self, name))
        path = docx(tmp_path / "parts.docx", extra=[member("word/media/picture.png", b"\x89PNG" * 1000),
                                                    member("customXml/item1.xml", "<x/>")])
        load_document(path)
        assert opened == ["_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/document.xml"]

    def test_all_parts_together_are_bounded(self, tmp_path, monkeypatch):
        body = "".join(f"<p>فقرة رقم {i} من فصل طويل بما يكفي.</p>" for i in range(400))
        names = [f"ch{i}" for i in range(6)]
        path = epub(tmp_path / "long.epub", opf(items(*names), itemrefs(*names)),
                    {n: chapter(body) for n in names})
        monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 100_000)  # about four chapters' worth
        with pytest.raises(DamagedFile, match="inflate to more than 98 KB together"):
            load_document(path)

    def test_one_part_is_bounded_while_it_streams(self, tmp_path, monkeypatch):
        body = "".join(paragraph(f"فقرة رقم {i}") for i in range(3000))
        path = docx(tmp_path / "long.docx", word_xml(body))
        monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 64 * 1024)
        with pytest.raises(DamagedFile, match="word/document.xml inflates to"):
            load_document(path)


class TestElementsHeldAtOnce:
    """64 MB of tiny elements is well over a gigabyte as a tree: what is held at once is counted."""

    def test_a_streamed_part_holds_one_block_at_a_time(self, tmp_path, monkeypatch):
        path = docx(tmp_path / "many.docx", word_xml("".join(paragraph(f"فقرة {i}") for i in range(3000))))
        monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 1000)  # 3000 paragraphs are 9000 elements in all
        assert len(load_document(path).paragraphs) == 3000

    def test_one_block_of_too_many_elements(self, tmp_path, monkeypatch):
        runs = "".join(f"<w:r><w:t>{i}</w:t></w:r>" for i in range(600))
        path = docx(tmp_path / "dense.docx", word_xml(f"<w:p>{runs}</w:p>"))
        monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 1000)
        with pytest.raises(DamagedFile, match="word/document.xml holds more than 1,000 elements in one piece"):
            load_document(path)

    @pytest.mark.parametrize("sloppy", [False, True])
    def test_a_chapter_of_too_many_elements(self, tmp_path, monkeypatch, sloppy):
        # A sloppy chapter fails as XML at once and is counted again by the forgiving HTML parser.
        body = ("</i>" if sloppy else "") + "".join(f"<b>{i}</b>" for i in range(1200))
        path = epub(tmp_path / "dense.epub", opf(items("ch1"), itemrefs("ch1")), {"ch1": chapter(body)})
        monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 1000)
        with pytest.raises(DamagedFile, match="OEBPS/ch1.xhtml holds more than 1,000 elements"):
            load_document(path)


# --- amplification --------------------------------------------------------------------------


class TestAmplification:
    def test_a_spine_that_repeats_one_chapter_twenty_thousand_times_reads_it_once(self, tmp_path):
        body = "".join(f"<p>الفقرة {i} من الفصل الوحيد.</p>" for i in range(50))
        path = epub(tmp_path / "spine.epub", opf(items("ch1"), itemrefs(*["ch1"] * 20_000)),
                    {"ch1": chapter(f"<h1>كتاب</h1>{body}")})
        assert path.stat().st_size < 4096
        assert load_capped(path) == ["51", "كتاب", "الفقرة 49 من الفصل الوحيد."]

    def test_many_manifest_ids_for_one_chapter_file_read_it_once(self, tmp_path):
        names = [f"c{i}" for i in range(2000)]
        manifest = "".join(f'<item id="{n}" href="ch.xhtml" media-type="application/xhtml+xml"/>' for n in names)
        path = epub(tmp_path / "aliases.epub", opf(manifest, itemrefs(*names)),
                    {"ch": member("OEBPS/ch.xhtml", chapter("<p>فقرة واحدة.</p>"))})
        assert [p.text for p in load_document(path).paragraphs] == ["كتاب", "فقرة واحدة."]

    def test_a_table_row_repeated_a_billion_times_stops_at_the_paragraph_bound(self, tmp_path):
        row = ('<table:table><table:table-row table:number-rows-repeated="1000000000"><table:table-cell>'
               "<text:p>خلية</text:p></table:table-cell></table:table-row></table:table>")
        translate_fails(odt(tmp_path / "rows.odt", odt_xml(row)), f"more than {limits.MAX_PARAGRAPHS:,} paragraphs")

    def test_a_run_of_a_billion_spaces_is_not_made(self, tmp_path):
        path = odt(tmp_path / "spaces.odt", odt_xml('<text:p>قبل<text:s text:c="1000000000"/>بعد</text:p>'))
        [only] = load_document(path).paragraphs
        assert only.text.startswith("قبل ") and only.text.endswith(" بعد") and len(only.text) < 2000


# --- no tracebacks --------------------------------------------------------------------------


class TestBrokenParts:
    def test_malformed_document_xml(self, tmp_path, capfd):
        path = docx(tmp_path / "broken.docx", word_xml(paragraph("نص")).replace("</w:body>", "</w:bdy>"))
        refused(path, capfd, "damaged", "word/document.xml is not well-formed XML")

    def test_malformed_styles_xml(self, tmp_path, capfd):
        path = docx(tmp_path / "styles.docx", styles=STYLES[:-12])
        refused(path, capfd, "damaged", "word/styles.xml is not well-formed XML")

    def test_an_encrypted_zip_member(self, tmp_path, capfd):
        locked = member("word/document.xml", word_xml(paragraph("سر")))
        path = docx(tmp_path / "zipcrypto.docx", Member(locked.name, locked.stored, locked.size, locked.crc,
                                                         flags=0x801))
        with pytest.raises(PasswordProtected, match="zipcrypto.docx is encrypted"):
            load_document(path)
        assert capfd.readouterr() == ("", "")

    def test_a_compression_method_zipfile_cannot_inflate(self, tmp_path, capfd):
        deflate64 = member("word/document.xml", word_xml(paragraph("نص")))
        path = docx(tmp_path / "deflate64.docx", Member(deflate64.name, deflate64.stored, deflate64.size,
                                                         deflate64.crc, method=9))
        refused(path, capfd, "damaged", "word/document.xml is corrupt")

    def test_docx_without_its_main_part(self, tmp_path, capfd):
        path = write_zip(tmp_path / "empty.docx", [member("[Content_Types].xml", DOCX_TYPES),
                                                    member("_rels/.rels", DOCX_RELS)])
        refused(path, capfd, "damaged", "word/document.xml is missing")

    @pytest.mark.parametrize("kind", ["docx", "odt", "epub"])
    def test_billion_laughs(self, tmp_path, kind):
        if kind == "docx":
            path = docx(tmp_path / "laughs.docx", word_xml(paragraph("&lol9;"), LAUGHS))
        elif kind == "odt":
            path = odt(tmp_path / "laughs.odt", odt_xml("<text:p>&lol9;</text:p>", LAUGHS))
        else:
            path = epub(tmp_path / "laughs.epub", opf(items("ch1"), itemrefs("ch1")),
                        {"ch1": chapter("<p>&lol9;</p>", LAUGHS.replace("lolz", "html"))})
        translate_fails(path, "hostile", "entities")

    @pytest.mark.parametrize("kind", ["docx", "epub"])
    def test_entities_that_stay_small_are_refused_too(self, tmp_path, capfd, kind):
        # An external entity (XXE) pointing at a local file: never read, and the file is refused.
        prolog = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        if kind == "docx":
            path = docx(tmp_path / "xxe.docx", word_xml(paragraph("&secret;"), prolog))
        else:
            path = epub(tmp_path / "xxe.epub", opf(items("ch1"), itemrefs("ch1")),
                        {"ch1": chapter("<p>&secret;</p>", prolog)})
        message = refused(path, capfd, "declares XML entities")
        assert "root:" not in message

    def test_odt_nested_five_thousand_deep(self, tmp_path):
        nested = "<text:section>" * 5000 + "<text:p>عميق</text:p>" + "</text:section>" * 5000
        translate_fails(odt(tmp_path / "deep.odt", odt_xml(nested)), "nests elements more than 256 deep")

    def test_a_sloppy_chapter_nested_five_thousand_deep(self, tmp_path, capfd):
        # Not well-formed, so read by the forgiving HTML parser, which would silently stop nesting.
        sloppy = "<html><body>" + "<div>" * 5000 + "<p>عميق<br>" + "</div>" * 5000 + "</body></html>"
        path = epub(tmp_path / "deep.epub", opf(items("ch1"), itemrefs("ch1")), {"ch1": sloppy})
        refused(path, capfd, "nests elements more than 256 deep")

    def test_docx_tables_nested_inside_each_other(self, tmp_path, capfd):
        cell = paragraph("خلية")
        for _ in range(200):
            cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
        refused(docx(tmp_path / "tables.docx", word_xml(cell)), capfd, "nests elements more than 256 deep")

    def test_a_truncated_content_part_is_refused_and_nothing_reaches_stdout(self, tmp_path):
        content = odt_xml("".join(f"<text:p>فقرة {i}</text:p>" for i in range(100)))
        path = odt(tmp_path / "cut.odt", content[: len(content) // 2])
        translate_fails(path, "damaged", "content.xml is not well-formed XML")

    @pytest.mark.parametrize("keep", [0.5, 0.99])
    def test_a_truncated_file_is_refused(self, tmp_path, keep):
        content = odt_xml("".join(f"<text:p>فقرة {i}</text:p>" for i in range(100)))
        whole = odt(tmp_path / "whole.odt", content).read_bytes()
        path = tmp_path / "truncated.odt"
        path.write_bytes(whole[: int(len(whole) * keep)])
        translate_fails(path, "damaged or truncated")


class TestEpubStructure:
    def test_without_a_spine(self, tmp_path, capfd):
        path = epub(tmp_path / "nospine.epub", opf(items("ch1"), None), {"ch1": chapter("<p>نص</p>")})
        refused(path, capfd, "damaged", "no spine")

    def test_without_a_manifest(self, tmp_path, capfd):
        path = epub(tmp_path / "nomanifest.epub", opf(None, itemrefs("ch1")), {"ch1": chapter("<p>نص</p>")})
        refused(path, capfd, "damaged", "no manifest")

    def test_without_a_container(self, tmp_path, capfd):
        path = write_zip(tmp_path / "nocontainer.epub", [stored("mimetype", "application/epub+zip"),
                                                         member("OEBPS/ch1.xhtml", chapter("<p>نص</p>"))])
        refused(path, capfd, "damaged", "package document")

    def test_an_item_without_href_is_skipped(self, tmp_path):
        manifest = '<item id="ch0" media-type="application/xhtml+xml"/>' + items("ch1")
        path = epub(tmp_path / "nohref.epub", opf(manifest, itemrefs("ch0", "ch1")),
                    {"ch1": chapter("<p>الفصل الذي له عنوان.</p>")})
        assert [p.text for p in load_document(path).paragraphs] == ["كتاب", "الفصل الذي له عنوان."]

    def test_only_items_without_href(self, tmp_path, capfd):
        manifest = '<item id="ch0" media-type="application/xhtml+xml"/>'
        path = epub(tmp_path / "nothing.epub", opf(manifest, itemrefs("ch0")), {})
        refused(path, capfd, "no readable text")

    def test_a_chapter_outside_the_book_is_not_read(self, tmp_path):
        manifest = ('<item id="ch0" href="../../../../etc/passwd" media-type="application/xhtml+xml"/>'
                    + items("ch1"))
        path = epub(tmp_path / "escape.epub", opf(manifest, itemrefs("ch0", "ch1")), {"ch1": chapter("<p>نص.</p>")})
        assert [p.text for p in load_document(path).paragraphs] == ["كتاب", "نص."]
