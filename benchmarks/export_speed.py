"""How long a bilingual PDF takes, and how much memory, for 200, 1,000 and 5,000 paragraphs.

The sample article repeated (20 paragraphs a copy), with English text in every row,
exported in both layouts with a progress callback as the window passes one. Each
export runs in a fresh process, so its time includes no warm cache and its peak
resident memory is its own. Target: 200 paragraphs in 3 s or less per layout on the
2-core development machine, growing linearly, under 500 MB for 5,000.

    python benchmarks/export_speed.py                 # 200, 1000, 5000; both layouts
    python benchmarks/export_speed.py --sizes 200     # just one size

JSON on the last line. DOCX, HTML and TMX of 200 paragraphs are timed too, for comparison.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGLISH = ("Wang said that China-Kazakhstan relations have gone through 30 years of trials and hardships, "
           "adding that the two sides have established a permanent comprehensive strategic partnership.")
LAYOUTS = ("side-by-side", "interleaved")


def bilingual(size: int):
    from reader.core.document import Document, paragraph_id
    from reader.core.export import build_bilingual
    from reader.core.formats import load_document

    sample = load_document(ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt")
    copies = -(-size // len(sample.paragraphs))
    texts = [p for _ in range(copies) for p in sample.paragraphs][:size]
    paragraphs = tuple(type(p)(paragraph_id(i, p.text), p.text, p.role, p.direction) for i, p in enumerate(texts))
    document = Document(sample.title, paragraphs, source=sample.source)
    return build_bilingual(document, [None] * len(paragraphs), {i: ENGLISH for i in range(len(paragraphs))},
                           "benchmark")


def one(size: int, fmt: str, layout: str) -> dict:
    """Export once in this process; time, size, pages and peak memory."""
    from reader.core.export import export

    rows = bilingual(size)
    calls = []
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = export(rows, Path(tmp) / f"x.{fmt}", layout=layout,
                     progress=lambda done, total: calls.append(done))
        seconds = time.perf_counter() - start
        kb = out.stat().st_size / 1024
        pages = None
        if fmt == "pdf":
            pages = out.read_bytes().count(b"/Type /Page\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"paragraphs": size, "format": fmt, "layout": layout, "seconds": round(seconds, 2),
            "kb": round(kb), "pages": pages, "progress_calls": len(calls), "peak_rss_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "FORMAT", "LAYOUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.one[2])))
        return
    results = []
    runs = [(size, "pdf", layout) for size in args.sizes for layout in LAYOUTS]
    runs += [(200, fmt, "side-by-side") for fmt in ("docx", "html", "tmx")]
    for size, fmt, layout in runs:
        done = subprocess.run([sys.executable, __file__, "--one", str(size), fmt, layout],
                              capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        per_100 = result["seconds"] / size * 100
        print(f"{fmt:>5} {layout:>13} {size:>6} paragraphs: {result['seconds']:7.2f} s "
              f"({per_100:.2f} s per 100), {result['kb']:>6} KB, {result['pages'] or '-':>5} pages, "
              f"peak {result['peak_rss_mb']} MB", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
