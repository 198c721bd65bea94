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

_SPACES = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")
# Invisible characters that only get in the way of matching and shaping.
_JUNK = dict.fromkeys(map(ord, "\u00ad\ufeff\u200b\u2060"), None)

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


def clean_block(text: str) -> str:
    """NFC, one space between words, no stray invisible characters, no edges."""
    text = unicodedata.normalize("NFC", text).translate(_JUNK)
    text = _LINE_BREAKS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def word_count(text: str) -> int:
    return len(text.split())


def looks_like_metadata(text: str) -> bool:
    return word_count(text) <= 20 and bool(_METADATA_LABELS.search(text) or (
        _DATE_OR_TIME.search(text) and word_count(text) <= 8))


def looks_like_byline(text: str) -> bool:
    return word_count(text) <= 10 and bool(_BYLINE_LABELS.match(text))


def looks_like_heading(text: str) -> bool:
    return word_count(text) <= 15 and not text.endswith(_SENTENCE_END)


def infer_roles(texts: list[str], given: list[Role | None], *, title_known: bool) -> list[Role]:
    """Fill in the roles a loader could not read from the file itself."""
    roles: list[Role] = []
    has_title = title_known or any(r is Role.TITLE for r in given)
    for i, (text, role) in enumerate(zip(texts, given)):
        if role is None:
            role = _guess(i, texts, roles, has_title)
        if role is Role.TITLE:
            has_title = True
        roles.append(role)
    return roles


def _guess(i: int, texts: list[str], earlier: list[Role], has_title: bool) -> Role:
    text = texts[i]
    near_edge = i < 4 or i >= len(texts) - 2
    if near_edge and looks_like_metadata(text):
        return Role.METADATA
    if looks_like_byline(text):
        return Role.BYLINE
    if i == 0 and not has_title and looks_like_heading(text):
        return Role.TITLE
    next_is_body = i + 1 < len(texts) and word_count(texts[i + 1]) > 15
    if 0 < i and looks_like_heading(text) and next_is_body and word_count(text) <= 12:
        return Role.HEADING
    return Role.BODY


def build_document(
    blocks: list[tuple[str, Role | None]],
    *,
    title: str | None = None,
    source: Path | None = None,
    metadata: dict[str, str] | None = None,
) -> Document:
    """Turn (text, role-or-None) blocks into a Document, inferring missing roles.

    Loaders pass the roles their format states (a docx Title style, an HTML
    heading) and leave the rest to `infer_roles`, so plain text and rich
    formats end up with the same structure for the same article.
    """
    cleaned = [(clean_block(text), role) for text, role in blocks]
    cleaned = [(text, role) for text, role in cleaned if text]
    # Converted documents often repeat the title as the first heading: show it once.
    cleaned = [block for i, block in enumerate(cleaned)
               if not (i > 0 and block[0] == cleaned[i - 1][0] and (i == 1 or cleaned[i - 1][1] is Role.TITLE))]
    roles = infer_roles([t for t, _ in cleaned], [r for _, r in cleaned], title_known=title is not None)
    paragraphs = tuple(
        Paragraph(id=paragraph_id(i, text), text=text, role=role, direction=text_direction(text))
        for i, ((text, _), role) in enumerate(zip(cleaned, roles))
    )
    if title is None:
        title = next((p.text for p in paragraphs if p.role is Role.TITLE), "")
        if not title and source is not None:
            title = source.stem
    return Document(title=title, paragraphs=paragraphs, source=source, metadata=metadata or {})
