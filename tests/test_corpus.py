"""The documents corpus comes back as its authors wrote it, in every format.

benchmarks/corpus holds real Arabic (and English) documents, each as a reference NAME.txt and as
renderings by the tools people use (LibreOffice, pandoc, plain text in four encodings, Markdown,
hand-written web pages); tools/make_documents_corpus.py builds it. Targets from issue 11: the
paragraph count within ±5% of the reference, ≥ 95% of the reference paragraphs found exactly
(whitespace normalised), similarity ≥ 0.99. Plain text, Markdown and HTML must do better: every
paragraph exactly as written, line breaks and tabs included. The reportlab PDFs are held to what
their font can draw (tests/test_pdf.py): it lacks brackets, hyphens, quotes and Latin letters, and
arabic-reshaper drops the marks, so those paragraphs cannot come back whole from any reader.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from reader.core.formats import load_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"


def _benchmark():
    spec = importlib.util.spec_from_file_location("documents_benchmark", ROOT / "benchmarks" / "documents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _benchmark()
PAIRS = [(reference, rendering) for reference, renderings in BENCH.find_pairs(CORPUS)
         for rendering in renderings if not rendering.name.endswith(".reportlab.pdf")]
EXACT_FORMATS = {".txt", ".md", ".html"}


def test_the_corpus_has_every_kind_of_rendering():
    kinds = {rendering.name.split(".", 1)[1] for _, rendering in PAIRS}
    assert {"bom-crlf.txt", "cp1256.txt", "utf16.txt", "md", "html", "docx", "odt", "epub", "pdf", "tex.pdf"} <= kinds
    assert {"news-page.html", "docs-page.html"} <= {rendering.name for _, rendering in PAIRS}
    assert len({reference for reference, _ in PAIRS}) >= 10


@pytest.mark.parametrize("reference, rendering", PAIRS, ids=[r.name for _, r in PAIRS])
def test_rendering_meets_the_targets(reference, rendering):
    expected = BENCH.read_reference(reference)
    got = [p.text for p in load_document(rendering).paragraphs]
    assert abs(len(got) - len(expected)) <= BENCH.COUNT_TOLERANCE * len(expected), (len(got), len(expected))
    result = BENCH.measure(expected, rendering)
    assert result["found"] >= BENCH.FOUND_TARGET
    assert result["similarity"] >= BENCH.SIMILARITY_TARGET


@pytest.mark.parametrize("reference, rendering", [p for p in PAIRS if p[1].suffix in EXACT_FORMATS],
                         ids=[r.name for _, r in PAIRS if r.suffix in EXACT_FORMATS])
def test_text_markdown_and_web_pages_come_back_exactly(reference, rendering):
    """Line breaks inside a paragraph, table cells, invisible marks, vocalisation: all as written."""
    expected = [p.strip() for p in BENCH.read_reference(reference)]
    assert [p.text for p in load_document(rendering).paragraphs] == expected
