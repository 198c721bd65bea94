"""Making a translation use the glossary's renderings, without breaking it.

For each sentence that mentions an entry with a chosen rendering:
1. if one of the model's n-best hypotheses already contains every rendering
   the sentence needs, take the best such hypothesis;
2. otherwise patch the best hypothesis where the model rendered the name: a
   known other spelling of it (an earlier rendering, the gazetteer's, the
   model's own, the transliteration), the capitalised words that sound most
   like it, or the place where the n-best hypotheses differ and one of them
   rendered it close to the rendering ("the SCO" against "the Shanghai
   Cooperation Organisation").
If no place for a name can be found, the sentence is left as the model wrote
it: a rendering is never put in a place it cannot be shown to belong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from reader.core.glossary.sound import closest_run, letter_similarity, similarity
from reader.core.translate import Translation


@dataclass(frozen=True)
class Requirement:
    english: str                 # the rendering the text must use
    variants: tuple[str, ...]    # other spellings that mean the same name
    start: int                   # where the name is in the Arabic paragraph
    end: int


@dataclass(frozen=True)
class Enforced:
    text: str
    patched: bool            # some sentence was patched or an alternative chosen
    missing: tuple[str, ...]  # renderings that could not be placed
    sentences: tuple[str, ...] = ()  # the text sentence by sentence (what the compare panel lists)


def enforce(translation: Translation, requirements: list[Requirement]) -> Enforced:
    sentences, patched, missing = [], False, []
    for sentence in translation.sentences:
        needed = [r for r in requirements
                  if r.start < sentence.source.end and sentence.source.start < r.end]
        best = sentence.best
        if not needed or all(_contains(best, r.english) for r in needed):
            sentences.append(best)
            continue
        chosen = next((h.text for h in sentence.hypotheses if all(_contains(h.text, r.english) for r in needed)),
                      None)
        if chosen is not None:
            sentences.append(chosen)
            patched = True
            continue
        text = best
        for requirement in needed:
            if _contains(text, requirement.english):
                continue
            replaced = _patch(text, requirement, [h.text for h in sentence.hypotheses[1:]])
            if replaced is None:
                missing.append(requirement.english)
            else:
                text, patched = replaced, True
        sentences.append(text)
    if not patched:
        return Enforced(translation.text, False, tuple(dict.fromkeys(missing)),
                        tuple(s.best for s in translation.sentences))
    sentences = [_tidy(s) for s in sentences]
    return Enforced(translation.join(sentences), True, tuple(dict.fromkeys(missing)), tuple(sentences))


def _contains(text: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _patch(text: str, requirement: Requirement, alternatives: list[str]) -> str | None:
    for variant in sorted(requirement.variants, key=len, reverse=True):
        if not variant or variant == requirement.english:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
        if pattern.search(text):
            return pattern.sub(lambda m: requirement.english, text, count=1)
    span = _sounds_like(text, requirement) or _where_hypotheses_differ(text, alternatives, requirement)
    if span is not None:
        start, end = span
        return text[:start] + requirement.english + text[end:]
    return None


_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def _where_hypotheses_differ(text: str, alternatives: list[str], requirement: Requirement) -> tuple[int, int] | None:
    """The capitalised words of `text` that another hypothesis replaced with something like the rendering.

    The n-best hypotheses mostly differ where the model was unsure, and names
    are such places: aligning each alternative with the text word by word
    shows what the text has where the alternative has the name.
    """
    words = list(re.finditer(r"\S+", text))
    targets = [requirement.english, *requirement.variants]
    best, best_score = None, 0.0
    for alternative in alternatives:
        theirs = alternative.split()
        matcher = SequenceMatcher(None, [w.group() for w in words], theirs, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace" or i2 - i1 > 6 or j2 - j1 > 8:
                continue
            span = _capitalised_part(text, words[i1:i2])
            if span is None:
                continue
            other = _EDGE.sub("", " ".join(theirs[j1:j2]))
            score = max(similarity(other, t, 0.72) for t in targets if t)
            if score > best_score:
                best, best_score = span, score
    return best if best_score >= 0.72 else None


def _capitalised_part(text: str, words: list[re.Match]) -> tuple[int, int] | None:
    """From the first to the last capitalised word of a run, without edge punctuation."""
    capitalised = [w for w in words if w.group()[:1].isupper()]
    if not capitalised:
        return None
    start, end = capitalised[0].start(), capitalised[-1].end()
    inner = text[start:end]
    trimmed = _EDGE.sub("", inner)
    if not trimmed:
        return None
    offset = inner.index(trimmed)
    return start + offset, start + offset + len(trimmed)


def _sounds_like(text: str, requirement: Requirement) -> tuple[int, int] | None:
    """The run of capitalised words that best matches the rendering (or a variant) letter by letter."""
    run = closest_run(text, [requirement.english, *requirement.variants], len(requirement.english.split()),
                      measure=letter_similarity, floor=0.72)
    return (run.start, run.end) if run is not None and run.score >= 0.72 else None


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    return re.sub(r"\s+([,.;:!?])", r"\1", text).strip()
