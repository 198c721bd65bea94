"""Text for the PDF: whole words shaped together, lines broken once, shaped runs cached.

fpdf2 (2.8.9) cuts text into fragments that HarfBuzz shapes one by one. It cuts
wherever the Unicode script changes, and Arabic marks (fatha, shadda, tanween,
superscript alef) have the script "Inherited", so every vocalised word was shaped
in pieces: joins broken before tanween + alef, lam-alef losing its ligature,
marks left unattached. `ShapingPdf._parse_chars` replaces that step for plain
text: a mark, ZWJ/ZWNJ, tatweel or digit stays in the run of the letter before it
(upstream fix: docs/upstream/fpdf2-inherited-script.patch). It also keeps such a
character in a fallback-font run (Latin inside Arabic) when that font has it.

`_CachingFont` replaces two methods of fpdf2's font: shaping is remembered (an LRU
shared by all exports: the result depends on the font file and the run alone), and
`shape_text` gives each cluster's characters to the glyph on the baseline, so text
extractors return vocalised words whole (see its docstring).

Lines are broken here rather than by `multi_cell`, which shapes the growing line
again for every character it adds; words are measured once per font and size, and
each line is shaped once for measuring and drawing both.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterator

from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.enums import Align, XPos, YPos
from fpdf.line_break import Fragment, TextLine
from fpdf.unicode_script import UnicodeScript, get_unicode_script

from reader.core.export.marks import plain_safe

_WEAK = (UnicodeScript.COMMON, UnicodeScript.INHERITED, UnicodeScript.UNKNOWN)
# A table cell boundary ("\t") is drawn as this gap: two em spaces between the cells.
CELL_GAP = "\u2003\u2003"
_SPACES = re.compile(r" +")
_LONGEST_WORD = 1000  # characters: longer never fits a line, so it is cut without being measured whole
_SHAPING_CACHE = 4096  # shaped runs kept: a few pages' worth of lines, and the words


@dataclass(frozen=True)
class Line:
    """One line as it will be drawn: fpdf2 fragments (logical order) and their width in mm."""

    fragments: tuple[Fragment, ...]
    width: float


def printable(text: str) -> str:
    """The text without control characters; a tab becomes a visible gap, CR a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return plain_safe(text).replace("\t", f" {CELL_GAP} ")


class ShapingPdf(FPDF):
    """FPDF that keeps each Arabic word in one shaping run and caches shaped runs."""

    def add_font(self, family=None, style="", fname=None, **kwargs) -> None:
        super().add_font(family, style=style, fname=fname, **kwargs)
        font = self.fonts.get((family or "").lower() + style)
        if type(font) is TTFFont:
            font.__class__ = _CachingFont  # same slots: only the shaping method differs

    def close_fonts(self) -> None:
        """Close the font files fpdf2 keeps open until `output()` (for an export that stops early)."""
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                font.close()

    def _parse_chars(self, text: str, markdown: bool, *, _initial_emphasis=None) -> Iterator[Fragment]:
        """Split plain text into runs of one font and one script, marks staying with their letter.

        Markdown, the `{nb}` page-count alias and unshaped text go to fpdf2's own code.
        """
        alias = self.str_alias_nb_pages
        if markdown or not self.text_shaping or not self.is_ttf_font or (alias and alias in text):
            yield from super()._parse_chars(text, markdown, _initial_emphasis=_initial_emphasis)
            return
        if _initial_emphasis is None:
            _initial_emphasis = ("B" in self.font_style, "I" in self.font_style,
                                 bool(self.strikethrough), bool(self.underline))
        bold, italics, strikethrough, underline = _initial_emphasis
        style = ("B" if bold else "") + ("I" if italics else "")
        primary = self.current_font.cmap
        run: list[str] = []
        run_font: str | None = None  # None: the current font; else a fallback font's key
        run_script = None
        for char in text:
            script = get_unicode_script(char)
            weak = script in _WEAK
            code = ord(char)
            if char == " " or char == "\n":
                font = None  # a space ends a fallback run, so words are measured alike anywhere
            elif weak and run and code in (self.fonts[run_font].cmap if run_font else primary):
                font = run_font  # a mark, joiner, tatweel or digit stays with the letter before it
            elif code in primary:
                font = None
            else:
                font = self.get_fallback_font(char, style)  # None: drawn as missing in the current font
            if run and (font != run_font or (not weak and run_script is not None and script != run_script)):
                yield self._fragment(run, run_font, style, strikethrough, underline)
                run = []
                run_script = None
            run_font = font
            if not weak:
                run_script = script
            run.append(char)
        if run:
            yield self._fragment(run, run_font, style, strikethrough, underline)
        self._markdown_emphasis = _initial_emphasis

    def _fragment(self, chars: list[str], fallback: str | None, style: str, strikethrough: bool,
                  underline: bool) -> Fragment:
        state = self._get_current_graphics_state()
        state.font_style = style
        state.strikethrough = strikethrough
        state.underline = underline
        if fallback:
            state.font_family = fallback.replace("B", "").replace("I", "")
            state.font_style = "".join(c for c in fallback if c in "BI")
            state.current_font = self.fonts[fallback]
        return Fragment(chars, state, self.k)

    # -- lines ---------------------------------------------------------------------------------

    def shaped_line(self, text: str) -> Line:
        """`text` as one line in the current font and direction (bidi resolved, runs shaped)."""
        fragments = tuple(self._preload_bidirectional_text(text, False)) if text else ()
        return Line(fragments, sum(f.get_width(initial_cs=i != 0) for i, f in enumerate(fragments)))

    def draw_line(self, line: Line, x: float, y: float, width: float, height: float, *, rtl: bool) -> None:
        """Draw a line made by `shaped_line`, right-aligned in [x, x + width] when `rtl`."""
        if not line.fragments:
            return
        self.set_xy(x, y)
        self._render_styled_text_line(
            TextLine(line.fragments, text_width=line.width, number_of_spaces=0,
                     align=Align.R if rtl else Align.L, height=height, max_width=width),
            height, new_x=XPos.RIGHT, new_y=YPos.TOP)


class LineBreaker:
    """Breaks paragraphs into lines that fit a width, for one `ShapingPdf` and its current font.

    Words are measured once (cached by font, size and direction); each line is then
    shaped whole and shortened if it came out wider than the column, so no line is
    ever drawn past its column, whatever marks or scripts it holds.
    """

    def __init__(self, pdf: ShapingPdf) -> None:
        self.pdf = pdf
        self._widths: dict[tuple, float] = {}

    def lines(self, text: str, width: float) -> list[Line]:
        """The lines of `text` (already `printable`) in the current font: "\\n" breaks a line."""
        lines: list[Line] = []
        for hard_line in text.split("\n"):
            lines.extend(self._break(_SPACES.split(hard_line.strip(" ")), width))
        return lines or [Line((), 0.0)]

    def _break(self, words: list[str], width: float) -> list[Line]:
        words = [w for w in words if w]
        if not words:
            return [Line((), 0.0)]
        space = self._width(" ")
        lines: list[Line] = []
        start = 0
        while start < len(words):
            if len(words[start]) > _LONGEST_WORD:  # never measured whole: cut a line's worth off
                head, tail = self._cut(words[start], width)
                lines.append(self.pdf.shaped_line(head))
                if tail:
                    words[start] = tail
                else:
                    start += 1
                continue
            end, used = start, 0.0
            while end < len(words) and len(words[end]) <= _LONGEST_WORD:
                grow = self._width(words[end]) + (space if end > start else 0.0)
                if end > start and used + grow > width:
                    break
                used += grow
                end += 1
            line = self.pdf.shaped_line(" ".join(words[start:end]))
            while line.width > width and end - start > 1:  # the estimate was short: shape it again
                end -= 1
                line = self.pdf.shaped_line(" ".join(words[start:end]))
            if line.width > width and len(words[start]) > 1:  # one word wider than the column: cut it
                head, tail = self._cut(words[start], width)
                lines.append(self.pdf.shaped_line(head))
                words[start] = tail
                continue
            lines.append(line)
            start = end
        return lines

    def _cut(self, word: str, width: float) -> tuple[str, str]:
        """The longest start of `word` that fits (at least one character, a mark kept with its letter).

        Prefixes are tried from short to long, so a line's worth is found without ever
        shaping the rest of a very long word.
        """
        def fits(length: int) -> bool:
            return self.pdf.shaped_line(word[:length]).width <= width

        low, high = 1, 32  # one character is taken even if it does not fit
        while high < len(word) and fits(high):
            low, high = high, high * 2
        if high >= len(word):
            if fits(len(word)):
                return word, ""
            high = len(word)
        high -= 1  # the longest that may still fit
        while low < high:
            middle = (low + high + 1) // 2
            if fits(middle):
                low = middle
            else:
                high = middle - 1
        while low < len(word) - 1 and get_unicode_script(word[low]) is UnicodeScript.INHERITED:
            low += 1
        return word[:low], word[low:]

    def _width(self, word: str) -> float:
        pdf = self.pdf
        key = (pdf.current_font.fontkey, pdf.font_size_pt, pdf.text_shaping["direction"], word)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = pdf.shaped_line(word).width
        return width


class _ShapedRuns:
    """An LRU of HarfBuzz's glyphs and positions for a run: they depend on the font file and the key alone."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._runs: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()  # an export may run in a worker thread

    def get(self, font: TTFFont, text: str, size: float, params: dict) -> tuple:
        features = params.get("features") or {}
        key = (str(font.ttffile), font.collection_font_number, text, size, params.get("fragment_direction"),
               params.get("script"), params.get("language"), tuple(sorted(features.items())))
        with self._lock:
            shaped = self._runs.get(key)
            if shaped is not None:
                self._runs.move_to_end(key)
                return shaped
        shaped = TTFFont.perform_harfbuzz_shaping(font, text, size, params)
        with self._lock:
            self._runs[key] = shaped
            if len(self._runs) > self._size:
                self._runs.popitem(last=False)
        return shaped


_SHAPED = _ShapedRuns(_SHAPING_CACHE)


class _CachingFont(TTFFont):
    """A TTFFont that shapes a run once however often it is measured, and maps glyphs to text for extractors."""

    __slots__ = ()

    def perform_harfbuzz_shaping(self, text: str, font_size_pt: float, text_shaping_params: dict | None):
        if text_shaping_params is None:
            return super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        return _SHAPED.get(self, text, font_size_pt, text_shaping_params)

    def shape_text(self, text: str, font_size_pt: float, text_shaping_params: dict | None) -> list[dict]:
        """fpdf2's `shape_text`, but each cluster's characters go to a glyph on the baseline.

        fpdf2 gives a cluster's text to its first glyph, which in a right-to-left run is often
        the mark drawn above the letter: text extractors (poppler, pdfminer) then see the
        letters and marks of a vocalised word as separate words on separate baselines. Here
        the text goes to the cluster's widest glyph drawn on the baseline (a cluster with
        none, such as a mark or the alef of lam-alef, joins the cluster before it), and the
        glyphs of a right-to-left run carry their text in visual order like the glyphs
        themselves, so an extractor that reverses the run gives the word back in logical order.
        """
        if not text:
            return []
        infos, positions = self.perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        direction = (text_shaping_params or {}).get("fragment_direction")
        carried = _carried_text(text, infos, positions, rtl=direction is not None and direction.value == "RTL")
        metrics = self.ttfont["hmtx"].metrics
        shaped = []
        for index, (info, position) in enumerate(zip(infos, positions)):
            name = self.ttfont.getGlyphName(info.codepoint)
            width = round(self.scale * metrics[name][0])
            glyph = self.subset.get_glyph(glyph=info.codepoint, unicode=tuple(map(ord, carried.get(index, ""))),
                                          glyph_name=name, glyph_width=width)
            if glyph is None:  # .notdef: a character neither font has is left out
                continue
            shaped.append({
                "mapped_char": self.subset.pick_glyph(glyph),
                "x_advance": position.x_advance,
                "y_advance": position.y_advance,
                "x_offset": position.x_offset,
                "y_offset": position.y_offset,
                "force_positioning": bool(width != position.x_advance or position.x_offset
                                          or position.y_offset or position.y_advance),
            })
        return shaped


def _carried_text(text: str, infos, positions, *, rtl: bool) -> dict[int, str]:
    """Which glyph (by index) carries which characters of `text`, as explained in `shape_text`."""
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    carrier: dict[int, int] = {}
    for index, (info, position) in enumerate(zip(infos, positions)):
        if position.x_advance <= 0:
            continue
        best = carrier.get(info.cluster)
        rank = (position.y_offset == 0, position.x_advance)
        if best is None or rank > (positions[best].y_offset == 0, positions[best].x_advance):
            carrier[info.cluster] = index
    clusters: dict[int, list[int]] = {}
    waiting: list[int] = []
    last = None
    for start in starts:  # logical order
        if start in carrier:
            last = carrier[start]
            clusters.setdefault(last, []).extend(waiting + [start])
            waiting = []
        elif last is not None:
            clusters[last].append(start)
        else:
            waiting.append(start)
    if waiting:  # no glyph of the run has an advance: the first glyph carries it all
        clusters.setdefault(next(i for i, info in enumerate(infos) if info.cluster == waiting[0]), []).extend(waiting)
    carried = {}
    for index, owned in clusters.items():
        chars = "".join(text[start:ends[start]] for start in sorted(owned))
        carried[index] = chars[::-1] if rtl else chars
    return carried
