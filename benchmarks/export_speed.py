"""How long a 200-paragraph bilingual PDF takes (goal: a few seconds).

The sample article repeated ten times (200 paragraphs), with English text in
every row, exported in both layouts. JSON on the last line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.document import Document, paragraph_id  # noqa: E402
from reader.core.export import build_bilingual, export  # noqa: E402
from reader.core.formats import load_document  # noqa: E402

ENGLISH = ("Wang said that China-Kazakhstan relations have gone through 30 years of trials and hardships, "
           "adding that the two sides have established a permanent comprehensive strategic partnership.")


def main() -> None:
    sample = load_document(ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt")
    paragraphs = tuple(
        type(p)(paragraph_id(i, p.text), p.text, p.role, p.direction)
        for i, p in enumerate(p for _ in range(10) for p in sample.paragraphs))
    document = Document(sample.title, paragraphs, source=sample.source)
    bilingual = build_bilingual(document, [None] * len(paragraphs),
                                {i: ENGLISH for i in range(len(paragraphs))}, "benchmark")
    report = {"paragraphs": len(paragraphs)}
    with tempfile.TemporaryDirectory() as tmp:
        for layout in ("side-by-side", "interleaved"):
            start = time.perf_counter()
            out = export(bilingual, Path(tmp) / f"{layout}.pdf", layout=layout)
            report[f"pdf_{layout}_s"] = round(time.perf_counter() - start, 2)
            report[f"pdf_{layout}_kb"] = round(out.stat().st_size / 1024)
        for fmt in ("docx", "html", "tmx"):
            start = time.perf_counter()
            export(bilingual, Path(tmp) / f"x.{fmt}")
            report[f"{fmt}_s"] = round(time.perf_counter() - start, 3)
    for key, value in report.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
