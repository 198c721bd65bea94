"""The local model store: installed models, each a folder with a manifest of SHA-256 sums.

Models reach users two ways: `download` from the Hugging Face Hub or `import`
from a folder (machines with no network). Either way the model is assembled
and checked in a `.partial-<id>` folder (files copied, pickle converted,
tokenizer and weights checked, the caller's `on_installed` hook run: the
fast copy is made there) and renamed into place only when all of that
worked; a failure removes the partial folder, so nothing is half installed.

The store knows folders, not engines: what a caller does with a new model
(e.g. convert it for CTranslate2) is the hook it passes.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reader.core.errors import Cancelled, ModelError, ModelNotInstalled
from reader.core.models.catalogue import KINDS, MARIAN, NER, Catalogue, check_id, is_valid_id, shown, suggest_id
from reader.core.models.folders import (MANIFEST, PICKLE, SAFETENSORS, copy_file, folder_fingerprint,
                                        model_files, read_json, sha256_file)
from reader.core.models.hub import fetch
from reader.core.models.validation import engine_of, validate_model_dir

log = logging.getLogger(__name__)

# on_installed(folder, kind, cancel): called on the assembled folder before it is renamed into
# place; raising (a ModelError, Cancelled) aborts the install.
OnInstalled = Callable[[Path, str, "threading.Event | None"], None]
OnProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelHandle:
    """A usable model folder and what identifies its output."""

    id: str
    path: Path
    revision: str
    # A folder used in place (not installed): where derived copies of it (the fast
    # engine's) are kept, by content hash. None for installed models, which keep theirs inside.
    fast_root: Path | None = None

    @property
    def label(self) -> str:
        return self.id

    @property
    def in_place(self) -> bool:
        return self.fast_root is not None


class ModelStore:
    """Installed models under one folder, each with a manifest."""

    def __init__(self, root: Path, catalogue: Catalogue, *, on_installed: OnInstalled | None = None,
                 fast_root: Path | None = None) -> None:
        self.root = Path(root)
        self.catalogue = catalogue
        self.on_installed = on_installed
        self.fast_root = Path(fast_root) if fast_root is not None else self.root.parent / "fast"
        self.skipped: list[str] = []  # why installed models were passed over by the default choice

    def path(self, model_id: str) -> Path:
        return self.root / check_id(model_id)

    def manifest(self, model_id: str) -> dict | None:
        if not is_valid_id(model_id):
            return None
        folder = self.root / model_id
        if folder.is_symlink() or not (folder / MANIFEST).is_file() or (folder / MANIFEST).is_symlink():
            return None
        try:
            manifest = read_json(folder / MANIFEST, 1 << 20)
        except ModelError:
            return None
        return manifest if isinstance(manifest, dict) else None

    def is_installed(self, model_id: str) -> bool:
        return self.manifest(model_id) is not None

    def installed(self, engine: str | None = MARIAN) -> list[str]:
        """Installed model ids (translation models unless another engine, or None for all, is asked).

        A link or a folder without a manifest planted in the store is not a model.
        """
        try:
            entries = list(self.root.iterdir())
        except OSError:
            return []
        return sorted(p.name for p in entries
                      if not p.name.startswith(".") and self.is_installed(p.name)
                      and (engine is None or self.engine(p.name) == engine))

    def engine(self, model_id: str) -> str:
        kind = (self.manifest(model_id) or {}).get("engine", MARIAN)
        return kind if kind in KINDS else MARIAN

    def size_on_disk(self, model_id: str) -> int:
        """Bytes the installed model takes (its fast copy included); links are not followed."""
        total = 0
        for folder, _, names in os.walk(self.path(model_id)):
            for name in names:
                try:
                    total += os.lstat(os.path.join(folder, name)).st_size
                except OSError:
                    continue
        return total

    def recogniser(self) -> Path | None:
        """The installed named-entity model, if any (the catalogue's first, else any)."""
        listed = [m for m, spec in self.catalogue.models.items() if spec.engine == NER]
        for model_id in [*listed, *self.installed(NER)]:
            if self.is_installed(model_id) and self.engine(model_id) == NER:
                return self.path(model_id)
        return None

    # -- choosing a model -----------------------------------------------------------
    def resolve(self, name: str | None) -> ModelHandle:
        """A catalogue id, an installed id, or a path to any local Marian folder (used in place)."""
        if name is None:
            return self._default()
        if name.startswith("local:"):
            raise ModelError(f"{shown(name)} is how reader labels a folder used in place; "
                             "pass the folder's path instead.")
        if "/" in name or os.sep in name or name.startswith((".", "~")):
            return self._folder(Path(name).expanduser())
        spec = self.catalogue.get(name)
        if (spec and spec.engine != MARIAN) or (self.is_installed(name) and self.engine(name) != MARIAN):
            raise ModelError(f"'{name}' finds names; it does not translate. Choose a translation model.")
        if self.is_installed(name):
            return self._installed(name)
        if _is_dir(Path(name)):
            return self._folder(Path(name))
        if spec:
            raise ModelNotInstalled(_how_to_install(name))
        if not is_valid_id(name):
            raise ModelError(f"{shown(name)} is neither a model id nor a folder.")
        raise ModelError(f"'{name}' is neither a model in models.toml, an installed model, "
                         "nor a folder holding a Marian model (see `reader models list`).")

    def _installed(self, model_id: str) -> ModelHandle:
        folder = self.path(model_id)
        try:
            validate_model_dir(folder, MARIAN)
        except ModelError as exc:
            again = (f"`reader models download {model_id}`" if self.catalogue.get(model_id)
                     else f"`reader models import DIR --id {model_id}`")
            raise ModelError(f"The installed model {model_id} cannot be used: {exc} {again} installs a good "
                             "copy over it.") from None
        return ModelHandle(model_id, folder, (self.manifest(model_id) or {}).get("revision", "unknown"))

    def _folder(self, folder: Path) -> ModelHandle:
        if not _exists(folder):
            raise ModelError(f"The folder {folder} does not exist.")
        if not folder.is_dir():
            raise ModelError(f"{folder} is a file, not a model folder.")
        files = model_files(folder, MARIAN)
        if PICKLE in files and SAFETENSORS not in files:
            raise ModelError(f"{folder} has only a pickle checkpoint ({PICKLE}), which reader never loads in "
                             f"place; run `reader models import {shlex.quote(str(folder))}` once: it converts "
                             "it to safetensors safely.")
        validate_model_dir(folder, MARIAN)
        resolved = folder.resolve()
        return ModelHandle(f"local:{resolved.name}", resolved, folder_fingerprint(resolved), fast_root=self.fast_root)

    def _default(self) -> ModelHandle:
        """The catalogue's default if installed, else any installed model that can be used."""
        self.skipped = []
        order = dict.fromkeys([self.catalogue.default, *self.catalogue.models, *self.installed()])
        for model_id in order:
            if not (self.is_installed(model_id) and self.engine(model_id) == MARIAN):
                continue
            try:
                handle = self._installed(model_id)
            except ModelError as exc:
                self.skipped.append(str(exc))
                log.warning("%s", exc)
                continue
            if self.skipped:
                log.warning("translating with %s instead.", model_id)
            return handle
        if self.skipped:
            raise ModelError(self.skipped[0])
        raise ModelNotInstalled(_how_to_install(self.catalogue.default))

    # -- installing -----------------------------------------------------------------
    def download(self, model_id: str, *, progress: bool = True, on_progress: OnProgress | None = None,
                 cancel: threading.Event | None = None) -> Path:
        """Fetch a catalogue model from the Hub, check it, and install it.

        `on_progress(done_bytes, total_bytes)` reports across all files;
        setting `cancel` stops the transfer (what arrived is kept, and the
        next download resumes from it).
        """
        spec = self.catalogue.get(model_id)
        if spec is None:
            raise ModelError(f"{shown(model_id)} is not in models.toml; see `reader models list`.")
        partial = self.root / f".partial-{model_id}"
        try:
            partial.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelError(f"Cannot write to {self.root} ({exc.strerror}); nothing was downloaded.") from None
        try:
            revision = fetch(spec, partial, progress=progress, on_progress=on_progress, cancel=cancel)
        except BaseException:
            if not any(partial.iterdir()):  # nothing arrived: nothing to resume from
                partial.rmdir()
            raise
        return self._install(partial, model_id, source="download", repo=spec.repo, revision=revision,
                             kind=spec.engine, cancel=cancel)

    def import_dir(self, source: Path, model_id: str | None = None, *, on_progress: OnProgress | None = None,
                   cancel: threading.Event | None = None) -> Path:
        """Copy a local Marian (or named-entity) folder into the store, for machines with no network.

        Safe to call from a worker thread: `on_progress(done_bytes, total_bytes)`
        reports the copy, and setting `cancel` stops it with nothing installed.
        Only regular files a model needs are copied; links out of the folder are refused.
        """
        source = Path(source).expanduser()
        if not _exists(source):
            raise ModelError(f"The folder {source} does not exist.")
        kind = engine_of(source) if source.is_dir() else MARIAN
        validate_model_dir(source, kind)  # before copying anything
        model_id = check_id(model_id) if model_id is not None else suggest_id(source.resolve().name)
        spec = self.catalogue.get(model_id)
        if spec is not None and spec.engine != kind:
            raise ModelError(f"{source} holds a {kind} model, but {model_id} in models.toml is a "
                             f"{spec.engine} model; choose another id with --id.")
        files = model_files(source, kind)
        total = sum(path.stat().st_size for path in files.values())
        partial = self.root / f".partial-{model_id}"
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if on_progress is not None:
                on_progress(done, total)

        try:
            if partial.exists():
                shutil.rmtree(partial)
            partial.mkdir(parents=True)
            sums = {name: copy_file(path, partial / name, advance, cancel) for name, path in sorted(files.items())}
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise ModelError(f"Cannot install {model_id} into {self.root} ({exc.strerror or exc}); "
                             "nothing was installed.") from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        revision = (spec.revision if spec else "") or folder_fingerprint(partial)
        return self._install(partial, model_id, source=f"import:{source.resolve()}", repo=spec.repo if spec else "",
                             revision=revision, kind=kind, sums=sums, cancel=cancel)

    def _install(self, partial: Path, model_id: str, *, source: str, repo: str, revision: str,
                 kind: str = MARIAN, sums: dict[str, str] | None = None,
                 cancel: threading.Event | None = None) -> Path:
        """Check the assembled folder, run the hook, write the manifest, rename into place."""
        try:
            if (partial / PICKLE).exists() and not (partial / SAFETENSORS).exists():
                from reader.core.models.checkpoint import convert_to_safetensors

                convert_to_safetensors(partial, kind)
                sums = None
            (partial / PICKLE).unlink(missing_ok=True)  # never kept beside safetensors
            validate_model_dir(partial, kind)
            if self.on_installed is not None:
                self.on_installed(partial, kind, cancel)
            if cancel is not None and cancel.is_set():
                raise Cancelled("Cancelled; nothing was installed.")
            if sums is None:
                sums = {p.name: sha256_file(p) for p in sorted(partial.iterdir())
                        if p.is_file() and not p.is_symlink() and p.name != MANIFEST}
            sums.pop(PICKLE, None)
            manifest = {"id": model_id, "engine": kind, "repo": repo, "revision": revision, "source": source,
                        "installed": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": sums}
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            return self._swap_in(partial, model_id)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise ModelError(f"Cannot install {model_id} into {self.root} ({exc.strerror or exc}); "
                             "nothing was installed.") from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise

    def _swap_in(self, partial: Path, model_id: str) -> Path:
        """Rename the finished folder into place; an older copy goes only once the new one is there."""
        target = self.path(model_id)
        old = None
        if target.is_symlink():
            target.unlink()
        elif target.exists():
            old = self.root / f".old-{model_id}-{os.getpid()}"
            target.replace(old)
        partial.replace(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def verify(self, model_id: str) -> list[str]:
        """Problems with an installed model; an empty list means it is intact."""
        folder = self.path(model_id)
        manifest = self.manifest(model_id)
        if manifest is None:
            return [f"{model_id} is not installed."]
        problems = []
        files = manifest.get("files")
        for name, expected in (files.items() if isinstance(files, dict) else ()):
            name = str(name)
            file = folder / name
            if Path(name).name != name or name in (".", ".."):  # a path in the manifest: never followed
                problems.append(f"{name} is not a file reader installed.")
            elif file.is_symlink():
                problems.append(f"{name} is a link, not the file reader installed.")
            elif not file.is_file():
                problems.append(f"{name} is missing.")
            elif sha256_file(file) != expected:
                problems.append(f"{name} does not match its checksum (damaged or changed).")
        try:
            validate_model_dir(folder, self.engine(model_id))
        except ModelError as exc:
            problems.append(str(exc))
        return problems

    def remove(self, model_id: str) -> None:
        folder = self.path(model_id)
        if folder.is_symlink():
            raise ModelError(f"{folder} is a link, not a model reader installed; reader leaves it alone.")
        if not folder.exists():
            raise ModelNotInstalled(f"{model_id} is not installed.")
        if self.manifest(model_id) is None:
            raise ModelError(f"{folder} has no {MANIFEST}, so it is not a model reader installed; "
                             "reader will not delete it.")
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            raise ModelError(f"Cannot remove {folder} ({exc.strerror or exc}).") from None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the file system, say
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _how_to_install(model_id: str) -> str:
    return (f"The translation model '{model_id}' is not installed. Download it with "
            f"`reader models download {model_id}`, or on a machine without network copy a Marian "
            "folder over and run `reader models import DIR` (or pass --model DIR).")
