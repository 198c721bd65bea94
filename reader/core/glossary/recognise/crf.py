"""The built-in Arabic named-entity recogniser: a CRF over hand-made features.

A conditional random field (CRFsuite, through python-crfsuite) trained on
ANERcorp's train split (tools/train_ner.py) recognises persons, locations,
organisations and miscellaneous names. It is small (a few MB), needs no
download and tags an article in milliseconds. The features are those that
matter for Arabic news: the word with and without its clitics (و ف ب ل ك ال),
affixes, neighbours, and membership in name lists (Wikidata person names,
CLDR place names).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.core.glossary.recognise import Mention, spans, strip_clitics, tokenize
from reader.core.segment import normalise_arabic


@dataclass(frozen=True)
class Lexicons:
    persons: frozenset[str]
    places: frozenset[str]


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """Name lists shipped in resources/ner (normalised Arabic forms)."""
    from reader.core.resources import resource_path

    def load(name: str) -> frozenset[str]:
        path = resource_path(f"ner/{name}", required=False)
        if path is None:
            return frozenset()
        return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())

    return Lexicons(load("person-words.txt"), load("place-words.txt"))


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if re.fullmatch(r"[A-Za-z]+", word):
        return "latin"
    if all(unicodedata.category(c).startswith("P") or unicodedata.category(c).startswith("S") for c in word):
        return "punct"
    return "arabic"


# Words that announce a name: titles before people, kinds of place, kinds of organisation.
_TRIGGERS = {
    "title": {normalise_arabic(w) for w in (
        "الرئيس رئيس الوزير وزير السيد السيدة الشيخ الدكتور الأمير الملك الملكة الامين الأمين المتحدث "
        "الناطق النائب نائب المستشار الجنرال اللواء العقيد المدرب اللاعب الفنان الكاتب الصحفي المبعوث "
        "السفير القاضي البابا الإمام المرشح زعيم قائد").split()},
    "place": {normalise_arabic(w) for w in (
        "مدينة عاصمة العاصمة ولاية محافظة منطقة إقليم جزيرة نهر بحر جبل قرية بلدة مطار ميناء شمال جنوب شرق غرب "
        "دولة جمهورية مملكة إمارة").split()},
    "org": {normalise_arabic(w) for w in (
        "شركة منظمة جامعة وزارة حزب مجلس وكالة هيئة مؤسسة اتحاد جمعية بنك مصرف صندوق لجنة جبهة حركة نادي "
        "فريق مركز معهد صحيفة قناة إذاعة محكمة برلمان").split()},
}


def _trigger(stem: str) -> str:
    for name, words in _TRIGGERS.items():
        if stem in words or ("ال" + stem) in words:
            return name
    return ""


def word_features(word: str, lexicons: Lexicons) -> dict[str, object]:
    norm = normalise_arabic(word)
    stem = strip_clitics(norm)
    grams = {f"c3:{stem[i:i + 3]}": 1.0 for i in range(max(0, len(stem) - 2))}
    return {
        **grams,
        "p4": stem[:4], "s4": stem[-4:], "trig": _trigger(stem),
        "w": norm,
        "stem": stem,
        "p2": norm[:2], "p3": norm[:3],
        "s2": norm[-2:], "s3": norm[-3:],
        "sp1": stem[:1], "ss2": stem[-2:],
        "al": norm.startswith(("ال", "وال", "بال", "لل")),
        "shape": _shape(word),
        "len": min(len(stem), 8),
        "per": norm in lexicons.persons or stem in lexicons.persons,
        "loc": norm in lexicons.places or stem in lexicons.places,
    }


def sentence_features(words: list[str], lexicons: Lexicons | None = None) -> list[dict[str, object]]:
    lexicons = lexicons or default_lexicons()
    base = [word_features(w, lexicons) for w in words]
    out = []
    for i, own in enumerate(base):
        features: dict[str, object] = {"bias": 1.0, **own}
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(base):
                other = base[j]
                features[f"{offset}:w"] = other["w"]
                features[f"{offset}:stem"] = other["stem"]
                features[f"{offset}:trig"] = other["trig"]
                if abs(offset) == 1:
                    features[f"{offset}:s2"] = other["s2"]
                    features[f"{offset}:per"] = other["per"]
                    features[f"{offset}:loc"] = other["loc"]
                    features[f"{offset}:shape"] = other["shape"]
            else:
                features[f"{offset}:edge"] = True
        if i > 0:
            features["-1:w|w"] = f"{base[i - 1]['w']}|{own['w']}"
        if i + 1 < len(base):
            features["w|+1:w"] = f"{own['w']}|{base[i + 1]['w']}"
        out.append(features)
    return out


class CrfRecogniser:
    """Tags paragraphs with the shipped CRF model."""

    def __init__(self, model_path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    @classmethod
    def default(cls) -> "CrfRecogniser":
        from reader.core.resources import resource_path

        return cls(resource_path("ner/anercorp-crf.crfsuite"))

    def tag_words(self, words: list[str]) -> list[str]:
        if not words:
            return []
        return self._tagger.tag(sentence_features(words))

    def mentions(self, paragraph: str) -> list[Mention]:
        tokens = tokenize(paragraph)
        tags = self.tag_words([t.text for t in tokens])
        return spans(paragraph, tokens, tags)


