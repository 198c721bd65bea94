"""PDF documents: the author's paragraphs from the text layer, within bounds.

The work is split by what it is about:
- pdf_glyphs: the glyphs of each page (pdfminer.six), every cost counted
  against reader/core/formats/limits.py, glyphs without Unicode resolved
  through the embedded font or left out;
- pdf_lines: glyphs into lines, each line back into reading order (the bidi
  algorithm run backwards);
- pdf_paragraphs: lines into columns and paragraphs from layout evidence;
- pdf_tables: table rows among a column's lines;
- pdf_own: reader's own bilingual exports (the document's paragraphs without
  their translations: the exporter's layout is known exactly);
- here: running heads and page numbers, headings and titles, and every failure
  turned into a one-line DocumentError.
"""

from __future__ import annotations

import contextlib
import re
import struct
import unicodedata
import zlib
from pathlib import Path

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, NeedsOCR, PasswordProtected
from reader.core.structure import build_document, looks_like_byline, looks_like_metadata

_DIGITS = "0-9\u0660-\u0669\u06F0-\u06F9"
# 7, - 7 -, 7 / 12, page 7, صفحة 7
_PAGE_NUMBER = re.compile(rf"^(?:page|p\.|صفحة|ص)?[\s\-–—]*[{_DIGITS}]+(?:\s*(?:/|of|من)\s*[{_DIGITS}]+)?[\s\-–—]*$",
                          re.IGNORECASE)
_EDGE = 0.14           # of the page height: where running heads and page numbers live
_HEAD_WORDS = 12       # a running head is a short line


def load_pdf(path: Path) -> Document:
    from reader.core.formats import pdf_glyphs, pdf_own

    with contextlib.ExitStack() as stack:
        try:
            pdf = pdf_glyphs.open_pdf(path, stack)
            own = pdf.creator.startswith(pdf_own.CREATOR)
            pages = [_page_lines(page, own) for page in pdf.pages]
        except pdf_glyphs.TooLarge as exc:
            raise DamagedFile(f"{path.name} is too large to open safely: {exc}.") from None
        except _password_errors():
            raise PasswordProtected(f"{path.name} is password-protected; open it with its password and "
                                    "save an unprotected copy.") from None
        except RecursionError:
            raise DamagedFile(f"{path.name} is damaged or not a PDF (its objects are nested too deep).") from None
        except MemoryError:
            raise DamagedFile(f"{path.name} is too large to open safely.") from None
        except _damage_errors() as exc:
            raise DamagedFile(f"{path.name} is damaged or not a PDF ({type(exc).__name__}).") from None
        glyphs = pdf.budget.glyphs
    if not any(pages):
        if glyphs:
            raise NeedsOCR(f"{path.name} has no readable text: its fonts do not say which letters they draw; "
                           "run it through OCR first, then open the result.")
        raise NeedsOCR(f"{path.name} has no text layer (it is probably scanned pages); "
                       "run it through OCR first, then open the result.")
    return build_document(_roles(_blocks(pages, own), own), source=path)


def _password_errors() -> tuple[type[BaseException], ...]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return PDFPasswordIncorrect, PDFEncryptionError


def _damage_errors() -> tuple[type[BaseException], ...]:
    """What pdfminer raises on a broken file (it has no common base for all of it)."""
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    return (PDFException, PSException, ValueError, KeyError, TypeError, AssertionError, IndexError,
            AttributeError, ZeroDivisionError, OverflowError, struct.error, zlib.error, EOFError)


def _page_lines(page, own: bool):
    """The page's lines (columns in reading order), with the page's height for the edge rules."""
    from reader.core.formats import pdf_own
    from reader.core.formats.pdf_lines import page_rows
    from reader.core.formats.pdf_paragraphs import lines_of, reading_streams

    glyphs, spaces, beside = page.glyphs, page.spaces, False
    if own:
        glyphs, beside = pdf_own.body(glyphs, page.width, page.height)
        start = min((g.x0 for g in glyphs), default=0.0)
        spaces = [s for s in spaces if start <= s.x0]
    rows = page_rows(glyphs, spaces, cell_gap=pdf_own.CELL_GAP if own else None)
    if not rows:
        return []
    rtl_page = _is_rtl("".join(g.text for g in glyphs))
    lines = [line for stream in reading_streams(rows, rtl_page) for line in lines_of(stream, rtl_page, aligned=own)]
    for line in lines:
        line.page_height = page.height
        line.translation_beside = beside
    return lines


def _blocks(pages, own: bool):
    from reader.core.formats import pdf_own
    from reader.core.formats.pdf_paragraphs import blocks_of

    if own:
        pdf_own.mark_page_ends(pages)
    lines = [line for page in (_without_running_heads(pages) if not own else pages) for line in page]
    blocks = blocks_of(lines, known_leading=pdf_own.LEADING if own else None) if lines else []
    return pdf_own.document_blocks(blocks) if own else blocks


def _without_running_heads(pages):
    """Pages without page numbers and the header or footer repeated on most of them.

    Only short lines at the very top or bottom of a page can be running heads: a
    line whose words (numbers aside) open or close at least half of the pages (two
    at least), or a page number standing apart at the top or bottom. Long lines,
    and lines inside the text, stay whatever they say.
    """
    def shape(text: str) -> str:
        return re.sub(rf"[{_DIGITS}]+", "#", " ".join(text.split()))

    def edges(page):
        candidates = []
        for index in (0, 1, -2, -1):
            if -len(page) <= index < len(page):
                line = page[index]
                top = line.y > line.page_height * (1 - _EDGE)
                bottom = line.y < line.page_height * _EDGE
                if (top and index >= 0) or (bottom and index < 0):
                    if len(line.text.split()) <= _HEAD_WORDS:
                        candidates.append(index % len(page))
        return sorted(set(candidates))

    counts: dict[str, int] = {}
    for page in pages:
        for text in {shape(page[i].text) for i in edges(page)}:
            counts[text] = counts.get(text, 0) + 1
    repeated = {text for text, count in counts.items() if count >= 2 and count * 2 >= len(pages)}
    cleaned = []
    for page in pages:
        drop = set()
        for i in edges(page):
            line = page[i]
            apart = _stands_apart(page, i)
            if shape(line.text) in repeated and apart:
                drop.add(i)
            elif _PAGE_NUMBER.match(line.text) and apart:
                drop.add(i)
        kept = [line for i, line in enumerate(page) if i not in drop]
        if kept and drop and 0 in drop:
            kept[0].new_stream = True
        cleaned.append(kept)
    return cleaned


def _stands_apart(page, i: int) -> bool:
    """Whether the line is further from its neighbour in the text than a line space."""
    line = page[i]
    neighbour = page[i + 1] if i + 1 < len(page) and i < len(page) / 2 else (page[i - 1] if i > 0 else None)
    if neighbour is None:
        return True
    return abs(neighbour.y - line.y) > 1.6 * max(line.size, neighbour.size)


def _roles(blocks, own: bool) -> list[tuple[str, Role | None]]:
    """Headings by their type (larger, or bold in a text that is not), the first one the title.

    Lines of the body leave their role to build_document (metadata and bylines
    look alike in every format), but list items and paragraphs under headings the
    layout shows are body text.
    """
    weights: dict[float, int] = {}
    for block in blocks:
        for line in block.lines:
            weights[round(line.size, 1)] = weights.get(round(line.size, 1), 0) + len(line.text)
    body = max(weights, key=weights.get) if weights else 0.0
    body_bold = sum(len(line.text) for b in blocks for line in b.lines if line.bold) * 2 > sum(weights.values())
    from reader.core.formats.pdf_paragraphs import brackets_as_typed

    found: list[tuple[str, Role | None]] = []
    layout_headings = False
    for block, text in zip(blocks, brackets_as_typed([b.text for b in blocks])):
        if not text:
            continue
        bigger = block.size > 1.12 * body
        heading = (bigger or (block.bold and not body_bold)) and not block.marker and len(text.split()) <= 25
        if heading:
            layout_headings = True
            found.append((text, Role.TITLE if not found and bigger else Role.HEADING))
        elif block.marker:
            found.append((text, Role.BODY))
        else:
            found.append((text, None))
    if layout_headings:  # the layout says what is a heading: the rest is body (or metadata, bylines)
        found = [(t, r if r is not None or looks_like_metadata(t) or looks_like_byline(t) else Role.BODY)
                 for t, r in found]
    return found


def _is_rtl(text: str) -> bool:
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    ltr = sum(unicodedata.bidirectional(c) == "L" for c in text)
    return rtl > ltr
