"""The fast engine: CTranslate2 with int8 weights (the optional `reader[fast]` extra).

CTranslate2 runs the same Marian model several times faster on a CPU, in a
fraction of the memory, and needs neither torch nor transformers at run time:
tokenisation is the model's own SentencePiece files and Moses punctuation
normalisation, exactly what MarianTokenizer does.

A model's int8 copy is built once (`build`) in a helper process (the
`ChildWorker` of reader.core.childprocess), so torch and transformers never
stay in reader's own memory, Cancel stops it at once, and it ends with
reader. The helper writes into a `.partial` folder; a marker file is written
last and the folder renamed into place, so a half-written copy is never used.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable

from reader.core.engines.threads import default_threads
from reader.core.errors import ModelError
from reader.core.models.folders import read_json
from reader.core.models.validation import CONFIG_LIMIT, read_config
from reader.core.translate import DecodingSettings, Hypothesis

CT2_DIR = "ct2-int8"
MARKER = "reader-ct2.json"
COMPUTE_TYPE = "int8"
BACKEND = f"ct2-{COMPUTE_TYPE}"


def available() -> bool:
    """Whether the fast extra is installed (without importing it for real)."""
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def finished(folder: Path) -> bool:
    """Whether `folder` is a complete int8 copy (its marker is written last)."""
    folder = Path(folder)
    return (folder / MARKER).is_file() and (folder / "model.bin").is_file()


def converted(model_dir: Path) -> Path | None:
    """The finished copy kept inside an installed model (`<model>/ct2-int8`), if there is one."""
    folder = Path(model_dir) / CT2_DIR
    return folder if finished(folder) else None


def convert(model_dir: Path, *, force: bool = False) -> Path:
    """Make `<model_dir>/ct2-int8` (idempotent: an existing finished copy is kept)."""
    model_dir = Path(model_dir)
    return build(model_dir, model_dir / CT2_DIR, force=force)


def build(model_dir: Path, target: Path, *, force: bool = False,
          on_progress: Callable[[int, int], None] | None = None,
          cancel: threading.Event | None = None) -> Path:
    """Convert the Marian model in `model_dir` to an int8 copy in `target`, once.

    `on_progress(done, total)` is called as the conversion starts and ends
    (CTranslate2 reports nothing in between); setting `cancel` stops the
    child process at once and leaves nothing behind.
    """
    model_dir, target = Path(model_dir), Path(target)
    if finished(target) and not force:
        return target
    if not available():
        raise ModelError("The fast engine is not installed: "
                         f"{sys.executable} -m pip install 'ctranslate2>=4.5'")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep(target)
        partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise ModelError(f"Cannot write the fast copy of {model_dir.name} in {target.parent} "
                         f"({exc.strerror or exc}).") from None
    try:
        _run_converter(model_dir, partial, on_progress, cancel)
        (partial / MARKER).write_text(json.dumps({"compute_type": COMPUTE_TYPE, "ctranslate2": _version(),
                                                  "source": str(model_dir)}), encoding="utf-8")
        if target.exists() or target.is_symlink():
            if finished(target) and not force:  # another reader finished first
                shutil.rmtree(partial, ignore_errors=True)
                return target
            if target.is_symlink() or not target.is_dir():
                target.unlink()
            else:
                shutil.rmtree(target)
        partial.replace(target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelError(f"Cannot write the fast copy of {model_dir.name} in {target.parent} "
                         f"({exc.strerror or exc}).") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def convert_in_child(source: str, target: str) -> None:
    """Runs in the helper process: CTranslate2's converter, which imports torch and transformers.

    Their progress bars and warnings would land on reader's stderr (the helper
    shares it), so they are silenced; a failure comes back as a ModelError. tqdm
    gets a thread lock, not its default cross-process one, which would be
    reported as a leaked semaphore when the helper is stopped.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder: never ask the network
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    os.environ["TRANSFORMERS_VERBOSITY"] = "error"
    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())
    import ctranslate2

    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as quiet:
            os.dup2(quiet.fileno(), 2)
        converter = ctranslate2.converters.TransformersConverter(source, load_as_float16=False)
        converter.convert(target, quantization=COMPUTE_TYPE, force=True)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError, NotImplementedError) as exc:
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"Building the fast copy of {Path(source).name} failed: {reason}") from None
    finally:
        os.dup2(saved, 2)
        os.close(saved)


CONVERT: Callable[[str, str], None] = convert_in_child  # what the helper runs (tests replace it)


def _run_converter(model_dir: Path, partial: Path, on_progress, cancel: threading.Event | None) -> None:
    """CONVERT(model_dir, partial) in a helper process that is gone afterwards (and with reader)."""
    from reader.core.childprocess import ChildFailed, ChildWorker

    if on_progress is not None:
        on_progress(0, 1)
    worker = ChildWorker("conversion")
    try:
        worker.call(CONVERT, str(model_dir), str(partial), cancel=cancel)
    except ChildFailed as exc:
        raise ModelError(f"Building the fast copy of {model_dir.name} failed: {exc}") from None
    finally:
        worker.stop()
    if on_progress is not None:
        on_progress(1, 1)


def _sweep(target: Path) -> None:
    """Remove partial copies left by readers that were killed (their process is gone)."""
    for stale in target.parent.glob(f".{target.name}.partial-*"):
        pid = stale.name.rsplit(".partial-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ctranslate2")
    except PackageNotFoundError:
        return "unknown"


class CT2Engine:
    """The `Engine` protocol on CTranslate2: n-best with scores, batched by the caller."""

    backend = BACKEND

    def __init__(self, model_dir: Path, *, fast_dir: Path | None = None, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self.fast_dir = Path(fast_dir) if fast_dir is not None else self.model_dir / CT2_DIR
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
            if not finished(self.fast_dir):
                raise ModelError(f"{self.model_dir.name} has no fast (CTranslate2) copy in {self.fast_dir}.")
            import ctranslate2
            import sentencepiece
            from sacremoses import MosesPunctNormalizer

            config = read_config(self.model_dir)
            positions = config.get("max_position_embeddings", 512)
            self._max_tokens = min(512, positions if isinstance(positions, int) and positions > 2 else 512)
            try:
                self._translator = ctranslate2.Translator(
                    str(self.fast_dir), device="cpu", compute_type=COMPUTE_TYPE,
                    intra_threads=self._threads or default_threads(), inter_threads=1)
                self._source = sentencepiece.SentencePieceProcessor(model_file=str(self.model_dir / "source.spm"))
            except (RuntimeError, ValueError, OSError) as exc:
                self._translator = None
                raise ModelError(f"The fast copy of {self.model_dir.name} could not be loaded: "
                                 f"{str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}") from None
            source_lang = "ar"
            tokenizer_config = self.model_dir / "tokenizer_config.json"
            if tokenizer_config.is_file():
                settings = read_json(tokenizer_config, CONFIG_LIMIT)
                if isinstance(settings, dict) and isinstance(settings.get("source_lang"), str):
                    source_lang = settings["source_lang"]
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
