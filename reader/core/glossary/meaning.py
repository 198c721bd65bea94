"""Organisations, events and places rendered by meaning, as English news names them.

English translates the name of a ministry, a parliament or an army (وزارة
الداخلية → Interior Ministry, البرلمان العراقي → Iraqi Parliament) instead of
spelling it. Such a name is a head noun, the nouns in its genitive chain and
adjectives; when every word is one this module knows, the English is composed:
adjectives go before their noun in the opposite order (البنك المركزي الأوروبي
→ European Central Bank), a genitive noun before its head (Interior
Ministry), or after it with "of" where English says so (Council of
Representatives), and a known place as the gazetteer names it. Nationality
adjectives are derived from the packaged place names (CLDR territories, through
Babel, and the language names CLDR gives in both languages: الفرنسية → French).
A phrase with one word this module does not know is left to the other sources:
a wrong guess reads worse than a spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.core.glossary.known import candidates, gazetteer
from reader.core.segment import normalise_arabic

# Nouns that head an organisation, an event or a built place: Arabic → English.
HEADS = {
    "وزاره": "Ministry", "مجلس": "Council", "جيش": "Army", "حزب": "Party", "منظمه": "Organization",
    "هيئه": "Organization", "لجنه": "Committee", "جبهه": "Front", "حركه": "Movement", "اتحاد": "Union",
    "جامعه": "University", "بنك": "Bank", "مصرف": "Bank", "صندوق": "Fund", "وكاله": "Agency",
    "محكمه": "Court", "برلمان": "Parliament", "مؤتمر": "Congress", "ائتلاف": "Alliance", "تحالف": "Alliance",
    "جمعيه": "Assembly", "مفوضيه": "Commission", "مرصد": "Observatory", "مركز": "Center", "معهد": "Institute",
    "شركه": "Company", "مؤسسه": "Foundation", "رابطه": "League", "نقابه": "Union", "قوات": "Forces",
    "كونجرس": "Congress", "كونغرس": "Congress", "بيت": "House", "حرب": "War", "منطقه": "Zone",
    "حكومه": "Government", "شرطه": "Police", "اداره": "Administration", "مديريه": "Directorate",
    "كتله": "Bloc", "تيار": "Movement", "قائمه": "List", "مجموعه": "Group", "سلطه": "Authority",
    "دائره": "Department", "مكتب": "Office", "بعثه": "Mission", "قياده": "Command", "اكاديميه": "Academy",
    "مجمع": "Complex", "محطه": "Station", "مطار": "Airport", "ميناء": "Port", "نادي": "Club",
    "مستشفى": "Hospital", "مستشفي": "Hospital", "وكاله الانباء": "News Agency", "صحيفه": "newspaper",
}
# Heads whose genitive follows them with "of" in English (Council of Representatives, Bank of France).
OF_HEADS = {"Council", "Bank", "Union", "League", "Court", "Ministry", "University"}
# Heads that name one institution on their own (البرلمان: the parliament the article is about).
ALONE = {"برلمان", "كونجرس", "كونغرس", "حكومه", "شرطه", "جيش"}

# Nouns of a genitive chain: English, and whether English puts them after the head with "of".
GENITIVES: dict[str, tuple[str, bool]] = {
    "داخليه": ("Interior", False), "خارجيه": ("Foreign", False), "دفاع": ("Defense", False),
    "عدل": ("Justice", True), "ماليه": ("Finance", False), "صحه": ("Health", False),
    "تعليم": ("Education", False), "تربيه": ("Education", False), "اقتصاد": ("Economy", False),
    "نفط": ("Oil", False), "طاقه": ("Energy", False), "زراعه": ("Agriculture", False),
    "تجاره": ("Trade", False), "اعلام": ("Information", False), "ثقافه": ("Culture", False),
    "عمل": ("Labor", False), "نقل": ("Transport", False), "سياحه": ("Tourism", False),
    "امن": ("Security", False), "شيوخ": ("Senate", False), "وزراء": ("Ministers", True),
    "نواب": ("Representatives", True), "شعب": ("People's", False), "شوري": ("Shura", False),
    "امه": ("Nation", True), "ثوره": ("Revolution", False), "تحرير": ("Liberation", False),
    "انباء": ("News", False), "اخبار": ("News", False), "قضاء": ("Judiciary", False),
    "حقوق الانسان": ("Human Rights", False), "انسان": ("Human", False), "حقوق": ("Rights", False),
    "اغاثه": ("Relief", False), "لاجئين": ("Refugees", False), "طفوله": ("Childhood", False),
    "ذره": ("Atomic", False), "سلام": ("Peace", False), "مخابرات": ("Intelligence", False),
    "استخبارات": ("Intelligence", False), "شرطه": ("Police", False), "نقد": ("Monetary", False),
    "انتخابات": ("Elections", False), "خدمات": ("Services", False), "امم": ("Nations", False),
    "تعاون": ("Cooperation", False), "تنميه": ("Development", False), "اعمار": ("Reconstruction", False),
    "مقاومه": ("Resistance", False), "مصالحه": ("Reconciliation", False), "بيئه": ("Environment", False),
    "اسكان": ("Housing", False), "صناعه": ("Industry", False), "اتصالات": ("Communications", False),
    "رياضه": ("Sports", False), "شباب": ("Youth", False), "بحوث": ("Research", False),
    "دراسات": ("Studies", False), "طوارئ": ("Emergency", False),
}

# Adjectives that recur in institutions' names (masculine forms; the feminine adds ه, plurals are listed).
ADJECTIVES = {
    "وطني": "National", "قومي": "National", "مركزي": "Central", "دولي": "International", "عام": "General",
    "اعلي": "Supreme", "موحد": "United", "متحد": "United", "اسلامي": "Islamic", "عربي": "Arab",
    "شعبي": "Popular", "ديمقراطي": "Democratic", "اتحادي": "Federal", "عالمي": "World", "شيعي": "Shiite",
    "سني": "Sunni", "كردي": "Kurdish", "حر": "Free", "جديد": "New", "اوسط": "Middle", "مسلح": "Armed",
    "مسلحه": "Armed", "ابيض": "White", "بيضاء": "White", "احمر": "Red", "حمراء": "Red", "اخضر": "Green",
    "خضراء": "Green", "اسود": "Black", "سوداء": "Black", "بارد": "Cold", "كبير": "Great", "كبري": "Great",
    "اول": "First", "ثاني": "Second", "عالميه": "World", "ذري": "Atomic", "نووي": "Nuclear",
    "اشتراكي": "Socialist", "جمهوري": "Republican", "ليبرالي": "Liberal", "محافظ": "Conservative",
    "مستقل": "Independent", "تشريعي": "Legislative", "دستوري": "Constitutional", "عسكري": "Military",
    "امريكي": "American", "اميركي": "American", "اوروبي": "European", "افريقي": "African", "اسيوي": "Asian",
    "خليجي": "Gulf", "غربي": "Western", "شرقي": "Eastern", "شمالي": "Northern", "جنوبي": "Southern",
    "طلابي": "Students", "اعلامي": "Media", "انساني": "Humanitarian", "ثوري": "Revolutionary",
}

# English demonyms that no rule gives (English country name → adjective).
_DEMONYMS = {
    "France": "French", "Germany": "German", "United Kingdom": "British", "Spain": "Spanish",
    "Turkey": "Turkish", "Türkiye": "Turkish", "China": "Chinese", "Japan": "Japanese", "Lebanon": "Lebanese",
    "Sudan": "Sudanese", "Egypt": "Egyptian", "Iran": "Iranian", "Netherlands": "Dutch", "Switzerland": "Swiss",
    "Greece": "Greek", "Sweden": "Swedish", "Denmark": "Danish", "Finland": "Finnish", "Poland": "Polish",
    "Portugal": "Portuguese", "Vietnam": "Vietnamese", "Philippines": "Philippine", "Ireland": "Irish",
    "Belgium": "Belgian", "Chad": "Chadian", "Palestinian Territories": "Palestinian", "Palestine": "Palestinian",
    "Saudi Arabia": "Saudi", "United States": "US", "United Arab Emirates": "Emirati", "Cyprus": "Cypriot",
    "Morocco": "Moroccan", "Norway": "Norwegian", "Peru": "Peruvian", "Israel": "Israeli", "Iraq": "Iraqi",
}


@dataclass(frozen=True)
class Word:
    english: str
    role: str          # head, genitive, adjective, place
    of: bool = False   # a genitive English puts after its head with "of"


def _demonym(english: str) -> str | None:
    """An English country name's adjective by the usual rules, None where no rule is safe."""
    if english in _DEMONYMS:
        return _DEMONYMS[english]
    if " " in english or not english.isalpha():
        return None
    if english.endswith("stan") or english[-1] in "qtrnm" and english.endswith(("aq", "ait", "ar", "ain", "en", "an")):
        return english + "i"  # Pakistani, Kuwaiti, Qatari, Bahraini, Yemeni, Omani
    if english.endswith("ia"):
        return english + "n"  # Syrian, Russian, India → Indian
    if english.endswith("a"):
        return english + "n"  # America, Cuba
    return None


def _nisba(arabic: str) -> str | None:
    """The Arabic adjective of a place name: العراق → عراقي, سوريا → سوري, أوروبا → أوروبي (normalised)."""
    word = arabic.removeprefix("ال")
    if " " in word or len(word) < 3:
        return None
    if word.endswith(("يا", "ا", "ه")):
        word = word[:-2] if word.endswith("يا") else word[:-1]
    return word + "ي"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Word]:
    """Normalised Arabic word (without the article) → its English and role."""
    from babel import Locale

    words: dict[str, Word] = {}
    for arabic, english in ADJECTIVES.items():
        words[arabic] = Word(english, "adjective")
        if not arabic.endswith(("ه", "اء")):  # the feminine: المركزية, الإيرانية
            words.setdefault(arabic + "ه", Word(english, "adjective"))
    arabic_locale, english_locale = Locale("ar"), Locale("en")
    for code, name in arabic_locale.territories.items():
        english = english_locale.territories.get(code)
        demonym = _demonym(english) if english and code.isalpha() else None
        nisba = _nisba(normalise_arabic(name))
        if demonym and nisba:
            words.setdefault(nisba, Word(demonym, "adjective"))
            words.setdefault(nisba + "ه", Word(demonym, "adjective"))
    for code, name in arabic_locale.languages.items():  # الفرنسية → French: also the nation's adjective
        english = english_locale.languages.get(code)
        norm = normalise_arabic(name).removeprefix("ال")
        if english and " " not in norm and norm.endswith("يه") and re.fullmatch(r"[A-Z][a-z]+", english):
            words.setdefault(norm, Word(english, "adjective"))
            words.setdefault(norm[:-1], Word(english, "adjective"))
    for arabic, (english, of) in GENITIVES.items():
        if " " not in arabic:
            words.setdefault(arabic, Word(english, "genitive", of))
    for arabic, english in HEADS.items():
        if " " not in arabic:
            words[arabic] = Word(english, "head")
    return words


def _word(form: str) -> Word | None:
    """What a normalised word (with or without the article) means here; a known place is a place."""
    known = gazetteer().get(form)
    if known is not None and known[0] == "LOC":
        return Word(known[1], "place")
    return vocabulary().get(form.removeprefix("ال") if len(form) > 4 else form)


def by_meaning(key: str) -> str | None:
    """The English of an organisation, event or place name composed from its words' meanings, or None.

    `key` is an entry's normalised Arabic (a clitic on the first word is tried
    both ways). None unless the first word is a head noun and every other word
    is known, so a name this cannot render is left to the other sources.
    """
    words = key.split()
    if not words:
        return None
    forms = [form for form in candidates(words[0]) if (w := _word(form)) is not None and w.role == "head"]
    if not forms:
        return None
    head = _word(forms[0])
    rest = [_word(w) for w in words[1:]]
    if any(w is None for w in rest):
        return None
    if not rest:  # البرلمان, الكونجرس: the institution itself; a bare مجلس or منطقة is not a name
        return head.english if forms[0].startswith("ال") and forms[0][2:] in ALONE else None
    head_adjectives: list[str] = []   # after the head, before any genitive: describe the head
    genitive: Word | None = None
    genitive_adjectives: list[str] = []
    for w in rest:
        if w.role == "adjective":
            (genitive_adjectives if genitive else head_adjectives).append(w.english)
        elif genitive is None:
            genitive = w  # a noun, a known place, or another head noun (لجنة القوات: Forces Committee)
        else:
            return None  # a second genitive noun: too long a chain to compose safely
    before = [*reversed(head_adjectives)]
    if genitive is None:
        return " ".join([*before, head.english])
    if genitive.of or (genitive.role == "place" and head.english in OF_HEADS):
        # After a genitive English puts after "of", an adjective describes the head (بنك فرنسا المركزي →
        # Central Bank of France; محكمة العدل الدولية → International Court of Justice).
        return " ".join([*reversed(genitive_adjectives), *before, head.english, "of", genitive.english])
    # Otherwise every adjective goes before the compound; a nationality among them reads well before the
    # whole name either way (هيئة الطاقة الذرية الإيرانية → Iranian Atomic Energy Organization).
    return " ".join([*reversed(genitive_adjectives), *before, genitive.english, head.english])
