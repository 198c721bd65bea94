"""Quality flags on the sample article: none on clean sentences, every planted failure caught, and the cost.

The article is translated by the tiny test model (or --model DIR, any Marian
folder), which gives clean translations of it (it memorised them). Its names
come from the document glossary (recogniser, gazetteer, the model's own
spellings), as the window finds them. Then:

1. clean: the flags of every sentence as translated (target: none);
2. planted: every sentence is spoilt in each way that applies to it (Arabic
   copied through, a phrase looped, a clause dropped, a hallucinated tail, a
   number changed or dropped, a name dropped, a low score, the English cut off
   mid-word, the English of the sentence before) and must get that flag
   (target: all caught);
3. cost: milliseconds to flag 1,000 sentences, chosen translations with names
   and the document's usual score (target: at most 50), and to sort the
   n-best alternatives of 1,000 sentences.

Usage: python benchmarks/quality_flags.py [--model DIR]. JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.formats import load_document  # noqa: E402
from reader.core.glossary import DocumentGlossary, Requirement  # noqa: E402
from reader.core.quality import clean_hypotheses, paragraph_flags, usual_score  # noqa: E402
from reader.core.translate import DecodingSettings, Hypothesis, SegmentingTranslator, Translation  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"
TARGET_MS = 50.0
TAIL = (" The statement also said that the meeting had been held in a friendly atmosphere and that both "
        "delegations had agreed to meet again next year in the capital.")
_ARABIC = re.compile("[\u0621-\u064A]")
_MARKS = re.compile("[\u0640\u064B-\u065F\u0670]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=TINY, help="a Marian model folder (default: the tiny test model)")
    args = parser.parse_args()

    document = load_document(SAMPLE)
    indexes = [i for i, p in enumerate(document.paragraphs) if _ARABIC.search(p.text)]
    started = time.perf_counter()
    translations = _translate(args.model, [document.paragraphs[i].text for i in indexes])
    translate_s = time.perf_counter() - started
    glossary = DocumentGlossary.build_from(document, {}, {}).with_translations(dict(zip(indexes, translations)))
    names = [[Requirement(e.english, glossary._variants(e), m.start, m.end)
              for e in glossary.entries if e.english for m in e.mentions if m.paragraph == i] for i in indexes]
    usual = usual_score(translations)
    sentences = sum(len(t.sentences) for t in translations)

    clean = [(i, f) for i, t, n in zip(indexes, translations, names) for f in paragraph_flags(t, names=n, usual=usual)]
    print(f"sample: {len(translations)} paragraphs, {sentences} sentences, {sum(map(len, names))} name "
          f"mentions, usual score {usual:.3f} (translated in {translate_s:.1f} s)")
    print(f"clean: {len(clean)} flags (target 0)")
    for paragraph, flag in clean:
        print(f"  paragraph {paragraph}, sentence {flag.sentence}: {flag.kind}: {flag.detail}")

    planted = list(_planted(translations, names, usual))
    missed = []
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for kind, label, translation, sentence, requirements in planted:
        total[kind] += 1
        flags = paragraph_flags(translation, names=requirements, usual=usual)
        if any(f.kind == kind and f.sentence == sentence for f in flags):
            caught[kind] += 1
        else:
            missed.append((kind, label, [f"{f.kind}: {f.detail}" for f in flags if f.sentence == sentence]))
    print(f"planted: {sum(caught.values())}/{len(planted)} caught (target all)")
    for kind in total:
        print(f"  {kind:10} {caught[kind]:3}/{total[kind]}")
    for kind, label, got in missed:
        print(f"  MISSED {kind}: {label} -> {got}")

    cost, cost_wall = _cost_ms(lambda: [paragraph_flags(t, names=n, usual=usual)
                                        for t, n in zip(translations, names)], sentences)
    nbest = sum(len(s.hypotheses) for t in translations for s in t.sentences)
    alternatives, alternatives_wall = _cost_ms(
        lambda: [clean_hypotheses(t, k, names=n, usual=usual)
                 for t, n in zip(translations, names) for k in range(len(t.sentences))], sentences)
    print(f"cost: {cost:.1f} ms of processor time per 1,000 sentences (target <= {TARGET_MS:.0f}; "
          f"{cost_wall:.1f} ms wall); sorting the n-best ({nbest / sentences:.1f} a sentence): "
          f"{alternatives:.1f} ms per 1,000 sentences ({alternatives_wall:.1f} ms wall)")
    met = not clean and not missed and cost <= TARGET_MS
    print("targets met" if met else "TARGETS NOT MET")
    print(json.dumps({"sentences": sentences, "clean_flags": len(clean), "planted": len(planted),
                      "planted_caught": sum(caught.values()), "by_kind": {k: [caught[k], total[k]] for k in total},
                      "ms_per_1000_sentences": round(cost, 2), "wall_ms_per_1000_sentences": round(cost_wall, 2),
                      "alternatives_ms_per_1000_sentences": round(alternatives, 2), "targets_met": met}))


def _translate(model: Path, texts: list[str]) -> list[Translation]:
    from reader.core.engines.marian import MarianEngine

    return SegmentingTranslator(MarianEngine(model), DecodingSettings(), "benchmark").translate(texts)


def _cost_ms(work, sentences: int) -> tuple[float, float]:
    """(processor, wall) milliseconds per 1,000 sentences: medians of five rounds of at least 0.2 s.

    The processor time is the cost of flagging; the wall time adds whatever
    else the machine is doing (on a shared machine, much more).
    """
    cpu, wall = [], []
    for _ in range(5):
        runs, started, started_cpu = 0, time.perf_counter(), time.process_time()
        while True:
            work()
            runs += 1
            elapsed = time.perf_counter() - started
            if elapsed >= 0.2:
                break
        cpu.append((time.process_time() - started_cpu) / runs / sentences * 1e6)
        wall.append(elapsed / runs / sentences * 1e6)
    return statistics.median(cpu), statistics.median(wall)


def _planted(translations: list[Translation], names: list[list[Requirement]], usual: float):
    """(kind, label, spoilt translation, sentence index, names) for every failure that applies."""
    for t, requirements in zip(translations, names):
        for k, sentence in enumerate(t.sentences):
            arabic, english = sentence.source.text, sentence.best
            letters = len(arabic) - len(_MARKS.findall(arabic))
            label = arabic[:40]

            def spoil(text: str, score: float | None = None, _k: int = k) -> Translation:
                hypothesis = Hypothesis(text, sentence.hypotheses[0].score if score is None else score)
                changed = replace(t.sentences[_k], hypotheses=(hypothesis,))
                return replace(t, sentences=t.sentences[:_k] + (changed,) + t.sentences[_k + 1:])

            yield "copy", label, spoil(arabic), k, requirements
            arabic_word = next(w for w in reversed(arabic.split()) if _ARABIC.search(w))
            yield "copy", label + " (a word left)", spoil(f"{english} {arabic_word}"), k, requirements
            words = english.split()
            if len(words) >= 6:
                loop = " ".join(words[:5] + words[2:5] * 3 + words[5:])
                yield "repeat", label, spoil(loop), k, requirements
            if k > 0 and t.sentences[k - 1].best and len(t.sentences[k - 1].best.split()) >= 3:
                yield "repeat", label + " (same as before)", spoil(t.sentences[k - 1].best), k, requirements
            if letters >= 100:
                kept = " ".join(words[:max(1, len(words) // 3)]).rstrip(",;:") + "."
                yield "short", label, spoil(kept), k, requirements
            if letters < 80:
                yield "long", label, spoil(english + TAIL), k, requirements
            number = re.search(r"\d+", english)
            if number and re.search(r"[0-9٠-٩]", arabic):
                changed = english[:number.start()] + str(int(number.group()) + 1) + english[number.end():]
                yield "numbers", label + " (changed)", spoil(changed), k, requirements
                dropped = english[:number.start()] + "several" + english[number.end():]
                yield "numbers", label + " (dropped)", spoil(dropped), k, requirements
            for r in requirements:
                mention = t.source[r.start:r.end]
                inside = sentence.source.start <= r.start < sentence.source.end
                if inside and len(mention.split()) >= len(r.english.split()) and r.english in english:
                    gone = english
                    for spelling in (r.english, *r.variants):
                        gone = re.sub(re.escape(spelling), "the official", gone, flags=re.IGNORECASE)
                    yield "names", f"{label} ({r.english})", spoil(gone), k, requirements
            yield "low-score", label, spoil(english, usual - 1.0), k, requirements
            if re.search(r"[.!?؟]$", arabic) and len(english) >= 20:
                yield "cut", label, spoil(english[:len(english) // 2].rstrip(" .,")), k, requirements


if __name__ == "__main__":
    main()
