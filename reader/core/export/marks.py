"""Text helpers every writer shares: characters XML cannot hold, and the words for quality flags."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF).
# They are not text anyone reads, and one of them makes a whole TMX, TBX or DOCX unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a terminal or a Markdown viewer must not get either: the above, DEL and the C1 controls.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (the document's other characters untouched)."""
    return _NOT_XML.sub("", text)


def plain_safe(text: str) -> str:
    """`text` without control characters (escape sequences, NUL, BEL), for plain-text formats."""
    return _NOT_TEXT.sub("", text)


_KIND_WORDS = {
    "copy": "copies the Arabic",
    "repeat": "repeats itself",
    "short": "shorter than the Arabic",
    "long": "longer than the Arabic",
    "numbers": "numbers differ",
    "names": "names differ",
    "low-score": "the model was unsure",
    "cut": "cut short",
}


def flag_reasons(flags: tuple) -> list[str]:
    """One short line per quality flag, e.g. "sentence 2: numbers differ (2022 missing)"."""
    lines = []
    for flag in flags:
        words = _KIND_WORDS.get(flag.kind, flag.kind)
        detail = f" ({flag.detail})" if flag.detail else ""
        lines.append(f"sentence {flag.sentence + 1}: {words}{detail}" if flag.sentence is not None and flag.sentence >= 0
                     else f"{words}{detail}")
    return lines
