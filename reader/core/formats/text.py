"""Plain text and Markdown, in whatever encoding Arabic text turns up in.

Arabic files still arrive as Windows-1256 or ISO-8859-6 from older systems,
and as UTF-16 from Windows editors. We settle the easy cases exactly (BOMs,
strict UTF-8) and leave the single-byte guesswork to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt

from reader.core.document import Document, Role
from reader.core.errors import DamagedFile, EmptyDocument
from reader.core.formats import limits
from reader.core.structure import build_document, has_visible_text

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
    guess = (str(best), best.encoding) if best is not None else None
    legacy = _legacy_arabic(data)
    if legacy is not None and (guess is None or _arabic_share(guess[0]) < _arabic_share(legacy[0])):
        return legacy
    if guess is None:
        raise DamagedFile(f"Could not work out the text encoding of {name}; save it as UTF-8 and try again.")
    return guess


_LEGACY_ARABIC = ("cp1256", "iso-8859-6")


def _legacy_arabic(data: bytes) -> tuple[str, str] | None:
    """The old Arabic code pages, when one reads the bytes as mostly Arabic.

    charset-normalizer guesses from statistics, and on a short text (a
    headline, a one-line note) Windows-1256 bytes can look like Japanese or
    Hebrew to it. Arabic is what reader opens, so an Arabic reading wins when
    it reads as Arabic at all.
    """
    readings = []
    for encoding in _LEGACY_ARABIC:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _arabic_share(text) >= 0.6:
            readings.append((_arabic_share(text), text, encoding))
    if not readings:
        return None
    _, text, encoding = max(readings, key=lambda r: r[0])
    return text, encoding


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


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
    """The file's text with line endings made "\\n"; bounded by `limits.MAX_TEXT_CHARS`."""
    # Four bytes can hold no less than one character in any encoding we read.
    if path.stat().st_size > 4 * limits.MAX_TEXT_CHARS:
        raise _too_long(path)
    text, _ = decode_text(path.read_bytes(), path.name)
    if len(text) > limits.MAX_TEXT_CHARS:
        raise _too_long(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not has_visible_text(text):
        raise EmptyDocument(f"{path.name} has no text in it.")
    return text


def _too_long(path: Path) -> DamagedFile:
    return DamagedFile(f"{path.name} has more than {limits.MAX_TEXT_CHARS:,} characters of text, "
                       "more than reader opens in one document.")


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single line break stays inside its paragraph as "\\n".

    A file without any blank line has one paragraph per line (many editors
    write a paragraph as one long line).
    """
    blocks = [b for b in _BLANK_LINE.split(text) if b.strip()]
    if len(blocks) == 1 and text.strip().count("\n") > 0:
        blocks = [line for line in text.split("\n") if line.strip()]
    return blocks


def load_txt(path: Path) -> Document:
    blocks = split_paragraphs(read_text_file(path))
    return build_document([(b, None) for b in blocks], source=path)


def load_markdown(path: Path) -> Document:
    """Markdown through markdown-it-py's block structure, so markup is never shown as text.

    A heading is a heading paragraph, each paragraph (in a list item, a quote
    or on its own) one paragraph, a table row one paragraph with its cells
    separated by "\\t", a code block one paragraph as written. Inline code and
    link text stay as text; emphasis marks, images and raw HTML tags go.
    """
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": _MARKDOWN_NESTING}).enable(
        ["table", "strikethrough"])
    tokens = parser.parse(read_text_file(path))
    if any(token.level >= _MARKDOWN_NESTING - 1 for token in tokens):
        # markdown-it stops at this depth and drops what is deeper: refuse, never show half.
        raise DamagedFile(f"{path.name} is damaged or hostile: its quotes and lists nest deeper than any "
                          "real document does.")
    blocks: list[tuple[str, Role | None]] = []
    heading: str | None = None
    in_list = 0
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = token.tag
        elif kind == "heading_close":
            heading = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append(("\t".join(row or []), Role.BODY))
            row = None
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(" ".join(text.split()))
            elif heading is not None:
                is_title = heading == "h1" and not any(r is Role.TITLE for _, r in blocks)
                blocks.append((text, Role.TITLE if is_title else Role.HEADING))
            else:
                blocks.append((text, Role.BODY if in_list else None))
        elif kind in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), Role.BODY))
        elif kind == "html_block":
            blocks.extend(_html_blocks(token.content, path.name))
    return build_document(blocks, source=path, headings_stated=True)


# Levels of block tokens (a list item inside a list is two); markdown-it parses nested blocks
# recursively, so this also keeps it far from Python's recursion limit.
_MARKDOWN_NESTING = 60
# A line the author broke on purpose: a short one, one that ends a sentence, or one before a bullet.
_DELIBERATE_LINE_LENGTH = 60
_SENTENCE_END = tuple(".!?؟:؛…")
_STARTS_LIKE_AN_ITEM = re.compile(r"^\s*(?:[•◦▪‣●○■□\-*–—]|[0-9٠-٩۰-۹]{1,3}[.)\-])\s")


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "softbreak":
            parts.append("\0")  # decided below, once the whole line is known
        elif kind == "html_inline" and re.match(r"<br\s*/?>$", child.content, re.IGNORECASE):
            parts.append("\n")
    lines = "".join(parts).split("\0")
    out = lines[0]
    for line in lines[1:]:
        out += ("\n" if _broken_on_purpose(out.rsplit("\n", 1)[-1], line) else " ") + line
    return out


def _broken_on_purpose(before: str, after: str) -> bool:
    """A soft line break is kept when it looks deliberate (poetry, one bullet a line), and is a
    space in hard-wrapped prose, as Markdown renders it."""
    letters = sum(1 for ch in before if not unicodedata.category(ch).startswith("M"))
    return (letters < _DELIBERATE_LINE_LENGTH or before.rstrip().endswith(_SENTENCE_END)
            or bool(_STARTS_LIKE_AN_ITEM.match(after)))


def _html_blocks(markup: str, name: str) -> list[tuple[str, Role | None]]:
    """Raw HTML in Markdown: its text, never its tags."""
    from reader.core.formats.html import blocks_from_fragment

    return blocks_from_fragment(markup, name)
