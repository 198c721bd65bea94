"""Finding a name in English text by how it sounds.

An Arabic name reaches English spelled many ways (Tleuberdi, Tileuberdi,
Tlewberdy), and a transliteration guesses its vowels. Comparing the letters,
and the consonants alone, finds the capitalised words where a translation
rendered a name, with nothing but the text to go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# Capitalised words (Nur-Sultan is two, COVID-19 one) and the small words inside names (bin, al-).
_WORD = re.compile(r"[A-Z][\w'’]*(?:-(?![A-Z])[\w'’]+)*|\b(?:bin|ibn|bint|al|el|de|du|da|van|von|der)\b")
_VOWELS = re.compile(r"[aeiouyw]")
_FOLD = str.maketrans({"q": "k", "c": "k"})


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    text: str
    score: float     # 0..1, how much it sounds like the best target


@lru_cache(maxsize=8192)
def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@lru_cache(maxsize=8192)
def consonants(text: str) -> str:
    """Letters without vowels (and w, y, which Arabic writes for long vowels): 'Tleuberdi' → 'tlbrd'.

    Sounds English spells in several ways are folded: q and c are k, ph is f,
    and h goes (kh, sh, th, gh; ح and ه are often not written): Qazaqstan and
    Kazakhstan share 'kzkstn'.
    """
    folded = letters(text).replace("ph", "f").translate(_FOLD)
    skeleton = _VOWELS.sub("", folded).replace("h", "")
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _ratio(a: str, b: str, floor: float) -> float:
    """SequenceMatcher's ratio, or 0 when cheap bounds show it is under `floor` (most candidates are)."""
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


def letter_similarity(candidate: str, target: str, floor: float = 0.0) -> float:
    return _ratio(letters(candidate), letters(target), floor)


def similarity(candidate: str, target: str, floor: float = 0.0) -> float:
    """The better of the letter and the consonant match (0 if both are under `floor`)."""
    score = letter_similarity(candidate, target, floor)
    a, b = consonants(candidate), consonants(target)
    if len(a) >= 3 and len(b) >= 3:  # shorter skeletons match too much by chance
        score = max(score, _ratio(a, b, floor))
    return score


def closest_run(text: str, targets: list[str], words: int, measure=similarity, floor: float = 0.0) -> Run | None:
    """The run of capitalised words (about `words` long) that sounds most like a target.

    Runs under `floor` may score 0: pass the threshold you will apply, and it is fast.
    """
    found = list(_WORD.finditer(text))
    targets = [t for t in targets if t]
    best: Run | None = None
    for i in range(len(found)):
        for n in range(max(1, words - 1), words + 2):
            run = found[i:i + n]
            if len(run) < n or any(text[a.end():b.start()] not in (" ", "-") for a, b in zip(run, run[1:])):
                continue
            if not (run[0].group()[0].isupper() and run[-1].group()[0].isupper()):
                continue
            start, end = run[0].start(), run[-1].end()
            score = max(measure(text[start:end], t, floor) for t in targets)
            if best is None or score > best.score:
                best = Run(start, end, text[start:end], score)
    return best
