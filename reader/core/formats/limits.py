"""How much work one document may cost: the bounds every loader respects.

A 2 KB file can describe gigabytes (a zip or flate bomb, an EPUB spine that
repeats one chapter, PDF forms that draw each other). Loaders stream and
count against these bounds and fail with `DamagedFile` (exit 2) instead of
exhausting memory or time. The numbers are far above any real article or
book (the largest real books are a few MB of text).

Loaders read the numbers as `limits.NAME` at the moment they check, so a test
can lower one with monkeypatch.
"""

from __future__ import annotations

from reader.core.errors import DamagedFile

MAX_MEMBER_BYTES = 64 * 1024 * 1024      # one inflated zip member (content.xml, a chapter)
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024   # all inflated members read for one document together
MAX_COMPRESSION_RATIO = 200              # declared inflated size / compressed size of a member
RATIO_CHECKED_ABOVE = 1024 * 1024        # ...checked only for members larger than this (tiny parts compress anyhow)
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024  # one decoded PDF stream
MAX_PDF_DECODED_BYTES = 512 * 1024 * 1024  # all decoded PDF streams of one document together
MAX_PDF_PAGES = 5_000
MAX_PDF_GLYPHS = 20_000_000              # glyphs placed, whole document
MAX_PDF_XOBJECT_CALLS = 100_000          # form XObjects drawn, whole document
MAX_NESTING = 500                        # elements inside elements (XML), arrays in arrays (PDF)
MAX_XML_ELEMENTS = 1_000_000             # XML elements held at once: a whole part, or one streamed block
MAX_PARAGRAPHS = 200_000                 # paragraphs in one document
MAX_TEXT_CHARS = 100_000_000             # characters of text in one document

# libxml2 (through lxml, without huge_tree) refuses XML nested deeper than this itself,
# before MAX_NESTING is reached; the zip-package loaders rely on it.
XML_PARSER_DEPTH = 256


def size_text(n: int) -> str:
    """A byte count the way a person says it: '1.5 GB', '64 MB', '900 KB'."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 10 and value != int(value) else f"{value:.0f} {unit}"
    return f"{n} bytes"


class TextTally:
    """Counts the paragraphs and characters a loader produces, against the document bounds.

    Loaders call `add` for every block as they make it, so an amplified file
    (a spine repeating a chapter, a table row repeated a billion times) stops at
    the bound instead of after memory is gone.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.paragraphs = 0
        self.chars = 0

    def add(self, text: str) -> None:
        self.paragraphs += 1
        self.chars += len(text)
        if self.paragraphs > MAX_PARAGRAPHS:
            raise DamagedFile(f"{self.filename} has more than {MAX_PARAGRAPHS:,} paragraphs, "
                              "more than reader opens in one document.")
        if self.chars > MAX_TEXT_CHARS:
            raise DamagedFile(f"{self.filename} has more than {MAX_TEXT_CHARS:,} characters of text, "
                              "more than reader opens in one document.")
