"""Names reader knows without recognising them: packaged lists, read once.

- the gazetteer: CLDR territory names and the cities CLDR names its time
  zones after (through Babel, Arabic and English), and the short shipped list
  resources/ner/gazetteer.tsv (it wins where they overlap);
- Wikidata person-name words (CC0, resources/ner/person-names.tsv): how often
  each Arabic word was a name, and its most frequent English spelling;
- the recogniser's lexicons (person and place words, without words that are
  mostly not names in ANERcorp), written by tools/train_ner.py.
The recogniser uses them as features, the glossary as direct matches.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from reader.core.segment import normalise_arabic

# Proclitics that end in the article: what follows is a noun (والشام, للرئيس).
WITH_ARTICLE = ("وبال", "وال", "فال", "بال", "كال", "لل")
# Proclitics a name can carry, longest first, without the article alone (a name keeps its ال).
CLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# A CLDR city shorter than this is too often an Arabic word (ترك, بلم).
MIN_CITY = 4


# Words that stand before a person's name and are not part of it.
TITLES = frozenset(normalise_arabic(w) for w in (
    "الرئيس رئيس الوزير وزير السيد السيدة الشيخ الدكتور الأمير الملك الملكة الامين الأمين المتحدث "
    "الناطق النائب نائب المستشار الجنرال اللواء العقيد المدرب اللاعب الفنان الكاتب الصحفي المبعوث "
    "السفير القاضي البابا الإمام المرشح زعيم قائد").split())


@dataclass(frozen=True)
class Lexicons:
    persons: frozenset[str]
    places: frozenset[str]
    # Word (clitic-free) → the tag it carried most often in the training corpus, where that was a name.
    tagged: Mapping[str, str] = field(default_factory=dict)


def candidates(text: str) -> list[str]:
    """The normalised form and the forms with one leading clitic removed, longest first."""
    norm = normalise_arabic(text)
    forms = [norm]
    for clitic in CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 3:
            rest = norm[len(clitic):]
            if clitic in WITH_ARTICLE:
                forms.append("ال" + rest)  # للرئيس → الرئيس, والشام → الشام
            forms.append(rest)
    return forms


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """Normalised Arabic name → (type, English)."""
    from babel import Locale

    from reader.core.resources import resource_path

    arabic, english = Locale("ar"), Locale("en")
    names: dict[str, tuple[str, str]] = {}
    for zone, labels in arabic.time_zones.items():
        city, city_en = labels.get("city"), english.time_zones.get(zone, {}).get("city")
        if city and city_en and len(normalise_arabic(city).replace(" ", "")) >= MIN_CITY:
            names.setdefault(normalise_arabic(city), ("LOC", city_en))
    for code, name in arabic.territories.items():
        if code.isalpha() and code in english.territories:
            names[normalise_arabic(name)] = ("LOC", english.territories[code])
    path = resource_path("ner/gazetteer.tsv", required=False)
    if path is not None:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                names[normalise_arabic(parts[0])] = (parts[1], parts[2])
    return names


@lru_cache(maxsize=1)
def longest_name() -> int:
    return max((len(k.split()) for k in gazetteer()), default=1)


def match_known(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the gazetteer's names in a run of words, longest first, left to right.

    The first word may carry a clitic (وقازاقستان, للأمم المتحدة).
    """
    names = gazetteer()
    norms = [normalise_arabic(w) for w in words]
    found, i = [], 0
    while i < len(words):
        size = min(longest_name(), len(words) - i)
        hit = None
        for size in range(size, 0, -1):
            rest = norms[i + 1:i + size]
            for first in candidates(words[i]):
                known = names.get(" ".join([first, *rest]))
                if known is not None:
                    hit = (i, i + size, known[0])
                    break
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


@lru_cache(maxsize=1)
def person_names() -> dict[str, tuple[int, str]]:
    """Arabic name word → (how often Wikidata has it as a name, its most frequent English spelling)."""
    from reader.core.resources import resource_path

    path = resource_path("ner/person-names.tsv", required=False)
    if path is None:
        return {}
    totals: collections.Counter[str] = collections.Counter()
    best: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            arabic, english, count = normalise_arabic(parts[0]), parts[1], int(parts[2])
            totals[arabic] += count
            if count > best.get(arabic, (0, ""))[0]:
                best[arabic] = (count, english)
    return {arabic: (totals[arabic], english) for arabic, (_, english) in best.items()}


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """The recogniser's name lists shipped in resources/ner (normalised Arabic forms)."""
    from reader.core.resources import resource_path

    def load(name: str) -> frozenset[str]:
        path = resource_path(f"ner/{name}", required=False)
        if path is None:
            return frozenset()
        return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())

    tagged = {}
    path = resource_path("ner/tagged-words.tsv", required=False)
    if path is not None:
        tagged = dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return Lexicons(load("person-words.txt"), load("place-words.txt"), tagged)


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Single words known to be (part of) names: Wikidata person words, places, the gazetteer's words."""
    lexicons = default_lexicons()
    words = {w for name in gazetteer() for w in name.split()}
    return frozenset(words | lexicons.persons | lexicons.places)


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Month and weekday names in the Arabic locales' calendars (CLDR through Babel): dates, not names.

    The Levant's كانون الأول and the Maghreb's جانفي as well as يناير; only the first word of each.
    """
    from babel import Locale

    words = set()
    for locale in ("ar", "ar_SY", "ar_IQ", "ar_LB", "ar_JO", "ar_EG", "ar_MA", "ar_TN", "ar_DZ"):
        calendar = Locale.parse(locale)
        for context in ("format", "stand-alone"):
            for names in (calendar.months[context]["wide"], calendar.days[context]["wide"]):
                words.update(normalise_arabic(name).split()[0] for name in names.values())
    return frozenset(words)


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """Normalised Arabic word form → how common it is in general Arabic (Zipf × 10; absent: rare).

    From wordfreq's Arabic list (CC BY-SA 4.0; tools/make_word_frequencies.py):
    the recogniser's view of Arabic beyond its one training corpus.
    """
    from reader.core.resources import resource_path

    path = resource_path("ner/word-frequencies.tsv", required=False)
    if path is None:
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        form, _, zipf = line.partition("\t")
        if zipf and not form.startswith("#"):
            table[form] = int(zipf)
    return table
