"""Translation behind a small interface, independent of the engine underneath.

- `Translation` is what a paragraph becomes: its sentences, each with n-best
  hypotheses and scores, and the joined best text.
- `Translator` is the protocol the CLI and the window talk to.
- `SegmentingTranslator` does the engine-independent work: sentences for the
  model, batches sorted by length and capped by tokens, joining back, cancel.
- `CachedTranslator` answers from the cache and only creates (loads) the real
  translator when some paragraph is missing, so a cached article never loads
  a model, nor even imports torch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol, Sequence

from reader.core.errors import CacheError, Cancelled
from reader.core.document import needs_translation
from reader.core.segment import Segment, model_text, segment_for_model

OnDone = Callable[[int, "Translation"], None]


@dataclass(frozen=True)
class DecodingSettings:
    """Fixed beam search settings: the same input always gives the same output."""

    num_beams: int = 4
    num_hypotheses: int = 4      # n-best kept per sentence (best first)
    length_penalty: float = 1.0
    max_input_tokens: int = 256  # longer sentences are split; OPUS-MT's hard limit is 512
    max_new_tokens: int = 256
    max_batch_tokens: int = 2048  # padded source tokens per batch (memory and speed)
    max_batch_sentences: int = 32
    min_new_tokens: int = 0       # benchmarks force a fixed output length with min = max

    @property
    def key(self) -> str:
        """What the cache key needs: only settings that change the output."""
        return (f"beam{self.num_beams}-n{self.num_hypotheses}-lp{self.length_penalty}"
                f"-in{self.max_input_tokens}-out{self.max_new_tokens}"
                + (f"-min{self.min_new_tokens}" if self.min_new_tokens else ""))


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float  # length-normalised log-probability: higher is better, 0 is certain


@dataclass(frozen=True)
class SentenceTranslation:
    source: Segment
    hypotheses: tuple[Hypothesis, ...]

    @property
    def best(self) -> str:
        return self.hypotheses[0].text if self.hypotheses else ""


@dataclass(frozen=True)
class Translation:
    """A paragraph's machine translation."""

    source: str
    sentences: tuple[SentenceTranslation, ...]
    cached: bool = field(default=False, compare=False)
    as_written: bool = False  # no Arabic in the source: shown as written, never sent to a model

    @classmethod
    def as_written_text(cls, text: str) -> "Translation":
        return cls(text, (SentenceTranslation(Segment(text, 0, len(text)), (Hypothesis(text, 0.0),)),),
                   as_written=True)

    @property
    def text(self) -> str:
        return self.join([s.best for s in self.sentences])

    def join(self, parts: Sequence[str]) -> str:
        """Sentences' English (one per sentence) as one text, keeping the author's line breaks and cells.

        Sentences the source separates by a line break are separated by one in
        the English too, table cells by a tab; others by a space.
        """
        out: list[str] = []
        previous = None
        for sentence, part in zip(self.sentences, parts):
            if not part:
                continue
            if out:
                gap = self.source[previous.end:sentence.source.start] if previous is not None else " "
                out.append("\n" if "\n" in gap else "\t" if "\t" in gap else " ")
            out.append(part)
            previous = sentence.source
        return "".join(out)

    @property
    def nbest(self) -> tuple[Hypothesis, ...]:
        """Whole-paragraph n-best: the k-th hypothesis of every sentence, best first.

        For a one-sentence paragraph this is exactly the model's n-best; for
        longer ones each alternative varies every sentence at the same rank,
        and its score is the mean of the sentence scores.
        """
        if not self.sentences:
            return ()
        depth = max(len(s.hypotheses) for s in self.sentences)
        seen: set[str] = set()
        result = []
        for k in range(depth):
            picks = [s.hypotheses[min(k, len(s.hypotheses) - 1)] for s in self.sentences if s.hypotheses]
            text = self.join([s.hypotheses[min(k, len(s.hypotheses) - 1)].text if s.hypotheses else ""
                              for s in self.sentences])
            if text in seen:
                continue
            seen.add(text)
            result.append(Hypothesis(text, sum(h.score for h in picks) / len(picks)))
        return tuple(result)

    @property
    def alternatives(self) -> tuple[Hypothesis, ...]:
        """The n-best hypotheses other than the chosen translation."""
        return self.nbest[1:]

    def to_payload(self) -> dict:
        return {"sentences": [
            {"source": s.source.text, "start": s.source.start, "end": s.source.end,
             "hypotheses": [[h.text, h.score] for h in s.hypotheses]}
            for s in self.sentences]}

    @classmethod
    def from_payload(cls, source: str, payload: dict, *, cached: bool = False) -> "Translation":
        return cls(source, tuple(
            SentenceTranslation(Segment(s["source"], s["start"], s["end"]),
                                tuple(Hypothesis(t, float(sc)) for t, sc in s["hypotheses"]))
            for s in payload["sentences"]), cached=cached)


class Translator(Protocol):
    """Anything that turns paragraphs into Translations (safe from one worker thread)."""

    @property
    def identity(self) -> str:
        """Model, revision, backend and settings: everything that changes the output."""

    def translate(self, texts: Sequence[str], *, cancel: threading.Event | None = None,
                  on_done: OnDone | None = None) -> list[Translation]:
        """Translate every text; call `on_done(i, t)` as each finishes; raise Cancelled if asked."""


class Engine(Protocol):
    """A loaded model that translates a batch of sentences (transformers, CTranslate2)."""

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def translate_batch(self, sentences: list[str], settings: DecodingSettings,
                        cancel: threading.Event | None) -> list[tuple[Hypothesis, ...]]: ...


@dataclass(frozen=True)
class _Unit:
    paragraph: int
    segment: Segment
    text: str     # what the model reads (model_text of the segment)
    tokens: int


# Sentences gathered before they are sorted into batches: enough to batch well,
# few enough that paragraphs finish (and are stored) as the document goes on.
WINDOW_SENTENCES = 64


class SegmentingTranslator:
    """Everything between paragraphs and an engine's batches.

    Each distinct sentence is translated once per run, however often the
    document repeats it. Sentences are taken in document order a window at a
    time and sorted by length inside it, so paragraphs finish (and reach the
    cache) steadily instead of all at the end. A sentence with no Arabic letter
    (a number, an English phrase) is kept as written, never sent to the model.
    """

    def __init__(self, engine: Engine, settings: DecodingSettings, identity: str) -> None:
        self._engine = engine
        self._settings = settings
        self._identity = identity
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def backend(self) -> str:
        return getattr(self._engine, "backend", "")

    def translate(self, texts: Sequence[str], *, cancel: threading.Event | None = None,
                  on_done: OnDone | None = None) -> list[Translation]:
        with self._lock:
            limit = min(self._settings.max_input_tokens, self._engine.max_tokens - 2)
            pending = [0] * len(texts)
            done: dict[int, list[tuple[Segment, tuple[Hypothesis, ...]]]] = {i: [] for i in range(len(texts))}
            results: list[Translation | None] = [None] * len(texts)
            known: dict[str, tuple[Hypothesis, ...]] = {}   # this run's translations by model text

            def finish(i: int) -> None:
                parts = sorted(done[i], key=lambda d: d[0].start)
                results[i] = Translation(texts[i], tuple(SentenceTranslation(seg, h) for seg, h in parts))
                if on_done is not None:
                    on_done(i, results[i])

            def settle(paragraph: int, segment: Segment, hypotheses: tuple[Hypothesis, ...]) -> None:
                done[paragraph].append((segment, hypotheses))
                pending[paragraph] -= 1
                if pending[paragraph] == 0:
                    finish(paragraph)

            window: list[_Unit] = []
            for i, text in enumerate(texts):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                units = []
                for segment in segment_for_model(text, self._engine.count_tokens, limit):
                    source = model_text(segment.text)
                    units.append((segment, source))
                pending[i] = len(units)
                if not units:  # an empty paragraph has an empty translation
                    finish(i)
                for segment, source in units:
                    if not needs_translation(source):
                        settle(i, segment, (Hypothesis(segment.text, 0.0),))
                    elif source in known:
                        settle(i, segment, known[source])
                    else:
                        window.append(_Unit(i, segment, source, self._engine.count_tokens(source)))
                if len(window) >= WINDOW_SENTENCES:
                    self._run(window, known, settle, cancel)
                    window = []
            if window:
                self._run(window, known, settle, cancel)
            return [r for r in results if r is not None]

    def _run(self, units: list[_Unit], known: dict, settle, cancel: threading.Event | None) -> None:
        """Translate a window's distinct sentences and hand every unit its hypotheses."""
        waiting: dict[str, list[_Unit]] = {}
        for unit in units:
            if unit.text in known:
                settle(unit.paragraph, unit.segment, known[unit.text])
            else:
                waiting.setdefault(unit.text, []).append(unit)
        distinct = [same[0] for same in waiting.values()]
        for batch in self._batches(distinct):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            hypotheses = self._engine.translate_batch([u.text for u in batch], self._settings, cancel)
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            for unit, hyps in zip(batch, hypotheses):
                known[unit.text] = hyps
                for same in waiting[unit.text]:
                    settle(same.paragraph, same.segment, hyps)

    def _batches(self, units: list[_Unit]) -> Iterable[list[_Unit]]:
        """Longest first, so padding is small and memory peaks early; capped by tokens."""
        ordered = sorted(units, key=lambda u: (-u.tokens, u.paragraph, u.segment.start))
        batch: list[_Unit] = []
        for unit in ordered:
            width = max([unit.tokens] + [u.tokens for u in batch])
            if batch and (width * (len(batch) + 1) > self._settings.max_batch_tokens
                          or len(batch) >= self._settings.max_batch_sentences):
                yield batch
                batch = []
            batch.append(unit)
        if batch:
            yield batch


class CachedTranslator:
    """Answers from the cache; makes the real translator only for what is missing."""

    def __init__(self, make_inner: Callable[[], Translator], identity: str, cache,
                 *, use_cache: bool = True, on_warning: Callable[[str], None] | None = None,
                 key_context: Callable[[str], str] | None = None) -> None:
        self._make_inner = make_inner
        self._inner: Translator | None = None
        self._identity = identity
        self._cache = cache
        self._use_cache = use_cache
        self._warn = on_warning or (lambda message: None)
        self._key_context = key_context or (lambda text: "")

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def model_loaded(self) -> bool:
        return self._inner is not None

    def set_key_context(self, key_context: Callable[[str], str] | None) -> None:
        """A changed glossary changes the keys of the paragraphs that name its entries."""
        self._key_context = key_context or (lambda text: "")

    def key(self, text: str) -> str:
        from reader.core.cache import cache_key

        return cache_key(text, self._identity, self._key_context(text))

    def cached(self, texts: Sequence[str]) -> dict[int, Translation]:
        """The translations already in the cache, by index (no model needed)."""
        if not self._use_cache:
            return {}
        keys = [self.key(t) for t in texts]
        found = self._cache.get_many(keys)
        return {i: Translation.from_payload(t, found[k], cached=True)
                for i, (t, k) in enumerate(zip(texts, keys)) if k in found}

    def translate(self, texts: Sequence[str], *, cancel: threading.Event | None = None,
                  on_done: OnDone | None = None, refresh: bool = False) -> list[Translation]:
        """Cached paragraphs at once, the rest from the model; `refresh` ignores the cache.

        A paragraph with no Arabic letter is kept as written and never reaches
        the model (a document without Arabic never loads one); a paragraph the
        document repeats is translated once; each one is stored as it finishes.
        """
        results: dict[int, Translation] = {i: Translation.as_written_text(t) for i, t in enumerate(texts)
                                           if not needs_translation(t)}
        if not refresh:
            wanted = [i for i in range(len(texts)) if i not in results]
            found = self.cached([texts[i] for i in wanted])
            results.update({wanted[j]: t for j, t in found.items()})
        for i in sorted(results):
            if on_done is not None:
                on_done(i, results[i])
        copies: dict[str, list[int]] = {}   # the same paragraph, repeated: translated once
        for i in range(len(texts)):
            if i not in results:
                copies.setdefault(texts[i], []).append(i)
        if copies:
            if self._inner is None:
                self._inner = self._make_inner()
            firsts = [same[0] for same in copies.values()]

            def store(j: int, translation: Translation) -> None:
                text = texts[firsts[j]]
                self._store(self.key(text), translation)
                for i in copies[text]:
                    results[i] = translation
                    if on_done is not None:
                        on_done(i, translation)

            self._inner.translate([texts[i] for i in firsts], cancel=cancel, on_done=store)
        return [results[i] for i in range(len(texts))]

    @property
    def backend(self) -> str:
        """The engine that translates ("ct2-int8", "transformers-fp32"), from the identity."""
        parts = self._identity.split("|")
        return parts[1] if len(parts) > 2 else ""

    def _store(self, key: str, translation: Translation) -> None:
        try:
            self._cache.put(key, translation.to_payload(), model=self._identity)
        except CacheError as exc:
            self._warn(str(exc))
