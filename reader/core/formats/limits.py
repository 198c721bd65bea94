"""How much work one document may cost: the bounds every loader respects.

A 2 KB file can describe gigabytes (a zip or flate bomb, an EPUB spine that
repeats one chapter, PDF forms that draw each other). Loaders stream and
count against these bounds and fail with `DamagedFile` (exit 2) instead of
exhausting memory or time. The numbers are far above any real article or
book (the largest real books are a few MB of text).
"""

from __future__ import annotations

MAX_MEMBER_BYTES = 64 * 1024 * 1024      # one inflated zip member (content.xml, a chapter)
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024   # all inflated members read for one document together
MAX_COMPRESSION_RATIO = 200              # declared inflated size / compressed size of a member
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024  # one decoded PDF stream
MAX_PDF_DECODED_BYTES = 512 * 1024 * 1024  # all decoded PDF streams of one document together
MAX_PDF_PAGES = 5_000
MAX_PDF_GLYPHS = 20_000_000              # glyphs placed, whole document
MAX_PDF_XOBJECT_CALLS = 100_000          # form XObjects drawn, whole document
MAX_NESTING = 500                        # elements inside elements (XML), arrays in arrays (PDF)
MAX_PARAGRAPHS = 200_000                 # paragraphs in one document
MAX_TEXT_CHARS = 100_000_000             # characters of text in one document
