"""The built-in Arabic named-entity recogniser: a CRF over hand-made features.

A conditional random field (CRFsuite, through python-crfsuite) trained on
ANERcorp's train split (tools/train_ner.py) recognises persons, locations,
organisations and miscellaneous names. It is small (a few MB), needs no
download and tags an article in milliseconds. The features are those that
matter for Arabic news: the word with and without its clitics (و ف ب ل ك ال),
affixes, neighbours up to three words away, words that announce a name
(titles, kinds of place and organisation), the packaged name lists (how often
Wikidata has the word as a person's name, CLDR places, the gazetteer's names
spanning several words), how the word is used in general Arabic (wordfreq:
how common it is, whether it takes the article or a plural ending, as nouns
do and foreign names do not), and the name tag it carried most often in
training (learned on other folds, so the CRF does not over-trust it). The
layers in `patterns.py` then add what a CRF trained on one newswire corpus
misses.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reader.core.glossary.known import (
    TITLES,
    Lexicons,
    candidates,
    default_lexicons,
    match_known,
    person_names,
    word_frequencies,
)
from reader.core.glossary.recognise import PROCLITICS, Mention, spans, strip_clitics, tokenize
from reader.core.glossary.recognise.patterns import LAYERS, refine
from reader.core.segment import normalise_arabic


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if re.fullmatch(r"[A-Z]{2,}", word):
        return "LATIN"
    if re.fullmatch(r"[A-Za-z]+", word):
        return "Latin" if word[0].isupper() else "latin"
    if all(unicodedata.category(c).startswith("P") or unicodedata.category(c).startswith("S") for c in word):
        return "punct"
    return "arabic"


# Words that announce a name: titles before people, kinds of place, kinds of organisation.
_TRIGGERS = {
    "title": TITLES,
    "place": {normalise_arabic(w) for w in (
        "مدينة عاصمة العاصمة ولاية محافظة منطقة إقليم جزيرة نهر بحر جبل قرية بلدة مطار ميناء شمال جنوب شرق غرب "
        "دولة جمهورية مملكة إمارة ريف").split()},
    "org": {normalise_arabic(w) for w in (
        "شركة منظمة جامعة وزارة حزب مجلس وكالة هيئة مؤسسة اتحاد جمعية بنك مصرف صندوق لجنة جبهة حركة نادي "
        "فريق مركز معهد صحيفة قناة إذاعة محكمة برلمان مرصد ائتلاف جيش تحالف مفوضية").split()},
}


def _trigger(stem: str) -> str:
    for name, words in _TRIGGERS.items():
        if stem in words or ("ال" + stem) in words:
            return name
    return ""


def _clitic(norm: str) -> str:
    return next((c for c in PROCLITICS if norm.startswith(c) and len(norm) - len(c) >= 3), "")


def _seen_as_name(*forms: str) -> str:
    """How often Wikidata has the word as a person's name, in bands: a weak but wide signal."""
    names = person_names()
    count = max((names.get(f, (0, ""))[0] for f in forms), default=0)
    return "0" if count == 0 else "1" if count == 1 else "2" if count < 5 else "5" if count < 20 else "20"


# Endings a common noun or adjective takes and a foreign name does not (feminine, plurals, nisba).
_ENDINGS = ("ه", "ات", "ون", "ين", "يه", "ي")


def _usage(norm: str) -> dict[str, object]:
    """How the word is used in general Arabic (wordfreq): how common, and whether it takes the article or endings.

    A foreign name (برودي) is rare and never written with ال; a noun or an
    adjective (رئيس, عراقي) is common and often is. Bands, so the CRF sees a
    handful of values rather than numbers.
    """
    table = word_frequencies()
    own = table.get(norm, 0)
    # Without the clitic that leaves the commonest word (وبغداد: بغداد, not ب + غداد).
    stem = max(candidates(norm), key=lambda form: table.get(form, 0))
    core = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
    bare = table.get(core, 0)
    article = table.get("ال" + core, 0)
    ending = max((table.get(core + e, 0) for e in _ENDINGS), default=0)
    def band(value: int) -> str:
        return "0" if value == 0 else str(min(value // 10, 6))

    def ratio(other: int) -> str:
        if other == 0 and bare == 0:
            return "none"
        return str(max(-2, min(2, round((other - bare) / 10))))

    return {"zw": band(own), "zc": band(bare), "zdef": ratio(article), "zend": ratio(ending)}


def word_features(word: str, lexicons: Lexicons) -> dict[str, object]:
    norm = normalise_arabic(word)
    stem = strip_clitics(norm)
    core = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
    return {
        **_usage(norm),
        "w": norm, "stem": stem, "core": core, "cl": _clitic(norm),
        "p2": stem[:2], "p3": stem[:3], "s2": stem[-2:], "s3": stem[-3:], "s4": stem[-4:], "ns2": norm[-2:],
        "shape": _shape(word), "len": min(len(stem), 8), "trig": _trigger(stem),
        "per": norm in lexicons.persons or stem in lexicons.persons or core in lexicons.persons,
        "loc": norm in lexicons.places or stem in lexicons.places,
        "al": stem.startswith("ال"),
        "pb": _seen_as_name(norm, stem, core),
        "tg": lexicons.tagged.get(stem, ""),
    }


def _known_tags(words: list[str]) -> list[str]:
    """B-/I-type where a gazetteer name spans the words, '' elsewhere."""
    tags = [""] * len(words)
    for start, end, kind in match_known(words):
        tags[start] = f"B-{kind}"
        for i in range(start + 1, end):
            tags[i] = f"I-{kind}"
    return tags


def sentence_features(words: list[str], lexicons: Lexicons | None = None) -> list[dict[str, object]]:
    lexicons = lexicons or default_lexicons()
    base = [word_features(w, lexicons) for w in words]
    known = _known_tags(words)
    out = []
    for i, own in enumerate(base):
        features: dict[str, object] = {"bias": 1.0, **own, "gaz": known[i]}
        core = own["core"]
        features.update({f"c3:{core[j:j + 3]}": 1.0 for j in range(max(0, len(core) - 2))})
        for offset in (-3, -2, -1, 1, 2, 3):
            j = i + offset
            if not 0 <= j < len(base):
                features[f"{offset}:edge"] = True
                continue
            other = base[j]
            features[f"{offset}:w"] = other["w"]
            if abs(offset) <= 2:
                features[f"{offset}:stem"] = other["stem"]
                features[f"{offset}:trig"] = other["trig"]
                features[f"{offset}:gaz"] = known[j]
            if abs(offset) == 1:
                for name in ("s2", "per", "loc", "shape", "cl", "al", "p2", "pb", "zc", "zdef", "tg"):
                    features[f"{offset}:{name}"] = other[name]
        if i > 0:
            features["-1:w|w"] = f"{base[i - 1]['w']}|{own['w']}"
            features["-1:stem|stem"] = f"{base[i - 1]['stem']}|{own['stem']}"
        if i + 1 < len(base):
            features["w|+1:w"] = f"{own['w']}|{base[i + 1]['w']}"
            features["stem|+1:stem"] = f"{own['stem']}|{base[i + 1]['stem']}"
        out.append(features)
    return out


class CrfRecogniser:
    """Tags paragraphs with the shipped CRF model, then the pattern layers (`patterns.LAYERS`)."""

    def __init__(self, model_path: Path, layers: tuple[str, ...] = LAYERS) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.layers = layers

    @classmethod
    def default(cls, layers: tuple[str, ...] = LAYERS) -> "CrfRecogniser":
        from reader.core.resources import resource_path

        return cls(resource_path("ner/anercorp-crf.crfsuite"), layers)

    def tag_words(self, words: list[str]) -> list[str]:
        if not words:
            return []
        return refine(words, self._tagger.tag(sentence_features(words)), self.layers)

    def mentions(self, paragraph: str) -> list[Mention]:
        tokens = tokenize(paragraph)
        tags = self.tag_words([t.text for t in tokens])
        return spans(paragraph, tokens, tags)
