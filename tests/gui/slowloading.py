"""A document loader that takes its time: run in the helper process to test Cancel and superseded loads."""

from __future__ import annotations

import time
from pathlib import Path


def slow_load(path: Path):
    """A file named slow.*: wait until NAME.go appears beside it (or 60 s), then read it; others at once."""
    from reader.core.formats import load_document

    go = Path(str(path) + ".go")
    deadline = time.monotonic() + 60
    while Path(path).name.startswith("slow") and not go.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return load_document(path)


def broken_load(path: Path):
    """A loader with a bug in it."""
    raise RuntimeError("planted bug in a loader")
