"""The document model every loader produces and every view consumes."""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class Role(str, enum.Enum):
    """What a paragraph is for; views style it, the segmenter respects it."""

    TITLE = "title"
    HEADING = "heading"
    METADATA = "metadata"
    BODY = "body"
    BYLINE = "byline"  # bylines, editor lines and captions: short attribution text


class Direction(str, enum.Enum):
    RTL = "rtl"
    LTR = "ltr"


@dataclass(frozen=True)
class Paragraph:
    """One unit of reading: shown as a row, translated as a whole.

    `id` is stable for the same text at the same position, so edits and
    scroll positions survive a reload of an unchanged file.
    """

    id: str
    text: str
    role: Role = Role.BODY
    direction: Direction = Direction.RTL

    @property
    def needs_translation(self) -> bool:
        """False for a paragraph with no Arabic letter: it is shown as written, never sent to the model."""
        return needs_translation(self.text)


@dataclass(frozen=True)
class Document:
    title: str
    paragraphs: tuple[Paragraph, ...]
    source: Path | None = None
    metadata: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def fingerprint(self) -> str:
        """A hash of the text, to recognise the same article again (edits, recent files)."""
        digest = hashlib.sha256()
        for p in self.paragraphs:
            digest.update(p.text.encode("utf-8") + b"\0")
        return digest.hexdigest()[:16]


_STRONG_RTL = {"R", "AL"}
# Arabic, Arabic Supplement, Extended-B/A, and the presentation forms (Persian, Urdu... included).
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
                  (0x10EC0, 0x10EFF), (0x1EE00, 0x1EEFF))


def is_arabic_letter(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _ARABIC_RANGES) and unicodedata.category(ch).startswith("L")


def needs_translation(text: str) -> bool:
    """True when the text has an Arabic letter; digits, marks and signs alone are not Arabic.

    A paragraph without one (English, a number, a URL) is the author's as it
    stands: the translator skips it and the window shows it left to right.
    """
    return any(is_arabic_letter(ch) for ch in text)


def text_direction(text: str) -> Direction:
    """Left to right without any right-to-left letter; otherwise by the Unicode bidi P2 rule
    (first strong character), except that a paragraph opening with a Latin name but written
    mostly in Arabic stays right to left."""
    first = None
    rtl = ltr = 0
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _STRONG_RTL:
            rtl += 1
            first = first or Direction.RTL
        elif bidi == "L":
            ltr += 1
            first = first or Direction.LTR
    if not rtl:
        return Direction.LTR
    if first is Direction.LTR and ltr >= rtl:
        return Direction.LTR
    return Direction.RTL


def paragraph_id(index: int, text: str) -> str:
    """Position plus a short text hash: stable across reloads of the same file."""
    return f"p{index:04d}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"
