"""The JSON export: the machine-readable form, documented in the README.

Text is written exactly as it is (JSON can carry any character), with the engine that
translated (`backend`) and each paragraph's quality flags.
"""

from __future__ import annotations

import json

from reader.core.export.model import Bilingual, GlossaryLine


def as_dict(bilingual: Bilingual, glossary: list[GlossaryLine] | None = None) -> dict:
    doc = bilingual.document
    data = {
        "title": doc.title,
        "source": str(doc.source) if doc.source else None,
        "model": bilingual.model,
        "backend": bilingual.backend,
        "created": bilingual.created.isoformat(timespec="seconds"),
        "paragraphs": [
            {
                "id": row.paragraph.id,
                "role": row.paragraph.role.value,
                "direction": row.paragraph.direction.value,
                "source": row.paragraph.text,
                "translation": row.translation,
                "alternatives": [{"text": h.text, "score": h.score} for h in row.alternatives],
                "cached": row.cached,
                "edited": row.edited,
                "glossary_patched": row.patched,
                "flags": [{"sentence": f.sentence, "kind": f.kind, "detail": f.detail} for f in row.flags],
            }
            for row in bilingual.rows
        ],
    }
    if glossary:
        data["glossary"] = [{"arabic": g.arabic, "type": g.kind, "english": g.english} for g in glossary]
    return data


def write(bilingual: Bilingual, *, glossary: list[GlossaryLine] | None = None) -> bytes:
    text = json.dumps(as_dict(bilingual, glossary), ensure_ascii=False, indent=2) + "\n"
    # A lone surrogate (text decoded with surrogateescape) cannot be UTF-8: write it as JSON's \\udXXX escape.
    return text.encode("utf-8", "backslashreplace")
