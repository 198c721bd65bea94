"""English renderings for glossary entries, and where each came from.

In order: the user's glossary, a name written in Latin letters as it is
written, the gazetteer (CLDR place names and the shipped list), an
organisation, event or place composed from its words' meanings (meaning.py:
وزارة الداخلية → Interior Ministry), person names word by word from Wikidata
(CC0), the translation model's own spelling where it translated the name, and
a transliteration as the last resort. The source is kept so the reader can see how far to trust it.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Mapping
from functools import lru_cache

from reader.core.glossary.entities import Entry
from reader.core.glossary.known import gazetteer, person_names
from reader.core.glossary.meaning import by_meaning
from reader.core.glossary.sound import closest_run
from reader.core.glossary.spelling import transliterate
from reader.core.translate import Translation

# How closely the model's words must sound like the transliteration to count as its rendering.
MODEL_MATCH = 0.75
# How often Wikidata must have a word as a name for its spelling to be used.
MIN_SEEN = 2
# Enough mentions to outvote a slip; a name said 1,000 times in a book is not looked up 1,000 times.
MAX_VOTES = 6

@lru_cache(maxsize=1)
def person_words() -> dict[str, str]:
    """Arabic name word → its most frequent English spelling (Wikidata person names, CC0).

    Only words Wikidata has as names more than once: a single pair is too
    often an alignment slip or one person's own spelling (شاشي → Chachi).
    """
    return {arabic: english for arabic, (count, english) in person_names().items() if count >= MIN_SEEN}


def part_of(english: str, size: int, start: int, end: int) -> str | None:
    """The words of a rendering that render words start..end of a `size`-word Arabic name.

    Part for part when the word counts agree (مختار تليوبيردي → Mukhtar
    Tleuberdi: the surname alone is "Tleuberdi"); otherwise only a lone first
    or last word can be told (the first or last English word); else None.
    """
    if (start, end) == (0, size):
        return english
    words = english.split()
    if len(words) == size:
        return " ".join(words[start:end])
    if len(words) > 1 and end - start == 1:
        if end == size:
            return words[-1]
        if start == 0:
            return words[0]
    return None


def render(entry: Entry, user: dict[str, str] | None = None) -> tuple[str, str]:
    """(English, source) for an entry."""
    if user and entry.key in user:
        return user[entry.key], "user"
    if not any("\u0600" <= c <= "\u06ff" for c in entry.arabic):
        return entry.arabic, "as written"  # a name in Latin letters inside the Arabic (BBC, Human Rights Watch)
    known = gazetteer().get(entry.key)
    if known is not None:
        return known[1], "gazetteer"
    if entry.kind != "PERS":
        composed = by_meaning(entry.key)
        if composed is not None:
            return composed, "meaning"
    if entry.kind == "PERS":
        parts = _person_words(entry.key.split(), entry.arabic.split())
        if parts and all(p is not None for p in parts):
            return " ".join(p for p in parts if p), "names"
    if entry.model:
        return entry.model, "model"
    if entry.kind == "PERS":  # the words Wikidata knows as it spells them, the others spelled
        spelled = (transliterate(w) if p is None else p for p, w in zip(parts, entry.key.split()))
        return " ".join(p for p in spelled if p), "transliteration"
    return transliterate(entry.arabic), "transliteration"


def _person_words(words: list[str], written: list[str] | None = None) -> list[str | None]:
    """Wikidata's spelling of each word of a person's name (None where it has none, "" for a word absorbed).

    The article is written "al-" as English news does (المالكي → al-Maliki,
    not Wikidata's Almalki), and عبد before it joins it (عبد المهدي → Abdul Mahdi).
    A name that begins with إل (إلهام, إلياس) has no article: the article is
    never written with hamza below, though the normalised key cannot tell.
    """
    names = person_words()
    written = written if written is not None and len(written) == len(words) else [""] * len(words)
    out: list[str | None] = []
    for i, word in enumerate(words):
        if written[i].startswith("إل") and word in names:
            out.append(names[word].capitalize())
        elif word.startswith("ال") and len(word) > 3:
            rest = names.get(word[2:])
            after_abd = i > 0 and words[i - 1] == "عبد"
            if i > 0 and words[i - 1] == "عبد" and word == "الله":
                out.append("")  # عبد الله is one word in English: Abdullah
            elif rest:
                out.append(rest.capitalize() if after_abd else "al-" + rest.capitalize())
            else:
                out.append(None)
        elif word == "عبد" and i + 1 < len(words) and words[i + 1].startswith("ال"):
            out.append("Abdullah" if words[i + 1] == "الله" else "Abdul")
        else:
            found = names.get(word)
            out.append(found.capitalize() if found else None)
    return out


def _uncapitalised(text: str) -> str:
    """A dateline's NUR-SULTAN is Nur-Sultan; a single capitalised word may be an acronym (COVID, BRICS)."""
    parts = [p for p in re.split(r"[\s-]+", text) if p]
    if text.isupper() and len(parts) > 1 and all(p.isalpha() and len(p) >= 3 for p in parts):
        return re.sub(r"[A-Z]+", lambda m: m.group().capitalize(), text)
    return text


def as_translated(entry: Entry, translations: Mapping[int, Translation]) -> str:
    """How the model spelled the name where it translated it ('' if it cannot be told).

    In each translated sentence that carries a mention, the capitalised words
    that sound most like the name; the spelling found most often wins. A name
    the model translated by meaning (an organisation, say) is not found, and
    keeps its other rendering.
    """
    targets = [transliterate(entry.arabic)]
    if entry.english and entry.source != "model":
        targets.append(entry.english)
    full = len(entry.key.split())
    votes: collections.Counter[tuple[bool, str]] = collections.Counter()
    heard = 0
    for mention in entry.mentions:
        translation = translations.get(mention.paragraph)
        if translation is None:
            continue
        heard += 1
        if heard > MAX_VOTES:
            break
        words = len(mention.text.split())
        for sentence in translation.sentences:
            if sentence.source.start <= mention.start < sentence.source.end:
                run = closest_run(sentence.best, targets, words, floor=MODEL_MATCH)
                if run is not None and run.score >= MODEL_MATCH:
                    votes[(words == full, _uncapitalised(run.text.strip("'’-")))] += 1
                break
    if not votes:
        return ""
    # The full name as the model wrote it, if it ever did, in running text rather than a
    # dateline's capitals (NUR-SULTAN), most often; else its most frequent part.
    def preference(item):
        (is_full, text), count = item
        return is_full, not (text.isupper() and len(text) > 3), count
    return max(votes.items(), key=preference)[0][1]


