"""Plain text and Markdown, in whatever encoding Arabic text turns up in.

Arabic files still arrive as Windows-1256 or ISO-8859-6 from older systems,
and as UTF-16 from Windows editors. We settle the easy cases exactly (BOMs,
strict UTF-8) and leave the single-byte guesswork to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument
from reader.core.structure import build_document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def decode_text(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Return (text, encoding name). Raises DocumentError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        return _strict(data, bomless_utf16, name), bomless_utf16
    if b"\0" in data:
        raise DamagedFile(f"{name} contains binary data, not text.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DamagedFile(f"Could not work out the text encoding of {name}; save it as UTF-8 and try again.")
    return str(best), best.encoding


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DamagedFile(f"{name} is not valid {encoding.upper()} text (byte {exc.start}).") from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Arabic puts 0x06 (and ASCII puts 0x00) in every high byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    low, high = sample[0::2], sample[1::2]
    share = lambda part: sum(b in (0x00, 0x06) for b in part) / len(part)  # noqa: E731
    if share(high) > 0.9 and share(low) < 0.5:
        return "utf-16-le"
    if share(low) > 0.9 and share(high) < 0.5:
        return "utf-16-be"
    return None


def read_text_file(path: Path) -> str:
    text, _ = decode_text(path.read_bytes(), path.name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(f"{path.name} has no text in it.")
    return text


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a file without any has one per line."""
    blocks = [b for b in _BLANK_LINE.split(text) if b.strip()]
    if len(blocks) == 1 and text.strip().count("\n") > 0:
        blocks = [line for line in text.split("\n") if line.strip()]
    return blocks


def load_txt(path: Path) -> Document:
    blocks = split_paragraphs(read_text_file(path))
    return build_document([(b, None) for b in blocks], source=path)


def load_markdown(path: Path) -> Document:
    tokens = MarkdownIt("commonmark").parse(read_text_file(path))
    blocks: list[tuple[str, Role | None]] = []
    pending: Role | None = None
    for token in tokens:
        if token.type == "heading_open":
            pending = Role.TITLE if token.tag == "h1" and not blocks else Role.HEADING
        elif token.type == "paragraph_open":
            pending = None
        elif token.type == "inline":
            blocks.append((_inline_text(token), pending))
        elif token.type in ("fence", "code_block"):
            blocks.append((token.content, Role.BODY))
    if not any(text.strip() for text, _ in blocks):
        raise EmptyDocument(f"{path.name} has no text in it.")
    return build_document(blocks, source=path)


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
