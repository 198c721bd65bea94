"""Train the built-in recogniser: `python tools/train_ner.py` (dev only; not in the wheel).

Reproducible from the data in ../shared/data (see its READMEs):
- ANERcorp (CAMeL Lab split), train part only: the CRF's training data. The
  last tenth of it is held out to choose the regularisation; the test split is
  never read here, and NewsFANE Gold (the same text re-annotated) never at all.
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

from nerdata import DATA, ROOT, read_conll, score  # noqa: E402
from reader.core.glossary.recognise import strip_clitics  # noqa: E402
from reader.core.glossary.recognise.crf import Lexicons, sentence_features  # noqa: E402
from reader.core.segment import normalise_arabic  # noqa: E402

OUT = ROOT / "resources" / "ner"


def build_lexicons(train: list[tuple[list[str], list[str]]], data: Path) -> Lexicons:
    """Name words from Wikidata and CLDR, minus words that are mostly not names in ANERcorp."""
    from babel import Locale

    persons = set()
    names = data / "wikidata-person-names-ar-en" / "wd_arabic.normalized.aligned.tokens"
    for line in names.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            word = normalise_arabic(parts[1].replace(" ", ""))
            if len(word) >= 2:
                persons.add(word)
    places = set()
    for name in Locale("ar").territories.values():
        places.update(normalise_arabic(w) for w in name.split() if len(w) >= 3)
    gazetteer = ROOT / "resources" / "ner" / "gazetteer.tsv"
    for line in gazetteer.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] == "LOC":
            places.update(normalise_arabic(w) for w in parts[0].split() if len(w) >= 3)
    seen, outside = collections.Counter(), collections.Counter()
    for words, tags in train:
        for word, tag in zip(words, tags):
            key = strip_clitics(normalise_arabic(word))
            seen[key] += 1
            outside[key] += tag == "O"
    common = {w for w, n in seen.items() if n >= 3 and outside[w] / n > 0.9}
    return Lexicons(frozenset(persons - common), frozenset(places - common))


def fit(sentences, lexicons: Lexicons, c1: float, c2: float, iterations: int, model: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(sentence_features(words, lexicons), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    trainer.train(str(model))


def evaluate(sentences, lexicons: Lexicons, model: Path) -> float:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    predicted = [tagger.tag(sentence_features(words, lexicons)) for words, _ in sentences]
    return score([tags for _, tags in sentences], predicted)["overall"]["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--iterations", type=int, default=600)
    args = parser.parse_args()
    train = read_conll(args.data / "anercorp-camellab" / "ANERCorp_CamelLab_train.txt")
    lexicons = build_lexicons(train, args.data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "person-words.txt").write_text("\n".join(sorted(lexicons.persons)) + "\n", encoding="utf-8")
    (OUT / "place-words.txt").write_text("\n".join(sorted(lexicons.places)) + "\n", encoding="utf-8")

    cut = len(train) * 9 // 10
    best = None
    for c1, c2 in ((0.05, 0.01), (0.1, 0.05), (0.2, 0.01)):
        start = time.time()
        fit(train[:cut], lexicons, c1, c2, args.iterations, OUT / "dev.crfsuite")
        f1 = evaluate(train[cut:], lexicons, OUT / "dev.crfsuite")
        print(f"c1={c1} c2={c2}: held-out F1 {f1:.4f} ({time.time() - start:.0f} s)", file=sys.stderr)
        if best is None or f1 > best[0]:
            best = (f1, c1, c2)
    (OUT / "dev.crfsuite").unlink()
    _, c1, c2 = best
    fit(train, lexicons, c1, c2, args.iterations, OUT / "anercorp-crf.crfsuite")
    print(f"trained on all {len(train)} train sentences with c1={c1} c2={c2}", file=sys.stderr)


if __name__ == "__main__":
    main()
