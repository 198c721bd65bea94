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


def text_direction(text: str) -> Direction:
    """Direction of the first strong character (the Unicode bidi P2 rule)."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _STRONG_RTL:
            return Direction.RTL
        if bidi == "L":
            return Direction.LTR
    return Direction.RTL


def paragraph_id(index: int, text: str) -> str:
    """Position plus a short text hash: stable across reloads of the same file."""
    return f"p{index:04d}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"
