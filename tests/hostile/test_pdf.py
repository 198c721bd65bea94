"""Hostile PDFs (issue 10): bombs, forms drawing forms, deep nesting, quadratic marks, running heads.

Each PDF is written here by hand (tests/hostile/_pdfbuild.py), small; a bomb is a few hundred
kilobytes of deflated spaces. Attacks run the real command line, `python -m reader translate
FILE`, in a child process whose address space is capped at 1 GiB, and must end as a document
error: exit code 2, one line on stderr naming the file and what was too large, no traceback,
nothing on stdout, and nothing from pdfminer's logger.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core.errors import DamagedFile, NeedsOCR
from reader.core.formats import load_document
from reader.core.formats.pdf_glyphs import Glyph
from reader.core.formats.pdf_lines import _marks_before_their_letters

sys.path.insert(0, str(Path(__file__).parent))
from _pdfbuild import flate_bomb, page, pdf, stream  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1 << 30


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def run_capped(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, READER_HOME=str(home), PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, preexec_fn=_cap,
                          capture_output=True, text=True, timeout=120)


def translate_fails(path: Path, *words: str) -> str:
    done = run_capped(["-m", "reader", "translate", str(path)], path.parent / "home")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"reader: {path.name} "), done.stderr
    for word in words:
        assert word in done.stderr
    return done.stderr


def load_capped(path: Path, before: str = "") -> str:
    """load_document in a capped child: its outcome as one line (the error's class and message)."""
    code = textwrap.dedent(f"""
        {before}
        from reader.core.errors import DocumentError
        from reader.core.formats import load_document
        try:
            doc = load_document({str(path)!r})
            print("ok", len(doc.paragraphs))
        except DocumentError as exc:
            print(type(exc).__name__, exc)
    """)
    done = run_capped(["-c", code], path.parent / "home")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr == ""  # no pdfminer warnings
    return done.stdout.strip()


def forms_drawing_forms(levels: int) -> bytes:
    """Each form draws the next twice: 2**levels drawings from a few KB."""
    forms = []
    for i in range(levels):
        if i < levels - 1:
            content, resources = b"/X Do /X Do", b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + i)
        else:
            content, resources = b"BT /F1 12 Tf 72 700 Td (deep) Tj ET", b"/Resources << /Font << /F1 5 0 R >> >>"
        forms.append(stream(content, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources))
    return page(b"/X Do", b"/XObject << /X 6 0 R >>", more=forms)


def test_a_flate_bomb_fails_cleanly_under_a_memory_cap(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(flate_bomb(200))  # 200 MB of spaces in about 200 KB
    assert path.stat().st_size < 1 << 20
    translate_fails(path, "too large", "inflates to more than 64 MB")


def test_forms_that_draw_each_other_are_bounded(tmp_path):
    path = tmp_path / "forms.pdf"
    path.write_bytes(forms_drawing_forms(30))  # 2**30 drawings
    assert path.stat().st_size < 8000
    # The document bound (limits.MAX_PDF_XOBJECT_CALLS) made small so the test stays fast.
    outcome = load_capped(path, "from reader.core.formats import limits; limits.MAX_PDF_XOBJECT_CALLS = 3000")
    assert outcome == "DamagedFile forms.pdf is too large to open safely: it draws more than 3,000 forms and images."


def test_forms_nested_too_deep_fail_cleanly(tmp_path):
    path = tmp_path / "deep.pdf"
    forms = []
    for i in range(100):  # a chain, each drawing the next once
        forms.append(stream(b"/X Do", b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                      b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + i)))
    forms.append(stream(b"BT /F1 12 Tf 72 700 Td (deep) Tj ET", b" /Type /XObject /Subtype /Form /BBox [0 0 1 1]"))
    path.write_bytes(page(b"/X Do", b"/XObject << /X 6 0 R >>", more=forms))
    translate_fails(path, "nested more than")


DEEP = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize("where, data, words", [
    ("page-tree", page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET").replace(b"/Kids [3 0 R]", b"/Kids [3 0 R " + DEEP + b"]"),
     ("damaged",)),
    ("content", page(b"BT /F1 12 Tf 72 700 Td " + DEEP + b" TJ ET"), ("no text layer",)),
])
def test_arrays_nested_200000_deep_are_a_document_error(tmp_path, where, data, words):
    path = tmp_path / f"nested-{where}.pdf"
    path.write_bytes(data)
    translate_fails(path, *words)


def test_text_differing_only_in_digits_is_kept_not_taken_for_running_heads(tmp_path):
    """Four pages, each one short line that differs from the others only in its number."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(4))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 4 >>"]
    for i in range(4):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 11 0 R >> >> >>" % (4 + 2 * i))
        objects.append(stream(b"BT /F1 14 Tf 72 400 Td (Table %d of the annual report) Tj ET" % (i + 1)))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path = tmp_path / "tables.pdf"
    path.write_bytes(pdf(objects))
    texts = [p.text for p in load_document(path).paragraphs]
    assert texts == [f"Table {i} of the annual report" for i in range(1, 5)]


def test_a_long_line_repeated_at_the_top_of_every_page_is_text(tmp_path):
    line = b"This long sentence opens every page of the document and is the author's own text, not a header"
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(3))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 3 >>"]
    for i in range(3):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 9 0 R >> >> >>" % (4 + 2 * i))
        objects.append(stream(b"BT /F1 10 Tf 40 760 Td (" + line + b") Tj ET"))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path = tmp_path / "repeated.pdf"
    path.write_bytes(pdf(objects))
    assert len(load_document(path).paragraphs) == 3


def test_marked_content_that_does_not_balance_or_spans_lines_is_read_as_drawn(tmp_path):
    """An EMC with no BDC, an /ActualText over two lines (it may not move text between lines), one never closed."""
    path = tmp_path / "spans.pdf"
    path.write_bytes(page(b"EMC BT /F1 12 Tf 72 700 Td /Span << /ActualText (two) >> BDC (first line) Tj 0 -40 Td "
                          b"(second line) Tj EMC EMC /Span << /ActualText (never closed) >> BDC 0 -40 Td (last words) "
                          b"Tj ET"))
    assert [p.text for p in load_document(path).paragraphs] == ["first line second line last words"]


def test_actual_text_stands_for_its_glyphs_but_brings_no_control_characters(tmp_path):
    path = tmp_path / "actual.pdf"
    path.write_bytes(page(b"BT /F1 12 Tf 72 700 Td (a) Tj /Span << /ActualText <FEFF0644> >> BDC (bc) Tj EMC (d) Tj "
                          b"0 -40 Td /Span << /ActualText (\\000\\001) >> BDC (x) Tj EMC ET"))
    assert [p.text for p in load_document(path).paragraphs] == ["a\u0644d"]


def test_marked_content_nested_200000_deep_is_read_in_linear_time(tmp_path):
    """200,000 BDC then 200,000 EMC under an ActualText: 1.4 MB of operators, read in linear time."""
    content = (b"BT /F1 12 Tf 72 700 Td /Span << /ActualText (kept) >> BDC " + b"/P BDC " * 200_000
               + b"(drawn) Tj " + b"EMC " * 200_000 + b"EMC ET")
    path = tmp_path / "nested-spans.pdf"
    path.write_bytes(page(content, flate=True))
    assert path.stat().st_size < 100_000
    assert load_capped(path).startswith("ok 1")


def test_a_long_actual_text_drawn_again_and_again_is_counted_against_the_glyph_bound(tmp_path):
    """One glyph standing for 100,000 letters, in a form drawn 50 times: 5 million letters from 100 KB."""
    form = stream(b"BT /F1 12 Tf 72 700 Td /Span << /ActualText (" + b"a" * 100_000 + b") >> BDC (x) Tj EMC ET",
                  b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>")
    path = tmp_path / "amplified.pdf"
    path.write_bytes(page(b"/X Do " * 50, b"/XObject << /X 6 0 R >>", more=[form]))
    # The document bound (limits.MAX_PDF_GLYPHS) made small so the test stays fast.
    outcome = load_capped(path, "from reader.core.formats import limits; limits.MAX_PDF_GLYPHS = 1_000_000")
    assert outcome == "DamagedFile amplified.pdf is too large to open safely: it places more than 1,000,000 glyphs."


def test_no_text_layer_only_when_there_are_no_glyphs(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(page(b"0 0 m 100 100 l S"))
    with pytest.raises(NeedsOCR, match="no text layer"):
        load_document(path)


def test_a_line_of_20000_marked_letters_is_placed_in_n_log_n():
    """Each mark finds its letter by bisection; quadratic search took 21 s CPU on this line."""
    letters = [Glyph("ب", x, x + 5.0, 700.0, 12.0) for x in range(0, 200_000, 10)]
    marks = [Glyph("\u064e", x + 1.0, x + 4.0, 708.0, 12.0) for x in range(0, 200_000, 10)]
    code = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_CPU, (10, 10))
        from reader.core.formats.pdf_glyphs import Glyph
        from reader.core.formats.pdf_lines import _marks_before_their_letters
        letters = [Glyph("ب", x, x + 5.0, 700.0, 12.0) for x in range(0, 200_000, 10)]
        marks = [Glyph("\\u064e", x + 1.0, x + 4.0, 708.0, 12.0) for x in range(0, 200_000, 10)]
        placed = _marks_before_their_letters(letters, marks)
        print(len(placed))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "40000", done.stderr   # finished inside 10 s of CPU
    placed = _marks_before_their_letters(letters[:3], marks[:3])
    assert [g.text for g in placed] == ["\u064e", "ب"] * 3    # each mark just before its own letter


def test_lines_of_20000_spaced_out_letters_are_not_compared_as_table_rows():
    """Every gap a cell gap: comparing two such lines gap by gap would take 400 million steps."""
    code = textwrap.dedent("""
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (10, 10))
        from reader.core.formats.pdf_glyphs import Glyph
        from reader.core.formats.pdf_lines import Row
        from reader.core.formats.pdf_tables import table_cuts
        rows = []
        for y in (700.0, 686.0, 672.0):
            letters = [Glyph("ب", x, x + 5.0, y, 12.0) for x in range(0, 600_000, 30)]
            rows.append(Row(letters, letters))
        print(len(table_cuts(rows)))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0", done.stderr   # finished inside 10 s of CPU, and no table


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")[:300],
    page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET").replace(b"/Length", b"/Length 99999999 /L"),
    page(b"x" * 50, flate=True).replace(b"/FlateDecode", b"/LZWDecode"),
], ids=["no-pages", "truncated", "bad-length", "wrong-filter"])
def test_broken_pdfs_are_damaged_files_or_empty_never_a_traceback(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    try:
        load_document(path)
    except (DamagedFile, NeedsOCR) as error:
        assert "\n" not in str(error) and "broken.pdf" in str(error)
    except Exception as error:  # anything else is the bug this test is for
        pytest.fail(f"{type(error).__name__}: {error}")
