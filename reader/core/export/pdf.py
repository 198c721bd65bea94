"""The bilingual PDF: Arabic shaped by HarfBuzz, set right to left, fonts embedded.

fpdf2 shapes text with HarfBuzz (joined letters, marks on their letters,
ligatures) and runs the Unicode bidi algorithm, so Latin names and numbers sit
where they belong inside Arabic; it writes a ToUnicode map, so the text can be
selected, searched and extracted. pdf_text.py keeps every word in one shaping run
(fpdf2 alone cuts words at their marks) and breaks the lines.

We paginate ourselves. Side by side, the English column is on the left and the
Arabic on the right, each pair starting on a shared line; a pair is kept on one
page when it fits, and one that cannot is continued side by side on the next
page. Interleaved, each Arabic paragraph is followed by its English and the text
flows: a page may end between the two (never inside a line), so pages fill.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

from reader import __version__
from reader.core.document import Direction, Role
from reader.core.export import Bilingual, GlossaryLine
from reader.core.export.marks import flag_reasons
from reader.core.export.pdf_text import Line, LineBreaker, ShapingPdf, printable
from reader.core.resources import resource_path

PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN = 16          # mm
GUTTER = 8           # mm between the columns
HEADER = 12          # mm taken by the running header
BASE_SIZE = 10.0     # pt, English body text
ARABIC_SCALE = 1.3   # Naskh needs more size than Latin to read equally well
PT = 0.3528          # mm per point
_ROLE_SCALE = {Role.TITLE: 1.45, Role.HEADING: 1.2, Role.METADATA: 0.85, Role.BYLINE: 0.85}
_FLAG_COLOUR = (176, 96, 0)  # the marker and reasons of a flagged paragraph (mark_flags=True)
_GREY = 110
# Where the page count goes: control characters, which `printable` removes from every text,
# so a document that says "{nb}" (fpdf2's usual alias) keeps saying it.
_PAGES = "\x00nb\x00"


@dataclass
class _Block:
    """One side of a pair, broken into lines at its column width."""

    lines: list[Line]
    heights: list[float]
    rtl: bool
    flagged: bool = False  # draw the flag marker beside its first line
    _height: float | None = field(default=None, repr=False)

    @property
    def height(self) -> float:
        if self._height is None:
            self._height = sum(self.heights)
        return self._height


def write(bilingual: Bilingual, *, layout: str = "side-by-side", paper: str = "a4",
          glossary: list[GlossaryLine] | None = None,
          progress: Callable[[int, int], None] | None = None, mark_flags: bool = False) -> bytes:
    """The PDF's bytes. `progress(done, total)` is called after each paragraph; it may raise to stop."""
    pdf = _Pdf(bilingual, paper)
    try:
        return _write(pdf, bilingual, layout, glossary, progress, mark_flags)
    except BaseException:  # cancelled or failed: fpdf2 closes the font files only in output()
        pdf.close_fonts()
        raise


def _write(pdf: _Pdf, bilingual: Bilingual, layout: str, glossary: list[GlossaryLine] | None,
           progress: Callable[[int, int], None] | None, mark_flags: bool) -> bytes:
    breaker = LineBreaker(pdf)
    width = pdf.w - 2 * MARGIN
    bottom = pdf.h - MARGIN - 6
    side = layout != "interleaved"
    column = (width - GUTTER) / 2 if side else width
    total = len(bilingual.rows)
    for number, row in enumerate(bilingual.rows, 1):
        role = row.paragraph.role
        arabic = _block(pdf, breaker, row.paragraph.text, column, role,
                        rtl=row.paragraph.direction is Direction.RTL, arabic=True)
        english = _block(pdf, breaker, row.translation or "—", column, role, rtl=False, arabic=False)
        if mark_flags and getattr(row, "flags", ()):
            _add_reasons(pdf, breaker, english, row.flags, column)
        if side:
            _place_side_by_side(pdf, english, arabic, MARGIN, MARGIN + column + GUTTER, column, bottom)
        else:
            _place_flowing(pdf, [arabic, english], MARGIN, column, bottom, keep=role in (Role.TITLE, Role.HEADING))
        pdf.set_y(pdf.get_y() + (4 if role is not Role.TITLE else 6))
        if progress is not None:
            progress(number, total)
    if glossary:
        _appendix(pdf, breaker, glossary, width, bottom)
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


class _Pdf(ShapingPdf):
    """The page: running header (file, model, date; the title on the right) and page numbers."""

    def __init__(self, bilingual: Bilingual, paper: str) -> None:
        super().__init__(format=PAPERS[paper])
        doc = bilingual.document
        self._meta = printable(f"{doc.source.name if doc.source else ''} · {bilingual.model} · "
                               f"{bilingual.created:%Y-%m-%d}").strip(" ·")
        self._title = printable(doc.title).replace("\n", " ")
        self._header_lines: tuple[Line, Line] | None = None
        self.set_creator(f"reader {__version__}")
        self.set_title(self._title)
        self.set_lang("ar")
        self.alias_nb_pages(_PAGES)
        self.set_margins(MARGIN, MARGIN + HEADER - 8, MARGIN)
        self.set_auto_page_break(False)
        self.c_margin = 0  # lines are broken to the column's full width: no inner cell margin
        # Noto Naskh Arabic for Arabic, Noto Sans for English and for the Latin letters inside
        # Arabic (Naskh has none); each is the other's fallback. Both embedded as subsets.
        for family, file in (("Naskh", "NotoNaskhArabic"), ("Sans", "NotoSans")):
            for style, weight in (("", "Regular"), ("B", "Bold")):
                self.add_font(family, style=style, fname=str(resource_path(f"fonts/{file}-{weight}.ttf")))
        self.set_fallback_fonts(["Sans", "Naskh"], exact_match=False)
        self.add_page()

    def header(self) -> None:
        self.set_text_color(_GREY)
        if self._header_lines is None:  # shaped once, drawn on every page
            _font(self, ("Sans", "", 8), rtl=False)
            meta = self.shaped_line(self._meta)
            _font(self, ("Naskh", "", 8.5), rtl=True)
            room = self.w - 2 * MARGIN - meta.width - 8
            self._header_lines = (meta, _shortened(self, self._title, room))
        meta, title = self._header_lines
        self.draw_line(meta, MARGIN, MARGIN - 8, self.w - 2 * MARGIN, 5, rtl=False)
        self.draw_line(title, MARGIN, MARGIN - 8, self.w - 2 * MARGIN, 5, rtl=True)
        self.set_draw_color(200)
        self.line(MARGIN, MARGIN - 2, self.w - MARGIN, MARGIN - 2)
        self.set_text_color(0)
        self.set_y(MARGIN + HEADER - 8)

    def footer(self) -> None:
        self.set_y(-MARGIN + 4)
        _font(self, ("Sans", "", 8), rtl=False)
        self.set_text_color(_GREY)
        self.cell(0, 5, f"{self.page_no()} / {_PAGES}", align="C")
        self.set_text_color(0)


def _shortened(pdf: ShapingPdf, title: str, room: float) -> Line:
    """The title as one line no wider than `room`: whole words, then "…" when some had to go."""
    line = pdf.shaped_line(title)
    words = title.split(" ")
    while line.width > room and len(words) > 1:
        words.pop()
        line = pdf.shaped_line(" ".join(words) + "…")
    while line.width > room and len(words[0]) > 1:  # one long word: cut it
        words[0] = words[0][:-1]
        line = pdf.shaped_line(words[0] + "…")
    return line


def _font(pdf, font: tuple[str, str, float], *, rtl: bool) -> None:
    family, style, size = font
    pdf.set_font(family, style=style, size=size)
    # The script is left to HarfBuzz for each run (Arabic, Latin, digits), so a Latin name inside
    # Arabic is shaped as Latin; the language picks the font's Arabic or English forms.
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr",
                         language="ar" if rtl else "en")


def _block(pdf, breaker: LineBreaker, text: str, width: float, role: Role, *, rtl: bool,
           arabic: bool) -> _Block:
    size = BASE_SIZE * _ROLE_SCALE.get(role, 1.0) * (ARABIC_SCALE if arabic else 1.0)
    font = ("Naskh" if arabic else "Sans", "B" if role in (Role.TITLE, Role.HEADING) else "", size)
    _font(pdf, font, rtl=rtl)
    line_height = size * PT * (1.6 if arabic else 1.45)  # with leading
    lines = breaker.lines(printable(text), width)
    return _Block(lines, [line_height] * len(lines), rtl)


def _add_reasons(pdf, breaker: LineBreaker, block: _Block, flags: tuple, width: float) -> None:
    """A flagged paragraph: a marker beside it and, under its English, why it was flagged."""
    size = BASE_SIZE * 0.8
    _font(pdf, ("Sans", "", size), rtl=False)
    pdf.set_text_color(*_FLAG_COLOUR)  # the lines' fragments keep the colour they were made in
    for reason in flag_reasons(flags):
        lines = breaker.lines(printable(f"Check: {reason}"), width)
        block.lines.extend(lines)
        block.heights.extend([size * PT * 1.4] * len(lines))
    pdf.set_text_color(0)
    block.flagged = True
    block._height = None


def _draw_lines(pdf, block: _Block, start: int, count: int, x: float, y: float, width: float) -> float:
    """Draw `count` lines of `block` from `start` at (x, y); returns the height used."""
    if block.flagged and start == 0 and count:
        pdf.set_fill_color(*_FLAG_COLOUR)
        pdf.circle(x - 3.2, y + block.heights[0] / 2 - 0.9, 1.8, style="F")  # left of the column
        pdf.set_fill_color(0)
    used = 0.0
    for i in range(start, start + count):
        pdf.draw_line(block.lines[i], x, y + used, width, block.heights[i], rtl=block.rtl)
        used += block.heights[i]
    return used


def _fit(block: _Block, done: int, room: float) -> int:
    """How many of the remaining lines fit in `room`."""
    take, used = 0, 0.0
    for height in block.heights[done:]:
        if used + height > room + 1e-6:
            break
        used += height
        take += 1
    return take


def _place_side_by_side(pdf, left: _Block, right: _Block, left_x: float, right_x: float,
                        width: float, bottom: float) -> None:
    height = max(left.height, right.height)
    if height > bottom - pdf.get_y() and height <= bottom - pdf.t_margin:
        pdf.add_page()  # keep the pair together on a fresh page
    done_left = done_right = 0
    while True:
        y = pdf.get_y()
        room = bottom - y
        take_left = _fit(left, done_left, room)
        take_right = _fit(right, done_right, room)
        if take_left == take_right == 0 and y <= pdf.t_margin + 1:  # never loop on an empty page
            take_left = min(1, len(left.lines) - done_left)
            take_right = min(1, len(right.lines) - done_right)
        used = max(_draw_lines(pdf, left, done_left, take_left, left_x, y, width),
                   _draw_lines(pdf, right, done_right, take_right, right_x, y, width))
        done_left += take_left
        done_right += take_right
        pdf.set_y(y + used)
        if done_left >= len(left.lines) and done_right >= len(right.lines):
            return
        pdf.add_page()  # the pair continues, both sides side by side again


def _place_flowing(pdf, blocks: list[_Block], x: float, width: float, bottom: float, *, keep: bool) -> None:
    """Interleaved: the blocks one after the other, a page ending wherever a line does not fit.

    A heading (`keep`) is not left alone at the foot of a page: it moves to the next page
    when the first line of what follows it would not fit under it.
    """
    first = blocks[0]
    need = (first.height + (blocks[1].heights[0] if len(blocks) > 1 and blocks[1].heights else 0)
            if keep else (first.heights[0] if first.heights else 0))
    if need > bottom - pdf.get_y() and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()
    for block in blocks:
        done = 0
        while done < len(block.lines):
            y = pdf.get_y()
            take = _fit(block, done, bottom - y)
            if take == 0:
                if y <= pdf.t_margin + 1:
                    take = 1
                else:
                    pdf.add_page()
                    continue
            pdf.set_y(y + _draw_lines(pdf, block, done, take, x, y, width))
            done += take
        pdf.set_y(pdf.get_y() + 1)


def _appendix(pdf, breaker: LineBreaker, glossary: list[GlossaryLine], width: float, bottom: float) -> None:
    """The names glossary: English, type (as the window names it), Arabic."""
    pdf.add_page()
    _font(pdf, ("Sans", "B", 14), rtl=False)
    pdf.cell(0, 10, "Glossary", new_x="LMARGIN", new_y="NEXT")
    columns = (width * 0.4, width * 0.2, width * 0.4)
    for entry in glossary:
        _font(pdf, ("Sans", "", 10), rtl=False)
        english = breaker.lines(printable(entry.english), columns[0] - 2)
        kind = breaker.lines(printable(entry.kind_label), columns[1] - 2)
        _font(pdf, ("Naskh", "", 12.5), rtl=True)
        arabic = breaker.lines(printable(entry.arabic), columns[2])
        height = 7.5  # one line height for the three cells, so they share a baseline
        rows = max(len(english), len(kind), len(arabic)) * height + 1
        if pdf.get_y() + rows > bottom:
            pdf.add_page()
        y = pdf.get_y()
        for lines, x, w, rtl in ((english, MARGIN, columns[0], False), (kind, MARGIN + columns[0], columns[1], False),
                                 (arabic, MARGIN + columns[0] + columns[1], columns[2], True)):
            for i, line in enumerate(lines):
                pdf.draw_line(line, x, y + i * height, w, height, rtl=rtl)
        pdf.set_y(y + rows)
