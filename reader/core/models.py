"""The model catalogue (models.toml) and the local model store.

Models reach users two ways: `download` from the Hugging Face Hub (resumable,
checksummed, safetensors preferred) or `import` from a folder for machines
with no network. Either way a model lands in `<data>/models/<id>/` with a
manifest of SHA-256 sums, and only a complete, verified folder is ever used:
work happens in a `.partial-<id>` folder that is renamed into place at the end.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reader.core.errors import Cancelled, CatalogueError, ModelError, ModelNotInstalled

log = logging.getLogger(__name__)

MANIFEST = "reader-manifest.json"
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
OPTIONAL_FILES = ("tokenizer_config.json", "generation_config.json", "special_tokens_map.json",
                  "target_vocab.json", "README.md", "LICENSE")
# Engines: "marian" translates; "token-classification" (a BERT NER model) finds names.
MARIAN, NER = "marian", "token-classification"
_FILES = {
    MARIAN: (REQUIRED_FILES, OPTIONAL_FILES),
    NER: (("config.json", "vocab.txt"),
          ("tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "README.md", "LICENSE")),
}
NER_TYPES = {"PERS", "PER", "LOC", "ORG", "MISC"}
_SPEC_FIELDS = {"repo": str, "revision": str, "license": str, "size_mb": (int, float),
                "languages": list, "description": str, "engine": str}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ModelSpec:
    id: str
    repo: str
    revision: str
    license: str
    size_mb: float
    languages: tuple[str, ...]
    description: str
    engine: str  # MARIAN or NER


@dataclass(frozen=True)
class Catalogue:
    models: dict[str, ModelSpec]
    default: str

    def get(self, model_id: str) -> ModelSpec | None:
        return self.models.get(model_id)


def load_catalogue(path: Path) -> Catalogue:
    """Read models.toml; a mistake is reported with the line it is on."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    entries = data.get("models")
    if not isinstance(entries, dict) or not entries:
        raise CatalogueError(f"{path}: no [models.<id>] tables found.")
    models = {}
    for model_id, entry in entries.items():
        line = _line_of(text, model_id)
        if not _ID.match(model_id):
            raise CatalogueError(f"{path}, line {line}: '{model_id}' is not a valid model id.")
        for name, kind in _SPEC_FIELDS.items():
            if name not in entry:
                raise CatalogueError(f"{path}, line {line}: model '{model_id}' has no '{name}'.")
            if not isinstance(entry[name], kind):
                raise CatalogueError(f"{path}, line {line}: '{name}' of model '{model_id}' has the wrong type.")
        if entry["engine"] not in _FILES:
            raise CatalogueError(f"{path}, line {line}: engine '{entry['engine']}' is not supported "
                                 f"(use {' or '.join(repr(e) for e in _FILES)}).")
        models[model_id] = ModelSpec(
            id=model_id, repo=entry["repo"], revision=entry["revision"], license=entry["license"],
            size_mb=float(entry["size_mb"]), languages=tuple(entry["languages"]),
            description=entry["description"], engine=entry["engine"])
    default = data.get("default", next(iter(models)))
    if default not in models or models[default].engine != MARIAN:
        raise CatalogueError(f"{path}, line {_line_of(text, 'default')}: default '{default}' is not in the catalogue.")
    return Catalogue(models, default)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*\[\s*models\.\"?{re.escape(key)}\"?\s*\]", line) or re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return 1


@dataclass(frozen=True)
class ModelHandle:
    """A usable model folder and what identifies its output."""

    id: str
    path: Path
    revision: str

    @property
    def label(self) -> str:
        return self.id


def validate_marian_dir(path: Path) -> str:
    """Check a folder holds a Marian model; return its weights file name."""
    return validate_model_dir(path, MARIAN)


def validate_model_dir(path: Path, engine: str) -> str:
    """Check a folder holds a complete model for this engine; return its weights file name."""
    path = Path(path)
    what = "Marian model" if engine == MARIAN else "named-entity (token classification) model"
    if not path.is_dir():
        raise ModelError(f"{path} is not a folder.")
    missing = [name for name in _FILES[engine][0] if not (path / name).is_file()]
    weights = next((name for name in WEIGHT_FILES if (path / name).is_file()), None)
    if weights is None:
        missing.append(" or ".join(WEIGHT_FILES))
    if missing:
        raise ModelError(f"{path} is not a complete {what} folder: missing {', '.join(missing)}.")
    config = _config(path)
    if engine == MARIAN and config.get("model_type") != "marian":
        raise ModelError(f"{path} holds a '{config.get('model_type')}' model; reader needs a Marian model.")
    if engine == NER:
        types = {str(label).partition("-")[2] for label in (config.get("id2label") or {}).values()} - {""}
        if not types or not types <= NER_TYPES:
            raise ModelError(f"{path} is not a named-entity model reader understands: its labels should be "
                             "IOB tags of PERS, LOC, ORG and MISC.")
    return weights


def engine_of(path: Path) -> str:
    """Which kind of model a folder holds, from its config."""
    config = _config(Path(path))
    if config.get("model_type") == "marian":
        return MARIAN
    if any(str(a).endswith("ForTokenClassification") for a in config.get("architectures") or ()):
        return NER
    return MARIAN  # validation then says what is wrong


def _config(path: Path) -> dict:
    try:
        return json.loads((path / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path / 'config.json'} is not valid JSON ({exc}).") from None


def folder_fingerprint(path: Path) -> str:
    """Cheap identity of a folder's model: small files hashed, weights by size and time."""
    digest = hashlib.sha256()
    for name in dict.fromkeys(name for required, _ in _FILES.values() for name in required):
        if (path / name).is_file():
            digest.update((path / name).read_bytes())
    for name in WEIGHT_FILES:
        if (path / name).exists():
            stat = (path / name).stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ModelStore:
    """Installed models under one folder, each with a manifest."""

    def __init__(self, root: Path, catalogue: Catalogue) -> None:
        self.root = Path(root)
        self.catalogue = catalogue

    def path(self, model_id: str) -> Path:
        if not _ID.match(model_id):
            raise ModelError(f"'{model_id}' is not a valid model id.")
        return self.root / model_id

    def manifest(self, model_id: str) -> dict | None:
        try:
            return json.loads((self.path(model_id) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    def is_installed(self, model_id: str) -> bool:
        return self.manifest(model_id) is not None

    def installed(self, engine: str | None = MARIAN) -> list[str]:
        """Installed model ids (translation models unless another engine, or None for all, is asked)."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).exists()
                      and (engine is None or self.engine(p.name) == engine))

    def engine(self, model_id: str) -> str:
        return (self.manifest(model_id) or {}).get("engine", MARIAN)

    def recogniser(self) -> Path | None:
        """The installed named-entity model, if any (the catalogue's first, else any)."""
        listed = [m for m, spec in self.catalogue.models.items() if spec.engine == NER]
        for model_id in [*listed, *self.installed(NER)]:
            if self.is_installed(model_id) and self.engine(model_id) == NER:
                return self.path(model_id)
        return None

    # -- choosing a model -----------------------------------------------------------
    def resolve(self, name: str | None) -> ModelHandle:
        """A catalogue id, an installed id, or a path to any local Marian folder."""
        if name is None:
            return self._default()
        candidate = Path(name).expanduser()
        if candidate.is_dir() and (os.sep in name or name.startswith(".") or not self.catalogue.get(name)):
            validate_marian_dir(candidate)
            resolved = candidate.resolve()
            return ModelHandle(f"local:{resolved.name}", resolved, folder_fingerprint(resolved))
        spec = self.catalogue.get(name)
        if (spec and spec.engine != MARIAN) or (self.is_installed(name) and self.engine(name) != MARIAN):
            raise ModelError(f"'{name}' finds names; it does not translate. Choose a translation model.")
        if self.is_installed(name):
            manifest = self.manifest(name) or {}
            return ModelHandle(name, self.path(name), manifest.get("revision", "unknown"))
        if spec:
            raise ModelNotInstalled(_how_to_install(name))
        raise ModelError(f"'{name}' is neither a model in models.toml, an installed model, "
                         "nor a folder holding a Marian model.")

    def _default(self) -> ModelHandle:
        order = [self.catalogue.default, *self.catalogue.models, *self.installed()]
        for model_id in order:
            if self.is_installed(model_id) and self.engine(model_id) == MARIAN:
                return self.resolve(model_id)
        raise ModelNotInstalled(_how_to_install(self.catalogue.default))

    # -- installing -----------------------------------------------------------------
    def download(self, model_id: str, *, progress: bool = True,
                 on_progress: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> Path:
        """Fetch a catalogue model from the Hub, verify it, and install it.

        `on_progress(done_bytes, total_bytes)` reports across all files;
        setting `cancel` stops the transfer (what arrived is kept, and the
        next download resumes from it).
        """
        spec = self.catalogue.get(model_id)
        if spec is None:
            raise ModelError(f"'{model_id}' is not in models.toml; see `reader models list`.")
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
        from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

        (enable_progress_bars if progress else disable_progress_bars)()
        partial = self.root / f".partial-{model_id}"
        partial.mkdir(parents=True, exist_ok=True)
        try:
            info = HfApi().model_info(spec.repo, revision=spec.revision, files_metadata=True)
            available = {s.rfilename: s for s in info.siblings or ()}
            weights = next((w for w in WEIGHT_FILES if w in available), None)
            if weights is None:
                raise ModelError(f"{spec.repo} has no weights file reader can use.")
            required, optional = _FILES[spec.engine]
            wanted = [*required, weights, *(f for f in optional if f in available)]
            missing = [name for name in wanted if name not in available]
            if missing:
                raise ModelError(f"{spec.repo} at {info.sha} lacks {', '.join(missing)}; "
                                 f"it is not a {spec.engine} model.")
            meter = _Meter(sum(getattr(available[n], "size", 0) or 0 for n in wanted), on_progress, cancel)
            for name in wanted:
                hf_hub_download(spec.repo, name, revision=info.sha, local_dir=partial,
                                **({"tqdm_class": meter.tqdm_class()} if (on_progress or cancel) else {}))
                meter.file_done(getattr(available[name], "size", 0) or 0)
                _check_hub_sum(partial / name, available[name])
        except OfflineModeIsEnabled:
            raise ModelError(f"HF_HUB_OFFLINE is set, so {model_id} cannot be downloaded. "
                             f"On a connected machine download {spec.repo} and use `reader models import DIR`.") from None
        except (HfHubHTTPError, OSError, ValueError, *_network_errors()) as exc:
            if isinstance(exc, ModelError):
                raise
            raise ModelError(f"Downloading {spec.repo} failed ({type(exc).__name__}: {exc}). "
                             "Run the same command again to resume, or use `reader models import DIR`.") from None
        return self._install(partial, model_id, source="download", repo=spec.repo,
                             revision=info.sha or spec.revision, engine=spec.engine)

    def import_dir(self, source: Path, model_id: str | None = None) -> Path:
        """Copy a local Marian (or named-entity) folder into the store (for machines with no network)."""
        source = Path(source).expanduser()
        engine = engine_of(source) if source.is_dir() else MARIAN
        validate_model_dir(source, engine)
        model_id = model_id or source.resolve().name
        self.path(model_id)  # validates the id
        partial = self.root / f".partial-{model_id}"
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir(parents=True)
        required, optional = _FILES[engine]
        for name in (*required, *WEIGHT_FILES, *optional):
            if (source / name).is_file():
                shutil.copy2(source / name, partial / name)
        spec = self.catalogue.get(model_id)
        revision = (spec.revision if spec else "") or folder_fingerprint(source)
        return self._install(partial, model_id, source=f"import:{source.resolve()}",
                             repo=spec.repo if spec else "", revision=revision, engine=engine)

    def _install(self, partial: Path, model_id: str, *, source: str, repo: str, revision: str,
                 engine: str = MARIAN) -> Path:
        if (partial / "pytorch_model.bin").exists() and not (partial / "model.safetensors").exists():
            _convert_to_safetensors(partial, engine)
        validate_model_dir(partial, engine)
        files = {p.name: sha256_file(p) for p in sorted(partial.iterdir())
                 if p.is_file() and p.name != MANIFEST}
        manifest = {"id": model_id, "engine": engine, "repo": repo, "revision": revision, "source": source,
                    "installed": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": files}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        target = self.path(model_id)
        if target.exists():
            shutil.rmtree(target)
        partial.replace(target)
        if engine == MARIAN:
            self._convert_if_possible(target)
        return target

    def _convert_if_possible(self, folder: Path) -> None:
        """With the fast extra installed, every installed model also gets its int8 copy."""
        from reader.core import ct2

        if not ct2.available():
            return
        try:
            ct2.convert(folder)
        except ModelError as exc:
            log.warning("%s", exc)

    def convert(self, model_id: str) -> Path:
        """Make the CTranslate2 int8 copy of an installed model (a no-op if it exists)."""
        from reader.core import ct2

        if not self.is_installed(model_id):
            raise ModelNotInstalled(f"{model_id} is not installed.")
        if self.engine(model_id) != MARIAN:
            raise ModelError(f"{model_id} finds names; only translation models have a fast copy.")
        return ct2.convert(self.path(model_id))

    def verify(self, model_id: str) -> list[str]:
        """Problems with an installed model; an empty list means it is intact."""
        manifest = self.manifest(model_id)
        if manifest is None:
            return [f"{model_id} is not installed."]
        folder = self.path(model_id)
        problems = []
        for name, expected in manifest.get("files", {}).items():
            file = folder / name
            if not file.is_file():
                problems.append(f"{name} is missing.")
            elif sha256_file(file) != expected:
                problems.append(f"{name} does not match its checksum (damaged or changed).")
        try:
            validate_model_dir(folder, manifest.get("engine", MARIAN))
        except ModelError as exc:
            problems.append(str(exc))
        return problems

    def remove(self, model_id: str) -> None:
        folder = self.path(model_id)
        if not folder.exists():
            raise ModelNotInstalled(f"{model_id} is not installed.")
        shutil.rmtree(folder)


def _network_errors() -> tuple[type[BaseException], ...]:
    """The HTTP client's own errors (huggingface_hub has used requests, httpx and httpx2)."""
    import importlib

    found = []
    for module, name in (("httpx", "HTTPError"), ("httpx2", "HTTPError"), ("requests", "RequestException")):
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


class _Meter:
    """Byte progress over several files, and a way to stop huggingface_hub mid-file."""

    def __init__(self, total: int, on_progress, cancel: threading.Event | None) -> None:
        self.total, self.done, self.on_progress, self.cancel = total, 0, on_progress, cancel

    def file_done(self, size: int) -> None:
        self.done += size
        self._report(0)

    def _report(self, in_file: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("Download cancelled; run it again to resume.")
        if self.on_progress is not None:
            self.on_progress(self.done + in_file, max(self.total, self.done + in_file))

    def tqdm_class(self):
        from tqdm.auto import tqdm

        meter = self

        class _Bar(tqdm):
            def __init__(self, *args, **kwargs):
                kwargs["disable"] = True
                super().__init__(*args, **kwargs)
                self._bytes = 0

            def update(self, n=1):
                self._bytes += n or 0
                meter._report(self._bytes)

        return _Bar


def _check_hub_sum(file: Path, sibling) -> None:
    """Large (LFS) files carry a SHA-256 on the Hub: compare it with what arrived."""
    lfs = getattr(sibling, "lfs", None)
    expected = (lfs.get("sha256") if isinstance(lfs, dict) else getattr(lfs, "sha256", None)) if lfs else None
    if expected and sha256_file(file) != expected:
        file.unlink()
        raise ModelError(f"{file.name} arrived damaged (checksum mismatch); run the command again.")


def _convert_to_safetensors(folder: Path, engine: str = MARIAN) -> None:
    """Turn a pickle checkpoint into safetensors, reading it with weights-only loading."""
    import torch
    from safetensors.torch import save_model
    from transformers import AutoConfig, AutoModelForTokenClassification, MarianConfig, MarianMTModel

    state = torch.load(folder / "pytorch_model.bin", map_location="cpu", weights_only=True)
    if engine == NER:
        model = AutoModelForTokenClassification.from_config(AutoConfig.from_pretrained(folder))
    else:
        model = MarianMTModel(MarianConfig.from_pretrained(folder))
    loaded = model.load_state_dict(state, strict=False)
    if engine == NER and loaded.missing_keys:
        raise ModelError(f"{folder.name}: the checkpoint lacks {', '.join(loaded.missing_keys[:3])}…")
    save_model(model, str(folder / "model.safetensors"))
    (folder / "pytorch_model.bin").unlink()


def _how_to_install(model_id: str) -> str:
    return (f"The translation model '{model_id}' is not installed. Download it with "
            f"`reader models download {model_id}`, or on a machine without network copy a Marian "
            "folder over and run `reader models import DIR` (or pass --model DIR).")
