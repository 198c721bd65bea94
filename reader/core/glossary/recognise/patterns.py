"""What a CRF trained on one newswire corpus misses, added where it found nothing.

Each layer only tags words the CRF left as O, so the CRF overrides it:
- organisations: a head noun that names a kind of organisation (مرصد، ائتلاف،
  جيش، وزارة…) with its genitive chain and adjectives, up to the first word
  that cannot continue a name (المرصد السوري لحقوق الإنسان, جيش الإسلام);
- Latin script inside Arabic text: capitalised words and acronyms (BBC,
  Human Rights Watch), which a reader takes for names and renders as written;
- consistency across a document: a name tagged once is tagged wherever the
  same words recur (the glossary does this for whole documents; `consistent`
  is the same rule for runs of sentences, for scoring).
"""

from __future__ import annotations

import collections
import re
from functools import lru_cache

from reader.core.glossary.known import TITLES, candidates, gazetteer
from reader.core.glossary.recognise import strip_clitics
from reader.core.segment import normalise_arabic

LAYERS = ("organisations", "latin")

_HEADS = {normalise_arabic(w) for w in (
    "مرصد ائتلاف جيش جبهة مجلس وزارة وكالة حزب منظمة هيئة لجنة شركة جامعة حركة اتحاد بنك مصرف صندوق مؤسسة "
    "جمعية محكمة برلمان مفوضية تحالف رابطة نقابة مركز معهد كتائب لواء تنظيم").split()}
# Words with the article that end a name rather than continue it: relatives, "to", days, times, ordinals
# (المركز الخامس is fifth place), a board of directors (مجلس الإدارة), and titles (الجيش العقيد: the army's colonel).
_ENDS = {normalise_arabic(w) for w in (
    "الذي التي الذين اللذين اللتين اللواتي إلى الا إلا الآن اليوم أمس الأحد الاثنين الإثنين الثلاثاء الأربعاء "
    "الخميس الجمعة السبت الماضي المقبل الحالي الجاري القادم الأخير الأول الثاني الثالث الأسبوع الشهر العام "
    "السنة الليلة الصباح المساء الرابع الخامس السادس السابع الثامن التاسع العاشر الأولى الأولي الثانية الثالثة "
    "الرابعة الخامسة الأخيرة الإدارة").split()} | TITLES
MAX_CHAIN = 6
_LATIN = re.compile(r"(?:و|ب|ل|ك|ف)?([A-Za-z][A-Za-z0-9&.'-]*)")  # وDell: "and Dell"
_LATIN_INSIDE = {"of", "for", "the", "and", "&", "de", "du", "la", "al"}


def refine(words: list[str], tags: list[str], layers: tuple[str, ...] = LAYERS) -> list[str]:
    """The CRF's tags with the layers' names added where it tagged nothing."""
    tags = list(tags)
    if "organisations" in layers:
        for start, end in organisation_phrases(words):
            _tag(tags, start, end, "ORG")
    if "latin" in layers:
        for start, end in latin_names(words):
            _tag(tags, start, end, _latin_kind(words[start:end]))
    return tags


def _tag(tags: list[str], start: int, end: int, kind: str) -> None:
    if all(t == "O" for t in tags[start:end]):
        tags[start:end] = [f"B-{kind}", *[f"I-{kind}"] * (end - start - 1)]


def _head(word: str) -> bool:
    return any(form.removeprefix("ال") in _HEADS for form in candidates(word))


def _continues(word: str, following: str | None) -> bool:
    """Can this word carry on an organisation's name (a definite genitive or adjective, a known place)?"""
    norm = normalise_arabic(word)
    if norm in _ENDS or not re.fullmatch(r"[\u0621-\u064A]+", norm):
        return False
    if norm.startswith(("ال", "لل")) and len(norm) >= 4:
        return True
    if norm.startswith("ل") and following is not None and normalise_arabic(following).startswith("ال"):
        return True  # لحقوق الإنسان
    return norm in _place_words()  # a known place: جامعة دمشق


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(w for name, (kind, _) in gazetteer().items() if kind == "LOC" for w in name.split() if len(w) >= 3)


def organisation_phrases(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each head noun with the words that continue it (at least one)."""
    found, i = [], 0
    while i < len(words):
        if not _head(words[i]):
            i += 1
            continue
        end = i + 1
        if not normalise_arabic(words[i]).startswith(("ال", "وال", "بال", "لل")) and i + 1 < len(words) \
                and normalise_arabic(words[i + 1]).startswith("ل"):
            i += 1  # مركز للطب: "a centre for medicine" describes; a name's genitive has no ل (مركز الطب)
            continue
        while end < len(words) and end - i <= MAX_CHAIN and _continues(words[end], (words + [None])[end + 1]):
            end += 1
        if end > i + 1:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def latin_names(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of capitalised Latin words or acronyms (small words allowed inside)."""
    def capitalised(word: str) -> bool:  # a single letter (C + C5) is not a name
        match = _LATIN.fullmatch(word)
        return match is not None and match.group(1)[0].isupper() and len(match.group(1)) >= 2

    found, i = [], 0
    while i < len(words):
        if capitalised(words[i]):
            end = i + 1
            while end < len(words) and words[end][0].isascii() and (  # وDell after Apple is another name
                    capitalised(words[end])
                    or (words[end].lower() in _LATIN_INSIDE and end + 1 < len(words) and capitalised(words[end + 1]))):
                end += 1
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def _latin_kind(words: list[str]) -> str:
    """An acronym (CNN, IBM) is an organisation; other names in Latin letters (Linux, Apple) are left MISC."""
    letters = [_LATIN.fullmatch(w).group(1) for w in words if _LATIN.fullmatch(w)]
    return "ORG" if len(letters) == 1 and letters[0].isupper() and len(letters[0]) >= 2 else "MISC"


def consistent(sentences: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
    """Tag every recurrence of a name tagged somewhere in these sentences (longest names first, only where O).

    A name is matched without a clitic on its first word; single words need
    three letters; the type is the one the name was given most often.
    """
    def key(run: list[str]) -> tuple[str, ...]:
        norms = [normalise_arabic(w) for w in run]
        return (strip_clitics(norms[0]), *norms[1:])

    names: dict[tuple[str, ...], collections.Counter] = collections.defaultdict(collections.Counter)
    for words, sentence_tags in zip(sentences, tags):
        for start, end, kind in _spans(sentence_tags):
            names[key(words[start:end])][kind] += 1
    out = [list(t) for t in tags]
    for name in sorted(names, key=len, reverse=True):
        if len(name) == 1 and len(name[0]) < 3:
            continue
        kind = names[name].most_common(1)[0][0]
        size = len(name)
        for words, sentence_tags in zip(sentences, out):
            for j in range(len(words) - size + 1):
                if all(t == "O" for t in sentence_tags[j:j + size]) and key(words[j:j + size]) == name:
                    _tag(sentence_tags, j, j + size, kind)
    return out


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    found, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        if start is not None and not (prefix == "I" and tag_kind == kind):
            found.append((start, i, kind))
            start = kind = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, tag_kind
    return found
