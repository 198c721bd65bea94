"""Spelling an Arabic name in Latin letters the way English news would, when no list knows it.

Arabic leaves short vowels unwritten, so a letter-for-letter table gives
consonant skeletons (Bshr al-Asd). The table shipped in
resources/ner/transliteration.json is learned from 41,000 Wikidata person-name
pairs (CC0; tools/make_transliteration.py): what each letter is written as
beside its neighbours, with a vowel where English usually has one. Those pairs
are mostly Western names written in Arabic, so the consonants are then written
as English news writes Arabic names (ج j, ق q, ف f). Character error rate on
held-out pairs: 0.33, where the letter table scored 0.46, and no skeletons
(benchmarks/names_transliteration.py).
"""

from __future__ import annotations

import json
from functools import lru_cache

from reader.core.segment import normalise_arabic

VOWELS = "aeiouy"
SEMIVOWELS = "اويىهءعئؤ"
# How often a vowel must follow a letter in its context for the spelling to write one.
VOWEL_SHARE = 0.3
# Letters the learned table has not seen (Persian letters, and تش rewritten as چ).
_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "ئ": "'",
    "ؤ": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}

Choice = list  # [most frequent piece, most frequent piece ending in a vowel, that one's share 0-1]


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, Choice]]:
    from reader.core.resources import resource_path

    path = resource_path("ner/transliteration.json", required=False)
    if path is None:
        return {"tri": {}, "next": {}, "letter": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def contexts(word: str, i: int) -> tuple[str, str, str]:
    """The letter with both neighbours, with the next one, alone (^ and $ mark the word's edges)."""
    before = word[i - 1] if i else "^"
    after = word[i + 1] if i + 1 < len(word) else "$"
    return f"{before}{word[i]}{after}", f"{word[i]}{after}", word[i]


def spell_word(word: str, model: dict[str, dict[str, Choice]] | None = None, share: float = VOWEL_SHARE,
               edges: tuple[str, ...] = ("start", "end"), conventional: bool = True) -> str:
    """Lower-case Latin for one normalised Arabic word (no article).

    Each letter takes its most likely spelling in context; a vowel follows it
    where English usually writes one, and always between two consonant
    letters at the start or the end of the word (دمشق, أحمد), which Arabic
    writes without the vowel that English needs.
    """
    model = model if model is not None else table()
    out = []
    last = len(word) - 1
    for i, letter in enumerate(word):
        tri, after, alone = contexts(word, i)
        choice = model["tri"].get(tri) or model["next"].get(after) or model["letter"].get(alone)
        if choice is None:
            fallback = _LETTERS.get(letter, "")
            choice = [fallback, fallback, 0.0]
        best, voweled, seen = choice
        cluster = (i < last and letter not in SEMIVOWELS and word[i + 1] not in SEMIVOWELS
                   and ((i == 0 and "start" in edges) or (i == last - 1 and "end" in edges)))
        piece = voweled if i < last and (seen >= share or cluster) else best
        if i < last and (seen >= share or cluster) and piece[-1:] not in tuple(VOWELS):
            piece += "a"
        out.append(_conventional(letter, piece) if conventional else piece)
    return "".join(out)


# How English news writes these letters in Arabic names. The pairs the table is learned from are mostly
# Western names written in Arabic letters (George → جورج, Victor → فيكتور), where the same letters stand
# for g, v, ch or c: in a name a reader meets in Arabic news they are j, f, sh, q.
CONVENTIONAL = {"ج": "j", "ف": "f", "ش": "sh", "ق": "q", "ث": "th", "ذ": "dh", "ظ": "z", "ض": "d", "ص": "s",
                "ط": "t", "ح": "h", "خ": "kh", "غ": "gh", "ك": "k"}


def _conventional(letter: str, piece: str) -> str:
    """The letter's conventional consonant, keeping the vowels the table puts after it."""
    consonant = CONVENTIONAL.get(letter)
    if consonant is None or not piece:
        return piece
    tail = len(piece) - len(piece.rstrip(VOWELS))
    return consonant + piece[len(piece) - tail:] if tail < len(piece) else consonant + piece


def transliterate(arabic: str) -> str:
    """A readable spelling of a name no list knows: "al-" for the article, each word capitalised."""
    words = []
    for word in normalise_arabic(arabic).split():
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            word, prefix = word[2:], "al-"
        word = word.replace("تش", "چ")  # Arabic writes a foreign "ch" as tā' + shīn: تشن is Chen
        latin = spell_word(word) if all("\u0600" <= c <= "\u06ff" for c in word) else word
        words.append(prefix + latin[:1].upper() + latin[1:])
    return " ".join(words)
