"""A self-contained bilingual HTML page: no scripts, no network, right to left done right."""

from __future__ import annotations

from html import escape

from reader.core.document import Direction, Role
from reader.core.export import Bilingual, GlossaryLine

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
table.glossary td, table.glossary th { padding: .2rem .8rem; border-bottom: 1px solid #eee; text-align: start; }
"""


def _cell(tag: str, text: str, *, arabic: bool, direction: Direction = Direction.RTL) -> str:
    if arabic:
        dir_ = "rtl" if direction is Direction.RTL else "ltr"
        return f'<{tag} lang="ar" dir="{dir_}">{escape(text)}</{tag}>'
    return f'<{tag} lang="en" dir="ltr">{escape(text)}</{tag}>'


def write(bilingual: Bilingual, *, layout: str = "side-by-side", glossary: list[GlossaryLine] | None = None) -> bytes:
    doc = bilingual.document
    parts = []
    if layout == "interleaved":
        for row in bilingual.rows:
            p = row.paragraph
            tag = _TAG.get(p.role, "p")
            parts.append(f'<section class="pair {p.role.value}" id="{escape(p.id)}">'
                         + _cell(tag, p.text, arabic=True, direction=p.direction)
                         + _cell(tag, row.translation, arabic=False) + "</section>")
        body = "\n".join(parts)
    else:
        for row in bilingual.rows:
            p = row.paragraph
            tag = _TAG.get(p.role, "p")
            parts.append(f'<tr class="{p.role.value}" id="{escape(p.id)}">'
                         f'<td>{_cell(tag, row.translation, arabic=False)}</td>'
                         f'<td>{_cell(tag, p.text, arabic=True, direction=p.direction)}</td></tr>')
        body = '<table class="pairs">\n' + "\n".join(parts) + "\n</table>"
    if glossary:
        lines = "".join(f"<tr><td lang=\"ar\" dir=\"rtl\">{escape(g.arabic)}</td><td>{escape(g.kind)}</td>"
                        f"<td lang=\"en\">{escape(g.english)}</td></tr>" for g in glossary)
        body += ('\n<h2>Glossary</h2>\n<table class="glossary"><tr><th>Arabic</th><th>Type</th>'
                 f"<th>English</th></tr>{lines}</table>")
    source = escape(doc.source.name) if doc.source else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="reader">
<title>{escape(doc.title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header>{_cell("h1", doc.title, arabic=True)}
<p>{source} · translated with {escape(bilingual.model)} · {bilingual.created:%Y-%m-%d}</p></header>
{body}
</body>
</html>
"""
    return page.encode("utf-8")
