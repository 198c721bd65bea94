"""PDF text layers, read with pypdf, with Arabic put back into reading order.

PDFs store glyphs, not text. Two things go wrong with Arabic:
- many generators emit *presentation forms* (the joined shapes, U+FB50–U+FEFF)
  instead of letters; Unicode NFKC folds them back to ordinary letters;
- some store each line in *visual* order (left to right as drawn), so the
  extracted Arabic reads backwards. We detect such lines from the shapes
  themselves: in reading order a word begins with an initial or isolated form,
  in visual order it begins with a final one.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path

from reader.core.document import Document
from reader.core.errors import DamagedFile, NeedsOCR, PasswordProtected
from reader.core.structure import build_document

_LTR_RUN = re.compile(r"[A-Za-z0-9\u0660-\u0669\u06F0-\u06F9][A-Za-z0-9\u0660-\u0669\u06F0-\u06F9.,:/%\-]*")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u0671-\u06D3\uFB50-\uFDFF\uFE70-\uFEFC]")
_WORD_FINAL_ONLY = set("ةى")  # letters that only ever end a word
_PARAGRAPH_END = tuple(".!?؟:»\"”")


def load_pdf(path: Path) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PasswordProtected(f"{path.name} is password-protected; open it with its password and "
                                    "save an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PasswordProtected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        if "decrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise PasswordProtected(f"{path.name} is password-protected.") from None
        raise DamagedFile(f"{path.name} is damaged or not a PDF ({exc}).") from None
    lines = [to_logical_line(line) for page in pages for line in page.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise NeedsOCR(f"{path.name} has no text layer (it is probably scanned images); "
                       "run it through OCR first, then open the result.")
    title = (reader.metadata.title if reader.metadata else None) or None
    return build_document([(p, None) for p in join_lines(lines)], title=title, source=path)


def to_logical_line(line: str) -> str:
    """One extracted line, in logical order, with presentation forms folded to letters."""
    line = line.strip()
    if is_visual_order(line):
        line = reverse_visual(line)
    return " ".join(unicodedata.normalize("NFKC", line).split())


def is_visual_order(line: str) -> bool:
    """True when the Arabic in `line` reads backwards (stored as drawn)."""
    backwards = forwards = 0
    for word in line.split():
        letters = _ARABIC_LETTER.findall(word)
        if len(letters) < 2:
            continue
        first, last = _form(letters[0]), _form(letters[-1])
        if first == "final" or last == "initial" or letters[0] in _WORD_FINAL_ONLY:
            backwards += 1
        elif first == "initial" or last == "final" or letters[-1] in _WORD_FINAL_ONLY:
            forwards += 1
    return backwards > forwards


def reverse_visual(line: str) -> str:
    """Reverse a visual-order line, keeping Latin words and numbers left to right."""
    reversed_line = line[::-1].translate(_MIRRORED)
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], reversed_line)


def _form(ch: str) -> str:
    decomposition = unicodedata.decomposition(ch)
    if decomposition.startswith("<"):
        return decomposition[1:decomposition.index(">")]
    return ""


def join_lines(lines: list[str]) -> list[str]:
    """Rebuild paragraphs from wrapped lines: a short or finished line closes one."""
    if not lines:
        return []
    typical = statistics.median(len(line) for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        if line.endswith(_PARAGRAPH_END) or len(line) < 0.6 * typical:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs
