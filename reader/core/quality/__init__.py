"""Flags on translated sentences a reader should not trust, from what the model already gave.

Local MT fails silently in known ways; each becomes a `Flag(sentence, kind,
detail)` computed from the Arabic sentence, the hypothesis and the model's
own score, with no extra model:

- ``copy``: Arabic script left in the English (most of the sentence, or a word).
- ``repeat``: a phrase in a loop ("the the the the", a clause twice in a row)
  that the Arabic does not loop itself; a four-word phrase used three or more
  times and more often than any Arabic word is; or the same English as an
  earlier sentence of the paragraph whose Arabic differs.
- ``short`` / ``long``: the English length far from what the model gives on
  normal text (a dropped clause; a hallucination).
- ``numbers``: a number, date, time, percentage or month of the Arabic missing
  or changed in the English (see `reader.core.quality.numbers`).
- ``names``: a glossary name of the sentence that the English renders in none
  of its spellings (the caller passes the names, like the glossary's
  `Requirement`s).
- ``low-score``: the hypothesis' score far below the document's (or the
  paragraph's) usual best score.
- ``cut``: stopped at the model's output limit (when the caller gives `Limits`),
  or, where the Arabic ended its sentence, an English without a final mark that
  ends on a dangling word or mark ("… and the", "… (C+C5") or well short of
  its usual length (mid-word: "… will extend the vis").

Usage (the CLI's JSON, the window's marks and F8, the exports' marks)::

    usual = usual_score(document_translations)        # once per document
    flags = paragraph_flags(translation, names=glossary.requirements(i), usual=usual,
                            limits=Limits(max_new_tokens, count_target_tokens), shown=text_shown)
    offer = clean_hypotheses(translation, k, names=..., usual=usual)   # compare panel

`Flag.sentence` is a 0-based index into `Translation.sentences`; `detail` is
a short English sentence for the user ("2022 missing", "the English is a
third of the usual length"). Flags come sentence by sentence, in the order of
`KINDS` within a sentence; one sentence may have several.

Calibration, on normal text only (never on the planted failures)
----------------------------------------------------------------
Length. English characters per Arabic character (vowel marks and tatweel not
counted) over the 36 pairs of tests/fixtures/tiny_marian/pairs.tsv, which the
tiny model reproduces exactly on the sample: 1.26 overall, median 1.23, range
0.94-1.82 (short lines vary most; sentences over 60 characters 1.03-1.52), in
line with the 1 : 1.1-1.3 known for Arabic and English news. Following Gale
and Church (1993) the English length of a sentence of n Arabic characters is
taken as 1.25·n ± s·√n: on those pairs (English − 1.25·n) / √n has a standard
deviation s = 1.47 and is never beyond ±3.4. A sentence is flagged beyond ±7,
twice the worst normal case (4.8 s; Gale and Church found s = 2.6 for human
translations of European languages), and only if the English is also under
70 % or over 160 % of the expected length. So at 250 Arabic characters
``short`` means under 65 % of the expected English (a dropped clause), and a
line of a few words is ``short`` only when empty.

Scores. `Hypothesis.score` is the length-normalised log-probability (nats per
token). A sentence is ``low-score`` when 0.7 below the usual best score (each
token on average half as likely as usual): the document's median
(`usual_score`, passed by the caller), else the paragraph's median when it
has three or more sentences, else -0.4. The tiny test model scores every clean
sentence of the sample -0.001 (it memorised them) and its misspelt n-best
alternatives -0.05 to -0.94. No real model could be run here, so -0.4 and the
margin are assumptions from the literature, not measurements: OPUS-MT scores
fluent news a few tenths below zero, and a low sequence log-probability is the
best cheap sign of a hallucination (Guerreiro et al., 2023). Re-check both on
a real model (benchmarks/quality_flags.py --model DIR).

Repeats. On the 36 reference pairs no four-word phrase occurs more than twice
in a sentence and no phrase repeats back to back, while an Arabic word of
three or more letters occurs up to three times ("التعاون"); hence a loop is
flagged at once and a phrase from three uses, if the Arabic has no word used
as often.

Cost: about 28 ms of processor time per 1,000 sentences (the sample, with its
45 name mentions); see benchmarks/quality_flags.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Iterable, Sequence

from reader.core.quality.checks import (
    MIN_SENTENCES_FOR_USUAL,
    Limits,
    Name,
    Source,
    copy_detail,
    cut_detail,
    length_detail,
    low_score_detail,
    names_detail,
    numbers,
    paragraph_usual,
    repeat_detail,
    words,
)
from reader.core.translate import Hypothesis, Translation

__all__ = ["KINDS", "Flag", "Limits", "Name", "paragraph_flags", "hypothesis_flags",
           "clean_hypotheses", "usual_score"]

KINDS = ("copy", "repeat", "short", "long", "numbers", "names", "low-score", "cut")


@dataclass(frozen=True)
class Flag:
    """Why one sentence of a paragraph's translation should not be trusted."""

    sentence: int  # index into Translation.sentences
    kind: str      # one of KINDS
    detail: str    # a short sentence for the user: "2022 missing"


@dataclass(frozen=True)
class _Context:
    usual: float
    names: tuple[Name, ...]
    limits: Limits | None
    shown: str | None                   # the paragraph as displayed, when it differs
    chosen: tuple[tuple[str, str], ...]  # every sentence's (Arabic, chosen English)


def paragraph_flags(translation: Translation, *, names: Iterable[Name] = (), usual: float | None = None,
                    limits: Limits | None = None, shown: str | None = None) -> tuple[Flag, ...]:
    """The flags of a paragraph's translation as chosen (each sentence's best hypothesis).

    Args:
        translation: the paragraph's machine translation.
        names: its glossary names (English, variants, Arabic span in the paragraph),
            e.g. the `Requirement`s reader.core.glossary gives for enforcement.
        usual: the document's usual best score (`usual_score`); without it the
            paragraph's own median, or a default, is the yardstick.
        limits: the decoding limit and a target token counter, to tell a sentence
            cut at the limit for certain.
        shown: the paragraph text as displayed, if the glossary patched names into
            it: a name it contains is not reported missing.
    """
    context = _context(translation, names, usual, limits, shown)
    flags: list[Flag] = []
    for index, sentence in enumerate(translation.sentences):
        if sentence.hypotheses:
            best = sentence.hypotheses[0]
            flags.extend(_flags(index, _source(sentence), best.text, best.score, context))
    return tuple(flags)


def hypothesis_flags(translation: Translation, sentence: int, hypothesis: Hypothesis, *,
                     names: Iterable[Name] = (), usual: float | None = None,
                     limits: Limits | None = None) -> tuple[Flag, ...]:
    """The flags one hypothesis (any of the n-best) would have in place of sentence `sentence`."""
    context = _context(translation, names, usual, limits, None)
    return tuple(_flags(sentence, _source(translation.sentences[sentence]), hypothesis.text,
                        hypothesis.score, context))


def clean_hypotheses(translation: Translation, sentence: int, *, names: Iterable[Name] = (),
                     usual: float | None = None, limits: Limits | None = None) -> tuple[Hypothesis, ...]:
    """The n-best hypotheses of a sentence that have no flag, best first (the compare panel's offer).

    The chosen one (the first) is included when it is clean, so a caller
    offering alternatives drops it if present.
    """
    context = _context(translation, names, usual, limits, None)
    source = _source(translation.sentences[sentence])
    return tuple(h for h in translation.sentences[sentence].hypotheses
                 if not _flags(sentence, source, h.text, h.score, context))


def usual_score(translations: Iterable[Translation]) -> float | None:
    """The median best-hypothesis score over a document's sentences (None for fewer than three)."""
    scores = [s.hypotheses[0].score for t in translations for s in t.sentences if s.hypotheses]
    return median(scores) if len(scores) >= MIN_SENTENCES_FOR_USUAL else None


def _context(translation: Translation, names: Iterable[Name], usual: float | None,
             limits: Limits | None, shown: str | None) -> _Context:
    best = [s.hypotheses[0].score for s in translation.sentences if s.hypotheses]
    return _Context(paragraph_usual(best, usual), tuple(names), limits,
                    shown if shown is not None and shown != translation.text else None,
                    tuple((s.source.text, s.best) for s in translation.sentences))


def _source(sentence) -> Source:
    return Source.of(sentence.source.text, sentence.source.start, sentence.source.end)


def _flags(index: int, source: Source, english: str, score: float, context: _Context) -> list[Flag]:
    flags: list[Flag] = []

    def add(kind: str, detail: str | None) -> None:
        if detail:
            flags.append(Flag(index, kind, detail))

    tokens = words(english)
    add("copy", copy_detail(source, english))
    add("repeat", repeat_detail(source, tokens) or _same_as_other(index, source, english, tokens, context))
    length = length_detail(source, english)
    if length is not None:
        add(*length)
    add("numbers", numbers(source, english))
    if context.names:
        missing = names_detail(source, english, context.names)
        if missing and context.shown is not None:
            missing = names_detail(source, context.shown, context.names)
        add("names", missing)
    add("low-score", low_score_detail(score, context.usual))
    add("cut", cut_detail(source, english, tokens, context.limits))
    return flags


def _same_as_other(index: int, source: Source, english: str, tokens: Sequence[str],
                   context: _Context) -> str | None:
    """The model gave two different Arabic sentences the same English (a loop across sentences).

    Of two chosen sentences the later one is flagged; an alternative is
    flagged if it equals any other sentence's chosen English.
    """
    if len(tokens) < 3:
        return None
    is_chosen = context.chosen[index][1] == english
    for other, (arabic, chosen) in enumerate(context.chosen):
        if chosen == english and arabic != source.text and (other < index or (other > index and not is_chosen)):
            return f"the same English as sentence {other + 1}"
    return None
