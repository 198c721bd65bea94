"""Markdown, interleaved: each Arabic paragraph, then its English as a quote.

Nothing in the text becomes markup: HTML is escaped (`<`, `>`, `&`), so is Markdown's own
punctuation, and control characters are left out (they are not text, and an escape sequence
would reach a terminal that shows the file). A line break inside a paragraph is a hard break,
a table cell gap ("\\t") two em spaces.
"""

from __future__ import annotations

import re

from reader.core.document import Role
from reader.core.export.marks import flag_reasons, plain_safe
from reader.core.export.model import KIND_LABELS, Bilingual, BilingualRow, GlossaryLine

_PREFIX = {Role.TITLE: "# ", Role.HEADING: "## "}
_INLINE = re.compile(r"([\\`*_\[\]~|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=*]|\d+[.)])")
CELL_GAP = "\u2003\u2003"


def _escape_line(line: str) -> str:
    """One line of text that renders as itself: no HTML, no emphasis, links, lists or headings."""
    line = plain_safe(line).replace("\t", CELL_GAP)
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _INLINE.sub(r"\\\1", line)
    return _LINE_START.sub(lambda m: m[1] + (m[2][:-1] + "\\" + m[2][-1]), line)


def markdown_text(text: str, *, heading: bool = False) -> str:
    """Escaped text; its line breaks become hard breaks (a heading stays on one line with <br>)."""
    lines = [_escape_line(line) for line in text.split("\n")]
    return (" <br> " if heading else "\\\n").join(lines)


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in text.split("\n"))


def _flags(row: BilingualRow) -> str:
    return "⚑ *" + markdown_text("; ".join(flag_reasons(row.flags))) + "*"


def _appendix(glossary: list[GlossaryLine]) -> list[str]:
    lines = ["## Glossary", ""]
    for kind, label in KIND_LABELS.items():
        group = [g for g in glossary if (g.kind if g.kind in KIND_LABELS else "MISC") == kind]
        if group:
            lines += [f"### {label}", ""]
            lines += [f"- {markdown_text(g.arabic)} — {markdown_text(g.english)}" for g in group]
            lines.append("")
    return lines


def write(bilingual: Bilingual, *, glossary: list[GlossaryLine] | None = None, mark_flags: bool = False) -> bytes:
    doc = bilingual.document
    engine = f" ({bilingual.backend})" if bilingual.backend else ""
    about = f"{doc.source.name if doc.source else doc.title} · {bilingual.model}{engine} · {bilingual.created:%Y-%m-%d}"
    lines = [f"<!-- {markdown_text(about, heading=True)} -->", ""]
    for row in bilingual.rows:
        prefix = _PREFIX.get(row.paragraph.role, "")
        heading = bool(prefix)
        lines += [f"{prefix}{markdown_text(row.paragraph.text, heading=heading)}", ""]
        english = f"{prefix}{markdown_text(row.translation, heading=heading)}" if row.translation else "…"
        if mark_flags and row.flags:
            english += "\n\n" + _flags(row)
        lines += [_quote(english), ""]
    if glossary:
        lines += _appendix(glossary)
    return "\n".join(lines).encode("utf-8")
