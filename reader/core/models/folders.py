"""What a model folder holds, read as a hostile folder would be.

A folder comes from anywhere (a USB stick, a download, a stranger), so reader
takes from it only the files a model needs, each a regular file inside the
folder: a link to `/etc/shadow` named README.md, a FIFO named vocab.json or a
pickle beside safetensors is never read. The one kind of link allowed is the
Hugging Face cache's own (`snapshots/<rev>/x -> ../../blobs/<sha>`), which
stays inside the repository's cache folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import threading
from pathlib import Path
from typing import Callable

from reader.core.errors import Cancelled, ModelError
from reader.core.models.catalogue import MARIAN, NER

log = logging.getLogger(__name__)

MANIFEST = "reader-manifest.json"
SAFETENSORS, PICKLE = "model.safetensors", "pytorch_model.bin"
WEIGHT_FILES = (SAFETENSORS, PICKLE)
REQUIRED = {
    MARIAN: ("config.json", "source.spm", "target.spm", "vocab.json"),
    NER: ("config.json", "vocab.txt"),
}
# LICENSE and README.md are the model's terms of use and card: kept with it.
OPTIONAL = {
    MARIAN: ("tokenizer_config.json", "generation_config.json", "special_tokens_map.json",
             "target_vocab.json", "README.md", "LICENSE"),
    NER: ("tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "README.md", "LICENSE"),
}

OnProgress = Callable[[int, int], None]


def candidate_names(kind: str) -> tuple[str, ...]:
    return (*REQUIRED[kind], *WEIGHT_FILES, *OPTIONAL[kind])


def boundary_of(folder: Path) -> Path:
    """Where a link inside `folder` may point: the folder, or a Hugging Face cache repository."""
    folder = folder.resolve()
    if folder.parent.name == "snapshots" and folder.parent.parent.name.startswith("models--"):
        return folder.parent.parent
    return folder


def regular_file(path: Path, boundary: Path) -> Path | None:
    """The real file behind `path` if it is a regular file inside `boundary`; None if absent."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ModelError(f"{path} cannot be read ({exc.strerror}).") from None
    target = path
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        written = os.readlink(path)  # what the link says, as the user would see it with ls -l
        if not target.is_relative_to(boundary):
            raise ModelError(f"{path} is a link to {written}, outside the model folder; "
                             "reader does not follow links out of a model folder.")
        try:
            info = target.stat()
        except OSError:
            raise ModelError(f"{path} is a link to {written}, which does not exist.") from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"{path} is not a regular file.")
    return target


def model_files(folder: Path, kind: str) -> dict[str, Path]:
    """The files reader takes from a model folder, by name (safetensors preferred over a pickle)."""
    folder = Path(folder)
    boundary = boundary_of(folder)
    found = {}
    for name in candidate_names(kind):
        target = regular_file(folder / name, boundary)
        if target is not None:
            found[name] = target
    if SAFETENSORS in found:
        found.pop(PICKLE, None)  # never carried along, never read
    return found


def open_regular(path: Path):
    """Open a file for reading without following a link or blocking on a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ModelError(f"{path} is not a regular file.")
    return os.fdopen(fd, "rb")


def read_json(path: Path, limit: int):
    """A JSON file of at most `limit` bytes (a 2 GB vocab.json is not a vocabulary)."""
    try:
        with open_regular(path) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ModelError(f"{path} cannot be read ({exc.strerror}).") from None
    if len(data) > limit:
        raise ModelError(f"{path} is larger than {limit // (1 << 20) or 1} MB; it is not a model file.")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"{path} is not valid JSON ({reason}).") from None


def sha256_file(path: Path, on_bytes: Callable[[int], None] | None = None,
                cancel: threading.Event | None = None) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            digest.update(block)
            if on_bytes is not None:
                on_bytes(len(block))
    return digest.hexdigest()


def copy_file(source: Path, target: Path, on_bytes: Callable[[int], None] | None = None,
              cancel: threading.Event | None = None) -> str:
    """Copy one regular file (never through a link) and return its SHA-256, in one pass."""
    digest = hashlib.sha256()
    with open_regular(source) as src, open(target, "xb") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            if cancel is not None and cancel.is_set():
                raise Cancelled("Import cancelled; nothing was installed.")
            digest.update(block)
            dst.write(block)
            if on_bytes is not None:
                on_bytes(len(block))
    return digest.hexdigest()


def folder_fingerprint(path: Path) -> str:
    """Cheap identity of a folder's model: small files hashed, weights by size and time."""
    digest = hashlib.sha256()
    for name in dict.fromkeys(name for required in REQUIRED.values() for name in required):
        if (path / name).is_file():
            digest.update((path / name).read_bytes())
    for name in WEIGHT_FILES:
        if (path / name).exists():
            info = (path / name).stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class FolderHashes:
    """The content hash of a model folder, remembered by path, size and time.

    Hashing a 900 MB folder takes seconds, so the hash is computed once and
    kept in a small JSON index; a folder whose files changed (size or time)
    is hashed again. Losing the index only costs a re-hash.
    """

    def __init__(self, index: Path) -> None:
        self.index = Path(index)
        self._lock = threading.Lock()

    def known(self, folder: Path, kind: str = MARIAN) -> str | None:
        """The remembered hash, if the folder has not changed since (no reading of contents)."""
        folder = Path(folder).resolve()
        entry = self._entries().get(str(folder))
        try:
            stamp = self._stamp(folder, kind)
        except (ModelError, OSError):
            return None
        return entry["hash"] if isinstance(entry, dict) and entry.get("stamp") == stamp else None

    def content_hash(self, folder: Path, kind: str = MARIAN, *, on_progress: OnProgress | None = None,
                     cancel: threading.Event | None = None) -> str:
        """SHA-256 over the names and contents of the files a model needs."""
        folder = Path(folder).resolve()
        remembered = self.known(folder, kind)
        if remembered is not None:
            return remembered
        files = model_files(folder, kind)
        total = sum(path.stat().st_size for path in files.values())
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if on_progress is not None:
                on_progress(done, total)

        digest = hashlib.sha256()
        for name in sorted(files):
            digest.update(f"{name}\0{sha256_file(files[name], advance, cancel)}\0".encode())
        value = digest.hexdigest()[:32]
        self._remember(folder, kind, value)
        return value

    @staticmethod
    def _stamp(folder: Path, kind: str) -> list:
        files = model_files(folder, kind)
        return [[name, path.stat().st_size, path.stat().st_mtime_ns] for name, path in sorted(files.items())]

    def _entries(self) -> dict:
        try:
            data = json.loads(self.index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _remember(self, folder: Path, kind: str, value: str) -> None:
        with self._lock:
            entries = self._entries()
            entries[str(folder)] = {"stamp": self._stamp(folder, kind), "hash": value}
            temporary = self.index.with_name(f".{self.index.name}.{os.getpid()}.tmp")
            try:
                self.index.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_text(json.dumps(entries, indent=1), encoding="utf-8")
                temporary.replace(self.index)
            except OSError as exc:  # a read-only data folder: the hash is computed again next time
                log.warning("could not remember the hash of %s (%s)", folder, exc.strerror)
                temporary.unlink(missing_ok=True)
