"""A self-contained bilingual HTML page: no scripts, no network, right-to-left done right."""

from __future__ import annotations

from html import escape

from reader.core.document import Direction, Role
from reader.core.export import Bilingual

_TAG = {Role.TITLE: "h1", Role.HEADING: "h2"}
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
header p { color: #666; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: .5rem 1rem; border-bottom: 1px solid #ddd; width: 50%; }
td[lang=ar] { font-family: "Amiri", "Noto Naskh Arabic", "Geeza Pro", serif; font-size: 1.2rem; line-height: 1.8; }
td.metadata, td.byline { color: #666; font-size: .9rem; }
td h1, td h2 { margin: 0; }
"""


def write(bilingual: Bilingual) -> bytes:
    doc = bilingual.document
    rows = []
    for row in bilingual.rows:
        p = row.paragraph
        tag = _TAG.get(p.role, "p")
        cls = escape(p.role.value)
        direction = "rtl" if p.direction is Direction.RTL else "ltr"
        rows.append(
            f'<tr id="{escape(p.id)}">'
            f'<td class="{cls}" lang="en" dir="ltr"><{tag}>{escape(row.translation)}</{tag}></td>'
            f'<td class="{cls}" lang="ar" dir="{direction}"><{tag}>{escape(p.text)}</{tag}></td></tr>')
    source = escape(doc.source.name) if doc.source else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(doc.title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header><h1 lang="ar" dir="rtl">{escape(doc.title)}</h1>
<p>{source} · translated with {escape(bilingual.model)} · {bilingual.created:%Y-%m-%d}</p></header>
<table>
{chr(10).join(rows)}
</table>
</body>
</html>
"""
    return page.encode("utf-8")
