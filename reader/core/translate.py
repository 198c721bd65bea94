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
from reader.core.segment import Segment, segment_for_model

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

    @property
    def text(self) -> str:
        return " ".join(s.best for s in self.sentences if s.best)

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
            text = " ".join(h.text for h in picks if h.text)
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
    tokens: int


class SegmentingTranslator:
    """Everything between paragraphs and an engine's batches."""

    def __init__(self, engine: Engine, settings: DecodingSettings, identity: str) -> None:
        self._engine = engine
        self._settings = settings
        self._identity = identity
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        return self._identity

    def translate(self, texts: Sequence[str], *, cancel: threading.Event | None = None,
                  on_done: OnDone | None = None) -> list[Translation]:
        with self._lock:
            limit = min(self._settings.max_input_tokens, self._engine.max_tokens - 2)
            units = [
                _Unit(i, seg, self._engine.count_tokens(seg.text))
                for i, text in enumerate(texts)
                for seg in segment_for_model(text, self._engine.count_tokens, limit)
            ]
            pending = [0] * len(texts)
            for unit in units:
                pending[unit.paragraph] += 1
            done: dict[int, list[tuple[_Unit, tuple[Hypothesis, ...]]]] = {i: [] for i in range(len(texts))}
            results: list[Translation | None] = [None] * len(texts)

            def finish(i: int) -> None:
                parts = sorted(done[i], key=lambda d: d[0].segment.start)
                results[i] = Translation(texts[i], tuple(SentenceTranslation(u.segment, h) for u, h in parts))
                if on_done is not None:
                    on_done(i, results[i])

            for i, count in enumerate(pending):
                if count == 0:  # an empty paragraph has an empty translation
                    finish(i)
            for batch in self._batches(units):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                hypotheses = self._engine.translate_batch([u.segment.text for u in batch], self._settings, cancel)
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                for unit, hyps in zip(batch, hypotheses):
                    done[unit.paragraph].append((unit, hyps))
                    pending[unit.paragraph] -= 1
                    if pending[unit.paragraph] == 0:
                        finish(unit.paragraph)
            return [r for r in results if r is not None]

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
        """Cached paragraphs at once, the rest from the model; `refresh` ignores the cache."""
        results: dict[int, Translation] = {} if refresh else self.cached(texts)
        for i in sorted(results):
            if on_done is not None:
                on_done(i, results[i])
        missing = [i for i in range(len(texts)) if i not in results]
        if missing:
            if self._inner is None:
                self._inner = self._make_inner()

            def store(j: int, translation: Translation) -> None:
                i = missing[j]
                results[i] = translation
                self._store(texts[i], translation)
                if on_done is not None:
                    on_done(i, translation)

            self._inner.translate([texts[i] for i in missing], cancel=cancel, on_done=store)
        return [results[i] for i in range(len(texts))]

    def _store(self, text: str, translation: Translation) -> None:
        try:
            self._cache.put(self.key(text), translation.to_payload(), model=self._identity)
        except CacheError as exc:
            self._warn(str(exc))
