"""Lines back into the author's paragraphs, from layout evidence every producer leaves.

A PDF has no paragraphs, only lines. A new paragraph starts where:
- the gap to the line above is wider than the text's line spacing (where the text
  keeps one steady leading, as word processors and reportlab do, any gap wider than
  it; there a line at the leading belongs to the paragraph above, and when the line
  above ended short the author broke it on purpose: it stays, as "\n");
- the type changes (size or weight: a heading);
- the line starts with a bullet or a list number set apart from its text (one
  paragraph per item, without its marker);
- the line is indented at its start against the line above (a first-line indent);
- the line above ended short: the first word of this line and a space would have
  fitted on it (which holds for justified and ragged text alike, for any producer);
- the line above was centred and this one is not, or the other way round;
- the line is a table row: wide gaps at the same place in consecutive lines; its
  cells are separated by "\t" (pdf_tables).
Lines of one paragraph are joined with a space (Arabic is not hyphenated).
These hold across columns and pages too: a paragraph broken by a page end
comes back whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from reader.core.formats.pdf_lines import Row, to_logical
from reader.core.formats.pdf_tables import cells_of, table_cuts

_DIGITS = "0-9\u0660-\u0669\u06F0-\u06F9"
_BULLETS = "•◦▪▫●○■□‣⁃·∙\ue000-\uf8ff"   # private-use code points: symbol-font bullets
_BULLET = re.compile(rf"^[{_BULLETS}]\s*")
# Signs that start list items when set apart from their text (see _MARKER_GAP).
_LIST_SIGN = re.compile(rf"^(?:[*–-]|\(?[{_DIGITS}]{{1,3}}[.)\-–]|\([{_DIGITS}]{{1,3}}\))\s+")
_LIST_NUMBER = re.compile(rf"[*–-]|\(?[{_DIGITS}]{{1,3}}[.)\-–]|\([{_DIGITS}]{{1,3}}\)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_OPENING, _CLOSING = "([{«", ")]}»"
# Punctuation no line may begin with (Unicode line breaking: closing, exclamation, infix, symbols).
_NO_BREAK_BEFORE = set(")]}»!?؟.,،;؛:/")
_SPACES = re.compile(r"[^\S\t\n]+")
_SPACES_AROUND_TAB = re.compile(r" ?\t ?")


@dataclass
class Line:
    """One line with what the paragraph rules need to know about it (its glyphs are let go)."""

    text: str              # in reading order
    rtl: bool
    x0: float
    x1: float
    y: float               # baseline, PDF points from the page's foot
    size: float
    bold: bool
    first_word: float      # the width of the word the line starts with
    left: float            # the edges of its column
    right: float
    new_stream: bool       # the first line of a column or page: the gap above means nothing
    marker: bool = False   # starts with a bullet or a list number (taken out of `text`)
    text_edge: float = 0.0  # where its text starts, after any marker
    page_height: float = 0.0
    stream_lines: int = 0   # how many lines its column has (one line says nothing of the column's width)
    starts_aligned: bool = True  # its column's lines start at one edge (not text set flush left in Arabic)
    indents_start: bool = False  # in its column, an indented line is always a paragraph's first
    cells: bool = False     # a table row (its cells separated by tabs in `text`)
    joined_by: str = " "    # what stands between it and the line above in its paragraph
    peak: float = 0.0       # the largest type on it (Latin words may be set larger than the Arabic)
    at_indent: bool = False  # set in by just its column's first-line indent (a short first line too)
    translation_beside: bool = False  # reader's own export set the translation in another column
    starts_paragraph: bool = False  # known from how its producer fills pages (reader's own exports)

    def start_inset(self) -> float:
        """How far the line's start (right edge in Arabic) is from its column's edge."""
        return self.right - self.text_edge if self.rtl else self.text_edge - self.left

    def end_room(self) -> float:
        return self.x0 - self.left if self.rtl else self.right - self.x1

    def room(self) -> float:
        """The room the line leaves at its end (anywhere in ragged-start text: Arabic set flush left)."""
        return self.end_room() if self.starts_aligned else (self.right - self.left) - (self.x1 - self.x0)

    def centred(self) -> bool:
        left, right = self.x0 - self.left, self.right - self.x1
        return left > 2 * self.size and right > 2 * self.size and abs(left - right) < 1.5 * self.size


@dataclass
class Block:
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        joined = self.lines[0].text
        for above, line in zip(self.lines, self.lines[1:]):
            joined += ("" if _broken_in_brackets(above.text, line.text) else line.joined_by) + line.text
        joined = _PRIVATE_USE.sub("", joined)
        return _tidy(joined)

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def marker(self) -> bool:
        return self.lines[0].marker


def _tidy(text: str) -> str:
    """Runs of spaces as one, none around a tab (a table cell boundary) or at the ends."""
    return _SPACES_AROUND_TAB.sub("\t", _SPACES.sub(" ", text)).strip()


def _broken_in_brackets(above: str, line: str) -> bool:
    """A bracketed word broken after its opening bracket: "(" ending a line, "Enrichment)" starting the next.

    (Which way the bracket faces is decided later, for the whole document.)
    """
    last, first = above[-1:], line.split(maxsplit=1)[0] if line.strip() else ""
    return (last in _OPENING + _CLOSING and (len(above) < 2 or above[-2] == " ")
            and any(c in _OPENING + _CLOSING for c in first))


def lines_of(stream: list[Row], rtl_page: bool, aligned: bool = False) -> list[Line]:
    """The rows of one column as Lines, each read in its own direction (see `_arabic_line` for `aligned`)."""
    left, right = min(r.x0 for r in stream), max(r.x1 for r in stream)
    visuals = [row.visual() for row in stream]
    directions = _directions(stream, visuals, rtl_page, left, right, aligned)
    cuts = table_cuts(stream) if not aligned else {}   # reader's own rows say their cells (see Row.cell_gap)
    found = []
    for i, (row, visual, rtl) in enumerate(zip(stream, visuals, directions)):
        line = _table_row(row, cuts[i], rtl, left, right) if i in cuts else None
        line = line or _text_line(row, visual, rtl, left, right)
        line.new_stream = i == 0
        found.append(line)
    text = [line for line in found if not line.cells and not line.marker] or found  # lists and tables set apart
    indent = _first_line_indent(text)
    at_indent = [line for line in text if indent is not None and abs(line.start_inset() - indent) < 1.0
                 and not line.centred()]
    flush = sum(line.start_inset() < 0.6 * line.size for line in text) + len(at_indent)
    indented = sum(_indented(line) for line in text)
    for line in at_indent:
        line.at_indent = True
    for line in found:
        line.stream_lines = len(found)
        line.starts_aligned = flush * 2 >= len(text)
        line.indents_start = 0 < indented * 5 < len(text) * 2
    return found


def _first_line_indent(lines: list[Line]) -> float | None:
    """The one amount by which lines of the column start set in, if it has one (ragged starts vary).

    Such lines start at the column's edge as far as its alignment goes (a text of short
    paragraphs has as many of them as flush ones), and start paragraphs, short as they may be.
    """
    insets = Counter(round(line.start_inset()) for line in lines if _indented(line))
    if not insets:
        return None
    inset, count = insets.most_common(1)[0]
    return float(inset) if count >= 3 else None


def _directions(stream: list[Row], visuals: list[list[str]], rtl_page: bool, left: float, right: float,
                aligned: bool) -> list[bool]:
    """Whether each row reads right to left."""
    arabic = [_arabic_line(row, rtl_page, left, right, aligned) for row in stream]
    if aligned:  # a full line goes the way of the next line that shows its alignment (its paragraph's last)
        shown = [_aligned_right(row, left, right) for row in stream]
        for i in reversed(range(len(stream) - 1)):
            row, below = stream[i], stream[i + 1]
            if (shown[i] is None and shown[i + 1] is not None and abs(below.size - row.size) < 0.05 * below.size
                    and row.y - below.y < 2 * below.size):
                shown[i] = arabic[i] = shown[i + 1]
    short = [(right - left) - (row.x1 - row.x0) > 2 * row.size for row in stream]  # a paragraph's last line
    arabic_base = _arabic_lines_right_to_left([v for v, a, s in zip(visuals, arabic, short) if a and s])
    return [a and arabic_base for a in arabic]


def _table_row(row: Row, cuts: list[float], rtl: bool, left: float, right: float) -> Line | None:
    """The row as a table row, its cells in reading order; None for a list item set far from its marker."""
    cells = [_tidy(to_logical(cell.visual(), rtl)) for cell in cells_of(row, cuts)]
    if rtl:
        cells.reverse()
    if len(cells) < 2 or _BULLET.match(cells[0]) or _LIST_NUMBER.fullmatch(cells[0]):
        return None
    return Line("\t".join(cells), rtl, row.x0, row.x1, row.y, row.text_size(rtl), row.bold, 0.0, left, right,
                new_stream=False, text_edge=row.x1 if rtl else row.x0, cells=True, peak=row.peak)


def _text_line(row: Row, visual: list[str], rtl: bool, left: float, right: float) -> Line:
    """The row as a line of text: a list item's marker taken out, the first word measured."""
    text = _tidy(to_logical(visual, rtl))
    words = row.words
    first_gap = (words[-1][0] - words[-2][1] if rtl else words[1][0] - words[0][1]) if len(words) > 1 else 0.0
    # a list's marker is set apart from its text (TeX: half an em); one typed in the text has a word space
    marker = (_BULLET.match(text) or _LIST_SIGN.match(text)) if first_gap > _MARKER_GAP * row.size else None
    listed = bool(marker) and len(text) > marker.end() and len(words) > 1
    if listed:
        text = text[marker.end():]
        words = words[:-1] if rtl else words[1:]
    start = words[-1] if rtl else words[0]
    tokens = text.split()
    if len(tokens) > 1 and len(words) > 1 and all(c in _NO_BREAK_BEFORE for c in tokens[1]):
        # "جنو /": no line may start with the slash, so the first word carries it along
        start = (words[-2][0], words[-1][1]) if rtl else (words[0][0], words[1][1])
    return Line(text, rtl, row.x0, row.x1, row.y, row.text_size(rtl), row.bold, start[1] - start[0], left, right,
                new_stream=False, marker=listed, text_edge=start[1] if rtl else start[0], peak=row.peak)


def _arabic_line(row: Row, rtl_page: bool, left: float, right: float, aligned: bool = False) -> bool:
    """Whether the line reads right to left: by its letters, or by the right edge a short line starts from.

    The last line of an Arabic paragraph may hold more Latin letters than Arabic, or
    only Latin (a URL); it still starts at the right edge, far from the left one. (The
    left edge says nothing: LibreOffice sets right-aligned Arabic list items flush left.)
    In text known to be set flush to its start edge and never justified or indented
    (`aligned`: reader's own exports), the one edge a line keeps says it all.
    """
    rtl_letters, ltr_letters = row.counts()
    if aligned and _aligned_right(row, left, right) is not None:
        return _aligned_right(row, left, right)
    if rtl_letters and ltr_letters and len(row.letters) > 1:
        # a list item's bullet stands at its start: the right end in a right-to-left item
        first, last = row.letters[0].text, row.letters[-1].text
        if _BULLET.match(last) and not _BULLET.match(first):
            return True
        if _BULLET.match(first) and not _BULLET.match(last):
            return False
    from_right = right - row.x1 < 0.6 * row.size and row.x0 - left > 4 * row.size
    if ltr_letters and from_right and (rtl_letters or rtl_page):
        return True
    return rtl_letters > ltr_letters or (rtl_letters == ltr_letters and rtl_page)


def _aligned_right(row: Row, left: float, right: float) -> bool | None:
    """In text never justified: True for a line flush right, False flush left, None for a full one."""
    at_right, at_left = right - row.x1 < 1.0, row.x0 - left < 1.0
    return at_right if at_right != at_left else None


_STOPS = set(".!?؟")


def _arabic_lines_right_to_left(visuals: list[list[str]]) -> bool:
    """Whether the column's Arabic lines were laid out right to left, as Arabic should be.

    A converted document may set Arabic in left-to-right paragraphs (pandoc's
    ODT, Word without the bidi flag); it looks the same but the bidi algorithm
    put a paragraph's final full stop at the right end of its (short) last line
    instead of its left end.
    """
    left = sum(v[0] in _STOPS for v in visuals if v)
    right = sum(v[-1] in _STOPS for v in visuals if v)
    return right <= left


def blocks_of(lines: list[Line], known_leading: float | None = None) -> list[Block]:
    """Consecutive lines grouped into paragraphs by the rules above.

    `known_leading`: the producer's line height over the type size, where it is known to
    keep one and space its paragraphs (reader's own exports); otherwise it is measured.
    """
    spacing = _line_spacing(lines)
    if known_leading is not None:
        leading = {round(line.size, 1): known_leading for line in lines}
    else:
        leading = _steady_leading(lines, spacing)
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        joint = _joint(lines[i - 1], line, spacing, leading, in_list=blocks[-1].marker) if blocks else None
        if joint is None or _leaves_the_list(blocks[-1], line):
            blocks.append(Block())
        else:
            line.joined_by = joint
        blocks[-1].lines.append(line)
    return blocks


def _indented(line: Line) -> bool:
    """Set in at its start by an indent (not centred, not a short line), running to the far edge."""
    return 0.8 * line.size < line.start_inset() < 8 * line.size and line.end_room() < line.size and not line.marker


def _leaves_the_list(item: Block, line: Line) -> bool:
    """A list item goes on only in lines set at least as far in as its text."""
    return item.marker and line.start_inset() < item.lines[0].start_inset() - 0.5 * line.size


def _line_spacing(lines: list[Line]) -> float:
    """The usual gap between baselines, as a multiple of the type size.

    Not the smallest: TeX pushes lines with tall Arabic glyphs apart, so the gaps
    inside one paragraph vary; the gap below most lines is the line spacing.
    """
    ratios = sorted((a.y - b.y) / max(a.size, 1.0) for a, b in zip(lines, lines[1:])
                    if not b.new_stream and abs(a.size - b.size) < 0.15 * a.size and a.y > b.y)
    return ratios[len(ratios) * 2 // 5] if ratios else 1.2


# Of the type size: a word space and then some (Amiri's space is 0.22 em, Noto Naskh's 0.2).
_SPACE = 0.3
_MARKER_GAP = 0.45   # of the type size: the least gap after a list's bullet or number
# Of the type size: how much a line may stand lower than the leading in a steadily led text
# (a Latin word in a taller face: 0.15 in LibreOffice) before the space says a paragraph ended
# (reportlab's list items: 0.25).
_LEADING_PLAY = 0.2


def _steady_leading(lines: list[Line], spacing: float) -> dict[float, float]:
    """The leading of each type size (gap over size), where the text keeps one and spaces its paragraphs.

    Word processors and reportlab set the lines of a style at one steady leading and add
    space after a paragraph; there a line that follows at the leading belongs to the
    paragraph above, even after a short line (a line the author broke: a verse, a list
    typed with bullets) or where it seems set in (reportlab leaves room for the glyphs
    its font lacks), and any more space than the leading is a paragraph's end. Empty
    where lines at the leading often start indented (paragraphs marked by indents, not
    space), or where the leading varies with what a line holds (TeX).
    """
    tight: dict[float, list[float]] = {}
    wide = indented_after_tight = 0
    for above, line in zip(lines, lines[1:]):
        if (line.new_stream or above.cells or line.cells or above.marker or line.marker
                or abs(above.size - line.size) > 0.05 * above.size or above.y <= line.y):
            continue
        ratio = (above.y - line.y) / max(above.size, 1.0)
        if ratio <= spacing + max(0.3, 2.0 / max(above.size, 1.0)):
            tight.setdefault(round(above.size, 1), []).append(ratio)
            indented_after_tight += _indented(line)
        elif ratio < 2.5 * spacing and (_ends_short(above, line) or _indented(line)):
            wide += 1   # space where a paragraph ends (not a line made taller by a larger face)
    if not tight or wide < 2 or wide < 3 * indented_after_tight:
        return {}
    leading = {size: Counter(round(r, 2) for r in ratios).most_common(1)[0][0] for size, ratios in tight.items()}
    steady = sum(abs(r - leading[size]) <= 0.02 for size, ratios in tight.items() for r in ratios)
    return leading if steady >= 0.7 * sum(map(len, tight.values())) else {}


def _joint(above: Line, line: Line, spacing: float, leading: dict[float, float], in_list: bool = False) -> str | None:
    """What joins `line` to the paragraph of the line above: " ", a line break, or None (a new paragraph)."""
    size = max(above.size, line.size, 1.0)
    if above.cells or line.cells or line.starts_paragraph:
        return None   # a table row is a paragraph of its own
    if line.new_stream and (above.stream_lines < 3 or above.rtl != line.rtl):
        return None   # only a column's full last line runs on into the next column or page
    if abs(above.size - line.size) > 0.12 * size or above.bold != line.bold:
        return None   # the type changes: a heading
    if line.marker or above.rtl != line.rtl:
        return None
    # A larger face on either line (Latin words) makes it taller by an amount its size does not
    # tell (22.9 pt for 12.8): there the gap says nothing, the line above does.
    taller = max(above.peak, line.peak) > 1.05 * size
    steady = leading.get(round(above.size, 1)) if not line.new_stream and not taller else None
    if steady is not None:
        if (above.y - line.y) / max(above.size, 1.0) > steady + _LEADING_PLAY:
            return None   # more space than the leading: the paragraph ended
        # at the leading: one paragraph; a short line above was broken on purpose
        return "\n" if not line.centred() and _ends_short(above, line) else " "
    if not taller and not line.new_stream and _gap_ends_paragraph(above, line, spacing):
        return None
    if above.centred() != line.centred():
        return None
    if (line.starts_aligned and (_indented(line) or line.at_indent)
            and (line.indents_start or above.start_inset() < 0.6 * size)
            and (not in_list or line.start_inset() > above.start_inset() + 0.5 * size)):
        return None   # a first-line indent (the line runs to the far edge: it is not ragged text;
        # a list item's lines are set in as far as its first line's text)
    if line.centred():
        return " "
    return None if _ends_short(above, line) else " "


def _gap_ends_paragraph(above: Line, line: Line, spacing: float) -> bool:
    """More space above the line than the text's line spacing allows."""
    size = max(above.size, line.size, 1.0)
    gap = above.y - line.y
    allowance = max(0.3 * size, 2.0)
    if line.indents_start and not _indented(line) and above.room() < size:
        # paragraphs here start indented, and a full line above runs on: TeX pushes
        # lines with tall marks apart by more than any fixed allowance
        allowance = size
    return gap < 0 or gap > spacing * above.size + allowance


def _ends_short(above: Line, line: Line) -> bool:
    """The line above had room for the first word of this one (and the space before it)."""
    word = line.first_word
    return word > 0 and above.room() > word + _SPACE * max(above.size, line.size, 1.0)


def brackets_as_typed(texts: list[str]) -> list[str]:
    """Brackets of right-to-left paragraphs facing the way the author typed them.

    An Arabic line shows "(" as ")"; some producers store the bracket that was
    typed (LibreOffice, python-bidi), some the glyph shown (XeTeX). Reading
    mirrors them; a document whose brackets pair up better the other way round
    (more paragraphs balanced) stored the typed ones, and gets them swapped back.
    Decided for the whole document: a single paragraph may have odd brackets.
    """
    swap = str.maketrans(_OPENING + _CLOSING, _CLOSING + _OPENING)
    candidates = [i for i, t in enumerate(texts) if _is_rtl(t) and any(c in _OPENING + _CLOSING for c in t)]
    as_read = sum(_nested(texts[i]) for i in candidates)
    swapped = sum(_nested(texts[i].translate(swap)) for i in candidates)
    if swapped <= as_read:
        return texts
    chosen = set(candidates)
    return [t.translate(swap) if i in chosen else t for i, t in enumerate(texts)]


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


def _is_rtl(text: str) -> bool:
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    return rtl * 2 > sum(unicodedata.bidirectional(c) in ("R", "AL", "L") for c in text)


def reading_streams(rows: list[Row], rtl_page: bool, depth: int = 0) -> list[list[Row]]:
    """The page's lines in reading order, one stream per column.

    Newspapers and reports set text in columns, and lines of neighbouring
    columns share baselines. Where many lines have a wide gap at the same
    place (the gutter), each is cut there; the columns of such a stretch are
    read one after the other (right first on an Arabic page), and lines that
    cross the gutter (a title over both columns) stay whole, in place.
    """
    gutter = _gutter(rows) if depth < 3 and rows else None
    if gutter is None:
        return [rows] if rows else []
    streams: list[list[Row]] = []
    whole: list[Row] = []
    first: list[Row] = []
    second: list[Row] = []

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
        letter_ids = {id(g) for g in row.letters}
        for part, column in ((leading, first), (trailing, second)):
            letters = [g for g in part if id(g) in letter_ids]
            if letters:
                spaces = [x for x in row.spaces if (x[0] >= gutter) == (part is right)]
                column.append(Row(part, letters, spaces, row.cell_gap))
    close_columns()
    if whole:
        streams.append(whole)
    return streams


def _gutter(rows: list[Row]) -> float | None:
    """The x of a column gutter, if the page has one.

    A gutter is a place well inside the text where several lines have a wide
    gap and almost no line has a letter (a title over both columns may): lines
    that lie wholly on one side of it are the columns themselves, however
    unequal their lengths.
    """
    sizes = sorted(g.size for row in rows for g in row.letters)
    size = sizes[len(sizes) // 2] if sizes else 0.0
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)
    gaps_by_row = [[(a.x1, b.x0) for a, b in zip(row.letters, row.letters[1:]) if b.x0 - a.x1 >= size]
                   for row in rows]
    candidates = sorted({a + 0.01 for gaps in gaps_by_row for a, _ in gaps
                         if left + 0.1 * (right - left) < a < right - 0.1 * (right - left)})
    if size <= 0 or not candidates:
        return None
    best, best_count = None, 0
    for x in candidates[:200]:
        in_gap = sum(any(a <= x <= b for a, b in gaps) for gaps in gaps_by_row)
        crossing = sum(row.x0 < x < row.x1 for row in rows) - in_gap
        if crossing <= max(1, 0.15 * len(rows)) and in_gap > best_count:
            best, best_count = x, in_gap
    if best is None or best_count < 2:
        return None
    covering = [(a, b) for gaps in gaps_by_row for a, b in gaps if a <= best <= b]
    return (max(a for a, _ in covering) + min(b for _, b in covering)) / 2
