"""A self-contained bilingual HTML page: no scripts, no network, right to left done right.

Every text is escaped and stripped of characters XML cannot carry; a line break inside a
paragraph becomes <br>, a table cell gap ("\\t") a visible gap that still copies as a tab.
"""

from __future__ import annotations

from html import escape

from reader.core.document import Direction, Role
from reader.core.export.marks import flag_reasons, xml_safe
from reader.core.export.model import KIND_LABELS, Bilingual, BilingualRow, GlossaryLine

_TAG = {Role.TITLE: "h1", Role.HEADING: "h2"}
_STYLE = """
body { font-family: "Noto Sans", system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; }
header p { color: #666; font-size: .9rem; }
[lang=ar] { font-family: "Noto Naskh Arabic", "Amiri", "Geeza Pro", "Traditional Arabic", serif;
            font-size: 1.2em; line-height: 1.9; }
table.pairs { border-collapse: collapse; width: 100%; }
table.pairs td { vertical-align: top; padding: .5rem 1rem; border-bottom: 1px solid #ddd; width: 50%; }
section.pair { border-bottom: 1px solid #ddd; padding: .5rem 0; }
.metadata, .byline { color: #666; font-size: .9rem; }
h1, h2, p { margin: 0; }
td h1, section h1 { font-size: 1.5rem; }
td h2, section h2 { font-size: 1.2rem; }
span.gap { white-space: pre; display: inline-block; min-width: 2em; border-inline-start: 1px solid #bbb;
           margin-inline-start: .5em; }
p.flags { color: #a05a00; font-size: .8rem; }
table.glossary td, table.glossary th { padding: .2rem .8rem; border-bottom: 1px solid #eee; text-align: start; }
"""


def text_html(text: str) -> str:
    """Escaped text with its line breaks and cell gaps made visible."""
    lines = [escape(xml_safe(line), quote=False).replace("\t", '<span class="gap">\t</span>')
             for line in text.split("\n")]
    return "<br>\n".join(lines)


def _cell(tag: str, text: str, *, arabic: bool, direction: Direction = Direction.RTL) -> str:
    if arabic:
        dir_ = "rtl" if direction is Direction.RTL else "ltr"
        return f'<{tag} lang="ar" dir="{dir_}">{text_html(text)}</{tag}>'
    return f'<{tag} lang="en" dir="ltr">{text_html(text)}</{tag}>'


def _flags(row: BilingualRow, mark_flags: bool) -> str:
    if not (mark_flags and row.flags):
        return ""
    reasons = "; ".join(flag_reasons(row.flags))
    return f'<p class="flags" lang="en" dir="ltr" title="{escape(xml_safe(reasons))}">⚑ {escape(xml_safe(reasons))}</p>'


def _row_class(row: BilingualRow, mark_flags: bool) -> str:
    return row.paragraph.role.value + (" flagged" if mark_flags and row.flags else "")


def _appendix(glossary: list[GlossaryLine]) -> str:
    parts = ["\n<h2>Glossary</h2>"]
    for kind, label in KIND_LABELS.items():
        lines = [g for g in glossary if (g.kind if g.kind in KIND_LABELS else "MISC") == kind]
        if not lines:
            continue
        rows = "".join(f'<tr><td lang="ar" dir="rtl">{text_html(g.arabic)}</td>'
                       f'<td lang="en" dir="ltr">{text_html(g.english)}</td></tr>' for g in lines)
        parts.append(f'<h3>{label}</h3>\n<table class="glossary"><tr><th>Arabic</th><th>English</th></tr>'
                     f"{rows}</table>")
    return "\n".join(parts)


def write(bilingual: Bilingual, *, layout: str = "side-by-side", glossary: list[GlossaryLine] | None = None,
          mark_flags: bool = False) -> bytes:
    doc = bilingual.document
    parts = []
    if layout == "interleaved":
        for row in bilingual.rows:
            p = row.paragraph
            tag = _TAG.get(p.role, "p")
            parts.append(f'<section class="pair {_row_class(row, mark_flags)}" id="{escape(xml_safe(p.id))}">'
                         + _cell(tag, p.text, arabic=True, direction=p.direction)
                         + _cell(tag, row.translation, arabic=False) + _flags(row, mark_flags) + "</section>")
        body = "\n".join(parts)
    else:
        for row in bilingual.rows:
            p = row.paragraph
            tag = _TAG.get(p.role, "p")
            parts.append(f'<tr class="{_row_class(row, mark_flags)}" id="{escape(xml_safe(p.id))}">'
                         f'<td>{_cell(tag, row.translation, arabic=False)}{_flags(row, mark_flags)}</td>'
                         f'<td>{_cell(tag, p.text, arabic=True, direction=p.direction)}</td></tr>')
        body = '<table class="pairs">\n' + "\n".join(parts) + "\n</table>"
    if glossary:
        body += _appendix(glossary)
    source = text_html(doc.source.name) if doc.source else ""
    engine = f" ({text_html(bilingual.backend)})" if bilingual.backend else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="reader">
<title>{escape(xml_safe(doc.title.replace(chr(10), ' ')), quote=False)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header>{_cell("h1", doc.title, arabic=True)}
<p>{source} · translated with {text_html(bilingual.model)}{engine} · {bilingual.created:%Y-%m-%d}</p></header>
{body}
</body>
</html>
"""
    return page.encode("utf-8")
