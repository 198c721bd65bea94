"""The JSON export: the machine-readable form, documented in the README."""

from __future__ import annotations

import json

from reader.core.export import Bilingual


def as_dict(bilingual: Bilingual) -> dict:
    doc = bilingual.document
    return {
        "title": doc.title,
        "source": str(doc.source) if doc.source else None,
        "model": bilingual.model,
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
            }
            for row in bilingual.rows
        ],
    }


def write(bilingual: Bilingual) -> bytes:
    return (json.dumps(as_dict(bilingual), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
