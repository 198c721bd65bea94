"""Markdown, interleaved: each Arabic paragraph, then its English as a quote."""

from __future__ import annotations

from reader.core.document import Role
from reader.core.export import Bilingual

_PREFIX = {Role.TITLE: "# ", Role.HEADING: "## "}


def write(bilingual: Bilingual) -> bytes:
    doc = bilingual.document
    lines = [f"<!-- {doc.source.name if doc.source else doc.title} · {bilingual.model} · "
             f"{bilingual.created:%Y-%m-%d} -->", ""]
    for row in bilingual.rows:
        prefix = _PREFIX.get(row.paragraph.role, "")
        lines += [f"{prefix}{_escape(row.paragraph.text)}", "",
                  f"> {prefix}{_escape(row.translation)}" if row.translation else "> …", ""]
    return "\n".join(lines).encode("utf-8")


def _escape(text: str) -> str:
    """Keep a leading '#', '>' or '-' in the text from turning into Markdown syntax."""
    return "\\" + text if text[:1] in "#>-+*" else text
