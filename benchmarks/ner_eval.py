"""Score the names recogniser on a CoNLL file: `python benchmarks/ner_eval.py FILE [--model DIR]`.

Without --model, the built-in CRF; with it, a names model folder (CAMeLBERT
NER's format, as `reader models download camelbert-msa-ner` installs it).

Prints precision, recall and F1 per type and overall (entity level, exact span
and type, CoNLL style); the overall F1 is on the last line. AQMAR's `PER` is
read as ANERcorp's `PERS`; its article-specific MIS0-3 tags count as MISC.
A folder of files (AQMAR's articles/) is scored as one corpus.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.glossary.evaluate import score  # noqa: E402
from reader.core.glossary.ner import Recogniser  # noqa: E402
from reader.core.glossary.bertner import TransformerRecogniser  # noqa: E402
from reader.core.glossary.train import read_conll  # noqa: E402

_RENAME = {"PER": "PERS", "MIS0": "MISC", "MIS1": "MISC", "MIS2": "MISC", "MIS3": "MISC", "MIS": "MISC"}


def normalise(tag: str) -> str:
    prefix, _, kind = tag.partition("-")
    return f"{prefix}-{_RENAME.get(kind, kind)}" if kind else tag


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a CoNLL file, or a folder of them")
    parser.add_argument("--model", type=Path, help="a names model folder instead of the built-in CRF")
    args = parser.parse_args()
    target = args.file
    files = sorted(target.glob("*.txt")) if target.is_dir() else [target]
    sentences = [(w, [normalise(t) for t in tags]) for f in files for w, tags in read_conll(f)]
    recogniser = TransformerRecogniser(args.model) if args.model else Recogniser.default()
    start = time.perf_counter()
    predicted = [recogniser.tag_words(words) for words, _ in sentences]
    seconds = time.perf_counter() - start
    result = score([tags for _, tags in sentences], predicted)
    tokens = sum(len(w) for w, _ in sentences)
    print(f"{target.name}: {len(sentences)} sentences, {tokens} tokens, tagged in {seconds:.2f} s")
    print(f"{'type':>8} {'precision':>10} {'recall':>8} {'F1':>8} {'support':>8}")
    for kind, r in result.items():
        print(f"{kind:>8} {r['precision']:10.4f} {r['recall']:8.4f} {r['f1']:8.4f} {r['support']:8d}")
    print(f"overall F1 {result['overall']['f1']:.4f}")


if __name__ == "__main__":
    main()
