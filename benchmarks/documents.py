"""How well reader gets documents back: paragraphs, exact text, similarity, per rendering.

    python benchmarks/documents.py benchmarks/corpus [--only txt,md,html] [--check]

For every reference NAME.txt in DIR (paragraphs separated by blank lines; see
benchmarks/corpus/README.md) and every rendering NAME.* beside it (NAME.docx, NAME.tex.pdf,
NAME.cp1256.txt, ...), the rendering is loaded with `reader.core.formats.load_document` and
compared with the reference:

- paragraphs got/expected;
- found: the share of reference paragraphs that come back exactly, after whitespace
  normalisation (line breaks, tabs and runs of spaces count as one space) with list markers at
  the start of a paragraph ignored; repeated paragraphs must come back as often as they occur;
- similarity: difflib's ratio of the joined (normalised) texts, character by character (paragraphs
  that are equal are matched whole first, the rest compared character by character: the same
  number, without difflib's quadratic time on long equal texts);
- time to load.

Targets (issue 11): count within ±5% of the reference, found ≥ 95%, similarity ≥ 0.99.
The last line printed is a JSON summary. `--check` exits 1 when a measured file misses a target.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.errors import ReaderError  # noqa: E402
from reader.core.formats import SUPPORTED_EXTENSIONS, load_document  # noqa: E402

COUNT_TOLERANCE = 0.05
FOUND_TARGET = 0.95
SIMILARITY_TARGET = 0.99
_LIST_MARKER = re.compile(r"^\s*(?:[•◦▪‣●○■□\-*–—]|[0-9٠-٩۰-۹]{1,3}[.)\-]|[a-zA-Z][.)])\s+")


def normalise(text: str) -> str:
    """Whitespace collapsed, a leading list marker dropped: what 'the same paragraph' means here."""
    return " ".join(_LIST_MARKER.sub("", text).split())


def read_reference(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [p for p in re.split(r"\n[^\S\n]*\n", text) if p.strip()]


def find_pairs(folder: Path) -> list[tuple[Path, list[Path]]]:
    """(reference, renderings) for every NAME.txt (no dot in NAME) with renderings beside it."""
    pairs = []
    for reference in sorted(folder.glob("*.txt")):
        name = reference.stem
        if "." in name:
            continue
        renderings = sorted(p for p in folder.iterdir()
                            if p.name.startswith(name + ".") and p != reference
                            and p.suffix.lower() in SUPPORTED_EXTENSIONS)
        if renderings:
            pairs.append((reference, renderings))
    return pairs


def text_similarity(want: list[str], have: list[str]) -> float:
    """difflib's ratio of the texts joined by newlines, computed paragraph-wise first."""
    a, b = "\n".join(want), "\n".join(have)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matched = 0
    blocks = difflib.SequenceMatcher(None, want, have, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            matched += sum(len(p) for p in want[i1:i2]) + (i2 - i1)  # each with its newline
        elif tag == "replace":
            part_a, part_b = "\n".join(want[i1:i2]), "\n".join(have[j1:j2])
            matcher = difflib.SequenceMatcher(None, part_a, part_b, autojunk=False)
            matched += sum(m.size for m in matcher.get_matching_blocks())
    return min(1.0, 2 * matched / (len(a) + len(b)))


def measure(reference: list[str], rendering: Path) -> dict:
    started = time.perf_counter()
    error = None
    try:
        got = [p.text for p in load_document(rendering).paragraphs]
    except ReaderError as exc:
        got, error = [], str(exc)
    seconds = time.perf_counter() - started
    want = [normalise(p) for p in reference]
    have = [normalise(p) for p in got]
    found = sum((Counter(want) & Counter(have)).values()) / len(want)
    similarity = text_similarity(want, have)
    result = {
        "file": rendering.name,
        "kind": rendering.name.split(".", 1)[1],
        "format": rendering.suffix.lower().lstrip("."),
        "got": len(got),
        "expected": len(reference),
        "found": round(found, 4),
        "similarity": round(similarity, 4),
        "seconds": round(seconds, 3),
    }
    result["passes"] = (abs(len(got) - len(reference)) <= COUNT_TOLERANCE * len(reference)
                        and found >= FOUND_TARGET and similarity >= SIMILARITY_TARGET)
    if error:
        result["error"] = error
    return result


def summarise(results: list[dict]) -> dict:
    by_format: dict[str, dict] = {}
    for key in sorted({r["kind"] for r in results}):
        rows = [r for r in results if r["kind"] == key]
        by_format[key] = {
            "files": len(rows),
            "passing": sum(r["passes"] for r in rows),
            "paragraphs": f"{sum(r['got'] for r in rows)}/{sum(r['expected'] for r in rows)}",
            "found": round(sum(r["found"] for r in rows) / len(rows), 4),
            "similarity": round(sum(r["similarity"] for r in rows) / len(rows), 4),
            "seconds": round(sum(r["seconds"] for r in rows), 3),
        }
    return {
        "targets": {"count": f"±{COUNT_TOLERANCE:.0%}", "found": FOUND_TARGET, "similarity": SIMILARITY_TARGET},
        "files": len(results),
        "passing": sum(r["passes"] for r in results),
        "by_kind": by_format,
        "failing": [r["file"] for r in results if not r["passes"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", default="", help="comma-separated formats to measure (txt,md,html,docx,...)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a measured file misses a target")
    args = parser.parse_args(argv)
    only = {f.strip().lstrip(".").lower() for f in args.only.split(",") if f.strip()}
    results = []
    print(f"{'file':34} {'paragraphs':>11} {'found':>7} {'similar':>8} {'ms':>7}")
    for reference_path, renderings in find_pairs(args.folder):
        reference = read_reference(reference_path)
        for rendering in renderings:
            if only and rendering.suffix.lower().lstrip(".") not in only:
                continue
            r = measure(reference, rendering)
            results.append(r)
            mark = "" if r["passes"] else "  ✗" + (f" {r['error']}" if "error" in r else "")
            print(f"{r['file']:34} {r['got']:>5}/{r['expected']:<5} {r['found']:>7.1%} {r['similarity']:>8.4f} "
                  f"{r['seconds'] * 1000:>7.0f}{mark}", flush=True)
    summary = summarise(results)
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if args.check and summary["failing"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
