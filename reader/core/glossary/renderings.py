"""English renderings for glossary entries, and where each came from.

In order: the user's glossary, the gazetteer (CLDR place names and the shipped
list), person names word by word from Wikidata (CC0), and a transliteration
as the last resort. The source is kept so the reader can see how far to trust it.
"""

from __future__ import annotations

from functools import lru_cache

from reader.core.glossary.entities import Entry, gazetteer
from reader.core.segment import normalise_arabic

_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a",
    "و": "w", "ي": "y", "ى": "a", "ء": "'", "ئ": "'", "ؤ": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


@lru_cache(maxsize=1)
def person_words() -> dict[str, str]:
    """Arabic name word → its most frequent English spelling (Wikidata person names, CC0)."""
    from reader.core.resources import resource_path

    path = resource_path("ner/person-names.tsv", required=False)
    if path is None:
        return {}
    best: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            arabic, english, count = normalise_arabic(parts[0]), parts[1], int(parts[2])
            if count > best.get(arabic, (0, ""))[0]:
                best[arabic] = (count, english)
    return {arabic: english for arabic, (_, english) in best.items()}


def transliterate(arabic: str) -> str:
    """A readable fallback spelling; vowels are guessed, so it is marked as such."""
    words = []
    for word in normalise_arabic(arabic).split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
            prefix = "al-"
        else:
            prefix = ""
        latin = "".join(_TRANSLIT.get(ch, ch) for ch in word)
        words.append(prefix + latin[:1].upper() + latin[1:])
    return " ".join(words)


def render(entry: Entry, user: dict[str, str] | None = None) -> tuple[str, str]:
    """(English, source) for an entry."""
    if user and entry.key in user:
        return user[entry.key], "user"
    known = gazetteer().get(entry.key)
    if known is not None:
        return known[1], "gazetteer"
    if entry.kind == "PERS":
        names = person_words()
        parts = [names.get(word) for word in entry.key.split()]
        if parts and all(parts):
            return " ".join(p.capitalize() for p in parts), "names"
    return transliterate(entry.arabic), "transliteration"


def rendered(entries: list[Entry], user: dict[str, str] | None = None) -> list[Entry]:
    for entry in entries:
        entry.english, entry.source = render(entry, user)
    return entries

