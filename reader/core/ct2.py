"""The fast engine: CTranslate2 with int8 weights (the optional `reader[fast]` extra).

CTranslate2 runs the same Marian model several times faster on a CPU, in a
fraction of the memory, and needs neither torch nor transformers at run time:
tokenisation is the model's own SentencePiece files and Moses punctuation
normalisation, exactly what MarianTokenizer does.

Conversion happens once, in the model store: `<model>/ct2-int8/`, built in a
`.partial` folder and renamed into place with a marker file written last, so a
half-written conversion is never used.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from pathlib import Path

from reader.core.errors import ModelError
from reader.core.translate import DecodingSettings, Hypothesis

log = logging.getLogger(__name__)

CT2_DIR = "ct2-int8"
MARKER = "reader-ct2.json"
COMPUTE_TYPE = "int8"


def available() -> bool:
    """Whether the fast extra is installed (without importing it for real)."""
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def converted(model_dir: Path) -> Path | None:
    """The finished CTranslate2 copy of a model, if there is one."""
    folder = Path(model_dir) / CT2_DIR
    return folder if (folder / MARKER).is_file() and (folder / "model.bin").is_file() else None


def convert(model_dir: Path, *, force: bool = False) -> Path:
    """Make `<model_dir>/ct2-int8` (idempotent: an existing finished copy is kept)."""
    model_dir = Path(model_dir)
    done = converted(model_dir)
    if done is not None and not force:
        return done
    if not available():
        raise ModelError("The fast backend is not installed: pip install 'reader[fast]' (CTranslate2).")
    import ctranslate2

    partial = model_dir / f".{CT2_DIR}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    try:
        converter = ctranslate2.converters.TransformersConverter(str(model_dir), load_as_float16=False)
        converter.convert(str(partial), quantization=COMPUTE_TYPE, force=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelError(f"Converting {model_dir.name} for the fast backend failed: {exc}") from None
    (partial / MARKER).write_text(json.dumps({"compute_type": COMPUTE_TYPE,
                                              "ctranslate2": ctranslate2.__version__}), encoding="utf-8")
    target = model_dir / CT2_DIR
    if target.exists():
        shutil.rmtree(target)
    partial.replace(target)
    return target


class CT2Engine:
    """The `Engine` protocol on CTranslate2: n-best with scores, batched by the caller."""

    backend = f"ct2-{COMPUTE_TYPE}"

    def __init__(self, model_dir: Path, *, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self._threads = threads
        self._translator = None
        self._source = None
        self._normalise = None
        self._max_tokens = 512
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._translator is not None

    def load(self) -> None:
        with self._lock:
            if self._translator is not None:
                return
            folder = converted(self.model_dir)
            if folder is None:
                raise ModelError(f"{self.model_dir.name} has no CTranslate2 copy; run `reader models convert`.")
            import ctranslate2
            import sentencepiece
            from sacremoses import MosesPunctNormalizer

            from reader.core.marian import default_threads

            config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
            self._max_tokens = min(512, int(config.get("max_position_embeddings", 512)))
            try:
                self._translator = ctranslate2.Translator(
                    str(folder), device="cpu", compute_type=COMPUTE_TYPE,
                    intra_threads=self._threads or default_threads(), inter_threads=1)
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"The fast copy of {self.model_dir.name} could not be loaded: {exc}") from None
            self._source = sentencepiece.SentencePieceProcessor(model_file=str(self.model_dir / "source.spm"))
            source_lang = json.loads((self.model_dir / "tokenizer_config.json").read_text(encoding="utf-8")).get(
                "source_lang", "ar") if (self.model_dir / "tokenizer_config.json").exists() else "ar"
            self._normalise = MosesPunctNormalizer(source_lang).normalize

    @property
    def max_tokens(self) -> int:
        self.load()
        return self._max_tokens

    def _pieces(self, text: str) -> list[str]:
        return self._source.encode(self._normalise(text) if text else "", out_type=str) + ["</s>"]

    def count_tokens(self, text: str) -> int:
        self.load()
        return len(self._pieces(text))

    def translate_batch(self, sentences: list[str], settings: DecodingSettings,
                        cancel: threading.Event | None = None) -> list[tuple[Hypothesis, ...]]:
        self.load()
        n = min(settings.num_hypotheses, settings.num_beams)
        limit = self._max_tokens - 1
        results = self._translator.translate_batch(
            [self._pieces(s)[: self._max_tokens] for s in sentences],
            beam_size=settings.num_beams, num_hypotheses=n, length_penalty=settings.length_penalty,
            max_decoding_length=min(settings.max_new_tokens, limit),
            min_decoding_length=min(settings.min_new_tokens, limit),
            return_scores=True, return_end_token=False)
        return [tuple(Hypothesis(_detok(tokens), round(float(score), 6))
                      for tokens, score in zip(result.hypotheses, result.scores))
                for result in results]


def _detok(tokens: list[str]) -> str:
    return "".join(t for t in tokens if t not in ("</s>", "<pad>")).replace("\u2581", " ").strip()
