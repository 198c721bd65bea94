"""One function per way a translation fails: each returns a flag's detail, or None.

The thresholds are module constants, measured on normal text as the package
docstring (reader.core.quality) describes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from statistics import median
from typing import Callable, Iterable, Protocol, Sequence

from reader.core.quality.numbers import Quantity, numbers_detail, source_quantities

# --- length: English characters per Arabic character on normal text -----------------------
LENGTH_RATIO = 1.25        # expected English length = 1.25 × Arabic letters
LENGTH_SPREAD_LIMIT = 7.0  # (English − expected) / √Arabic beyond ±7 is far outside normal
SHORT_FRACTION = 0.7       # ... and the English under 70 % of the expected length
LONG_FRACTION = 1.6        # ... or over 160 %

# --- scores: length-normalised log-probabilities (0 is certain) ----------------------------
LOW_SCORE_MARGIN = 0.7     # nats per token below the usual best score
DEFAULT_USUAL_SCORE = -0.4  # when neither the document nor the paragraph says what is usual
MIN_SENTENCES_FOR_USUAL = 3

# --- repeats -------------------------------------------------------------------------------
MAX_LOOP_PERIOD = 12       # longest phrase (in words) looked for in a loop
NGRAM = 4                  # a 4-word phrase used 3+ times, more often than any Arabic word

_ARABIC_LETTER = re.compile(
    "[\u0620-\u063F\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF"
    "\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
_ARABIC_WORD = re.compile(
    "[\u0620-\u065F\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF"
    "\uFB50-\uFDFF\uFE70-\uFEFC]+")
_MARKS = re.compile("[\u0640\u064B-\u065F\u0670\u06D6-\u06ED]")  # tatweel and vowel marks
_WORD = re.compile(r"\w+")
_SOURCE_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*$")
_ENGLISH_END = re.compile(r"[.!?…]+[\"'»”’)\]]*$")
_DANGLING_MARKS = set(",;:-–—(/“«‘\\")
# Words an English sentence does not end on: a sentence that does was stopped short.
_DANGLING_WORDS = frozenset("""
the a an and or but nor of to for with from into than that which whose its their his her our
your my is are was were will would shall should has have had between such these those both
each every including whether because if while although as at by
""".split())


class Name(Protocol):
    """A glossary name of the paragraph (reader.core.glossary.enforce.Requirement fits)."""

    english: str                # the rendering the English should use
    variants: tuple[str, ...]   # other spellings that mean the same name
    start: int                  # where the name is in the Arabic paragraph
    end: int


@dataclass(frozen=True)
class Limits:
    """How the hypotheses were made, so `cut` can tell a sentence stopped at the limit."""

    max_new_tokens: int                 # the limit generation ran with
    # Target tokens of an English text with the end token, as the model's tokenizer
    # counts them: len(tokenizer(text_target=text)["input_ids"]) for Marian.
    count_tokens: Callable[[str], int]


class Source:
    """What the checks need from an Arabic sentence, worked out once and only when asked."""

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        self.text = text.strip()
        self.start = start
        self.end = start + len(self.text) if end is None else end

    @classmethod
    def of(cls, text: str, start: int = 0, end: int | None = None) -> "Source":
        return cls(text, start, end)

    @cached_property
    def letters(self) -> int:
        """Characters without tatweel and vowel marks (a vocalised text is not longer)."""
        return len(self.text) - len(_MARKS.findall(self.text))

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_ARABIC_WORD.findall(self.text))

    @cached_property
    def most_repeated_word(self) -> int:
        """Uses of its most frequent word of three or more letters."""
        counts = Counter(w for w in _ARABIC_WORD.findall(self.text) if len(w) >= 3)
        return max(counts.values(), default=0)

    @cached_property
    def loop_times(self) -> float:
        """How often its own longest loop repeats (0: none): a refrain the English may keep."""
        loop = _longest_loop(_WORD.findall(self.text))
        return loop[1] if loop else 0.0

    @cached_property
    def ends_sentence(self) -> bool:
        return _SOURCE_END.search(self.text) is not None

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        return source_quantities(self.text)


def copy_detail(source: Source, english: str) -> str | None:
    """Arabic script left in the English: the model copied instead of translating."""
    if _ARABIC_LETTER.search(english) is None:
        return None
    left = [w for w in _ARABIC_WORD.findall(english) if _ARABIC_LETTER.search(w)]
    copied = sum(1 for w in set(left) if w in source.words)
    if source.words and copied * 2 >= len(source.words):
        return "the Arabic was copied, not translated"
    shown = " ".join(dict.fromkeys(left))
    return f"Arabic left in the English: {shorten(shown, 30)}"


def repeat_detail(source: Source, tokens: Sequence[str]) -> str | None:
    """A phrase in a loop, or used more often than anything in the Arabic is."""
    if len(tokens) < 4 or len(set(zip(tokens, tokens[1:], tokens[2:]))) == len(tokens) - 2:
        return None  # no three words appear twice: neither a loop nor a phrase used three times
    loop = _longest_loop(tokens)
    if loop is not None and loop[1] > source.loop_times:
        phrase, times = loop
        return f"\u201c{shorten(' '.join(phrase), 40)}\u201d repeated {_times(times)} in a row"
    grams = Counter(zip(*(tokens[i:] for i in range(NGRAM))))
    (gram, count), = grams.most_common(1) or [((), 0)]
    if count >= 3 and count > source.most_repeated_word:
        return f"\u201c{' '.join(gram)}\u201d used {count} times"
    return None


def _longest_loop(tokens: Sequence[str]) -> tuple[tuple[str, ...], float] | None:
    """The phrase repeated back to back the most, and how many times it runs.

    A loop is a run of text that repeats itself with a period of p words: four
    words in a row for p = 1 ("the the the the"), two and a half times for p = 2,
    twice for longer phrases. A doubled word ("had had") is normal English.
    Each of these repeats some three words at a distance of p, so only those
    distances are tried.
    """
    n = len(tokens)
    seen: dict[tuple[str, str, str], list[int]] = {}
    periods: set[int] = set()
    for i, trigram in enumerate(zip(tokens, tokens[1:], tokens[2:])):
        places = seen.setdefault(trigram, [])
        periods.update(i - j for j in places if i - j <= MAX_LOOP_PERIOD)
        places.append(i)
    best: tuple[tuple[str, ...], float] | None = None
    for period in sorted(periods):
        need = max(period, 3)
        run = 0
        for i in range(n - period + 1):
            if i < n - period and tokens[i] == tokens[i + period]:
                run += 1
                continue
            if run >= need:
                times = (run + period) / period
                if best is None or run + period > best[1] * len(best[0]):
                    best = tuple(tokens[i - run:i - run + period]), times
            run = 0
    return best


def length_detail(source: Source, english: str) -> tuple[str, str] | None:
    """("short"|"long", detail) when the English length is far outside the normal ratio."""
    if source.letters == 0:
        return None
    length = len(english.strip())
    expected = LENGTH_RATIO * source.letters
    if length == 0:
        return "short", "the English is empty"
    spread = (length - expected) / math.sqrt(source.letters)
    if spread < -LENGTH_SPREAD_LIMIT and length < SHORT_FRACTION * expected:
        return "short", f"the English is {_fraction(length / expected)} the usual length"
    if spread > LENGTH_SPREAD_LIMIT and length > LONG_FRACTION * expected:
        return "long", f"the English is {_multiple(length / expected)} the usual length"
    return None


def names_detail(source: Source, english: str, names: Iterable[Name]) -> str | None:
    """Glossary names of this sentence that the English renders in none of their spellings.

    A mention with fewer Arabic words than the rendering has English words (a
    lone surname, "تليوبيردي" of "Mukhtar Tileuberdi") is rendered by any
    word of it; a rendering may be the start of a longer word ("State
    Council" in "State Councilor", "Kazakhstan" in "Kazakhstan's").
    """
    folded = None
    missing = []
    for name in names:
        if not name.english or not (name.start < source.end and source.start < name.end):
            continue
        if folded is None:
            folded = _fold(english)
        renderings = [_fold_name(r) for r in (name.english, *name.variants) if r]
        mention = source.text[max(0, name.start - source.start):max(0, name.end - source.start)]
        if any(_contains(folded, r) for r in renderings):
            continue
        if any(len(r) >= 6 and r.replace(" ", "") in folded.replace(" ", "") for r in renderings):
            continue  # "Nursultan" for "Nur-Sultan": the same letters, spaced otherwise
        if len(mention.split()) < len(renderings[0].split()) and any(
                _contains(folded, word) for r in renderings for word in r.split() if len(word) >= 3):
            continue
        missing.append(name.english)
    if not missing:
        return None
    missing = list(dict.fromkeys(missing))
    return f"{' and '.join(missing)} missing" if len(missing) <= 2 else f"{', '.join(missing)} missing"


@lru_cache(maxsize=4096)
def _fold_name(text: str) -> str:
    """Renderings recur in every sentence that names them: fold each once."""
    return _fold(text)


def _fold(text: str) -> str:
    """Case, hyphens and accents do not make another name ("Tokáyev" is "Tokayev")."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("-", " ").replace("\u2010", " ").replace("\u2011", " ").split())


def _contains(text: str, phrase: str) -> bool:
    """`phrase` in `text` starting a word; it may end inside one ("Iran" in "Iranian") if 4+ letters long."""
    if not phrase:
        return False
    open_end = len(phrase.rsplit(" ", 1)[-1]) >= 4
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or not text[start - 1].isalnum()) and (
                open_end or end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(phrase, start + 1)
    return False


def low_score_detail(score: float, usual: float) -> str | None:
    if score >= usual - LOW_SCORE_MARGIN:
        return None
    return f"the model's score {score:.2f} is far below the usual {usual:.2f}"


def paragraph_usual(best_scores: Sequence[float], document_usual: float | None) -> float:
    """What a normal sentence scores: the document's, else the paragraph's median, else a default."""
    if document_usual is not None:
        return document_usual
    if len(best_scores) >= MIN_SENTENCES_FOR_USUAL:
        return median(best_scores)
    return DEFAULT_USUAL_SCORE


def cut_detail(source: Source, english: str, tokens: Sequence[str], limits: Limits | None) -> str | None:
    """Stopped at the model's length limit, or ended mid-sentence where the Arabic ended one.

    At the limit: as many tokens as the limit allows (one fewer too: the count
    includes the end token and re-tokenising may join two pieces) and no final
    punctuation. Without a token count: the Arabic ends its sentence, the
    English does not, and it ends on a dangling word or mark ("… and the",
    "… of (") or well short of the usual length ("… will extend the vis").
    """
    text = english.rstrip()
    if not text or _ENGLISH_END.search(text):
        return None
    if limits is not None and len(text) + 2 >= limits.max_new_tokens:  # a token is at least a character
        if limits.count_tokens(text) >= limits.max_new_tokens - 1:
            return f"the English stops at the model's limit of {limits.max_new_tokens} tokens"
    if not source.ends_sentence:
        return None
    dangling = (text[-1] in _DANGLING_MARKS or text.count("\"") % 2 == 1
                or text.count("(") > text.count(")")
                or (bool(tokens) and tokens[-1] in _DANGLING_WORDS and text[-1].isalpha()))
    if dangling or len(text) < SHORT_FRACTION * LENGTH_RATIO * source.letters:
        return f"the English stops mid-sentence: \u201c\u2026{shorten(text[-25:].split(' ', 1)[-1], 25)}\u201d"
    return None


def words(english: str) -> list[str]:
    return _WORD.findall(english.lower())


def numbers(source: Source, english: str) -> str | None:
    return numbers_detail(source.quantities, english)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


def _fraction(ratio: float) -> str:
    value, said = min(((1 / 4, "a quarter of"), (1 / 3, "a third of"), (1 / 2, "half"), (2 / 3, "two thirds of")),
                      key=lambda fraction: abs(ratio - fraction[0]))
    if abs(ratio - value) <= 0.06:
        return said
    if ratio < 0.2:
        return "a small fraction of"
    return f"{round(ratio * 100)} % of"


def _multiple(ratio: float) -> str:
    if abs(ratio - 2) <= 0.2:
        return "twice"
    if ratio < 1.9:
        return f"{round(ratio * 100)} % of"
    return f"{round(ratio)} times"


def _times(times: float) -> str:
    whole = int(times)
    return "twice" if whole == 2 else f"{whole} times"
