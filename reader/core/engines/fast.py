"""Every model's int8 copy: where it lives, and making it once.

- An installed model keeps its copy inside: `<models>/<id>/ct2-int8/` (made at
  install through the store's `on_installed` hook, or on first use).
- A folder used in place (`--model PATH`) gets its copy in reader's data folder,
  `<data>/fast/<content-hash>/`, keyed by what the folder holds, so the copy is
  found again whatever the folder is called and rebuilt when its files change.
  Hashing 900 MB takes seconds, so the hash is remembered by path, size and time.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from reader.core.engines import ct2
from reader.core.models.catalogue import MARIAN
from reader.core.models.folders import FolderHashes
from reader.core.models.store import ModelHandle, OnInstalled

INDEX = "folders.json"
OnProgress = Callable[[int, int], None]


def _hashes(handle: ModelHandle) -> FolderHashes:
    return FolderHashes(handle.fast_root / INDEX)


def known_copy(handle: ModelHandle) -> Path | None:
    """The finished copy of a model if it can be told without reading the folder's contents."""
    if not handle.in_place:
        return ct2.converted(handle.path)
    remembered = _hashes(handle).known(handle.path)
    if remembered is None:
        return None
    folder = handle.fast_root / remembered
    return folder if ct2.finished(folder) else None


def copy_folder(handle: ModelHandle, *, on_progress: OnProgress | None = None,
                cancel: threading.Event | None = None) -> Path:
    """Where the model's copy is or will be (hashing a folder used in place if it changed)."""
    if not handle.in_place:
        return handle.path / ct2.CT2_DIR
    return handle.fast_root / _hashes(handle).content_hash(handle.path, on_progress=on_progress, cancel=cancel)


def ensure_copy(handle: ModelHandle, *, on_progress: OnProgress | None = None,
                cancel: threading.Event | None = None) -> Path:
    """The model's finished int8 copy, built now if there is none (once; reused after).

    `on_progress(done, total)` runs over two stages: hashing the folder (bytes,
    only for a folder used in place that is new or changed), then converting.
    """
    stages = _Stages(on_progress)
    folder = copy_folder(handle, on_progress=stages.stage(0), cancel=cancel)
    if not ct2.finished(folder):
        ct2.build(handle.path, folder, on_progress=stages.stage(1), cancel=cancel)
    stages.done()
    return folder


def install_hook() -> OnInstalled:
    """The store's `on_installed`: a new translation model gets its int8 copy before it is renamed in."""
    def on_installed(folder: Path, kind: str, cancel: threading.Event | None) -> None:
        if kind == MARIAN and ct2.available():
            ct2.build(folder, folder / ct2.CT2_DIR, cancel=cancel)
    return on_installed


class _Stages:
    """Two stages (hashing, converting) reported as one `done / total` on a 0–1000 scale."""

    SCALE = 1000

    def __init__(self, on_progress: OnProgress | None) -> None:
        self.on_progress = on_progress

    def stage(self, index: int) -> OnProgress | None:
        if self.on_progress is None:
            return None
        half = self.SCALE // 2

        def report(done: int, total: int) -> None:
            fraction = done / total if total else 1.0
            self.on_progress(index * half + round(fraction * half), self.SCALE)
        return report

    def done(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.SCALE, self.SCALE)
