"""Recognisers: words in, IOB tags out, and the mentions those tags mark.

Two recognisers share this interface: the built-in CRF (`crf.py`, shipped,
no download) and a downloadable BERT token classifier (`bert.py`). This
module holds what both need — the tokenizer, IOB spans, the `Recogniser`
protocol — and `load_recogniser`, which picks one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.core.segment import Segment

TYPES = ("PERS", "LOC", "ORG", "MISC")
_TOKEN = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u0640\u064B-\u065F\w]+(?:[-'][\w\u0621-\u064A]+)*|[^\s\w]",
                    re.UNICODE)
# Longest first. The CRF's features strip the article too; entities.py strips all but the article.
PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "ال", "و", "ف", "ب", "ل", "ك")


def tokenize(text: str) -> list[Segment]:
    """Words and punctuation with their offsets, split the way ANERcorp is."""
    return [Segment(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def strip_clitics(word: str) -> str:
    """The word without its longest leading clitic, if enough of it remains."""
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic):]
    return word


@dataclass(frozen=True)
class Mention:
    text: str      # as written in the paragraph
    kind: str      # PERS, LOC, ORG, MISC
    start: int     # offsets in the paragraph
    end: int


class Recogniser(Protocol):
    """What the glossary needs from a recogniser."""

    def tag_words(self, words: list[str]) -> list[str]:
        """One IOB2 tag per word (B-PERS, I-ORG, O…)."""

    def mentions(self, paragraph: str) -> list[Mention]:
        """The names in a paragraph, with their offsets."""


def spans(paragraph: str, tokens: list[Segment], tags: list[str]) -> list[Mention]:
    """IOB2 tags to mentions (CoNLL rules: an I- after another type starts a new one)."""
    found: list[Mention] = []
    start = kind = None
    last_end = 0
    for token, tag in zip([*tokens, None], [*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        continues = prefix == "I" and tag_kind == kind
        if start is not None and not continues:
            found.append(Mention(paragraph[start:last_end], kind, start, last_end))
            start = kind = None
        if token is not None and prefix in ("B", "I") and not continues:
            start, kind = token.start, tag_kind
        if token is not None:
            last_end = token.end
    return found


@dataclass(frozen=True)
class Loaded:
    recogniser: Recogniser
    problem: str | None = None   # why an installed names model is not the one in use


_loaded: dict[object, tuple[object, Loaded]] = {}


def _stamp(path: Path) -> object:
    """What changes when a model folder is replaced or repaired: its files' names, sizes and times."""
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in path.iterdir() if p.is_file()))
    except OSError:
        return None


def load_recogniser(path: Path | None = None) -> Loaded:
    """The installed downloadable recogniser at `path`, or the built-in CRF.

    A model that cannot be loaded (damaged, or torch missing) is not fatal: the
    CRF takes over and `problem` says why, for the window or the terminal.
    Loaded once per folder state: after a repair or a new download (files
    changed) it is loaded again, so a fixed model is used without a restart.
    """
    from reader.core.glossary.recognise.crf import CrfRecogniser

    stamp = _stamp(path) if path is not None else None
    known = _loaded.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    if path is None:
        loaded = Loaded(CrfRecogniser.default())
    else:
        try:
            from reader.core.glossary.recognise.bert import TransformerRecogniser

            loaded = Loaded(TransformerRecogniser(path))
        except Exception as exc:  # noqa: BLE001 - a damaged download fails in many libraries' own ways
            loaded = Loaded(CrfRecogniser.default(),
                            f"The names model in {path} could not be loaded ({type(exc).__name__}: {exc}); "
                            "names are found with the built-in recogniser. `reader models verify` checks it.")
    if len(_loaded) >= 4:
        _loaded.clear()
    _loaded[path] = (stamp, loaded)
    return loaded


__all__ = ["Loaded", "Mention", "PROCLITICS", "Recogniser", "TYPES", "load_recogniser", "spans", "strip_clitics",
           "tokenize"]
