"""The built-in Arabic named-entity recogniser: a CRF over hand-made features.

A conditional random field (CRFsuite, through sklearn-crfsuite) trained on
ANERcorp's train split recognises persons, locations, organisations and
miscellaneous names. It is small (a few MB), needs no download and tags an
article in milliseconds. The features are those that matter for Arabic news:
the word with and without its clitics (و ف ب ل ك ال), affixes, neighbours,
and membership in name lists (Wikidata person names, CLDR place names).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.core.segment import Segment, normalise_arabic

TYPES = ("PERS", "LOC", "ORG", "MISC")
_TOKEN = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u0640\u064B-\u065F\w]+(?:[-'][\w\u0621-\u064A]+)*|[^\s\w]",
                    re.UNICODE)
# Longest first. The CRF's features strip the article too; entities.py strips all but the article.
PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "ال", "و", "ف", "ب", "ل", "ك")


def tokenize(text: str) -> list[Segment]:
    """Words and punctuation with their offsets, split the way ANERcorp is."""
    return [Segment(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def strip_clitics(word: str) -> str:
    """The word without its longest leading clitic, if enough of it remains."""
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic):]
    return word


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


@dataclass(frozen=True)
class Mention:
    text: str      # as written in the paragraph
    kind: str      # PERS, LOC, ORG, MISC
    start: int     # offsets in the paragraph
    end: int


class Recogniser:
    """Tags paragraphs with the shipped CRF model."""

    def __init__(self, model_path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    @classmethod
    def default(cls) -> "Recogniser":
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


def spans(paragraph: str, tokens: list[Segment], tags: list[str]) -> list[Mention]:
    """IOB2 tags to mentions (CoNLL rules: an I- after another type starts a new one)."""
    found: list[Mention] = []
    start = kind = None
    last_end = 0
    for token, tag in zip([*tokens, None], [*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        continues = prefix == "I" and tag_kind == kind
        if start is not None and not continues:
            found.append(Mention(paragraph[start:last_end], kind, start, last_end))
            start = kind = None
        if token is not None and prefix in ("B", "I") and not continues:
            start, kind = token.start, tag_kind
        if token is not None:
            last_end = token.end
    return found


@dataclass(frozen=True)
class Loaded:
    recogniser: object
    problem: str | None = None   # why an installed names model is not the one in use


@lru_cache(maxsize=2)
def load_recogniser(path: Path | None = None) -> Loaded:
    """The installed downloadable recogniser at `path`, or the built-in CRF.

    A model that cannot be loaded (damaged, or torch missing) is not fatal: the
    CRF takes over and `problem` says why, for the window or the terminal.
    """
    if path is None:
        return Loaded(Recogniser.default())
    try:
        from reader.core.glossary.bertner import TransformerRecogniser

        return Loaded(TransformerRecogniser(path))
    except Exception as exc:  # noqa: BLE001 - a damaged download fails in many libraries' own ways
        return Loaded(Recogniser.default(),
                      f"The names model in {path} could not be loaded ({type(exc).__name__}: {exc}); "
                      "names are found with the built-in recogniser. `reader models verify` checks it.")
