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
# Runs that stay left to right inside Arabic: Latin words with what lies
# between them and the numbers after them ("C + C5", "Kazakhstan 2022": the
# bidi algorithm makes all of it left to right), and numbers alone (without
# spaces: "2022-06-08 09:37:57" is two runs).
# Numbers after Arabic letters are Arabic numbers in the bidi algorithm: only
# common separators (. , : /) join them into one run, so "2022-06-08" is drawn
# as three runs, "08-06-2022", and must be put back run by run.
_LTR_RUN = re.compile(
    rf"[A-Za-z{_DIGITS}]*[A-Za-z](?:[A-Za-z{_DIGITS}+.,'&/_@\-]|[\s+=*&/\-]+(?=[A-Za-z{_DIGITS}]))*"
    rf"|[{_DIGITS}]+(?:[.,:/][{_DIGITS}]+)*")
_NUMBER_RUN = re.compile(rf"[{_DIGITS}]+(?:[.,:/][{_DIGITS}]+)*")
_PAGE_NUMBER = re.compile(rf"^[\s\-–—]*[{_DIGITS}]+(?:\s*/\s*[{_DIGITS}]+)?[\s\-–—]*$")  # 7, - 7 -, 7 / 12


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

    try:
        pages = [_page_paragraphs(_glyphs(page)) for page in extract_pages(path, laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PasswordProtected(f"{path.name} is password-protected; open it with its password and "
                                "save an unprotected copy.") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise DamagedFile(f"{path.name} is damaged or not a PDF ({type(exc).__name__}).") from None
    paragraphs: list[str] = []
    runs_on = False
    for found in _without_running_heads(pages):
        if runs_on and paragraphs and found and _same_script(paragraphs[-1], found[0][0]):  # broken by the page end
            paragraphs[-1] += " " + found[0][0]
            runs_on = found[0][1]
            found = found[1:]
        if found:
            paragraphs.extend(text for text, _ in found)
            runs_on = found[-1][1]
    if not paragraphs:
        raise NeedsOCR(f"{path.name} has no text layer (it is probably scanned pages); "
                       "run it through OCR first, then open the result.")
    return build_document([(p, None) for p in paragraphs], source=path)


def _without_running_heads(pages: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool]]]:
    """Pages without the header or footer repeated on most of them ("Report 2024 · page 3").

    A line is a running head when, numbers aside, it opens or closes at least
    half of the pages (two at least); elsewhere on a page the same words stay.
    """
    def shape(text: str) -> str:
        return re.sub(rf"[{_DIGITS}]+", "#", " ".join(text.split()))

    edges: dict[str, int] = {}
    for page in pages:
        for text in {shape(page[0][0]), shape(page[-1][0])} if page else ():
            edges[text] = edges.get(text, 0) + 1
    repeated = {text for text, count in edges.items() if count >= 2 and count * 2 >= len(pages)}
    if not repeated:
        return pages
    cleaned = []
    for page in pages:
        page = list(page)
        while page and shape(page[0][0]) in repeated:
            page.pop(0)
        while page and shape(page[-1][0]) in repeated:
            page.pop()
        cleaned.append(page)
    return cleaned


def _glyphs(container) -> list[_Glyph]:
    from pdfminer.layout import LTChar

    found: list[_Glyph] = []
    for item in container:
        if isinstance(item, LTChar):
            text = item.get_text()
            if text and not text.isspace():
                # The baseline, from the text matrix: bounding boxes hang by each font's descent,
                # so brackets from a Latin font would sit apart from the Arabic beside them.
                baseline = item.matrix[5] if getattr(item, "matrix", None) else item.y0
                found.append(_Glyph(text, item.x0, item.x1, baseline, item.size))
        elif hasattr(item, "__iter__"):
            found.extend(_glyphs(item))
    return found


@dataclass
class _Row:
    glyphs: list[_Glyph]

    @property
    def top(self) -> float:
        """Where the line sits: its letters' median (a mark below a letter hangs lower)."""
        ys = sorted(g.y for g in self.glyphs if not _is_mark(g)) or [self.glyphs[0].y]
        return -ys[len(ys) // 2]

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
        previous: _Glyph | None = None   # the last letter (marks sit on letters, not between words)
        marks_from = None                # where the marks placed before the coming letter begin
        for glyph in self.glyphs:
            if _is_mark(glyph):
                marks_from = len(out) if marks_from is None else marks_from
                out.append(glyph.text)
                continue
            if previous is not None and glyph.x0 - previous.x1 > 0.2 * glyph.size:
                out.insert(len(out) if marks_from is None else marks_from, " ")
            out.append(glyph.text)
            previous, marks_from = glyph, None
        return out


def page_rows(glyphs: list[_Glyph]) -> list[_Row]:
    """Glyphs grouped into lines by baseline, each sorted left to right; page numbers dropped."""
    rows: list[_Row] = []
    marks = [g for g in glyphs if _is_mark(g)]
    for glyph in sorted((g for g in glyphs if not _is_mark(g)), key=lambda g: -g.y):
        if rows and abs(rows[-1].glyphs[0].y - glyph.y) < 0.4 * max(glyph.size, 1.0):
            rows[-1].glyphs.append(glyph)
        else:
            rows.append(_Row([glyph]))
    for mark in marks:  # raised or lowered onto its letter: it joins the nearest line
        if rows:
            min(rows, key=lambda r: abs(r.glyphs[0].y - mark.y)).glyphs.append(mark)
    for row in rows:
        row.glyphs = _marks_before_their_letters(sorted(row.glyphs, key=lambda g: g.x0))
    return [row for row in rows if not _PAGE_NUMBER.match("".join(row.visual()))]


def _is_mark(glyph: _Glyph) -> bool:
    return unicodedata.category(glyph.text[0]) == "Mn"


def _marks_before_their_letters(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Each Arabic mark (a tanween, a shadda) just left of the letter it sits on.

    Read right to left, the mark then follows its letter ("وفقًا", not "وفًقا").
    """
    letters = [g for g in glyphs if not _is_mark(g)]
    placed: dict[int, list[_Glyph]] = {}
    loose = []
    for mark in (g for g in glyphs if _is_mark(g)):
        centre = (mark.x0 + mark.x1) / 2
        base = next((i for i, g in enumerate(letters) if g.x0 <= centre <= g.x1 and _strong_rtl(g.text)), None)
        if (base is not None and mark.text == "\u064b" and letters[base].text == "ا" and base + 1 < len(letters)
                and _strong_rtl(letters[base + 1].text)):
            base += 1  # a tanween drawn over the final alef is written on the letter before it: جارًا
        if base is None:
            loose.append(mark)
        else:
            placed.setdefault(base, []).append(mark)
    ordered = []
    for i, letter in enumerate(letters):
        ordered.extend(placed.get(i, ()))
        ordered.append(letter)
    return sorted(loose + ordered, key=lambda g: g.x0) if loose else ordered


def _page_paragraphs(glyphs: list[_Glyph]) -> list[tuple[str, bool]]:
    """(text, runs on) per paragraph: "runs on" when it fills the column's last line unfinished,
    so it continues at the top of the next column or page."""
    rows = page_rows(glyphs)
    if not rows:
        return []
    rtl_page = _is_rtl("".join(g.text for g in glyphs))
    paragraphs: list[tuple[str, bool]] = []
    for stream in reading_streams(rows, rtl_page):
        left, right = min(r.x0 for r in stream), max(r.x1 for r in stream)
        blocks = _blocks(stream)
        for number, block in enumerate(blocks):
            direction = _block_direction(block, left, right)
            text = " ".join(to_logical(row.visual(), direction) for row in block)
            text = " ".join(_brackets_facing_inwards(_KASHIDA_AS_PERCENT.sub("", text)).split())
            if not text:
                continue
            last = block[-1]
            # Only a stream's last paragraph can run on, or the last before a running footer.
            runs_on = (len(stream) >= 3 and not text.endswith(_FINAL)
                       and last.x0 - left < last.size and right - last.x1 < last.size)
            if paragraphs and paragraphs[-1][1] and number == 0 and _same_script(paragraphs[-1][0], text):
                paragraphs[-1] = (f"{paragraphs[-1][0]} {text}", runs_on)
            else:
                paragraphs.append((text, runs_on))
    return paragraphs


_FINAL = (".", "!", "?", "؟", "…", ":", "»", '"', ")")


# LibreOffice maps the kashida it stretches justified Arabic with to "%". Next to a letter it is
# not a percent sign (that follows a number).
_KASHIDA_AS_PERCENT = re.compile(r"(?<=[\u0621-\u064A\u064B-\u065F])%+|%+(?=[\u0621-\u064A])")
_OPENING, _CLOSING = "([{«", ")]}»"


def _brackets_facing_inwards(text: str) -> str:
    """Undo a mirroring the producer already did: ")شينخوا(" is "(شينخوا)".

    Some producers store the mirrored bracket an Arabic line shows, some the
    bracket that was typed. Whichever it was, a paragraph whose brackets only
    pair up when swapped gets them swapped.
    """
    if not any(c in _OPENING + _CLOSING for c in text) or _nested(text):
        return text
    swapped = text.translate(str.maketrans(_OPENING + _CLOSING, _CLOSING + _OPENING))
    return swapped if _nested(swapped) else text


def _nested(text: str) -> bool:
    depth = 0
    for c in text:
        if c in _OPENING:
            depth += 1
        elif c in _CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def reading_streams(rows: list[_Row], rtl_page: bool, depth: int = 0) -> list[list[_Row]]:
    """The page's lines in reading order, one stream per column.

    Newspapers and reports set text in columns, and lines of neighbouring
    columns share baselines. Where many lines have a wide gap at the same
    place (the gutter), each is cut there; the columns of such a stretch are
    read one after the other (right first on an Arabic page), and lines that
    cross the gutter (a title over both columns) stay whole, in place.
    """
    gutter = _gutter(rows) if depth < 3 else None
    if gutter is None:
        return [rows]
    streams: list[list[_Row]] = []
    whole: list[_Row] = []
    first: list[_Row] = []
    second: list[_Row] = []

    def close_columns() -> None:
        for column in (first, second):
            if column:
                streams.extend(reading_streams(list(column), rtl_page, depth + 1))
        first.clear()
        second.clear()

    for row in rows:
        left = [g for g in row.glyphs if g.x1 <= gutter]
        right = [g for g in row.glyphs if g.x0 >= gutter]
        if len(left) + len(right) < len(row.glyphs):  # crosses the gutter
            close_columns()
            whole.append(row)
            continue
        if whole:
            streams.append(whole)
            whole = []
        leading, trailing = (right, left) if rtl_page else (left, right)
        if leading:
            first.append(_Row(leading))
        if trailing:
            second.append(_Row(trailing))
    close_columns()
    if whole:
        streams.append(whole)
    return streams


def _gutter(rows: list[_Row]) -> float | None:
    """The x of a column gutter, if the page has one.

    A gutter is a place well inside the text where several lines have a wide
    gap and almost no line has a letter (a title over both columns may): lines
    that lie wholly on one side of it are the columns themselves, however
    unequal their lengths.
    """
    sizes = sorted(g.size for row in rows for g in row.glyphs)
    size = sizes[len(sizes) // 2] if sizes else 0.0
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)
    gaps_by_row = [[(a.x1, b.x0) for a, b in zip(row.glyphs, row.glyphs[1:]) if b.x0 - a.x1 >= size]
                   for row in rows]
    candidates = sorted({a + 0.01 for gaps in gaps_by_row for a, _ in gaps
                         if left + 0.1 * (right - left) < a < right - 0.1 * (right - left)})
    if size <= 0 or not candidates:
        return None
    best, best_count = None, 0
    for x in candidates:
        in_gap = sum(any(a <= x <= b for a, b in gaps) for gaps in gaps_by_row)
        crossing = sum(row.x0 < x < row.x1 for row in rows) - in_gap
        if crossing <= max(1, 0.15 * len(rows)) and in_gap > best_count:
            best, best_count = x, in_gap
    if best is None or best_count < 2:
        return None
    covering = [(a, b) for gaps in gaps_by_row for a, b in gaps if a <= best <= b]
    return (max(a for a, _ in covering) + min(b for _, b in covering)) / 2


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    """Wrapped lines back into paragraphs.

    Line spacing is the smallest gap between baselines, in proportion to the
    type size (Arabic is often set larger than the English beside it); a wider
    gap, a change of type size, or a gap far beyond a normal line ends a paragraph.
    """
    ratios = [(b.top - a.top) / max(a.size, 1.0) for a, b in zip(rows, rows[1:]) if b.top > a.top]
    spacing = min(ratios) if ratios else 0.0
    blocks: list[list[_Row]] = [[rows[0]]]
    for previous, row in zip(rows, rows[1:]):
        gap = row.top - previous.top
        resized = row.size > 1.2 * previous.size or previous.size > 1.2 * row.size
        if gap > 1.25 * spacing * max(previous.size, 1.0) or gap > 1.8 * row.size or resized:
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


def _same_script(a: str, b: str) -> bool:
    """Whether two paragraphs can be one (an English column never continues an Arabic one)."""
    return _is_rtl(a) == _is_rtl(b)


def _is_rtl(text: str) -> bool:
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    ltr = sum(unicodedata.bidirectional(c) == "L" for c in text)
    return rtl > ltr
