"""Score the names recogniser: `python benchmarks/ner_eval.py [FILE ...] [--model DIR]`.

Without FILE: ANERcorp's test split and AQMAR (the whole corpus, out of
domain), each against its issue-13 target. Without --model, the built-in CRF;
with it, a names model folder (CAMeLBERT NER's format).

Prints precision, recall and F1 per type and overall (entity level, exact span
and type, CoNLL style; an I- after O starts an entity). AQMAR's `PER` is read
as `PERS` and its article-specific MIS0-3 classes as MISC (tools/nerdata.py);
because those classes mean a different thing in every article, the score on
PERS/LOC/ORG alone is printed as well.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from nerdata import ANERCORP_TEST, AQMAR, only, read_corpus, score, table  # noqa: E402

TARGETS = {ANERCORP_TEST: 0.75, AQMAR: 0.50}


def evaluate(path: Path, recogniser) -> float:
    sentences = read_corpus(path)
    start = time.perf_counter()
    predicted = [recogniser.tag_words(words) for words, _ in sentences]
    seconds = time.perf_counter() - start
    gold = [tags for _, tags in sentences]
    result = score(gold, predicted)
    tokens = sum(len(w) for w, _ in sentences)
    print(f"\n{path.name}: {len(sentences)} sentences, {tokens} tokens, tagged in {seconds:.2f} s "
          f"({tokens / seconds:,.0f} tokens/s)")
    print(table(result))
    three = score(only(gold, ("PERS", "LOC", "ORG")), only(predicted, ("PERS", "LOC", "ORG")))["overall"]
    print(f"PERS/LOC/ORG only: P {three['precision']:.4f} R {three['recall']:.4f} F1 {three['f1']:.4f}")
    f1 = result["overall"]["f1"]
    target = TARGETS.get(path)
    verdict = "" if target is None else f" (target ≥ {target:.2f}: {'met' if f1 >= target else 'NOT met'})"
    print(f"overall F1 {f1:.4f}{verdict}")
    return f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="*", help="CoNLL files or folders (default: ANERcorp test, AQMAR)")
    parser.add_argument("--model", type=Path, help="a names model folder instead of the built-in CRF")
    args = parser.parse_args()
    if args.model:
        from reader.core.glossary.recognise.bert import TransformerRecogniser

        recogniser = TransformerRecogniser(args.model)
    else:
        from reader.core.glossary.recognise.crf import CrfRecogniser

        recogniser = CrfRecogniser.default()
    for path in args.files or list(TARGETS):
        evaluate(path.resolve() if args.files else path, recogniser)


if __name__ == "__main__":
    main()
