"""Glossary adherence on the sample article, translated by the tiny test model.

A rendering is set for every name the glossary finds (a few deliberately
different from the model's own spelling: Tleuberdi, Nursultan, Xian), then
the article is translated and held to the glossary. Prints the share of
mentions whose paragraph shows its entity's rendering (goal 100%) and the
number of distinct renderings per entity across the English (goal 1).
JSON on the last line.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.formats import load_document  # noqa: E402
from reader.core.glossary import DocumentGlossary  # noqa: E402
from reader.core.engines.marian import MarianEngine  # noqa: E402
from reader.core.translate import DecodingSettings, SegmentingTranslator  # noqa: E402
from reader.core.userdata import UserStore  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"
CHANGES = {"مختار تليوبيردي": "Mukhtar Tleuberdi", "نور سلطان": "Nursultan", "شيآن": "Xian"}


def main() -> None:
    document = load_document(SAMPLE)
    translator = SegmentingTranslator(MarianEngine(TINY), DecodingSettings(), "tiny")
    results = translator.translate([p.text for p in document.paragraphs])
    with tempfile.TemporaryDirectory() as tmp:
        store = UserStore(Path(tmp) / "user.sqlite3")
        first = DocumentGlossary.build(document, store)
        for entry in first.entries:
            store.set_rendering(entry.key, entry.arabic, entry.kind, CHANGES.get(entry.arabic, entry.english))
        glossary = DocumentGlossary.build(document, store)
        store.close()
    before = [r.text for r in results]
    after = [glossary.apply(i, r).text for i, r in enumerate(results)]
    report = {"entities": len(glossary.entries)}
    for name, texts in (("model_only", before), ("with_glossary", after)):
        placed = total = 0
        spellings: dict[str, set[str]] = {}
        for entry in glossary.entries:
            variants = {entry.english, *(glossary._variants(entry))}
            for mention in entry.mentions:
                total += 1
                placed += entry.english in texts[mention.paragraph]
            found = {v for v in variants if v and re.search(rf"(?<!\w){re.escape(v)}(?!\w)", " ".join(texts))}
            spellings[entry.key] = found
        shown = [k for k, v in spellings.items() if v]
        report[name] = {
            "mentions": total,
            "mentions_with_rendering": placed,
            "adherence": round(placed / total, 3) if total else None,
            "max_renderings_per_entity": max((len(v) for v in spellings.values()), default=0),
            "entities_shown": len(shown),
        }
    for name in ("model_only", "with_glossary"):
        r = report[name]
        print(f"{name:>14}: {r['mentions_with_rendering']}/{r['mentions']} mentions show their rendering "
              f"({r['adherence']:.1%}); at most {r['max_renderings_per_entity']} spellings per entity")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
