"""Names in the news: recognise them, render each one way, and hold the translation to it.

`DocumentGlossary` ties the parts together for one document: the entries the
recogniser and gazetteer find, the user's glossary (global, with per-document
overrides, merges and "not a name"), the rendering of every entry with its
source, and what each paragraph's translation must then contain.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from reader.core.document import Document
from reader.core.glossary.enforce import Enforced, Requirement, enforce
from reader.core.glossary.entities import Entry, MentionAt, find_entities, words_covered
from reader.core.glossary.renderings import as_translated, part_of, render, transliterate
from reader.core.segment import normalise_arabic
from reader.core.translate import Translation
from reader.core.userdata import GlossaryItem, UserStore


# Renderings the model's spelling does not replace: known names, from lists.
SETTLED = ("gazetteer", "meaning", "names", "as written")


@dataclass
class DocumentGlossary:
    """One document's names, their renderings, and what each paragraph's translation must say.

    Treated as a value: every change (`with_choice`, `with_translations`)
    returns a new glossary, so what is derived from one — the paragraph →
    requirements index — is computed once, on first use, and never goes stale.
    """

    document: Document
    entries: list[Entry]
    user: dict[str, GlossaryItem]
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, document: Document, store: UserStore | None = None, recogniser=None) -> "DocumentGlossary":
        scope = document.fingerprint
        user = store.glossary(scope) if store is not None else {}
        aliases = store.aliases(scope) if store is not None else {}
        return cls.build_from(document, user, aliases, recogniser)

    @classmethod
    def build_from(cls, document: Document, user: dict[str, GlossaryItem], aliases: dict[str, str],
                   recogniser=None) -> "DocumentGlossary":
        """The same from plain data: it can run in another process (see reader.gui.glossaryjob)."""
        from reader.core.glossary.recognise import load_recogniser

        recogniser = recogniser or load_recogniser().recogniser
        found = find_entities(document, recogniser)
        merged: dict[str, Entry] = {}
        for entry in found:
            key = aliases.get(entry.key, entry.key)
            if key in merged:
                merged[key].mentions.extend(entry.mentions)
            else:
                entry.key = key
                merged[key] = entry
        entries = [e for e in merged.values() if not (e.key in user and user[e.key].not_a_name)]
        renderings = {k: item.english for k, item in user.items() if item.english and not item.not_a_name}
        for entry in entries:
            entry.english, entry.source = render(entry, renderings)
        entries.sort(key=lambda e: (-e.count, e.key))
        return cls(document, entries, user)

    def with_choice(self, key: str, english: str | None, *, not_a_name: bool = False) -> "DocumentGlossary":
        """A copy reflecting one changed entry (the store is updated by the caller)."""
        user = dict(self.user)
        entries = [copy.copy(e) for e in self.entries]
        entry = next((e for e in entries if e.key == key), None)
        old = user.get(key)
        if english is None and not not_a_name:
            user.pop(key, None)
        elif entry is not None:
            previous = tuple(dict.fromkeys([*(old.previous if old else ()), *([old.english] if old and old.english
                                                                              and old.english != english else [])]))
            user[key] = GlossaryItem(key, entry.arabic, entry.kind, english or "", not_a_name=not_a_name,
                                     previous=previous)
        if not_a_name:
            entries = [e for e in entries if e.key != key]
        changed = replace(self, entries=entries, user=user)
        renderings = changed._renderings()
        for e in entries:
            e.english, e.source = render(e, renderings)
        return changed

    def with_translations(self, translations: Mapping[int, Translation],
                          keys: Iterable[str] | None = None) -> "DocumentGlossary":
        """A copy that knows how the model spelled its names in these translations.

        Names with no better rendering take that spelling; for names the user
        renders it is one more variant that enforcement can replace. Known
        names (gazetteer, Wikidata) are not looked up: their English is
        settled. `keys`: only these entries (the window goes a few at a time).
        The same object comes back when nothing changed, so callers can tell.
        """
        wanted = set(keys) if keys is not None else None
        entries, changed, renderings = [], False, self._renderings()
        for entry in self.entries:
            if entry.source in SETTLED or (wanted is not None and entry.key not in wanted):
                entries.append(entry)
                continue
            model = as_translated(entry, translations)
            if model and model != entry.model:
                entry = copy.copy(entry)
                entry.model = model
                entry.english, entry.source = render(entry, renderings)
                changed = True
            entries.append(entry)
        return replace(self, entries=entries) if changed else self

    def spelled_by_model(self) -> list[str]:
        """Keys of the entries whose English the model's spelling can give or extend."""
        return [e.key for e in self.entries if e.source not in SETTLED]

    def _renderings(self) -> dict[str, str]:
        return {k: item.english for k, item in self.user.items() if item.english and not item.not_a_name}

    def paragraphs_of(self, key: str) -> list[int]:
        entry = next((e for e in self.entries if e.key == key), None)
        return sorted({m.paragraph for m in entry.mentions}) if entry else []

    # -- what the user chose ----------------------------------------------------------
    def chosen(self) -> list[Entry]:
        """Entries whose rendering the user set: these are enforced."""
        return [e for e in self.entries if e.source == "user"]

    def requirements(self, paragraph: int) -> list[Requirement]:
        """What the translation of one paragraph must say: the user's renderings of the names in it.

        A mention of part of a name (the surname alone) requires the matching
        part of the rendering ("Tleuberdi", not "Mukhtar Tleuberdi").
        """
        return list(self._index().get(paragraph, ()))

    def apply(self, paragraph: int, translation: Translation) -> Enforced:
        return enforce(translation, self.requirements(paragraph))

    def apply_many(self, rows: Iterable[int], translations: Mapping[int, Translation]) -> dict[int, Enforced]:
        """`apply` for many paragraphs at once (those with a translation); safe off the GUI thread.

        Paragraphs that name no chosen entry come back unchanged without any work.
        """
        index = self._index()
        done: dict[int, Enforced] = {}
        for row in rows:
            translation = translations.get(row)
            if translation is None:
                continue
            needed = index.get(row)
            done[row] = enforce(translation, list(needed)) if needed else Enforced(translation.text, False, ())
        return done

    def _index(self) -> dict[int, tuple[Requirement, ...]]:
        """Paragraph → requirements, built once per glossary: variants are worked out once per name."""
        index = self._derived.get("index")
        if index is None:
            found: dict[int, list[Requirement]] = {}
            for entry in self.chosen():
                variants = self._variants(entry)
                parts: dict[tuple[int, int], tuple[str, tuple[str, ...]] | None] = {}
                size = len(entry.key.split())
                for mention in entry.mentions:
                    covered = words_covered(entry.key, mention.text)
                    if covered not in parts:
                        parts[covered] = self._part(entry, variants, covered, size, mention)
                    part = parts[covered]
                    if part is not None:
                        found.setdefault(mention.paragraph, []).append(
                            Requirement(part[0], part[1], mention.start, mention.end))
            index = self._derived["index"] = {row: tuple(reqs) for row, reqs in found.items()}
        return index

    @staticmethod
    def _part(entry: Entry, variants: tuple[str, ...], covered: tuple[int, int], size: int,
              mention: MentionAt) -> tuple[str, tuple[str, ...]] | None:
        """(rendering, variants) for the words of the name a mention covers; None if it cannot be told."""
        if covered == (0, size):
            return entry.english, variants
        english = part_of(entry.english, size, *covered)
        if english is None:
            return None  # never force the whole name onto a part of it
        others = [part_of(v, size, *covered) for v in variants]
        others.append(transliterate(" ".join(entry.key.split()[covered[0]:covered[1]])))
        return english, tuple(dict.fromkeys(v for v in others if v and v != english))

    def _variants(self, entry: Entry) -> tuple[str, ...]:
        item = self.user.get(entry.key)
        machine, _ = render(entry, None)
        others = [machine, entry.model, transliterate(entry.arabic), *(item.previous if item else ())]
        return tuple(dict.fromkeys(v for v in others if v and v != entry.english))


def glossary_context(user: dict[str, GlossaryItem]):
    """The cache-key context for a paragraph: the user's renderings of names it contains.

    Matched on the normalised text, without running the recogniser, so it is
    instant and the same in the window and on the command line. Changing one
    rendering changes the keys of exactly the paragraphs that contain the name.
    """
    chosen = {k: item for k, item in user.items() if item.english and not item.not_a_name}
    if not chosen:
        return None
    # A person is often named by surname alone after the first mention.
    forms = {k: (k, k.split()[-1]) if item.kind == "PERS" and len(k.split()) > 1 and len(k.split()[-1]) >= 4
             else (k,) for k, item in chosen.items()}

    def context(text: str) -> str:
        normalised = normalise_arabic(text)
        return ";".join(f"{k}={chosen[k].english}" for k in sorted(chosen)
                        if any(form in normalised for form in forms[k]))
    return context


__all__ = ["glossary_context", "DocumentGlossary", "Entry", "Enforced", "Requirement", "enforce", "find_entities"]
