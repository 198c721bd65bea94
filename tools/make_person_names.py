"""Write resources/ner/person-names.tsv from the Wikidata person-name pairs (CC0).

`python tools/make_person_names.py` reads
../shared/data/wikidata-person-names-ar-en/wd_arabic.normalized.aligned.tokens
(Merhav & Ash 2018: English word, Arabic letters separated by spaces, count)
and writes one row per pair: Arabic word, English word, count, in the file's
order. The renderer picks, for each Arabic word, its most frequent English.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nerdata import DATA, ROOT  # noqa: E402

SOURCE = DATA / "wikidata-person-names-ar-en" / "wd_arabic.normalized.aligned.tokens"
TARGET = ROOT / "resources" / "ner" / "person-names.tsv"


def rows(source: Path) -> list[str]:
    out = []
    for line in source.read_text(encoding="utf-8").splitlines():
        english, arabic, count = line.split("\t")
        out.append(f"{arabic.replace(' ', '')}\t{english}\t{int(count)}\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    lines = rows(args.source)
    args.out.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {len(lines)} pairs to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
