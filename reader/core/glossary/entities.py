"""From mentions to glossary entries: one entry per name, however it is spelled or glued.

Arabic glues conjunctions and prepositions to the next word (وقازاقستان,
بوانغ, للرئيس) and spells the same name with different alef forms, ta marbuta
or diacritics. Mentions are grouped by their normalised form with such a
clitic removed, but only when what remains is itself attested (as another
mention or a known name): وانغ must not lose its و.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from functools import lru_cache

from reader.core.document import Document
from reader.core.glossary.recognise import PROCLITICS, Mention, Recogniser, tokenize
from reader.core.segment import normalise_arabic

# The recogniser's proclitics without the article (a name keeps its ال), plus و+ب+ال.
_CLITICS = ("وبال", *(c for c in PROCLITICS if c != "ال"))


@dataclass(frozen=True)
class MentionAt:
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Entry:
    key: str                      # normalised, clitic-free Arabic: the identity of the name
    arabic: str                   # how it is usually written, without clitics
    kind: str                     # PERS, LOC, ORG, MISC
    mentions: list[MentionAt] = field(default_factory=list)
    english: str = ""
    source: str = ""              # user, gazetteer, names, model, transliteration
    model: str = ""               # how the translation model rendered it, once known

    @property
    def count(self) -> int:
        return len(self.mentions)


def candidates(text: str) -> list[str]:
    """The normalised form and the forms with one leading clitic removed, longest first."""
    norm = normalise_arabic(text)
    forms = [norm]
    for clitic in _CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 3:
            rest = norm[len(clitic):]
            forms.append(rest)
            if clitic in ("لل", "وال", "فال", "بال", "كال", "وبال"):
                forms.append("ال" + rest)  # للرئيس → الرئيس
    return forms


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """Normalised Arabic name → (type, English): the shipped list plus CLDR place names."""
    from babel import Locale

    from reader.core.resources import resource_path

    names: dict[str, tuple[str, str]] = {}
    english = Locale("en").territories
    for code, arabic in Locale("ar").territories.items():
        if code.isalpha() and code in english:
            names[normalise_arabic(arabic)] = ("LOC", english[code])
    path = resource_path("ner/gazetteer.tsv", required=False)
    if path is not None:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                names[normalise_arabic(parts[0])] = (parts[1], parts[2])
    return names


def gazetteer_mentions(paragraph: str) -> list[Mention]:
    """Known names the recogniser may miss, matched on whole words (clitics allowed)."""
    names = gazetteer()
    tokens = tokenize(paragraph)
    longest = max((len(k.split()) for k in names), default=1)
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            words = tokens[i:i + size]
            first_forms = candidates(words[0].text)
            rest = " ".join(normalise_arabic(t.text) for t in words[1:])
            match = next((f for f in first_forms if (f + (" " + rest if rest else "")) in names), None)
            if match is not None:
                kind = names[match + (" " + rest if rest else "")][0]
                found.append(Mention(paragraph[words[0].start:words[-1].end], kind, words[0].start, words[-1].end))
                i += size - 1
                break
        i += 1
    return found


def find_entities(document: Document, recogniser: Recogniser) -> list[Entry]:
    """Every name in the document, grouped into entries, most mentioned first.

    1. known names from the gazetteer, and the recogniser's mentions where
       they do not overlap one;
    2. grouped by clitic-free normalised form;
    3. a lone first or last name joins the full name it belongs to (وانغ → وانغ يي);
    4. every entry's name is then looked for across the whole document, so a
       mention the recogniser missed in one paragraph is still counted.
    """
    raw: list[tuple[int, Mention]] = []
    for index, paragraph in enumerate(document.paragraphs):
        known = gazetteer_mentions(paragraph.text)  # exact known names win over the recogniser's guesses
        guessed = [m for m in recogniser.mentions(paragraph.text)
                   if not any(k.start < m.end and m.start < k.end for k in known)]
        mentions = _longest_first(known + guessed)
        raw.extend((index, m) for m in mentions)

    attested = {normalise_arabic(m.text) for _, m in raw} | set(gazetteer())
    groups: dict[str, list[tuple[int, Mention]]] = collections.defaultdict(list)
    for index, mention in raw:
        forms = candidates(mention.text)
        key = next((f for f in forms[1:] if f in attested), forms[0])
        groups[key].append((index, mention))

    kinds = {key: _kind(key, items) for key, items in groups.items()}
    full_names = [k for k, kind in kinds.items() if kind == "PERS" and len(k.split()) > 1]
    for key in [k for k, kind in kinds.items() if kind == "PERS" and len(k.split()) == 1]:
        owners = [f for f in full_names if key in (f.split()[0], f.split()[-1])]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))
            kinds.pop(key)

    _propagate(document, groups, kinds)
    entries = []
    for key, items in groups.items():
        whole = [m for _, m in items if len(m.text.split()) == len(key.split())] or [m for _, m in items]
        surface = collections.Counter(_without_clitic(m.text, key) for m in whole).most_common(1)[0][0]
        mentions = sorted({MentionAt(i, m.start, m.end, m.text) for i, m in items},
                          key=lambda m: (m.paragraph, m.start))
        entries.append(Entry(key, surface, kinds[key], mentions))
    entries.sort(key=lambda e: (-e.count, e.key))
    return entries


def _kind(key: str, items) -> str:
    known = gazetteer().get(key)
    if known:
        return known[0]
    return collections.Counter(m.kind for _, m in items).most_common(1)[0][0]


def _longest_first(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that overlap a longer one."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: -(m.end - m.start)):
        if not any(k.start < mention.end and mention.start < k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _propagate(document: Document, groups, kinds) -> None:
    """Find each entry's name (and a person's surname alone) wherever the recogniser missed it."""
    patterns: dict[tuple[str, ...], str] = {}
    for key, kind in kinds.items():
        patterns.setdefault(tuple(key.split()), key)
    surnames = collections.Counter(k.split()[-1] for k, kind in kinds.items() if kind == "PERS" and len(k.split()) > 1)
    for key, kind in kinds.items():
        words = key.split()
        if kind == "PERS" and len(words) > 1 and surnames[words[-1]] == 1 and len(words[-1]) >= 4:
            patterns.setdefault((words[-1],), key)
    for index, paragraph in enumerate(document.paragraphs):
        tokens = tokenize(paragraph.text)
        taken = [(m.start, m.end) for items in groups.values() for i, m in items if i == index]
        for i in range(len(tokens)):
            for pattern, key in patterns.items():
                n = len(pattern)
                window = tokens[i:i + n]
                if len(window) < n:
                    continue
                first_ok = pattern[0] in candidates(window[0].text) or normalise_arabic(window[0].text) == pattern[0]
                if not first_ok or any(normalise_arabic(t.text) != w for t, w in zip(window[1:], pattern[1:])):
                    continue
                start, end = window[0].start, window[-1].end
                if any(s < end and start < e for s, e in taken):
                    continue
                groups[key].append((index, Mention(paragraph.text[start:end], kinds[key], start, end)))
                taken.append((start, end))


def _without_clitic(text: str, key: str) -> str:
    """The written form of a mention with the glued clitic cut off (if the key lost one)."""
    words = text.split()
    if not words:
        return text
    norm_first = normalise_arabic(words[0])
    key_first = key.split()[0]
    if norm_first != key_first and norm_first.endswith(key_first.removeprefix("ال")):
        cut = len(words[0]) - len(key_first.removeprefix("ال"))
        if key_first.startswith("ال") and not norm_first[cut - 2:cut] == "ال":
            words[0] = "ال" + words[0][cut:]
        else:
            words[0] = words[0][cut:]
    return " ".join(words)
