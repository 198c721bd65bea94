"""Cutting paragraphs into the sentences a translation model is trained on.

OPUS-MT models learnt from single sentences: a whole paragraph in one go
drops clauses, and anything past the length limit is cut off. So every
paragraph is split into sentences, a sentence that is still too long is split
at clause marks (، ؛ ,), and as a last resort between words. The offsets let
the reader show which Arabic sentence became which English one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

# End of sentence: . ! ? ؟ … (possibly repeated), then closing quotes or
# brackets, then white space. "6.3" and "09:37:57" have no space after the
# mark, so they stay whole. A line break the author made (one bullet a line)
# and a table cell boundary ("\t") end a segment too.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s)|؛(?=\s)|[\n\t]")
# A dateline glued to the next field: "…09:37:57المصدر: شينخوا".
_GLUED_FIELD = re.compile(r"(?<=\d{2}:\d{2})(?=[\u0621-\u064A])|(?<=\d{4}-\d{2}-\d{2})(?=[\u0621-\u064A])")
_CLAUSE_END = re.compile(r"[،,;؛:](?=\s)")

_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
_TATWEEL = "\u0640"
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


@dataclass(frozen=True)
class Segment:
    """A span of a paragraph: `text == paragraph[start:end]`."""

    text: str
    start: int
    end: int


def split_sentences(paragraph: str) -> list[Segment]:
    """Sentences of a paragraph, with their offsets; punctuation stays attached."""
    cuts = {0, len(paragraph)}
    cuts.update(m.end() for m in _SENTENCE_END.finditer(paragraph))
    cuts.update(m.start() for m in _GLUED_FIELD.finditer(paragraph))
    return _spans(paragraph, sorted(cuts))


def segment_for_model(
    paragraph: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
) -> list[Segment]:
    """Sentences no longer than `max_tokens`, so nothing is ever truncated."""
    segments: list[Segment] = []
    for sentence in split_sentences(paragraph):
        segments.extend(_fit(paragraph, sentence, count_tokens, max_tokens))
    return segments


def _fit(paragraph: str, segment: Segment, count: Callable[[str], int], limit: int) -> list[Segment]:
    if count(segment.text) <= limit:
        return [segment]
    inner = segment.text
    cuts = sorted({0, len(inner), *(m.end() for m in _CLAUSE_END.finditer(inner))})
    clauses = [Segment(s.text, s.start + segment.start, s.end + segment.start) for s in _spans(inner, cuts)]
    if len(clauses) > 1:
        return _pack(paragraph, clauses, count, limit, lambda c: _fit(paragraph, c, count, limit))
    words = [Segment(m.group(0), m.start() + segment.start, m.end() + segment.start)
             for m in re.finditer(r"\S+", inner)]
    if len(words) > 1:
        return _pack(paragraph, words, count, limit, lambda w: [w])
    return [segment]  # a single enormous "word": the model gets what it can


def _pack(paragraph: str, parts: list[Segment], count, limit, too_big) -> list[Segment]:
    """Greedily join neighbouring parts while they fit, to keep context together."""
    packed: list[Segment] = []
    current: Segment | None = None
    for part in parts:
        if current is not None:
            joined = Segment(paragraph[current.start:part.end], current.start, part.end)
            if count(joined.text) <= limit:
                current = joined
                continue
            packed.append(current)
        if count(part.text) > limit:
            packed.extend(too_big(part))
            current = None
        else:
            current = part
    if current is not None:
        packed.append(current)
    return packed


def _spans(text: str, cuts: list[int]) -> list[Segment]:
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            segments.append(Segment(stripped, start + lead, start + lead + len(stripped)))
    return segments


# Invisible formatting characters (bidi marks, joiners, Arabic number signs, soft
# hyphen, BOM): they carry meaning on screen and are kept in the document, but a
# translation model was not trained on them.
_FORMAT_CHARS = re.compile(r"[\u00ad\u061c\u0600-\u0605\u06dd\u070f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                           r"\u2066-\u2069\ufeff]")
def model_text(text: str) -> str:
    """What the model reads for a span of the document: the key form without invisible formatting."""
    return normalise_for_key(_FORMAT_CHARS.sub("", text))


def normalise_for_key(text: str) -> str:
    """The form of a paragraph that decides whether two texts share a translation.

    Only differences the model cannot see are erased: Unicode composition,
    white space and tatweel (the stretching stroke). Diacritics stay: they can
    change the meaning, and the model reads them.
    """
    text = unicodedata.normalize("NFC", text).replace(_TATWEEL, "")
    return " ".join(text.split())


def normalise_arabic(text: str) -> str:
    """Loose matching form for names: no diacritics, tatweel or alef/ta-marbuta variants."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_ALEF_FORMS).replace("ة", "ه").replace("ى", "ي")
    return " ".join(text.split())
