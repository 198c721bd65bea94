"""Making a translation use the glossary's renderings, without breaking it.

For each sentence that mentions an entry with a chosen rendering:
1. if one of the model's n-best hypotheses already contains every rendering
   the sentence needs, take the best such hypothesis;
2. otherwise patch the best hypothesis where the model rendered the name: a
   known other spelling of it (an earlier rendering, the gazetteer's, the
   transliteration), or the capitalised words that sound most like it.
If no place for a name can be found, the sentence is left as the model wrote
it: a rendering is never put in a place it cannot be shown to belong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.glossary.sound import closest_run, letter_similarity
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
            replaced = _patch(text, requirement)
            if replaced is None:
                missing.append(requirement.english)
            else:
                text, patched = replaced, True
        sentences.append(text)
    text = _tidy(" ".join(s for s in sentences if s)) if patched else translation.text
    return Enforced(text, patched, tuple(dict.fromkeys(missing)))


def _contains(text: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _patch(text: str, requirement: Requirement) -> str | None:
    for variant in sorted(requirement.variants, key=len, reverse=True):
        if not variant or variant == requirement.english:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
        if pattern.search(text):
            return pattern.sub(lambda m: requirement.english, text, count=1)
    span = _sounds_like(text, requirement)
    if span is not None:
        start, end = span
        return text[:start] + requirement.english + text[end:]
    return None


def _sounds_like(text: str, requirement: Requirement) -> tuple[int, int] | None:
    """The run of capitalised words that best matches the rendering (or a variant) letter by letter."""
    run = closest_run(text, [requirement.english, *requirement.variants], len(requirement.english.split()),
                      measure=letter_similarity)
    return (run.start, run.end) if run is not None and run.score >= 0.72 else None


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    return re.sub(r"\s+([,.;:!?])", r"\1", text).strip()
