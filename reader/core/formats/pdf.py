"""PDF text layers, read with pdfminer.six, with Arabic put back in reading order.

A PDF stores positioned glyphs, not text, and Arabic suffers three ways:
- glyphs are drawn left to right as seen (*visual* order), whatever order the
  producer kept them in, so a naive reading runs backwards;
- many producers map glyphs to *presentation forms* (joined shapes,
  U+FB50–U+FEFF) rather than letters: Unicode NFKC folds them back;
- the lam-alef ligature is one glyph standing for two letters ("لا"), which a
  character-level reversal turns into "ال".

So we place every glyph by its coordinates, read each line left to right,
and undo the bidi layout one *glyph* at a time (keeping ligatures whole). How
to undo it depends on the paragraph's direction, which the layout shows: a
right-to-left paragraph is flush right, a left-to-right one flush left.
- right to left: reverse the line, then turn Latin words and numbers back;
- left to right (common in converted documents): reverse each Arabic run alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reader.core.document import Document
from reader.core.errors import DamagedFile, NeedsOCR, PasswordProtected
from reader.core.structure import build_document

_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_DIGITS = "0-9\u0660-\u0669\u06F0-\u06F9"
# Runs that stay left to right inside Arabic: Latin words (with the spaces
# between them) and numbers (without: "2022-06-08 09:37:57" is two runs).
# Numbers after Arabic letters are Arabic numbers in the bidi algorithm: only
# common separators (. , : /) join them into one run, so "2022-06-08" is drawn
# as three runs, "08-06-2022", and must be put back run by run.
_LTR_RUN = re.compile(
    rf"[A-Za-z{_DIGITS}]*[A-Za-z](?:[A-Za-z{_DIGITS}+.,'&/_@\-]|\s(?=[A-Za-z{_DIGITS}]*[A-Za-z]))*"
    rf"|[{_DIGITS}]+(?:[.,:/][{_DIGITS}]+)*")
_NUMBER_RUN = re.compile(rf"[{_DIGITS}]+(?:[.,:/][{_DIGITS}]+)*")
_PAGE_NUMBER = re.compile(rf"^[\s\-–—]*[{_DIGITS}]+[\s\-–—]*$")


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y: float
    size: float


def load_pdf(path: Path) -> Document:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    paragraphs: list[str] = []
    try:
        for page in extract_pages(path, laparams=LAParams()):
            paragraphs.extend(page_paragraphs(_glyphs(page)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PasswordProtected(f"{path.name} is password-protected; open it with its password and "
                                "save an unprotected copy.") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise DamagedFile(f"{path.name} is damaged or not a PDF ({type(exc).__name__}).") from None
    if not paragraphs:
        raise NeedsOCR(f"{path.name} has no text layer (it is probably scanned pages); "
                       "run it through OCR first, then open the result.")
    return build_document([(p, None) for p in paragraphs], source=path)


def _glyphs(container) -> list[_Glyph]:
    from pdfminer.layout import LTChar

    found: list[_Glyph] = []
    for item in container:
        if isinstance(item, LTChar):
            text = item.get_text()
            if text and not text.isspace():
                found.append(_Glyph(text, item.x0, item.x1, item.y0, item.size))
        elif hasattr(item, "__iter__"):
            found.extend(_glyphs(item))
    return found


@dataclass
class _Row:
    glyphs: list[_Glyph]

    @property
    def top(self) -> float:
        return -self.glyphs[0].y

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    def visual(self) -> list[str]:
        """The glyph texts left to right, with a space wherever the gap is word-sized."""
        out: list[str] = []
        for previous, glyph in zip([None, *self.glyphs], self.glyphs):
            if previous is not None and glyph.x0 - previous.x1 > 0.2 * glyph.size:
                out.append(" ")
            out.append(glyph.text)
        return out


def page_rows(glyphs: list[_Glyph]) -> list[_Row]:
    """Glyphs grouped into lines by baseline, each sorted left to right; page numbers dropped."""
    rows: list[_Row] = []
    for glyph in sorted(glyphs, key=lambda g: -g.y):
        if rows and abs(rows[-1].glyphs[0].y - glyph.y) < 0.4 * max(glyph.size, 1.0):
            rows[-1].glyphs.append(glyph)
        else:
            rows.append(_Row([glyph]))
    for row in rows:
        row.glyphs.sort(key=lambda g: g.x0)
    return [row for row in rows if not _PAGE_NUMBER.match("".join(row.visual()))]


def page_paragraphs(glyphs: list[_Glyph]) -> list[str]:
    rows = page_rows(glyphs)
    if not rows:
        return []
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)
    paragraphs = []
    for block in _blocks(rows):
        direction = _block_direction(block, left, right)
        text = " ".join(to_logical(row.visual(), direction) for row in block)
        if text.strip():
            paragraphs.append(" ".join(text.split()))
    return paragraphs


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    """Wrapped lines back into paragraphs.

    Line spacing is the smallest gap between baselines; a wider gap, a change
    of type size, or a gap far beyond a normal line ends a paragraph.
    """
    gaps = [b.top - a.top for a, b in zip(rows, rows[1:]) if b.top > a.top]
    spacing = min(gaps) if gaps else 0.0
    blocks: list[list[_Row]] = [[rows[0]]]
    for previous, row in zip(rows, rows[1:]):
        gap = row.top - previous.top
        resized = row.size > 1.2 * previous.size or previous.size > 1.2 * row.size
        if gap > 1.25 * spacing or gap > 1.8 * row.size or resized:
            blocks.append([row])
        else:
            blocks[-1].append(row)
    return blocks


def _block_direction(block: list[_Row], left: float, right: float) -> str:
    """"rtl" if the paragraph hangs from the right margin, "ltr" from the left, else by script."""
    votes = 0
    for row in block:
        tolerance = row.size
        flush_left, flush_right = row.x0 - left < tolerance, right - row.x1 < tolerance
        votes += (flush_right and not flush_left) - (flush_left and not flush_right)
    if votes:
        return "rtl" if votes > 0 else "ltr"
    return "rtl" if _is_rtl("".join(g.text for row in block for g in row.glyphs)) else "ltr"


def to_logical(visual: list[str], direction: str) -> str:
    """A line's glyphs (left to right as drawn) as text in reading order."""
    if direction == "rtl":
        line = "".join(g.translate(_MIRRORED) for g in reversed(visual))
        line = _LTR_RUN.sub(lambda m: m.group(0)[::-1], line)
    else:
        line = "".join(_rtl_runs_reversed(visual))
    return " ".join(unicodedata.normalize("NFKC", line).split())


def _rtl_runs_reversed(visual: list[str]) -> list[str]:
    """In a left-to-right line, each Arabic run reads backwards: turn each one round.

    A run is the stretch between Latin letters that holds Arabic, from its
    first to its last Arabic letter, taking in numbers on its left (Arabic
    numbers follow the letters before them) unless they touch a Latin word,
    and, at the very start of the line, the full stop that ended the run.
    """
    out: list[str] = []
    i = 0
    while i < len(visual):
        if _strong_ltr(visual[i]):
            out.append(visual[i])
            i += 1
            continue
        end = i
        while end < len(visual) and not _strong_ltr(visual[end]):
            end += 1
        stretch = visual[i:end]
        arabic = [k for k, g in enumerate(stretch) if _strong_rtl(g)]
        if not arabic:
            out.extend(stretch)
            i = end
            continue
        first, last = arabic[0], arabic[-1]
        after_latin = i > 0 and _strong_ltr(visual[i - 1])
        while first > 0 and (i == 0 or (stretch[first - 1][0].isdigit() and not after_latin)
                             or (stretch[first - 1] == " " and first > 1 and stretch[first - 2][0].isdigit()
                                 and not after_latin)):
            first -= 1
        out.extend(stretch[:first])
        run = "".join(g.translate(_MIRRORED) for g in reversed(stretch[first:last + 1]))
        out.append(_NUMBER_RUN.sub(lambda m: m.group(0)[::-1], run))
        out.extend(stretch[last + 1:])
        i = end
    return out


def _strong_rtl(glyph: str) -> bool:
    return unicodedata.bidirectional(glyph[0]) in ("R", "AL")


def _strong_ltr(glyph: str) -> bool:
    return unicodedata.bidirectional(glyph[0]) == "L"


def _is_rtl(text: str) -> bool:
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    ltr = sum(unicodedata.bidirectional(c) == "L" for c in text)
    return rtl > ltr
