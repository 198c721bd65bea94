"""Re-applying the glossary on a long document: `python benchmarks/names_speed.py`.

A document the size of a long book (12,300 paragraphs) naming 2,000 people,
each paragraph three of them, every paragraph translated. Prints, with 0 and
with 50 user renderings:
- build: the first `apply_many` over every paragraph (it builds the paragraph
  → requirements index, once per glossary version);
- correction: one more rendering chosen (`with_choice`), then re-applying only
  the paragraphs that name it (`paragraphs_of` + `apply_many`), as the window does;
- everything: re-applying every paragraph after that correction.
Issue 13 measured 1.9 s (0 renderings) and 21.5 s (50) for a full re-application before the index.
Also: how long the built-in recogniser takes to tag the sample article, and to list its names.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.document import Document, Paragraph  # noqa: E402
from reader.core.glossary import DocumentGlossary  # noqa: E402
from reader.core.glossary.entities import Entry, MentionAt  # noqa: E402
from reader.core.glossary.renderings import render, transliterate  # noqa: E402
from reader.core.segment import Segment  # noqa: E402
from reader.core.translate import Hypothesis, SentenceTranslation, Translation  # noqa: E402
from reader.core.userdata import GlossaryItem  # noqa: E402

PARAGRAPHS, NAMES, PER_PARAGRAPH = 12_300, 2_000, 3
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"


def document(rng: random.Random):
    names = sorted({" ".join("".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7))) for _ in range(2))
                    for _ in range(NAMES * 2)})[:NAMES]
    mentions: dict[str, list[MentionAt]] = {n: [] for n in names}
    paragraphs, translations = [], {}
    for index in range(PARAGRAPHS):
        chosen = rng.sample(names, PER_PARAGRAPH)
        arabic, english, at = "", [], 0
        for name in chosen:
            arabic += "وقال " + name + " إن الأمر مهم. "
            english.append(f"{transliterate(name)} said that the matter is important.")
        for name in chosen:
            start = arabic.index(name)
            mentions[name].append(MentionAt(index, start, start + len(name), name))
        arabic = arabic.strip()
        paragraphs.append(Paragraph(f"p{index}", arabic))
        sentences = []
        for name, sentence in zip(chosen, english):
            start = arabic.index("وقال " + name)
            end = arabic.index(".", start) + 1
            sentences.append(SentenceTranslation(Segment(arabic[start:end], start, end), (Hypothesis(sentence, -0.1),)))
        translations[index] = Translation(arabic, tuple(sentences))
    entries = []
    for name in names:
        entry = Entry(name, name, "PERS", mentions[name])
        entry.english, entry.source = render(entry)
        entries.append(entry)
    return Document("book", tuple(paragraphs)), entries, translations


def measure(doc, entries, translations, chosen: int) -> None:
    user = {e.key: GlossaryItem(e.key, e.arabic, e.kind, e.english.upper()) for e in entries[:chosen]}
    glossary = DocumentGlossary(doc, entries, {})
    for key, item in user.items():
        glossary = glossary.with_choice(key, item.english)
    rows = range(len(doc.paragraphs))
    start = time.perf_counter()
    glossary.apply_many(rows, translations)
    build = time.perf_counter() - start

    key = entries[-1].key
    start = time.perf_counter()
    changed = glossary.with_choice(key, "Someone Else")
    affected = changed.paragraphs_of(key)
    done = changed.apply_many(affected, translations)
    correction = time.perf_counter() - start
    assert all("Someone Else" in done[row].text for row in affected)

    start = time.perf_counter()
    changed.apply_many(rows, translations)
    everything = time.perf_counter() - start
    print(f"{chosen:>3} user renderings: build {build:6.3f} s | one correction ({len(affected)} paragraphs) "
          f"{correction * 1000:7.1f} ms | re-apply all {everything:6.3f} s")


def sample_article() -> None:
    from reader.core.formats import load_document
    from reader.core.glossary.recognise.crf import CrfRecogniser
    from reader.core.resources import sample_article as sample

    document = load_document(sample())
    recogniser = CrfRecogniser.default()
    DocumentGlossary.build_from(document, {}, {}, recogniser)  # lists and model loaded once
    start = time.perf_counter()
    for paragraph in document.paragraphs:
        recogniser.mentions(paragraph.text)
    tagging = time.perf_counter() - start
    start = time.perf_counter()
    DocumentGlossary.build_from(document, {}, {}, recogniser)
    listing = time.perf_counter() - start
    words = sum(len(p.text.split()) for p in document.paragraphs)
    print(f"sample article ({len(document.paragraphs)} paragraphs, {words} words): tagged in {tagging * 1000:.0f} ms, "
          f"names listed in {listing * 1000:.0f} ms")


def main() -> None:
    sample_article()
    doc, entries, translations = document(random.Random(13))
    print(f"{len(doc.paragraphs)} paragraphs, {len(entries)} names, {PER_PARAGRAPH} per paragraph")
    for chosen in (0, 50):
        measure(doc, entries, translations, chosen)


if __name__ == "__main__":
    main()
