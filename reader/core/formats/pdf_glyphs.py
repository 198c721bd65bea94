"""The glyphs of a PDF, page by page, read with pdfminer.six inside the document limits.

pdfminer.six is pure Python, which is why it is the PDF engine here (pypdfium2 was
measured too: it inserts spaces inside XeTeX words, reverses LibreOffice's lam-alef
ligatures and passes control characters through; and a C engine cannot be stopped
part-way through a bomb): every cost a hostile file can raise is counted as it is spent.
- Decoded stream bytes: pdfminer inflates with `zlib.decompress`, all at once; the
  decoders it calls are replaced by ones that stop at `MAX_PDF_STREAM_BYTES` per stream
  and `MAX_PDF_DECODED_BYTES` per document (pdfminer has no hook of its own for this).
- Form XObjects, glyphs and pages against their limits, and form nesting against
  `_MAX_FORM_DEPTH`, counted by the layout device as it receives them (the letters of
  an /ActualText count as glyphs).

A glyph the PDF gives no Unicode for (a `(cid:N)`) is looked up in the embedded font
program (its cmap, then its glyph name); a kashida the producer inserted to justify or
join (an unmapped glyph, a tatweel glyph other than the font's own, or one narrower than
any typed tatweel) is left out, as is a glyph nothing can name or one mapped to a
control character: none of them is the author's text, but each keeps its place.
Where the producer says what a run of glyphs stands for (/ActualText, as LibreOffice
does for a tatweel, a kashida-stretched lam or a ZWNJ), that text replaces them. The
spaces the producer drew are kept apart: they are word boundaries whatever the gap.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from fontTools.agl import toUnicode
from fontTools.ttLib import TTFont
from pdfminer import pdftypes
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFCIDFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import decode_text

from reader.core.formats import limits, pdf_own

_MAX_FORM_DEPTH = 64       # forms drawn inside forms (real files nest a handful)
_MAX_SPAN_DEPTH = 256      # marked content inside marked content (tagged PDFs nest a few levels)
_CHUNK = 1 << 20
_TATWEEL = "\u0640"
# Of the type size: a tatweel glyph narrower than this is a joint a Naskh font adds between two
# letters (Amiri: 0.09 em); a typed tatweel is wider (Amiri 0.19, Noto Naskh 0.21, DejaVu 0.26 em),
# or Amiri's bare uni0640, which has no width at all.
_JOINT = 0.12


class TooLarge(Exception):
    """A bound of reader/core/formats/limits.py was exceeded; the text says which."""


@dataclass
class Budget:
    """What one document has cost so far."""

    decoded: int = 0
    glyphs: int = 0
    xobjects: int = 0
    pages: int = 0
    dropped: int = 0            # glyphs no Unicode could be found for

    def charge_bytes(self, count: int) -> None:
        self.decoded += count
        if self.decoded > limits.MAX_PDF_DECODED_BYTES:
            raise TooLarge(f"its streams inflate to more than {limits.MAX_PDF_DECODED_BYTES >> 20} MB")


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("pdf_budget", default=None)


def _inflate(data: bytes) -> bytes:
    """zlib.decompress, a megabyte at a time, within the stream and document bounds."""
    inflater = zlib.decompressobj()
    out = io.BytesIO()
    pending = data
    while True:
        piece = inflater.decompress(pending, _CHUNK)
        _count(out, piece)
        pending = inflater.unconsumed_tail
        if inflater.eof or (not pending and len(piece) < _CHUNK):
            break
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return out.getvalue()


def _inflate_damaged(data: bytes) -> bytes:
    """What can be inflated of a stream with a broken end (pdfminer's fallback, bounded)."""
    inflater = zlib.decompressobj()
    out = io.BytesIO()
    try:
        pending = data
        while pending:
            piece = inflater.decompress(pending, _CHUNK)
            _count(out, piece)
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return out.getvalue()


def _count(out: io.BytesIO, piece: bytes) -> None:
    out.write(piece)
    if out.tell() > limits.MAX_PDF_STREAM_BYTES:
        raise TooLarge(f"one of its streams inflates to more than {limits.MAX_PDF_STREAM_BYTES >> 20} MB")
    budget = _budget.get()
    if budget is not None:
        budget.charge_bytes(len(piece))


def _bounded(decoder):
    def decode(data: bytes, *args) -> bytes:
        result = decoder(data, *args)  # these have no streaming form: their output is checked after
        if len(result) > limits.MAX_PDF_STREAM_BYTES:
            raise TooLarge(f"one of its streams decodes to more than {limits.MAX_PDF_STREAM_BYTES >> 20} MB")
        budget = _budget.get()
        if budget is not None:
            budget.charge_bytes(len(result))
        return result
    return decode


class _BoundedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    decompress = staticmethod(_inflate)


def _install_bounded_decoders() -> None:
    if isinstance(pdftypes.zlib, _BoundedZlib):
        return
    pdftypes.zlib = _BoundedZlib()
    pdftypes.decompress_corrupted = _inflate_damaged
    pdftypes.lzwdecode = _bounded(pdftypes.lzwdecode)
    pdftypes.rldecode = _bounded(pdftypes.rldecode)
    pdftypes.ascii85decode = _bounded(pdftypes.ascii85decode)
    pdftypes.asciihexdecode = _bounded(pdftypes.asciihexdecode)
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)  # its warnings are not for the reader


@dataclass
class Glyph:
    """One drawn glyph: its text, where it sits (PDF points, y up) and how it is set."""

    text: str
    x0: float
    x1: float
    y: float            # baseline
    size: float
    bold: bool = False
    filler: bool = False  # a kashida the producer added: it holds its place but has no text
    unnamed: bool = False  # a filler nothing names (a .notdef): never shown, even standing alone


@dataclass
class Page:
    glyphs: list[Glyph]
    width: float
    height: float
    spaces: list[Glyph] = field(default_factory=list)  # space glyphs the producer drew: word boundaries


@dataclass
class PdfText:
    """What the loader needs from the file: its pages and who made it."""

    pages: Iterator[Page]
    creator: str
    budget: Budget = field(default_factory=Budget)


def open_pdf(path: Path, stack: contextlib.ExitStack) -> PdfText:
    """Open the PDF; its pages are read lazily, each counted against the limits."""
    _install_bounded_decoders()
    budget = Budget()
    token = _budget.set(budget)
    stack.callback(_budget.reset, token)
    handle = stack.enter_context(path.open("rb"))
    document = PDFDocument(PDFParser(handle))
    creator = _creator(document)
    return PdfText(pages=_pages(document, budget, own=creator.startswith(pdf_own.CREATOR)), creator=creator,
                   budget=budget)


def _creator(document) -> str:
    for info in document.info:
        value = info.get("Creator") if isinstance(info, dict) else None
        if isinstance(value, bytes):
            return decode_text(value)
        if isinstance(value, str):
            return value
    return ""


def _pages(document, budget: Budget, own: bool) -> Iterator[Page]:
    resources = PDFResourceManager(caching=True)
    device = _Device(resources, budget)
    device.fonts.own = own
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(document):
        budget.pages += 1
        if budget.pages > limits.MAX_PDF_PAGES:
            raise TooLarge(f"it has more than {limits.MAX_PDF_PAGES:,} pages")
        device.start_page()
        interpreter.process_page(page)
        x0, y0, x1, y1 = page.mediabox if len(page.mediabox) == 4 else (0, 0, 612, 792)
        yield Page(device.glyphs, abs(x1 - x0), abs(y1 - y0), device.spaces)


class _Device(PDFLayoutAnalyzer):
    """Keeps the glyphs of the page (no layout analysis: reader does its own) and counts."""

    def __init__(self, resources, budget: Budget) -> None:
        super().__init__(resources, pageno=1, laparams=None)
        self.budget = budget
        self.glyphs: list[Glyph] = []
        self.spaces: list[Glyph] = []
        self.fonts = _FontPrograms()
        self._spans: list[tuple[str | None, int, Glyph | None]] = []  # open marked content: ActualText, start
        self._actual_open = 0   # how many open spans carry an ActualText (at most one: the outermost)
        self._deeper = 0        # spans opened past _MAX_SPAN_DEPTH
        self._pen: Glyph | None = None   # where the last glyph was drawn
        self._bold_fonts: dict[int, bool] = {}

    def receive_layout(self, ltpage) -> None:  # the glyphs are already kept
        pass

    def start_page(self) -> None:
        self.glyphs, self.spaces, self._spans = [], [], []
        self._actual_open = self._deeper = 0

    def begin_tag(self, tag, props=None) -> None:
        if len(self._spans) >= _MAX_SPAN_DEPTH:   # counted, not kept: marked content nested past reason
            self._deeper += 1
            return
        text = _actual_text(props) if not self._actual_open else None   # the outermost ActualText counts
        self._actual_open += text is not None
        self._spans.append((text, len(self.glyphs), self._pen))

    def end_tag(self) -> None:
        if self._deeper:
            self._deeper -= 1
            return
        if not self._spans:
            return
        text, start, pen = self._spans.pop()
        if text is None:
            return
        self._actual_open -= 1
        self._count_glyphs(len(text))   # a form drawn many times must not multiply a long ActualText
        if len(self.glyphs) > start:
            self.glyphs[start:] = _as_written(self.glyphs[start:], text)
        elif self._pen is not None and self._pen is not pen and text.strip():
            # only invisible glyphs were drawn (a ZWNJ): the text stands where they were
            self.glyphs.append(Glyph(text.strip(), self._pen.x0, self._pen.x1, self._pen.y, self._pen.size,
                                     self._pen.bold))

    def begin_figure(self, name, bbox, matrix) -> None:
        self.budget.xobjects += 1
        if self.budget.xobjects > limits.MAX_PDF_XOBJECT_CALLS:
            raise TooLarge(f"it draws more than {limits.MAX_PDF_XOBJECT_CALLS:,} forms and images")
        if len(self._stack) >= _MAX_FORM_DEPTH:
            raise TooLarge(f"its forms are nested more than {_MAX_FORM_DEPTH} deep")
        super().begin_figure(name, bbox, matrix)

    def _bold(self, font) -> bool:
        key = id(font)
        if key not in self._bold_fonts:
            self._bold_fonts[key] = _is_bold(font)
        return self._bold_fonts[key]

    def _count_glyphs(self, count: int) -> None:
        self.budget.glyphs += count
        if self.budget.glyphs > limits.MAX_PDF_GLYPHS:
            raise TooLarge(f"it places more than {limits.MAX_PDF_GLYPHS:,} glyphs")

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        self._count_glyphs(1)
        text = self.fonts.text(font, cid)
        named = text is not None and (text.isprintable() or text.isspace())
        if text is not None and not named:
            # control characters name no letter: reportlab maps every character its font
            # lacks to code 0 and U+0000 (a .notdef glyph that says nothing of what it stood
            # for); it keeps its place on the line, as a filler
            text = "".join(c for c in text if unicodedata.category(c) != "Cc")
            named = bool(text)
            if not named:
                self.budget.dropped += 1
        item = LTChar(matrix, font, fontsize, scaling, rise, text or _TATWEEL, font.char_width(cid),
                      font.char_disp(cid), ncs, graphicstate)
        bold = self._bold(font)
        self._pen = Glyph("", item.x0, item.x0, item.matrix[5], item.size, bold) if item.upright else None
        unnamed = text is None or not named
        if text is None:
            self.budget.dropped += 1
            text = ""
        if text == _TATWEEL and 0 < item.x1 - item.x0 < _JOINT * item.size:
            text = ""   # a joint the font drew (Amiri's uni0640.05 in "الجـنرال"), not a typed tatweel
        if text == " " and item.upright:
            # A drawn space is a word boundary whatever the gap: a wide glyph (Amiri's initial
            # kaf) can reach over the space before it, leaving less room than a word gap.
            self.spaces.append(Glyph(text, item.x0, item.x1, item.matrix[5], item.size))
        elif not text.isspace() and item.upright and (text or item.x1 > item.x0):
            # The baseline, from the text matrix: bounding boxes hang by each font's descent,
            # so brackets from a Latin font would sit apart from the Arabic beside them.
            self.glyphs.append(Glyph(text or _TATWEEL, item.x0, item.x1, item.matrix[5], item.size,
                                     bold, filler=not text, unnamed=unnamed))
        return item.adv

    def render_image(self, name, stream) -> None:  # pictures carry no text
        pass

    def paint_path(self, *args, **kwargs) -> None:
        pass


def _actual_text(props) -> str | None:
    """The /ActualText of a marked-content span: what the author typed where the glyphs differ."""
    props = pdftypes.resolve1(props)
    if not isinstance(props, dict):
        return None
    value = pdftypes.resolve1(props.get("ActualText"))
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    return "".join(c for c in value if unicodedata.category(c) != "Cc")   # no control characters


def _as_written(glyphs: list[Glyph], text: str) -> list[Glyph]:
    """The glyphs of an /ActualText span as one glyph carrying the text the producer says they stand for.

    LibreOffice says so where glyphs and letters differ: a kashida it added to a lam
    (the span is the letter alone), a tatweel glyph its font's cmap does not name (the
    span is the tatweel). A span spread over more than one line is left as drawn; an
    empty one (a hyphen added at a line end) is dropped.
    """
    if not glyphs:
        return glyphs
    if not text.strip():
        return []
    letters = [g for g in glyphs if g.text and unicodedata.category(g.text[0]) not in ("Mn", "Me")] or glyphs
    if any(abs(g.y - letters[0].y) > 0.4 * max(g.size, 1.0) for g in letters):
        return glyphs
    first = letters[0]
    return [Glyph(text.strip(), min(g.x0 for g in glyphs), max(g.x1 for g in glyphs), first.y,
                  max(g.size for g in glyphs), first.bold)]


def _is_bold(font) -> bool:
    name = (getattr(font, "fontname", "") or "").lower()
    if any(word in name for word in ("bold", "black", "heavy", "semibold", "demi")):
        return True
    descriptor = getattr(font, "descriptor", None) or {}
    weight = descriptor.get("FontWeight") if isinstance(descriptor, dict) else None
    return isinstance(weight, (int, float)) and weight >= 600


class _FontPrograms:
    """Unicode for glyphs the PDF leaves unnamed, from the embedded font itself.

    Not in reader's own exports (`own`): their ToUnicode names every glyph that carries
    text (a cluster's characters go to its glyph on the baseline; the others, an alef
    inside lam-alef, carry none), and a right-to-left glyph's characters are stored in
    visual order, as pdftotext reads them: they are turned back here.
    """

    def __init__(self) -> None:
        self._programs: dict[int, object] = {}
        self.own = False

    def text(self, font, cid: int) -> str | None:
        mapping = getattr(font, "unicode_map", None)
        try:
            text = mapping.get_unichr(cid) if mapping is not None else font.to_unichr(cid)
        except (KeyError, PDFUnicodeNotDefined):
            return "" if self.own else self._from_program(font, cid)
        if self.own and len(text) > 1 and any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
            return text[::-1]
        if text == _TATWEEL and not self.own and self._is_inserted_kashida(font, cid):
            return ""
        return text

    def _from_program(self, font, cid: int) -> str | None:
        program = self._program(font)
        if program is None:
            return None
        gid = _glyph_id(program, font, cid)
        if gid is None:
            return None
        text = program.reverse.get(gid) or _from_glyph_name(program.names.get(gid, ""))
        if not text or text == _TATWEEL:  # an unmapped tatweel is a kashida the producer added
            return "" if text == _TATWEEL else None
        return text

    def _is_inserted_kashida(self, font, cid: int) -> bool:
        program = self._program(font)
        if program is None or _TATWEEL not in program.cmap:
            return False
        gid = _glyph_id(program, font, cid)
        return gid is not None and gid != program.cmap[_TATWEEL]

    def _program(self, font):
        key = id(font)
        if key not in self._programs:
            self._programs[key] = _load_program(font)
        return self._programs[key]


@dataclass
class _Program:
    order: list[str]                 # glyph names by glyph id
    reverse: dict[int, str]          # glyph id -> the character the font's cmap gives it
    cmap: dict[str, int]             # character -> glyph id
    by_code: dict[int, int]          # single-byte code -> glyph id (symbolic TrueType cmaps)
    names: dict[int, str]


def _load_program(font) -> _Program | None:
    descriptor = getattr(font, "descriptor", None)
    if not isinstance(descriptor, dict):
        return None
    stream = pdftypes.resolve1(descriptor.get("FontFile2") or descriptor.get("FontFile3"))
    if stream is None or not hasattr(stream, "get_data"):
        return None
    try:
        tt = TTFont(io.BytesIO(stream.get_data()), lazy=True)
        order = tt.getGlyphOrder()
        index = {name: gid for gid, name in enumerate(order)}
        cmap, by_code = {}, {}
        for table in tt["cmap"].tables if "cmap" in tt else ():
            for code, name in table.cmap.items():
                if name not in index:
                    continue
                if table.isUnicode() and (table.platformID, table.platEncID) != (3, 0):
                    cmap.setdefault(chr(code), index[name])
                else:
                    by_code.setdefault(code & 0xFF, index[name])
    except TooLarge:
        raise
    except Exception:  # fontTools raises anything (struct.error, KeyError, TTLibError...) on a broken font
        return None
    reverse = {}
    for char, gid in cmap.items():
        reverse.setdefault(gid, char)
    return _Program(order, reverse, cmap, by_code, dict(enumerate(order)))


def _glyph_id(program: _Program, font, cid: int) -> int | None:
    if isinstance(font, PDFCIDFont):
        return cid if cid < len(program.order) else None  # Identity CIDToGIDMap, as embedded subsets use
    return program.by_code.get(cid)


def _from_glyph_name(name: str) -> str:
    base = name.split(".")[0]
    if not base or base.startswith(("glyph", "gid", "cid", ".")):
        return ""
    try:
        return toUnicode(base)
    except (ValueError, KeyError):
        return ""
