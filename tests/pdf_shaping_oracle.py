"""What a PDF draws, glyph by glyph, and what HarfBuzz says it should draw.

`drawn_lines` reads the content streams of a PDF written by fpdf2 (pdfminer finds
the pages, fonts and streams; the operators are interpreted here) and returns every
text line as glyphs with their positions. A glyph is identified by its outline and
advance, read from the embedded subset, so it can be compared with the glyphs of
the original font file without trusting the writer's own glyph numbering.

`expected_line` is the reference: the line's characters go through a small
implementation of the Unicode bidi algorithm (rules W1-W7, N1-N2, I1-I2, L2; no
explicit embeddings), each level run is cut where the font changes (a character the
main font lacks is drawn in the fallback font, and marks, digits and punctuation stay
in the fallback run they follow), and each piece is shaped by uharfbuzz with the
font's own file, the run's direction and the paragraph's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

# -- glyph identity ----------------------------------------------------------------------------


def _signature(font: TTFont, name: str) -> tuple:
    """A glyph as it prints: its advance and its outline (composites flattened)."""
    advance = font["hmtx"].metrics[name][0]
    glyph = font["glyf"][name]
    if glyph.numberOfContours == 0:
        return (advance,)
    coordinates, ends, flags = glyph.getCoordinates(font["glyf"])
    return (advance, tuple(coordinates), tuple(ends), bytes(f & 1 for f in flags))


class OriginalFont:
    """A font file as HarfBuzz and the signatures see it."""

    def __init__(self, path: Path) -> None:
        data = Path(path).read_bytes()
        self.tt = TTFont(BytesIO(data))
        self.order = self.tt.getGlyphOrder()
        self.cmap = self.tt.getBestCmap()
        self.upem = self.tt["head"].unitsPerEm
        self.hb = hb.Font(hb.Face(hb.Blob(data)))
        self.space = self.signature(self.tt.getGlyphID(self.cmap[0x20]))

    @lru_cache(maxsize=None)
    def signature(self, gid: int) -> tuple:
        return _signature(self.tt, self.order[gid])

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap


# -- what the PDF draws ------------------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    signature: tuple
    x: float      # origin, in points from the page's left edge
    y: float      # origin, in points from the page's bottom edge
    size: float   # font size in points
    font: str     # BaseFont without the subset prefix, e.g. "NotoNaskhArabic"


@dataclass(frozen=True)
class DrawnLine:
    page: int
    glyphs: tuple[Glyph, ...]   # in the order drawn (left to right for fpdf2's lines)

    @property
    def y(self) -> float:
        return self.glyphs[0].y if self.glyphs else 0.0


class _PdfFont:
    def __init__(self, font_dict) -> None:
        from pdfminer.pdftypes import resolve1

        self.name = resolve1(font_dict["BaseFont"]).name.split("+")[-1]
        descendant = resolve1(resolve1(font_dict["DescendantFonts"])[0])
        self.widths: dict[int, float] = {}
        w = resolve1(descendant.get("W", []))
        i = 0
        while i < len(w):
            first = resolve1(w[i])
            second = resolve1(w[i + 1])
            if isinstance(second, list):
                for offset, width in enumerate(second):
                    self.widths[first + offset] = resolve1(width)
                i += 2
            else:
                for code in range(first, second + 1):
                    self.widths[code] = resolve1(w[i + 2])
                i += 3
        self.default_width = resolve1(descendant.get("DW", 1000))
        gid_map = resolve1(descendant["CIDToGIDMap"]).get_data()
        self.gid_of = lambda code: (gid_map[2 * code] << 8) | gid_map[2 * code + 1]
        descriptor = resolve1(descendant["FontDescriptor"])
        self.tt = TTFont(BytesIO(resolve1(descriptor["FontFile2"]).get_data()))
        self.order = self.tt.getGlyphOrder()
        self._signatures: dict[int, tuple] = {}

    def signature(self, code: int) -> tuple:
        if code not in self._signatures:
            self._signatures[code] = _signature(self.tt, self.order[self.gid_of(code)])
        return self._signatures[code]


_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|-?\d*\.?\d+|[A-Za-z*']+|<[0-9A-Fa-f\s]*>", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _string(token: bytes) -> bytes:
    body = token[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i:i + 1]
        if c == b"\\":
            nxt = body[i + 1:i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", body[i + 1:]).group()
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
            else:  # a backslash before a line end, or before an ordinary character
                i += 2 if nxt in (b"\n", b"\r") else 1
        else:
            out += c
            i += 1
    return bytes(out)


def drawn_lines(path: Path) -> list[DrawnLine]:
    """Every BT ... ET text object of every page, as glyphs (fpdf2 draws one line per object)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    lines: list[DrawnLine] = []
    fonts_by_obj: dict[int, _PdfFont] = {}
    with open(path, "rb") as fh:
        document = PDFDocument(PDFParser(fh))
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            resources = resolve1(page.resources.get("Font", {}))
            fonts = {}
            for name, ref in resources.items():
                key = getattr(ref, "objid", id(ref))
                if key not in fonts_by_obj:
                    fonts_by_obj[key] = _PdfFont(resolve1(ref))
                fonts[name] = fonts_by_obj[key]
            contents = page.contents if isinstance(page.contents, list) else [page.contents]
            data = b"\n".join(resolve1(c).get_data() for c in contents)
            lines.extend(_interpret(data, fonts, number))
    return lines


def _interpret(data: bytes, fonts: dict, page: int) -> list[DrawnLine]:
    lines, glyphs, operands = [], [], []
    font, size = None, 0.0
    char_space, scale, rise = 0.0, 1.0, 0.0
    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    line_start = [0.0, 0.0]
    array: list | None = None
    saved: list[tuple] = []  # q ... Q: the font and text state are part of the graphics state
    for token in _TOKEN.findall(data):
        if token.startswith(b"("):
            (array if array is not None else operands).append(_string(token))
        elif token == b"[":
            array = []
        elif token == b"]":
            operands.append(array)
            array = None
        elif token.startswith(b"/"):
            operands.append(token[1:].decode())
        elif re.fullmatch(rb"-?\d*\.?\d+", token):
            (array if array is not None else operands).append(float(token))
        elif token.startswith(b"<"):
            operands.append(bytes.fromhex(token[1:-1].decode()))
        else:
            op = token.decode()
            if op == "q":
                saved.append((font, size, char_space, scale, rise))
            elif op == "Q" and saved:
                font, size, char_space, scale, rise = saved.pop()
            elif op == "BT":
                glyphs, tm, line_start = [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0]
            elif op == "ET":
                lines.append(DrawnLine(page, tuple(glyphs)))
            elif op == "Tf":
                font, size = fonts.get(operands[0]), operands[1]
            elif op == "Tm":
                tm = list(operands[:6])
                line_start = [tm[4], tm[5]]
            elif op in ("Td", "TD"):
                line_start = [line_start[0] + operands[0], line_start[1] + operands[1]]
                tm[4], tm[5] = line_start
            elif op == "Tc":
                char_space = operands[0]
            elif op == "Tz":
                scale = operands[0] / 100
            elif op == "Ts":
                rise = operands[0]
            elif op in ("Tj", "TJ"):
                items = operands[0] if op == "TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, float):
                        tm[4] -= item / 1000 * size * scale
                        continue
                    for i in range(0, len(item) - 1, 2):
                        code = (item[i] << 8) | item[i + 1]
                        glyphs.append(Glyph(font.signature(code), tm[4], tm[5] + rise, size, font.name))
                        width = font.widths.get(code, font.default_width)
                        tm[4] += (width / 1000 * size + char_space) * scale
            operands = []
    return lines


# -- what HarfBuzz says ------------------------------------------------------------------------

_STRONG_LETTER = {"Lu", "Ll", "Lt", "Lo"}


def _script(char: str) -> str | None:
    """A strong letter's script, from its Unicode name (ARABIC, LATIN, GREEK...); None for the rest."""
    if unicodedata.category(char) not in _STRONG_LETTER:
        return None
    return unicodedata.name(char, "?").split(" ")[0]


def bidi_levels(text: str, base: int) -> list[int]:
    """Embedding levels of a line without explicit embeddings (UAX #9 W1-W7, N1-N2, I1-I2, L1)."""
    types = [unicodedata.bidirectional(c) or "L" for c in text]
    sos = "R" if base % 2 else "L"
    # X9 (kept in place): BN takes the type of what precedes it, like NSM.
    for i, t in enumerate(types):
        if t in ("NSM", "BN"):  # W1
            types[i] = types[i - 1] if i else sos
            if types[i] in ("LRI", "RLI", "FSI", "PDI"):
                types[i] = "ON"
    last_strong = sos
    for i, t in enumerate(types):  # W2
        if t == "EN" and last_strong == "AL":
            types[i] = "AN"
        if t in ("L", "R", "AL"):
            last_strong = t
    types = ["R" if t == "AL" else t for t in types]  # W3
    for i in range(1, len(types) - 1):  # W4
        if types[i] == "ES" and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    i = 0
    while i < len(types):  # W5
        if types[i] == "ET":
            j = i
            while j < len(types) and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6
    last_strong = sos
    for i, t in enumerate(types):  # W7
        if t == "EN" and last_strong == "L":
            types[i] = "L"
        if t in ("L", "R"):
            last_strong = t
    strong = lambda t: "R" if t in ("R", "EN", "AN") else ("L" if t == "L" else None)  # noqa: E731
    i = 0
    while i < len(types):  # N1, N2
        if strong(types[i]) is None:
            j = i
            while j < len(types) and strong(types[j]) is None:
                j += 1
            before = strong(types[i - 1]) if i > 0 else sos
            after = strong(types[j]) if j < len(types) else sos
            fill = before if before == after else ("R" if base % 2 else "L")
            types[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    levels = []
    for t in types:  # I1, I2
        if base % 2 == 0:
            levels.append(base + (1 if t == "R" else 2 if t in ("EN", "AN") else 0))
        else:
            levels.append(base + (1 if t in ("L", "EN", "AN") else 0))
    for i in range(len(text) - 1, -1, -1):  # L1: trailing whitespace
        if unicodedata.bidirectional(text[i]) in ("WS", "S", "B", "BN"):
            levels[i] = base
        else:
            break
    return levels


def visual_runs(levels: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, level) of each level run, in visual order (rule L2)."""
    runs = []
    start = 0
    for i in range(1, len(levels) + 1):
        if i == len(levels) or levels[i] != levels[start]:
            runs.append((start, i, levels[start]))
            start = i
    if not runs:
        return runs
    highest = max(r[2] for r in runs)
    lowest_odd = min(r[2] for r in runs if r[2] % 2) if any(r[2] % 2 for r in runs) else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][2] >= level:
                j = i
                while j < len(runs) and runs[j][2] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return runs


@dataclass(frozen=True)
class Expected:
    signature: tuple
    x: float
    y: float
    char: int   # index in the line of the first character of its cluster


def expected_line(text: str, main: OriginalFont, fallback: OriginalFont, size: float, *, rtl: bool,
                  language: str) -> list[Expected]:
    """The glyphs (visual order) and origins HarfBuzz gives `text` set as one line."""
    levels = bidi_levels(text, 1 if rtl else 0)
    glyphs: list[Expected] = []
    pen = 0.0
    for start, end, level in visual_runs(levels):
        pieces = _font_runs(text, start, end, main, fallback)
        if level % 2:
            pieces.reverse()
        for font, piece_start, piece_end in pieces:
            buf = hb.Buffer()
            buf.add_str(text[piece_start:piece_end])
            buf.guess_segment_properties()
            buf.direction = "rtl" if level % 2 else "ltr"
            buf.language = language
            hb.shape(font.hb, buf, {})
            k = size / font.upem
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
                if info.codepoint == 0:
                    continue  # .notdef: the writer leaves out what no font has
                glyphs.append(Expected(font.signature(info.codepoint), pen + pos.x_offset * k,
                                       pos.y_offset * k, piece_start + info.cluster))
                pen += pos.x_advance * k
    return glyphs


def _font_runs(text: str, start: int, end: int, main: OriginalFont, fallback: OriginalFont):
    """(font, start, end) pieces of a level run: one font and one script each, logical order."""
    pieces = []
    current, script = None, None
    for i in range(start, end):
        char = text[i]
        char_script = _script(char)
        if char == " ":
            font = main
        elif char_script is None and current is not None and current.has(char):
            font = current  # a mark, digit or punctuation stays with what it follows
        elif main.has(char):
            font = main
        elif fallback.has(char):
            font = fallback
        else:
            font = main
        if pieces and font is current and (char_script is None or script in (None, char_script)):
            pieces[-1][2] = i + 1
        else:
            pieces.append([font, i, i + 1])
            script = None
        current = font
        if char_script is not None:
            script = char_script
    return [tuple(p) for p in pieces]


def words(glyphs, space_signatures: set) -> list[list]:
    """Glyphs split at spaces (left to right).

    A space is a space glyph followed by a gap: HarfBuzz also draws the space glyph, with
    no advance, for a default-ignorable character such as ZWNJ inside a word.
    """
    out: list[list] = [[]]
    for i, glyph in enumerate(glyphs):
        following = glyphs[i + 1].x if i + 1 < len(glyphs) else None
        if glyph.signature in space_signatures and (following is None or following - glyph.x > 0.5):
            if out[-1]:
                out.append([])
        else:
            out[-1].append(glyph)
    return [w for w in out if w]
