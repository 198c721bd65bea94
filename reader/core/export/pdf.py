"""The bilingual PDF: Arabic shaped by HarfBuzz, set right to left, fonts embedded.

fpdf2 shapes text with HarfBuzz (joined letters, marks on their letters,
ligatures) and runs the Unicode bidi algorithm, so Latin names and numbers
sit where they belong inside Arabic; it writes a ToUnicode map, so the text
can be selected, searched and extracted. We paginate ourselves: a pair is kept
together when it fits on a page, and one that cannot fit is split line by
line with both sides continuing side by side on the next page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from reader import __version__
from reader.core.document import Direction, Role
from reader.core.export import Bilingual, GlossaryLine
from reader.core.resources import resource_path

PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN = 16          # mm
GUTTER = 8           # mm between the columns
HEADER = 12          # mm taken by the running header
BASE_SIZE = 10.0     # pt, English body text
ARABIC_SCALE = 1.3   # Naskh needs more size than Latin to read equally well
_ROLE_SCALE = {Role.TITLE: 1.45, Role.HEADING: 1.2, Role.METADATA: 0.85, Role.BYLINE: 0.85}


@dataclass
class _Block:
    """One side of a pair, broken into lines at its column width."""

    lines: list[str]
    line_height: float
    font: tuple[str, str, float]  # family, style, size
    rtl: bool

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height


def write(bilingual: Bilingual, *, layout: str = "side-by-side", paper: str = "a4",
          glossary: list[GlossaryLine] | None = None,
          progress: Callable[[int, int], None] | None = None) -> bytes:
    from fpdf import FPDF

    doc = bilingual.document
    meta = (f"{doc.source.name if doc.source else ''} · {bilingual.model} · "
            f"{bilingual.created:%Y-%m-%d}").strip(" ·")

    class _Pdf(FPDF):
        def header(self) -> None:
            self.set_y(MARGIN - 8)
            self.set_text_color(110)
            _font(self, ("Sans", "", 8), rtl=False)
            room = self.w - 2 * MARGIN - self.get_string_width(meta) - 8
            self.set_xy(MARGIN, MARGIN - 8)
            self.cell(0, 5, meta, align="L")
            _font(self, ("Naskh", "", 8.5), rtl=True)
            title = doc.title
            while title and self.get_string_width(title) > room:
                title = title[: max(0, len(title) - 4)].rstrip()
            if title != doc.title:
                title += "…"
            self.set_xy(MARGIN, MARGIN - 8)
            self.cell(0, 5, title, align="R", new_x="LMARGIN")
            self.set_draw_color(200)
            self.line(MARGIN, MARGIN - 2, self.w - MARGIN, MARGIN - 2)
            self.set_text_color(0)
            self.set_y(MARGIN + HEADER - 8)

        def footer(self) -> None:
            self.set_y(-MARGIN + 4)
            _font(self, ("Sans", "", 8), rtl=False)
            self.set_text_color(110)
            self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="C")
            self.set_text_color(0)

    pdf = _Pdf(format=PAPERS[paper])
    pdf.set_creator(f"reader {__version__}")
    pdf.set_title(doc.title)
    pdf.set_lang("ar")
    pdf.alias_nb_pages()
    pdf.set_margins(MARGIN, MARGIN + HEADER - 8, MARGIN)
    pdf.set_auto_page_break(False)
    # Noto Naskh Arabic for Arabic, Noto Sans for English and for the Latin letters
    # and digits inside Arabic (Naskh has none): both embedded as subsets.
    for family, file in (("Naskh", "NotoNaskhArabic"), ("Sans", "NotoSans")):
        for style, weight in (("", "Regular"), ("B", "Bold")):
            pdf.add_font(family, style=style, fname=str(resource_path(f"fonts/{file}-{weight}.ttf")))
    pdf.set_fallback_fonts(["Sans"], exact_match=False)
    pdf.add_page()

    width = pdf.w - 2 * MARGIN
    bottom = pdf.h - MARGIN - 6
    side = layout != "interleaved"
    column = (width - GUTTER) / 2 if side else width
    total = len(bilingual.rows)
    for number, row in enumerate(bilingual.rows, 1):
        role = row.paragraph.role
        arabic = _block(pdf, row.paragraph.text, column, role, rtl=row.paragraph.direction is Direction.RTL,
                        arabic=True)
        english = _block(pdf, row.translation or "—", column, role, rtl=False, arabic=False)
        if side:
            # English on the left, Arabic on the right; each pair starts on a shared line.
            _place_side_by_side(pdf, english, arabic, MARGIN, MARGIN + column + GUTTER, column, bottom)
        else:
            _place_stacked(pdf, [arabic, english], MARGIN, column, bottom)
        pdf.set_y(pdf.get_y() + (4 if role is not Role.TITLE else 6))
        if progress is not None:
            progress(number, total)
    if glossary:
        _appendix(pdf, glossary, width, bottom)
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def _font(pdf, font: tuple[str, str, float], *, rtl: bool) -> None:
    family, style, size = font
    pdf.set_font(family, style=style, size=size)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr",
                         script="arab" if rtl else "latn", language="ar" if rtl else "en")


def _block(pdf, text: str, width: float, role: Role, *, rtl: bool, arabic: bool) -> _Block:
    size = BASE_SIZE * _ROLE_SCALE.get(role, 1.0) * (ARABIC_SCALE if arabic else 1.0)
    font = ("Naskh" if arabic else "Sans", "B" if role in (Role.TITLE, Role.HEADING) else "", size)
    _font(pdf, font, rtl=rtl)
    line_height = size * 0.3528 * (1.6 if arabic else 1.45)  # pt to mm, with leading
    lines = pdf.multi_cell(width, line_height, text, align="R" if rtl else "L",
                           dry_run=True, output="LINES")
    return _Block([str(line) for line in lines] or [""], line_height, font, rtl)


def _draw_lines(pdf, block: _Block, lines: list[str], x: float, y: float, width: float) -> None:
    _font(pdf, block.font, rtl=block.rtl)
    for i, line in enumerate(lines):
        pdf.set_xy(x, y + i * block.line_height)
        pdf.cell(width, block.line_height, line, align="R" if block.rtl else "L")


def _place_side_by_side(pdf, left: _Block, right: _Block, left_x: float, right_x: float,
                        width: float, bottom: float) -> None:
    height = max(left.height, right.height)
    room = bottom - pdf.get_y()
    if height > room and height <= bottom - pdf.t_margin:
        pdf.add_page()  # keep the pair together on a fresh page
    done_left = done_right = 0
    while True:
        y = pdf.get_y()
        room = bottom - y
        take_left = _fit(left, done_left, room)
        take_right = _fit(right, done_right, room)
        if take_left == take_right == 0 and y <= pdf.t_margin + 1:  # never loop on an empty page
            take_left, take_right = min(1, len(left.lines) - done_left), min(1, len(right.lines) - done_right)
        _draw_lines(pdf, left, left.lines[done_left:done_left + take_left], left_x, y, width)
        _draw_lines(pdf, right, right.lines[done_right:done_right + take_right], right_x, y, width)
        done_left += take_left
        done_right += take_right
        used = max(take_left * left.line_height, take_right * right.line_height)
        pdf.set_y(y + used)
        if done_left >= len(left.lines) and done_right >= len(right.lines):
            return
        pdf.add_page()  # the pair continues, both sides side by side again


def _place_stacked(pdf, blocks: list[_Block], x: float, width: float, bottom: float) -> None:
    height = sum(b.height for b in blocks) + 2
    if height > bottom - pdf.get_y() and height <= bottom - pdf.t_margin:
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
            _draw_lines(pdf, block, block.lines[done:done + take], x, y, width)
            done += take
            pdf.set_y(y + take * block.line_height)
        pdf.set_y(pdf.get_y() + 1)


def _fit(block: _Block, done: int, room: float) -> int:
    """How many of the remaining lines fit in `room` (at least one on an empty page)."""
    remaining = len(block.lines) - done
    fit = int(room // block.line_height) if room > 0 else 0
    return max(0, min(remaining, fit))


def _appendix(pdf, glossary: list[GlossaryLine], width: float, bottom: float) -> None:
    pdf.add_page()
    _font(pdf, ("Sans", "B", 14), rtl=False)
    pdf.cell(0, 10, "Glossary", new_x="LMARGIN", new_y="NEXT")
    columns = (width * 0.4, width * 0.2, width * 0.4)
    for line in glossary:
        if pdf.get_y() + 8 > bottom:
            pdf.add_page()
        y = pdf.get_y()
        _font(pdf, ("Sans", "", 10), rtl=False)
        pdf.set_xy(MARGIN, y)
        pdf.cell(columns[0], 7, line.english)
        pdf.cell(columns[1], 7, line.kind)
        _font(pdf, ("Naskh", "", 12.5), rtl=True)
        pdf.cell(columns[2], 7, line.arabic, align="R")
        pdf.set_y(y + 8)

