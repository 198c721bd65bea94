"""Recognising the parts of a news article: title, metadata, body, bylines.

Plain text says nothing about structure, and rich formats often say too
little (an HTML page with only <p> tags). These rules find the usual shape
of an Arabic (or English) news item so the reader can style it, and so the
translator does not treat a dateline glued to a source label as a sentence.
"""

from __future__ import annotations

import re
import unicodedata

from pathlib import Path

from reader.core.document import Document, Paragraph, Role, paragraph_id, text_direction
from reader.core.errors import DamagedFile
from reader.core.formats import limits

# Characters that draw nothing: whitespace and format controls (bidi marks, joiners, BOM...).
# The Arabic number signs and the end-of-ayah sign are format characters too, but they draw.
_DRAWN_FORMAT_CHARACTERS = set("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")

_SENTENCE_END = tuple(".!?؟…:\"'»”)")
_METADATA_LABELS = re.compile(
    r"^\s*(الوقت|التاريخ|المصدر|تاريخ النشر|نشر في|آخر تحديث|تحديث|"
    r"source|date|published|updated|posted)\s*[:：]",
    re.IGNORECASE,
)
_DATE_OR_TIME = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}:\d{2}(:\d{2})?\b")
_BYLINE_LABELS = re.compile(
    r"^\s*(تحرير|بقلم|كتب|كتبت|إعداد|اعداد|تصوير|ترجمة|مراسل|مراسلة|المحرر|"
    r"by|editor|edited by|photo|photograph|caption|reporting by|writing by)\b\s*[:：]?",
    re.IGNORECASE,
)


# Control characters no author types (BEL, ESC, DEL, C1 controls), noncharacters and lone
# surrogates: they show as boxes, break XML exports and terminals, and carry no text.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_block(text: str) -> str:
    """The author's text as it stands: line endings made "\\n", stray control characters and the
    whitespace around it gone.

    Nothing else changes: no Unicode normalisation, no invisible characters
    removed (RLM, ZWNJ, number signs and tatweel carry meaning), no spaces
    collapsed. Normalisation is for the model, the cache key and name matching.
    """
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def has_visible_text(text: str) -> bool:
    """False for a block of nothing but whitespace and invisible marks (RLM, LRM, ALM, ZWJ...)."""
    return any(not ch.isspace() and (unicodedata.category(ch) != "Cf" or ch in _DRAWN_FORMAT_CHARACTERS)
               for ch in text)


def word_count(text: str) -> int:
    return len(text.split())


def looks_like_metadata(text: str) -> bool:
    return word_count(text) <= 20 and bool(_METADATA_LABELS.search(text) or (
        _DATE_OR_TIME.search(text) and word_count(text) <= 8))


def looks_like_byline(text: str) -> bool:
    return word_count(text) <= 10 and bool(_BYLINE_LABELS.match(text))


def looks_like_heading(text: str) -> bool:
    return word_count(text) <= 15 and not text.endswith(_SENTENCE_END)


def infer_roles(texts: list[str], given: list[Role | None], *, title_known: bool,
                headings_stated: bool = False) -> list[Role]:
    """Fill in the roles a loader could not read from the file itself.

    With `headings_stated` (Markdown, HTML: formats that mark their headings)
    only metadata and bylines are guessed; a short paragraph stays a paragraph.
    """
    roles: list[Role] = []
    has_title = title_known or any(r is Role.TITLE for r in given)
    for i, (text, role) in enumerate(zip(texts, given)):
        if role is None:
            role = _guess(i, texts, roles, has_title, headings_stated)
        if role is Role.TITLE:
            has_title = True
        roles.append(role)
    return roles


def _guess(i: int, texts: list[str], earlier: list[Role], has_title: bool, headings_stated: bool) -> Role:
    text = texts[i]
    near_edge = i < 4 or i >= len(texts) - 2
    if near_edge and looks_like_metadata(text):
        return Role.METADATA
    if looks_like_byline(text):
        return Role.BYLINE
    if headings_stated:
        return Role.BODY
    if i == 0 and not has_title and looks_like_heading(text):
        return Role.TITLE
    next_is_body = i + 1 < len(texts) and word_count(texts[i + 1]) > 15
    if 0 < i and looks_like_heading(text) and next_is_body and word_count(text) <= 12:
        return Role.HEADING
    return Role.BODY


def _title_once(blocks: list[tuple[str, Role | None]]) -> list[tuple[str, Role | None]]:
    """A converter's title block followed by the same text as the first heading (pandoc's title
    block, a Word Title over Heading 1) is one title, not a repeated paragraph. Nothing else
    repeated is ever dropped."""
    if (len(blocks) > 1 and blocks[0][1] is Role.TITLE and blocks[1][1] in (Role.TITLE, Role.HEADING)
            and blocks[0][0].split() == blocks[1][0].split()):
        return [blocks[0]] + blocks[2:]
    return blocks


def build_document(
    blocks: list[tuple[str, Role | None]],
    *,
    title: str | None = None,
    source: Path | None = None,
    metadata: dict[str, str] | None = None,
    headings_stated: bool = False,
) -> Document:
    """Turn (text, role-or-None) blocks into a Document, inferring missing roles.

    Loaders pass the roles their format states (a docx Title style, an HTML
    heading) and leave the rest to `infer_roles`, so plain text and rich
    formats end up with the same structure for the same article. Every block
    with something visible in it becomes a paragraph, repeated ones included:
    repeated text is the author's.
    """
    cleaned = [(clean_block(text), role) for text, role in blocks]
    cleaned = [(text, role) for text, role in cleaned if has_visible_text(text)]
    cleaned = _title_once(cleaned)
    name = source.name if source is not None else "The document"
    if len(cleaned) > limits.MAX_PARAGRAPHS:
        raise DamagedFile(f"{name} has more than {limits.MAX_PARAGRAPHS:,} paragraphs, "
                          "more than reader opens in one document.")
    if sum(len(text) for text, _ in cleaned) > limits.MAX_TEXT_CHARS:
        raise DamagedFile(f"{name} has more than {limits.MAX_TEXT_CHARS:,} characters of text, "
                          "more than reader opens in one document.")
    roles = infer_roles([t for t, _ in cleaned], [r for _, r in cleaned], title_known=title is not None,
                        headings_stated=headings_stated)
    paragraphs = tuple(
        Paragraph(id=paragraph_id(i, text), text=text, role=role, direction=text_direction(text))
        for i, ((text, _), role) in enumerate(zip(cleaned, roles))
    )
    if title is None:
        title = next((p.text for p in paragraphs if p.role is Role.TITLE), "")
        if not title and source is not None:
            title = source.stem
    return Document(title=title, paragraphs=paragraphs, source=source, metadata=metadata or {})
