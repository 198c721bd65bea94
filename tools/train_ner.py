"""Train the built-in recogniser: `python tools/train_ner.py` (dev only; not in the wheel).

Reproducible from the data in ../shared/data (see its READMEs):
- ANERcorp (CAMeL Lab split), train part only: the CRF's training data. With
  --dev, the last tenth of it is held out and scored (choose features and
  settings there); the test split is never read here, and NewsFANE Gold (the
  same text re-annotated) never at all.
- Wikidata person-name words (CC0): the person lexicon.
- CLDR territory names through Babel, and resources/ner/gazetteer.tsv: the
  place lexicon.
Writes resources/ner/anercorp-crf.crfsuite and the two lexicons.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from nerdata import ANERCORP_TRAIN, DATA, ROOT, read_conll, score, table  # noqa: E402
from reader.core.glossary.recognise import strip_clitics  # noqa: E402
from reader.core.glossary.known import Lexicons, gazetteer  # noqa: E402
from reader.core.glossary.recognise.crf import sentence_features  # noqa: E402
from reader.core.segment import normalise_arabic  # noqa: E402

OUT = ROOT / "resources" / "ner"
FOLDS = 5


def build_lexicons(train: list[tuple[list[str], list[str]]], data: Path) -> Lexicons:
    """Name words from Wikidata and CLDR, minus words that are mostly not names in ANERcorp."""
    persons = set()
    names = data / "wikidata-person-names-ar-en" / "wd_arabic.normalized.aligned.tokens"
    for line in names.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            word = normalise_arabic(parts[1].replace(" ", ""))
            if len(word) >= 2:
                persons.add(word)
    places = set()
    for name, (kind, _) in gazetteer().items():  # CLDR territories and cities, the shipped list
        if kind == "LOC":
            places.update(w for w in name.split() if len(w) >= 3)
    seen, outside = collections.Counter(), collections.Counter()
    for words, tags in train:
        for word, tag in zip(words, tags):
            key = strip_clitics(normalise_arabic(word))
            seen[key] += 1
            outside[key] += tag == "O"
    common = {w for w, n in seen.items() if n >= 3 and outside[w] / n > 0.9}
    return Lexicons(frozenset(persons - common), frozenset(places - common))


def tagged_words(sentences) -> dict[str, str]:
    """Clitic-free word → the name tag it carried most often, for words that were mostly (part of) names."""
    tags_of: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for words, tags in sentences:
        for word, tag in zip(words, tags):
            tags_of[strip_clitics(normalise_arabic(word))][tag] += 1
    out = {}
    for word, counts in tags_of.items():
        tag, n = counts.most_common(1)[0]
        if tag != "O" and n * 2 > sum(counts.values()):
            out[word] = tag
    return out


def with_tagged(lexicons: Lexicons, tagged: dict[str, str]) -> Lexicons:
    return Lexicons(lexicons.persons, lexicons.places, tagged)


def fit(sentences, lexicons: Lexicons, c1: float, c2: float, iterations: int, model: Path) -> None:
    """Train, the tagged-word feature of each fold from the other folds' names only (jackknife).

    A list taken from the same sentences would always be right in training, and
    the CRF would trust it more than it deserves on text it has not seen.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    size = -(-len(sentences) // FOLDS)  # contiguous folds: an article's names stay in its own fold
    for start in range(0, len(sentences), size):
        others = with_tagged(lexicons, tagged_words([*sentences[:start], *sentences[start + size:]]))
        for words, tags in sentences[start:start + size]:
            trainer.append(sentence_features(words, others), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    trainer.train(str(model))


def evaluate(sentences, lexicons: Lexicons, model: Path) -> dict:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    predicted = [tagger.tag(sentence_features(words, lexicons)) for words, _ in sentences]
    return score([tags for _, tags in sentences], predicted)


def split(train: list) -> tuple[list, list]:
    """Train and dev: the last tenth of ANERcorp's train split is held out (the test split is never read)."""
    cut = len(train) * 9 // 10
    return train[:cut], train[cut:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--c1", type=float, default=0.02)  # best of five settings on dev (README)
    parser.add_argument("--c2", type=float, default=0.1)
    parser.add_argument("--dev", type=Path, help="train on nine tenths, score the held-out tenth, keep the model here")
    args = parser.parse_args()
    train = read_conll(args.data / ANERCORP_TRAIN.relative_to(DATA))
    OUT.mkdir(parents=True, exist_ok=True)
    start = time.time()
    if args.dev:
        fit_part, dev = split(train)
        lexicons = with_tagged(build_lexicons(fit_part, args.data), tagged_words(fit_part))
        fit(fit_part, lexicons, args.c1, args.c2, args.iterations, args.dev)
        print(f"dev ({len(dev)} sentences), c1={args.c1} c2={args.c2}, {time.time() - start:.0f} s", file=sys.stderr)
        print(table(evaluate(dev, lexicons, args.dev)))
        return
    lexicons = with_tagged(build_lexicons(train, args.data), tagged_words(train))
    (OUT / "tagged-words.tsv").write_text("".join(f"{w}\t{t}\n" for w, t in sorted(lexicons.tagged.items())),
                                          encoding="utf-8")
    (OUT / "person-words.txt").write_text("\n".join(sorted(lexicons.persons)) + "\n", encoding="utf-8")
    (OUT / "place-words.txt").write_text("\n".join(sorted(lexicons.places)) + "\n", encoding="utf-8")
    fit(train, lexicons, args.c1, args.c2, args.iterations, OUT / "anercorp-crf.crfsuite")
    print(f"trained on all {len(train)} train sentences with c1={args.c1} c2={args.c2} "
          f"in {time.time() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
