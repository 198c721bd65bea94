"""Painting one paragraph row: the Arabic and its English, side by side or interleaved.

Text is laid out with QTextLayout so Qt's shaping and bidi engine does the
Arabic (joining, right-to-left order, Latin names and digits inside it), and
so find matches can be highlighted at their exact characters. Row heights
are cached per width and text; the view asks for them lazily.
"""

from __future__ import annotations

import enum
import re

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.document import Direction, Role
from reader.gui.paragraphmodel import Roles, RowState

MARGIN = 10
GUTTER = 24
ARABIC_FAMILY = "Noto Naskh Arabic"


class Layout(str, enum.Enum):
    ARABIC_RIGHT = "arabic-right"    # the default: Arabic on the right, English on the left
    ARABIC_LEFT = "arabic-left"
    INTERLEAVED = "interleaved"      # Arabic, then its English below


_ROLE_SCALE = {Role.TITLE: 1.4, Role.HEADING: 1.15, Role.METADATA: 0.85, Role.BYLINE: 0.85}
_STATE_COLOURS = {
    RowState.WAITING: QColor(150, 150, 150),
    RowState.TRANSLATING: QColor(52, 120, 246),
    RowState.CACHED: QColor(46, 160, 120),
    RowState.DONE: QColor(46, 160, 67),
    RowState.EDITED: QColor(230, 140, 20),
    RowState.FAILED: QColor(215, 58, 73),
}
_PLACEHOLDER = {
    RowState.WAITING: "…",
    RowState.TRANSLATING: "Translating…",
    RowState.FAILED: "Translation failed (hover for the reason)",
}


class BilingualDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layout_mode = Layout.ARABIC_RIGHT
        self.zoom = 1.0
        self.base_point_size = 11.0
        self.find_text = ""
        self.highlights: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
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
        """Right-aligned right-to-left for Arabic, left-aligned left-to-right for English."""
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
                  ranges: list[tuple[int, int]] = ()) -> QTextLayout:
        layout = QTextLayout(text, font)
        layout.setTextOption(self.text_option(direction))
        if ranges:
            highlight = QTextCharFormat()
            highlight.setBackground(QColor(255, 214, 10, 170))
            formats = []
            for start, length in ranges:
                fr = QTextLayout.FormatRange()
                fr.start, fr.length, fr.format = start, length, highlight
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
        state = index.data(Roles.STATE)
        english = index.data(Roles.ENGLISH) or _PLACEHOLDER.get(state, "")
        return index.data(Roles.SOURCE) or "", english, state

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = max(option.rect.width(), 200)
        source, english, _ = self._texts(index)
        paragraph = index.data(Roles.PARAGRAPH)
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

    # -- painting ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        palette: QPalette = option.palette
        rect = QRectF(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(50)
            painter.fillRect(rect, colour)
        elif index.row() % 2:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        source, english, state = self._texts(index)
        paragraph = index.data(Roles.PARAGRAPH)
        arabic_font, english_font = self.fonts(paragraph.role)
        source_ranges, english_ranges = self.highlights.get(index.row(), ([], []))
        probe_arabic, _ = self.rects(rect)
        source_layout = self._laid_out(source, arabic_font, probe_arabic.width(), paragraph.direction, source_ranges)
        arabic_rect, english_rect = self.rects(rect, self._height(source_layout))
        english_layout = self._laid_out(english, english_font, english_rect.width(), Direction.LTR,
                                        [] if not index.data(Roles.ENGLISH) else english_ranges)

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        quiet_role = paragraph.role in (Role.METADATA, Role.BYLINE)
        painter.setPen(muted if quiet_role else text_colour)
        source_layout.draw(painter, arabic_rect.topLeft())
        if not index.data(Roles.ENGLISH):
            painter.setPen(_STATE_COLOURS[RowState.FAILED] if state is RowState.FAILED else muted)
        elif quiet_role:
            painter.setPen(muted)
        else:
            painter.setPen(text_colour)
        english_layout.draw(painter, english_rect.topLeft())

        # the state marker, in the gutter beside the English
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_STATE_COLOURS[state])
        if self.layout_mode is Layout.INTERLEAVED:
            x = rect.left() + MARGIN
        elif self.layout_mode is Layout.ARABIC_RIGHT:
            x = english_rect.right() + GUTTER / 2
        else:
            x = english_rect.left() - GUTTER / 2
        painter.drawEllipse(QPointF(x, english_rect.top() + 9), 3.5, 3.5)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


def find_ranges(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text`, ignoring case (and nothing else)."""
    if not needle:
        return []
    return [(m.start(), m.end() - m.start()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
