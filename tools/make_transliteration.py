"""Learn how English news spells Arabic names, letter by letter in context: `python tools/make_transliteration.py`.

From the Wikidata person-name pairs (CC0; ../shared/data/wikidata-person-names-ar-en),
train split (wd_arabic_64) only:
1. align each Arabic word's letters with its English spelling (Viterbi EM: each
   letter writes 0-4 English letters, starting from a table of the consonants
   each letter can be and free vowels after it);
2. count what each letter writes given its neighbours (previous and next
   letter, word edges), keeping the most frequent output per context.
Writes resources/ner/transliteration.json, read by reader.core.glossary.renderings.
`--evaluate` prints the character error rate on the held-out split (wd_arabic_20)
for the old rule table and the learned one (benchmarks/names_transliteration.py
does the same for the shipped file).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
import unicodedata
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from nerdata import DATA, ROOT  # noqa: E402
from reader.core.glossary.spelling import VOWELS, contexts, spell_word  # noqa: E402
from reader.core.segment import normalise_arabic  # noqa: E402

NAMES = DATA / "wikidata-person-names-ar-en"
TARGET = ROOT / "resources" / "ner" / "transliteration.json"
# What each letter can be, before the EM learns how often: consonants (vowels may follow any letter).
PRIOR = {
    "ب": "b p v", "ت": "t tt", "ث": "th s t", "ج": "j g dj dg zh", "ح": "h kh", "خ": "kh h ch x", "د": "d dd",
    "ذ": "dh z d th", "ر": "r rr", "ز": "z s zz", "س": "s ss c x", "ش": "sh ch sch s", "ص": "s ss",
    "ض": "d dh", "ط": "t tt", "ظ": "z dh", "ع": "-", "غ": "gh g", "ف": "f v ph ff", "ق": "q k g c ck",
    "ك": "k c ck q ch x", "ل": "l ll", "م": "m mm", "ن": "n nn", "ه": "h -", "و": "w v -", "ي": "y j -",
    "ا": "-", "ء": "-", "ئ": "- y", "ؤ": "- w", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def pairs(path: Path) -> list[tuple[str, str]]:
    """(normalised Arabic word, plain lower-case English) pairs; a leading ال the English leaves out is dropped."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        english, arabic, _ = line.split("\t")
        latin = "".join(c for c in unicodedata.normalize("NFKD", english.lower()) if "a" <= c <= "z")
        word = normalise_arabic(arabic.replace(" ", ""))
        if word.startswith("ال") and not latin.startswith(("al", "el")) and len(word) > 3:
            word = word[2:]
        if latin and word:
            out.append((word, latin))
    return out


def _prior(letter: str, output: str) -> float:
    cores = PRIOR.get(letter, "-").split()
    for core in cores:
        core = "" if core == "-" else core
        if output.startswith(core) and all(c in VOWELS for c in output[len(core):]):
            return 0.0
    return -6.0


def align(word: str, latin: str, score) -> list[str] | None:
    """The best split of `latin` into one piece (0-4 letters) per Arabic letter."""
    n, m = len(word), len(latin)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        for j in range(m + 1):
            if best[i][j] == -math.inf:
                continue
            for k in range(0, min(4, m - j) + 1):
                value = best[i][j] + score(word, i, latin[j:j + k])
                if value > best[i + 1][j + k]:
                    best[i + 1][j + k], back[i + 1][j + k] = value, k
    if best[n][m] == -math.inf:
        return None
    pieces, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        pieces.append(latin[j - k:j])
        j -= k
    return pieces[::-1]


def learn(train: list[tuple[str, str]], rounds: int = 3) -> dict[str, dict[str, str]]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def score(word: str, i: int, piece: str) -> float:
        seen = counts.get(word[i])
        if not seen:
            return _prior(word[i], piece)
        total = sum(seen.values())
        return math.log((seen[piece] + 0.1) / (total + 10)) + 0.5 * _prior(word[i], piece)

    for _ in range(rounds):
        fresh: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        aligned = []
        for word, latin in train:
            pieces = align(word, latin, score)
            if pieces is not None:
                aligned.append((word, pieces))
                for letter, piece in zip(word, pieces):
                    fresh[letter][piece] += 1
        counts = fresh
    tables: list[dict[str, collections.Counter]] = [collections.defaultdict(collections.Counter) for _ in range(3)]
    for word, pieces in aligned:
        for i, piece in enumerate(pieces):
            for table, context in zip(tables, contexts(word, i)):
                table[context][piece] += 1
    model: dict[str, dict[str, list]] = {"tri": {}, "next": {}, "letter": {}}
    for name, table, floor in zip(("tri", "next", "letter"), tables, (3, 3, 20)):
        for context, seen in table.items():
            total = sum(seen.values())
            if total >= floor:
                model[name][context] = _choices(seen)
    for context, choice in list(model["tri"].items()):  # keep a context only where it says something new
        if model["next"].get(context[1:]) == choice:
            del model["tri"][context]
    return model


def _choices(seen: collections.Counter) -> list:
    """[most frequent piece, most frequent piece ending in a vowel, how often that one is written (0-1)].

    Short vowels are not written in Arabic: after most letters "a vowel or
    not" is close to even, and the most frequent choice alone spells
    consonant skeletons (Ahmd). The decoder takes the vowel when it is
    common enough (VOWEL_SHARE).
    """
    total = sum(seen.values())
    best = seen.most_common(1)[0][0]
    voweled = [(n, p) for p, n in seen.items() if p and p[-1] in VOWELS]
    if not voweled:
        return [best, best, 0.0]
    n, piece = max(voweled)
    return [best, piece, round(n / total, 3)]


def cer(pairs_: list[tuple[str, str]], spell) -> tuple[float, float]:
    """Character error rate against each pair, and against the closest of a word's spellings."""

    references: dict[str, list[str]] = collections.defaultdict(list)
    for word, latin in pairs_:
        references[word].append(latin)
    errors = letters = 0
    best_errors = best_letters = 0
    for word, spellings in references.items():
        guess = spell(word)
        distances = [(_levenshtein(guess, s), len(s)) for s in spellings]
        for d, n in distances:
            errors, letters = errors + d, letters + n
        d, n = min(distances)
        best_errors, best_letters = best_errors + d, best_letters + n
    return errors / letters, best_errors / best_letters


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true", help="print the CER on the held-out split")
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    model = learn(pairs(NAMES / "wd_arabic_64"))
    args.out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {sum(len(t) for t in model.values())} contexts to {args.out}", file=sys.stderr)
    if args.evaluate:
        dev = pairs(NAMES / "wd_arabic_16")
        for edges in ((), ("end",), ("start",), ("start", "end")):
            print(f"dev CER, vowels put between consonants at {edges or 'no'} edge: %.3f %.3f"
                  % cer(dev, lambda w: spell_word(w, model, edges=edges)))


if __name__ == "__main__":
    main()
