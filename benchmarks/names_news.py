"""The names panel on news it has never seen: `python benchmarks/names_news.py [--show]`.

Seven articles reassembled from ANERcorp's *test* split (never trained on;
benchmarks/names_news/*.ar.txt, the first token of each sentence dropped: the
split's sentence starts are noise) and a gold written by hand
(benchmarks/names_news/gold.tsv: one row per mention, with its type and an
acceptable English rendering; `|` separates accepted variants). Each article
goes through `reader entities --format json` with an empty READER_HOME (no
user glossary, no names model: the built-in recogniser).

Five "development" articles were looked at while the names rules were
written; the two "fresh-" ones were added afterwards and scored once, as the
honest estimate; the second round of rules (names by meaning, the
recogniser's new features) was written with all seven in view, so three
"fresh2-" articles were added, their gold written before they were ever run,
and scored once at the end of that round. Prints, for each group and all (a name counted once per article):
- recall: the share of distinct gold names that some entry stands for
  (an entry stands for a name when its key is one of the name's written forms);
- precision: the share of entries that stand for a gold name;
- rendering: the share of found names whose entry (the most mentioned one)
  has an accepted English rendering; and type agreement.
Issue 13's targets: recall ≥ 0.80 with precision ≥ 0.80, rendering ≥ 0.85.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.glossary.known import candidates  # noqa: E402
from reader.core.segment import normalise_arabic  # noqa: E402

FOLDER = Path(__file__).resolve().parent / "names_news"


def gold() -> dict[str, dict[str, dict]]:
    """article → canonical English → {forms, type, accepted}."""
    names: dict[str, dict[str, dict]] = collections.defaultdict(dict)
    lines = (FOLDER / "gold.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        article, arabic, kind, english = line.split("\t")
        accepted = english.split("|")
        name = names[article].setdefault(accepted[0], {"forms": set(), "type": kind, "accepted": set()})
        name["forms"].add(normalise_arabic(arabic))
        name["accepted"].update(_plain(a) for a in accepted)
    return names


def _plain(english: str) -> str:
    return re.sub(r"[\s\-'’.]+", " ", english.lower().removeprefix("the ")).strip()


def entities(article: Path, home: Path) -> list[dict]:
    env = {**os.environ, "READER_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "reader", "entities", str(article), "--format", "json"],
                         capture_output=True, text=True, env=env, check=True, cwd=ROOT).stdout
    return json.loads(out)


def entities_with(article: Path, layers: tuple[str, ...], crf: Path | None = None) -> list[dict]:
    """What `reader entities` lists, in this process, with the built-in recogniser's layers (and model) chosen."""
    from reader.core.formats import load_document
    from reader.core.glossary import DocumentGlossary
    from reader.core.glossary.recognise.crf import CrfRecogniser

    recogniser = CrfRecogniser(crf, layers) if crf else CrfRecogniser.default(layers)
    glossary = DocumentGlossary.build_from(load_document(article), {}, {}, recogniser)
    return [{"arabic": e.arabic, "key": e.key, "type": e.kind, "english": e.english, "mentions": e.count,
             "source": e.source} for e in glossary.entries]


def _group(article: str) -> str:
    return article.partition("-")[0] if article.startswith(("fresh-", "fresh2-")) else "development"


def stands_for(entry: dict, forms: set[str]) -> bool:
    return entry["key"] in forms or any(f in forms for f in candidates(entry["arabic"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the misses, the extra entries and bad renderings")
    parser.add_argument("--layers", help="in this process, with these pattern layers (organisations,latin or none) "
                                         "instead of running `reader entities`")
    parser.add_argument("--crf", type=Path, help="in this process, with another CRF model file (implies --layers)")
    args = parser.parse_args()
    if args.crf and args.layers is None:
        args.layers = "organisations,latin"
    layers = None if args.layers is None else tuple(x for x in args.layers.split(",") if x and x != "none")
    expected = gold()
    groups = {"development": collections.Counter(), "fresh": collections.Counter(), "fresh2": collections.Counter()}
    with tempfile.TemporaryDirectory() as home:
        for article in sorted(expected):
            totals = groups[_group(article)]
            path = FOLDER / f"{article}.ar.txt"
            entries = entities(path, Path(home)) if layers is None else entities_with(path, layers, args.crf)
            names = expected[article]
            matched_entries = set()
            for canonical, name in names.items():
                mine = [i for i, e in enumerate(entries) if stands_for(e, name["forms"])]
                matched_entries.update(mine)
                totals["names"] += 1
                if not mine:
                    if args.show:
                        print(f"  miss   {article}: {canonical} ({name['type']})")
                    continue
                totals["found"] += 1
                best = max((entries[i] for i in mine), key=lambda e: e["mentions"])
                if _plain(best["english"]) in name["accepted"]:
                    totals["rendered"] += 1
                elif args.show:
                    print(f"  render {article}: {best['arabic']} → {best['english']} ({best['source']}); "
                          f"expected {canonical}")
                totals["typed"] += best["type"] == name["type"]
            totals["entries"] += len(entries)
            totals["correct"] += len(matched_entries)
            if args.show:
                for i, e in enumerate(entries):
                    if i not in matched_entries:
                        print(f"  extra  {article}: {e['arabic']} {e['type']} → {e['english']}")
    for name, totals in [*groups.items(), ("all", sum(groups.values(), collections.Counter()))]:
        articles = sum(1 for a in expected if name in ("all", _group(a)))
        recall = totals["found"] / totals["names"]
        precision = totals["correct"] / totals["entries"] if totals["entries"] else 0.0
        rendering = totals["rendered"] / totals["found"] if totals["found"] else 0.0
        print(f"{name}: {articles} articles, {totals['names']} distinct names, {totals['entries']} entries listed")
        print(f"  recall {recall:.3f} ({totals['found']}/{totals['names']}; target ≥ 0.80)")
        print(f"  precision {precision:.3f} ({totals['correct']}/{totals['entries']}; target ≥ 0.80)")
        print(f"  rendering {rendering:.3f} ({totals['rendered']}/{totals['found']}; target ≥ 0.85)")
        print(f"  type agreement {totals['typed'] / max(1, totals['found']):.3f}")


if __name__ == "__main__":
    main()
