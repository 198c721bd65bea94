"""Painting one paragraph row: the Arabic and its English, side by side or interleaved.

Text is laid out with QTextLayout so Qt's shaping and bidi engine does the
Arabic (joining, right-to-left order, Latin names and digits inside it), and
so find matches and the sentence under the mouse can be highlighted at their
exact characters. Row heights are cached per width and text; the view asks
for them lazily. A line break the author made shows as one; table cells keep
a gap.
"""

from __future__ import annotations

import enum
import unicodedata

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QFont, QPainter, QPainterPath, QPalette, QTextCharFormat, QTextLayout,
                           QTextOption)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.document import Direction, Role
from reader.gui.paragraphmodel import Roles, Row, RowState

MARGIN = 10
GUTTER = 24
ARABIC_FAMILY = "Noto Naskh Arabic"


class Layout(str, enum.Enum):
    ARABIC_RIGHT = "arabic-right"    # the default: Arabic on the right, English on the left
    ARABIC_LEFT = "arabic-left"
    INTERLEAVED = "interleaved"      # Arabic, then its English below


_ROLE_SCALE = {Role.TITLE: 1.4, Role.HEADING: 1.15, Role.METADATA: 0.85, Role.BYLINE: 0.85}
STATE_COLOURS = {
    RowState.WAITING: QColor(150, 150, 150),
    RowState.TRANSLATING: QColor(52, 120, 246),
    RowState.CACHED: QColor(46, 160, 120),
    RowState.DONE: QColor(46, 160, 67),
    RowState.EDITED: QColor(230, 140, 20),
    RowState.FAILED: QColor(215, 58, 73),
    RowState.NO_MODEL: QColor(190, 190, 190),
    RowState.AS_WRITTEN: QColor(120, 140, 170),
}
FLAG_COLOUR = QColor(224, 120, 0)
_PLACEHOLDER = {
    RowState.WAITING: "…",
    RowState.TRANSLATING: "Translating…",
    RowState.FAILED: "Translation failed (hover for the reason)",
    RowState.NO_MODEL: "Not translated: no translation model is installed",
}
_FIND = QColor(255, 214, 10, 170)
_LINKED = QColor(120, 170, 255, 90)


def displayed(text: str) -> str:
    """The text as laid out: line breaks as Qt's line separator, cells apart (same length, same offsets)."""
    return text.replace("\n", "\u2028").replace("\t", "\u2003")


class BilingualDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layout_mode = Layout.ARABIC_RIGHT
        self.zoom = 1.0
        self.base_point_size = 11.0
        self.highlights: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
        self.linked: tuple[int, int] | None = None   # (row, sentence) under the mouse or the keyboard
        self._heights: dict[tuple, int] = {}

    # -- settings that change every row ------------------------------------------------
    def reset_cache(self) -> None:
        self._heights.clear()

    def fonts(self, role: Role) -> tuple[QFont, QFont]:
        """(Arabic font, English font) for a paragraph role at the current zoom."""
        size = self.base_point_size * self.zoom * _ROLE_SCALE.get(role, 1.0)
        arabic = QFont(ARABIC_FAMILY)
        arabic.setPointSizeF(size * 1.25)  # Naskh needs more size than Latin to read equally well
        english = QFont()
        english.setPointSizeF(size)
        bold = role in (Role.TITLE, Role.HEADING)
        arabic.setBold(bold)
        english.setBold(bold)
        return arabic, english

    def text_option(self, direction: Direction) -> QTextOption:
        """Right-aligned right-to-left for Arabic, left-aligned left-to-right otherwise."""
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        if direction is Direction.RTL:
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        else:
            option.setTextDirection(Qt.LayoutDirection.LeftToRight)
            option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        return option

    # -- geometry ----------------------------------------------------------------------
    def rects(self, rect: QRectF, source_height: float = 0.0) -> tuple[QRectF, QRectF]:
        """(Arabic rect, English rect) inside a row's rect."""
        inner = rect.adjusted(MARGIN, MARGIN / 2, -MARGIN, -MARGIN / 2)
        if self.layout_mode is Layout.INTERLEAVED:
            arabic = QRectF(inner.left() + GUTTER / 2, inner.top(), inner.width() - GUTTER / 2, source_height)
            english = QRectF(inner.left() + GUTTER / 2, inner.top() + source_height + MARGIN / 2,
                             inner.width() - GUTTER / 2, inner.height() - source_height)
            return arabic, english
        half = (inner.width() - GUTTER) / 2
        left = QRectF(inner.left(), inner.top(), half, inner.height())
        right = QRectF(inner.left() + half + GUTTER, inner.top(), half, inner.height())
        return (right, left) if self.layout_mode is Layout.ARABIC_RIGHT else (left, right)

    def _laid_out(self, text: str, font: QFont, width: float, direction: Direction,
                  ranges: list[tuple[int, int, QColor]] = ()) -> QTextLayout:
        layout = QTextLayout(displayed(text), font)
        layout.setTextOption(self.text_option(direction))
        if ranges:
            formats = []
            for start, length, colour in ranges:
                fmt = QTextCharFormat()
                fmt.setBackground(colour)
                fr = QTextLayout.FormatRange()
                fr.start, fr.length, fr.format = start, length, fmt
                formats.append(fr)
            layout.setFormats(formats)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 10.0))
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    @staticmethod
    def _height(layout: QTextLayout) -> float:
        return layout.boundingRect().height()

    def _texts(self, index: QModelIndex) -> tuple[str, str, RowState]:
        row: Row = index.data(Roles.ROW)  # one call into the model: a long document lays out thousands
        return row.paragraph.text, row.english or _PLACEHOLDER.get(row.state, ""), row.state

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = max(option.rect.width(), 200)
        row: Row = index.data(Roles.ROW)
        paragraph = row.paragraph
        source, english = paragraph.text, row.english or _PLACEHOLDER.get(row.state, "")
        key = (index.row(), width, english, self.zoom, self.layout_mode, source)
        height = self._heights.get(key)
        if height is None:
            arabic_font, english_font = self.fonts(paragraph.role)
            arabic_rect, english_rect = self.rects(QRectF(0, 0, width, 1000))
            source_h = self._height(self._laid_out(source, arabic_font, arabic_rect.width(), paragraph.direction))
            english_h = self._height(self._laid_out(english, english_font, english_rect.width(), Direction.LTR))
            if self.layout_mode is Layout.INTERLEAVED:
                content = source_h + MARGIN / 2 + english_h
            else:
                content = max(source_h, english_h)
            height = int(content + MARGIN + 2)
            self._heights[key] = height
        return QSize(width, height)

    # -- what lies where -----------------------------------------------------------------
    def layouts(self, rect: QRectF, index: QModelIndex, with_highlights: bool = False):
        """(Arabic layout, Arabic rect, English layout, English rect) of a row painted in `rect`."""
        source, english, _ = self._texts(index)
        paragraph = index.data(Roles.PARAGRAPH)
        row: Row = index.data(Roles.ROW)
        arabic_font, english_font = self.fonts(paragraph.role)
        source_ranges, english_ranges = self._ranges(index.row(), row, bool(index.data(Roles.ENGLISH))) \
            if with_highlights else ([], [])
        probe_arabic, _ = self.rects(rect)
        source_layout = self._laid_out(source, arabic_font, probe_arabic.width(), paragraph.direction, source_ranges)
        arabic_rect, english_rect = self.rects(rect, self._height(source_layout))
        english_layout = self._laid_out(english, english_font, english_rect.width(), Direction.LTR, english_ranges)
        return source_layout, arabic_rect, english_layout, english_rect

    def _ranges(self, number: int, row: Row, has_english: bool):
        found_source, found_english = self.highlights.get(number, ([], []))
        source = [(s, n, _FIND) for s, n in found_source]
        english = [(s, n, _FIND) for s, n in found_english] if has_english else []
        if self.linked is not None and self.linked[0] == number:
            spans = sentence_spans(row)
            if self.linked[1] < len(spans):
                (a_start, a_end), english_span = spans[self.linked[1]]
                source.insert(0, (a_start, a_end - a_start, _LINKED))
                if english_span is not None and has_english:
                    english.insert(0, (english_span[0], english_span[1] - english_span[0], _LINKED))
        return source, english

    def sentence_at(self, rect: QRectF, index: QModelIndex, point: QPointF) -> int | None:
        """Which sentence of the row (an index into its translation) lies under `point`, if any."""
        row: Row = index.data(Roles.ROW)
        spans = sentence_spans(row)
        if not spans:
            return None
        source_layout, arabic_rect, english_layout, english_rect = self.layouts(rect, index)
        for layout, box, side in ((source_layout, arabic_rect, 0), (english_layout, english_rect, 1)):
            if not box.adjusted(-4, -4, 4, 4).contains(point):
                continue
            offset = _offset_at(layout, point - box.topLeft())
            if offset is None:
                return None
            for number, (source, english) in enumerate(spans):
                span = source if side == 0 else english
                if span is not None and span[0] <= offset <= span[1]:
                    return number
        return None

    # -- painting ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        palette: QPalette = option.palette
        rect = QRectF(option.rect)
        if option.state & QStyle.StateFlag.State_Selected:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(50)
            painter.fillRect(rect, colour)
        elif index.row() % 2:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        _, _, state = self._texts(index)
        paragraph = index.data(Roles.PARAGRAPH)
        source_layout, arabic_rect, english_layout, english_rect = self.layouts(rect, index, with_highlights=True)

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        quiet_role = paragraph.role in (Role.METADATA, Role.BYLINE)
        painter.setPen(muted if quiet_role else text_colour)
        source_layout.draw(painter, arabic_rect.topLeft())
        if not index.data(Roles.ENGLISH):
            painter.setPen(STATE_COLOURS[RowState.FAILED] if state is RowState.FAILED else muted)
        elif quiet_role or state is RowState.AS_WRITTEN:
            painter.setPen(muted)
        else:
            painter.setPen(text_colour)
        english_layout.draw(painter, english_rect.topLeft())
        self._paint_marks(painter, rect, english_rect, state, bool(index.data(Roles.FLAGS)))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def marker_x(self, rect: QRectF, english_rect: QRectF) -> float:
        """Where the state dot sits: in the gutter beside the English."""
        if self.layout_mode is Layout.INTERLEAVED:
            return rect.left() + MARGIN
        if self.layout_mode is Layout.ARABIC_RIGHT:
            return english_rect.right() + GUTTER / 2
        return english_rect.left() - GUTTER / 2

    def _paint_marks(self, painter: QPainter, rect: QRectF, english_rect: QRectF, state: RowState,
                     flagged: bool) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        x, y = self.marker_x(rect, english_rect), english_rect.top() + 9
        painter.setBrush(STATE_COLOURS[state])
        if state is RowState.NO_MODEL:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(STATE_COLOURS[state])
        painter.drawEllipse(QPointF(x, y), 3.5, 3.5)
        if flagged:  # a small warning triangle under the dot: hover for the reasons
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(FLAG_COLOUR)
            triangle = QPainterPath()
            top = y + 9
            triangle.moveTo(x, top)
            triangle.lineTo(x + 5, top + 9)
            triangle.lineTo(x - 5, top + 9)
            triangle.closeSubpath()
            painter.drawPath(triangle)


def sentence_spans(row: Row | None) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """Per sentence: its span in the Arabic, and its span in the English shown (None if not found).

    The English is the sentences' texts joined by spaces (the machine's, or
    the glossary's); each is found in order in what is shown, so a tidied
    space or a user's edit never puts a highlight in the wrong place.
    """
    if row is None or row.translation is None or row.translation.as_written:
        return []
    english = row.english
    found = []
    position = 0
    for (_, shown), sentence in zip(row.sentences or [(s.source.text, None) for s in row.translation.sentences],
                                    row.translation.sentences):
        span = None
        if shown:
            at = english.find(shown, position)
            if at >= 0:
                span = (at, at + len(shown))
                position = span[1]
        found.append(((sentence.source.start, sentence.source.end), span))
    return found


def _offset_at(layout: QTextLayout, point: QPointF) -> int | None:
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if line.y() <= point.y() <= line.y() + line.height():
            return line.xToCursor(point.x())
    return None


def _loose(ch: str) -> str:
    """A character as find compares it: case and alef/ta marbuta/yeh forms folded."""
    folded = ch.lower()
    if len(folded) != 1:
        folded = ch
    return {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}.get(folded, folded)


def _skipped(ch: str) -> bool:
    """Diacritics and tatweel: invisible to find, as they are to a reader searching."""
    return ch == "\u0640" or (unicodedata.category(ch) == "Mn" and "\u0610" <= ch <= "\u06ed")


def find_ranges(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text` as (start, length) of the original text.

    Case, Arabic diacritics, tatweel and alef forms do not matter: "عمان"
    finds "عُمان" and "أمريكا" finds "امريكا".
    """
    wanted = "".join(_loose(c) for c in needle if not _skipped(c))
    if not wanted:
        return []
    kept = [(i, _loose(c)) for i, c in enumerate(text) if not _skipped(c)]
    folded = "".join(c for _, c in kept)
    ranges = []
    start = folded.find(wanted)
    while start >= 0:
        first, last = kept[start][0], kept[start + len(wanted) - 1][0]
        while last + 1 < len(text) and _skipped(text[last + 1]) and text[last + 1] != "\u0640":
            last += 1  # the marks on the last letter belong to the match
        ranges.append((first, last + 1 - first))
        start = folded.find(wanted, start + len(wanted))
    return ranges
