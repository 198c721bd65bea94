"""How many CPU threads an engine uses: one policy for every engine."""

from __future__ import annotations

import os


def default_threads() -> int:
    """Every core the process may use: translation is the work; the GUI thread mostly waits."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def threads() -> int | None:
    """$READER_THREADS when it is a positive whole number, else None (the engine's default)."""
    value = os.environ.get("READER_THREADS")
    return int(value) if value and value.isdigit() and int(value) > 0 else None
