"""From mentions to glossary entries: one entry per name, however it is spelled or glued.

Arabic glues conjunctions and prepositions to the next word (وقازاقستان,
بوانغ, للرئيس) and spells the same name with different alef forms, ta marbuta
or diacritics. Mentions are grouped by their normalised form with such a
clitic removed, but only when what remains is itself attested (as another
mention or a known name) and the whole word is not: وانغ must not lose its
و, والشام and ونجار must. A clitic inside a recognised run (تليوبيردي بوانغ)
starts another name there.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from reader.core.document import Document
from reader.core.glossary.known import WITH_ARTICLE as _WITH_ARTICLE
from reader.core.glossary.known import TITLES, calendar_words, candidates, gazetteer, known_words, match_known
from reader.core.glossary.recognise import Mention, Recogniser, tokenize
from reader.core.segment import normalise_arabic

# Single letters glued to a name inside a run: "and", "in/with", "for", "as", "so".
_GLUED = ("و", "ب", "ل")


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
    source: str = ""              # user, as written, gazetteer, names, model, transliteration
    model: str = ""               # how the translation model rendered it, once known

    @property
    def count(self) -> int:
        return len(self.mentions)


def key_of(text: str, attested: set[str] | frozenset[str]) -> str:
    """The entry key of a mention: its normalised form without a glued clitic.

    A clitic goes when what remains is attested (another mention, a known name)
    and the whole first word is not known on its own (وانغ keeps its و), or
    when the clitic ends in the article (والشام → الشام, للرئيس → الرئيس).
    """
    forms = candidates(text)
    norm = forms[0]
    first = norm.split()[0]
    latin = next((f for f in forms[1:] if f[:1].isascii() and f[:1].isalpha()), None)
    if latin is not None:
        return latin  # وDell: "and Dell"
    if first in known_words() and len(norm.split()) == 1:
        return norm
    if first.startswith(_WITH_ARTICLE) and first not in known_words():
        return next(f for f in forms[1:] if f.startswith("ال"))
    stripped = next((f for f in forms[1:] if f in attested), None)
    if stripped is not None:
        return stripped
    # A clitic off an unknown word leaves a known one: of four letters or more alone, and not ف or ك,
    # with which many names begin (فايك is not ف+ايك).
    if first.startswith(("ف", "ك")) or first in known_words():
        return norm
    shortest = 3 if len(norm.split()) > 1 else 4
    return next((form for form in forms[1:] if form.split()[0] in known_words()
                 and len(form.split()[0]) >= shortest), norm)


def split_merged(mention: Mention, attested: set[str] | frozenset[str]) -> list[Mention]:
    """Cut a run of words where a glued clitic starts another name (تليوبيردي | بوانغ).

    A word inside a name does not begin with "and" or "in": when a later word
    of the run is a clitic plus a known or attested name word, and is not a
    known name word itself, the run is two names.
    """
    tokens = tokenize(mention.text)
    if len(tokens) < 2:
        return [mention]
    known = known_words()
    cuts = []
    for k, token in enumerate(tokens[1:], 1):
        word = normalise_arabic(token.text)
        if word in known or len(word) < 4:
            continue
        rest = word[1:] if word.startswith(_GLUED) else ""
        if rest.startswith(_GLUED) and rest[1:] in known | attested and len(rest) >= 4:
            rest = rest[1:]  # وب, ول: "and in"
        if rest and (rest in known or rest in attested) and tokens[k - 1].text not in ("بن", "ابن", "بنت", "أبو"):
            cuts.append(k)
    if not cuts:
        return [mention]
    pieces, begin = [], 0
    for cut in [*cuts, len(tokens)]:
        start, end = tokens[begin].start, tokens[cut - 1].end
        pieces.append(Mention(mention.text[start:end], mention.kind, mention.start + start, mention.start + end))
        begin = cut
    return pieces


def words_covered(key: str, text: str) -> tuple[int, int]:
    """Which words of an entry's key a mention covers: (0, n) for the whole name.

    تليوبيردي in the entry مختار تليوبيردي covers (1, 2). A mention that does
    not read as a run of the key's words (an entry the user merged) counts as
    the whole name.
    """
    keys = key.split()
    words = normalise_arabic(text).split()
    if not words or len(words) > len(keys):
        return 0, len(keys)
    firsts = set(candidates(words[0])) | {words[0]}
    for i in range(len(keys) - len(words) + 1):
        if keys[i] in firsts and keys[i + 1:i + len(words)] == words[1:]:
            return i, i + len(words)
    return 0, len(keys)


def trimmed(mention: Mention, seen: collections.Counter[str]) -> list[Mention]:
    """The mention without what is not part of a name; [] if nothing is left.

    A date is not a name (كانون الأول, الخميس: the calendars' words, from
    CLDR). A title is not part of a person's name (الرئيس, البابا), nor is
    the adjective of a nation or a place before the name (الافغاني اشرف
    غاني), nor after a name of two words or more that is written so once and
    more often without it (كوفي عنان الغاني).
    """
    tokens = tokenize(mention.text)
    if not tokens:
        return []
    words = [normalise_arabic(t.text) for t in tokens]
    if any(form in calendar_words() for form in candidates(tokens[0].text)):
        return []
    first, last = 0, len(tokens)
    if mention.kind == "PERS":
        while first < last and any(form in TITLES for form in candidates(tokens[first].text)):
            first += 1  # البابا, الرئيس جورج بوش: a title is not the name
        if first == last:
            return []
    if mention.kind == "PERS" and last - first > 1:
        if _adjective(words[first]):
            first += 1
        shorter = " ".join(words[first:-1])
        if last - first > 2 and _adjective(words[-1]) and seen[" ".join(words)] == 1 and seen[shorter] >= 2:
            last -= 1  # كوفي عنان الغاني once, كوفي عنان often; أبو أيوب المصري is his name
    if (first, last) == (0, len(tokens)):
        return [mention]
    start, end = tokens[first].start, tokens[last - 1].end
    return [Mention(mention.text[start:end], mention.kind, mention.start + start, mention.start + end)]


def _adjective(word: str) -> bool:
    """A relative adjective with the article (الأفغاني, الصيفي), and not a known name word."""
    return word.startswith("ال") and word.endswith("ي") and len(word) > 4 and word not in gazetteer()


def gazetteer_mentions(paragraph: str) -> list[Mention]:
    """Known names the recogniser may miss, matched on whole words (clitics allowed)."""
    tokens = tokenize(paragraph)
    return [Mention(paragraph[tokens[i].start:tokens[j - 1].end], kind, tokens[i].start, tokens[j - 1].end)
            for i, j, kind in match_known([t.text for t in tokens])]


def find_entities(document: Document, recogniser: Recogniser) -> list[Entry]:
    """Every name in the document, grouped into entries, most mentioned first.

    1. known names from the gazetteer, and the recogniser's mentions where
       they do not overlap one;
    2. grouped by clitic-free normalised form;
    3. a lone first or last name, or the start or end of a long name, joins
       the full name it belongs to (وانغ → وانغ يي);
    4. every entry's name is then looked for across the whole document, so a
       mention the recogniser missed in one paragraph is still counted.
    """
    raw: list[tuple[int, Mention]] = []
    for index, paragraph in enumerate(document.paragraphs):
        known = gazetteer_mentions(paragraph.text)  # exact known names win over the recogniser's guesses…
        guessed = [m for m in recogniser.mentions(paragraph.text)
                   if not any(k.start < m.end and m.start < k.end and not _builds_on(m, k) for k in known)]
        mentions = _longest_first(guessed + known)  # …unless a longer name is built on one (ريف دمشق)
        raw.extend((index, m) for m in _hyphenated(paragraph.text, mentions))

    attested = {normalise_arabic(m.text) for _, m in raw} | set(gazetteer())
    attested_words = {w for name in attested for w in name.split()}
    raw = [(index, piece) for index, mention in raw for piece in split_merged(mention, attested_words)]
    seen = collections.Counter(normalise_arabic(m.text) for _, m in raw)
    raw = [(index, piece) for index, mention in raw for piece in trimmed(mention, seen)]
    attested = {normalise_arabic(m.text) for _, m in raw} | set(gazetteer())
    groups: dict[str, list[tuple[int, Mention]]] = collections.defaultdict(list)
    for index, mention in raw:
        groups[key_of(mention.text, attested)].append((index, mention))

    kinds = {key: _kind(key, items) for key, items in groups.items()}
    full_names = [k for k, kind in kinds.items() if kind == "PERS" and len(k.split()) > 1]
    for key in sorted((k for k, kind in kinds.items() if kind == "PERS"), key=lambda k: len(k.split())):
        words = key.split()
        owners = [f for f in full_names if len(f.split()) > len(words)
                  and words in (f.split()[:len(words)], f.split()[-len(words):])]
        if len(owners) == 1:  # a first or last name, or part of a long name (أيوب المصري of أبو أيوب المصري)
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


def _builds_on(mention: Mention, known: Mention) -> bool:
    """A recognised name that is more than a known one it contains.

    A known place at the end names something of it (جامعة دمشق, ريف دمشق: the
    construct state), unless an added word starts with "and": that is two
    names in one run (الصين وقازاقستان), and the known ones are right. A known
    organisation followed by adjectives is another organisation (مجلس الأمن
    القومي الروسي is Russia's Security Council).
    """
    if known.kind == "ORG" and mention.kind == "ORG" and known.start == mention.start and known.end < mention.end:
        return all(word.startswith("ال") and normalise_arabic(word) not in calendar_words()
                   for word in mention.text[known.end - mention.start:].split())
    if known.kind != "LOC" or mention.kind == "PERS" or known.end != mention.end or known.start <= mention.start:
        return False
    before = mention.text[:known.start - mention.start].split()
    return not any(word.startswith("و") and normalise_arabic(word) not in known_words() for word in before)


def _hyphenated(paragraph: str, mentions: list[Mention]) -> list[Mention]:
    """Runs the recogniser cut in two that are one name.

    Two names with only a spaced hyphen between them (فايك - فريبيرغا, whatever
    the second was taken for), and two persons with only a space between them
    (أبو أيوب | المصري: a list of people has "and" or a comma).
    """
    joined: list[Mention] = []
    for mention in mentions:
        gap = paragraph[joined[-1].end:mention.start] if joined else ""
        if joined and (gap.strip() == "-" or (gap == " " and joined[-1].kind == mention.kind == "PERS")):
            start = joined[-1].start
            joined[-1] = Mention(paragraph[start:mention.end], joined[-1].kind, start, mention.end)
        else:
            joined.append(mention)
    return joined


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
        if not key_first.startswith("ال"):
            words[0] = words[0][cut:]
        elif norm_first[cut - 2:cut] == "ال":
            words[0] = words[0][cut - 2:]  # والشام → الشام
        else:
            words[0] = "ال" + words[0][cut:]  # للرئيس → الرئيس
    return " ".join(words)
