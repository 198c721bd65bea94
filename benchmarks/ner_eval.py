"""Score the names recogniser: `python benchmarks/ner_eval.py [FILE ...] [--model DIR] [--layers ...]`.

Without FILE: ANERcorp's test split and AQMAR (the whole corpus, out of
domain), each against its issue-13 target; `--dev` scores the held-out tenth
of ANERcorp's train split instead (where levers are chosen). Without --model,
the built-in CRF with its pattern layers (organisation phrases, Latin-script
names) and document consistency over runs of WINDOW sentences (the corpora
have no document marks; the window stands in for an article); `--layers`
chooses which (e.g. `--layers none`, `--layers organisations,latin`), `--crf`
another CRF file. With --model, a names model folder (CAMeLBERT NER's format).

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

from nerdata import ANERCORP_TEST, ANERCORP_TRAIN, AQMAR, only, read_corpus, score, table  # noqa: E402

TARGETS = {ANERCORP_TEST: 0.75, AQMAR: 0.50}


WINDOW = 50


def tag(recogniser, sentences, consistency: bool) -> list[list[str]]:
    predicted = [recogniser.tag_words(words) for words, _ in sentences]
    if consistency:
        from reader.core.glossary.recognise.patterns import consistent

        for start in range(0, len(sentences), WINDOW):
            chunk = slice(start, start + WINDOW)
            predicted[chunk] = consistent([w for w, _ in sentences[chunk]], predicted[chunk])
    return predicted


def evaluate(name: str, sentences, recogniser, consistency: bool, target: float | None) -> float:
    start = time.perf_counter()
    predicted = tag(recogniser, sentences, consistency)
    seconds = time.perf_counter() - start
    gold = [tags for _, tags in sentences]
    result = score(gold, predicted)
    tokens = sum(len(w) for w, _ in sentences)
    print(f"\n{name}: {len(sentences)} sentences, {tokens} tokens, tagged in {seconds:.2f} s "
          f"({tokens / seconds:,.0f} tokens/s)")
    print(table(result))
    three = score(only(gold, ("PERS", "LOC", "ORG")), only(predicted, ("PERS", "LOC", "ORG")))["overall"]
    print(f"PERS/LOC/ORG only: P {three['precision']:.4f} R {three['recall']:.4f} F1 {three['f1']:.4f}")
    f1 = result["overall"]["f1"]
    verdict = "" if target is None else f" (target ≥ {target:.2f}: {'met' if f1 >= target else 'NOT met'})"
    print(f"overall F1 {f1:.4f}{verdict}")
    return f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="*", help="CoNLL files or folders (default: ANERcorp test, AQMAR)")
    parser.add_argument("--model", type=Path, help="a names model folder instead of the built-in CRF")
    parser.add_argument("--crf", type=Path, help="another CRF model file for the built-in recogniser")
    parser.add_argument("--layers", default="organisations,latin,consistency",
                        help="comma-separated: organisations, latin, consistency; or none")
    parser.add_argument("--dev", action="store_true", help="score the held-out tenth of ANERcorp's train split")
    args = parser.parse_args()
    layers = tuple(x for x in args.layers.split(",") if x and x != "none")
    if args.model:
        from reader.core.glossary.recognise.bert import TransformerRecogniser

        recogniser = TransformerRecogniser(args.model)
    else:
        from reader.core.glossary.recognise.crf import CrfRecogniser

        patterns = tuple(x for x in layers if x != "consistency")
        recogniser = CrfRecogniser(args.crf, patterns) if args.crf else CrfRecogniser.default(patterns)
    print(f"layers: {', '.join(layers) or 'none'}")
    if args.dev:
        from train_ner import split

        _, dev = split(read_corpus(ANERCORP_TRAIN))
        evaluate("ANERcorp train, held-out tenth (dev)", dev, recogniser, "consistency" in layers, None)
        return
    for path in args.files or list(TARGETS):
        evaluate(path.name, read_corpus(path), recogniser, "consistency" in layers, TARGETS.get(path))


if __name__ == "__main__":
    main()
